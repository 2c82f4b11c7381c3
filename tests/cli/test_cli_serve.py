"""`spantag serve`'s checks before it listens: each mistake one line, nothing started."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import assert_one_line_error
from tests.conftest import SEEDS
from tui.commands.serve import check_options
from tui.commands.served import build_parser
from tui.store import Store


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--team", "t", "--db", "x.json", "seeds"], "exclude each other"),
        (["--public-url", "ftp://x", "seeds"], "http:// or https://"),
        (["--token", "short", "seeds"], "at least 8"),
        (["--port", "70000", "seeds"], "not a port"),
        (["--team", "t"], "needs the team's documents"),
    ],
)
def test_usage_errors(spantag: Any, tmp_path: Path, args: list[str], says: str) -> None:
    run = spantag("serve", *args)
    assert says in assert_one_line_error(run, 2)


def test_missing_paths_and_a_team_file_are_one_line(spantag: Any, tmp_path: Path) -> None:
    run = spantag("serve", tmp_path / "nothing", "--db", tmp_path / "db.json")
    assert "no such file or folder" in assert_one_line_error(run, 1)
    not_a_folder = tmp_path / "team"
    not_a_folder.write_text("x")
    run = spantag("serve", SEEDS, "--team", not_a_folder)
    assert "not a folder" in assert_one_line_error(run, 1)


def test_a_database_open_elsewhere_is_refused_before_listening(
    spantag: Any, tmp_path: Path
) -> None:
    db = tmp_path / "db.json"
    other = Store.open(db)
    try:
        run = spantag("serve", SEEDS, "--db", db)
        assert "open in another spantag" in assert_one_line_error(run, 3)
    finally:
        other.close()


def test_without_the_serve_extra(
    spantag: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    run = spantag("serve", SEEDS, "--db", tmp_path / "db.json")
    assert "pip install 'spantag[serve]'" in assert_one_line_error(run, 1)


def test_the_token_rule() -> None:
    parser = build_serve_parser()
    assert check_options(parser.parse_args(["seeds"])) is None  # loopback: none needed
    generated = check_options(parser.parse_args(["--host", "0.0.0.0", "seeds"]))
    assert generated is not None and len(generated) >= 24
    again = check_options(parser.parse_args(["--host", "0.0.0.0", "seeds"]))
    assert again != generated
    given = check_options(parser.parse_args(["--host", "10.0.0.5", "--token", "t" * 12, "x"]))
    assert given == "t" * 12


def test_the_session_command_takes_paths_after_a_double_dash() -> None:
    args = build_parser().parse_args(["--db", "d.json", "--owner", "ana", "--", "-odd.txt"])
    assert args.paths == [Path("-odd.txt")] and args.owner == "ana"


def build_serve_parser() -> argparse.ArgumentParser:
    from tui.cli import build_command_parser

    return build_command_parser("serve")[0]


def test_a_bad_label_file_is_said_before_anything_is_written(spantag: Any, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    run = spantag("serve", SEEDS, "--db", db, "--labels", tmp_path / "missing.toml")
    assert_one_line_error(run)
    assert not db.exists()
    run = spantag("serve", SEEDS, "--team", tmp_path / "team", "--labels", tmp_path / "no.toml")
    assert_one_line_error(run)
