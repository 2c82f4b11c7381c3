"""`spantag --help` and every subcommand's --help end with two or three examples."""

from __future__ import annotations

import contextlib
import io

import pytest

from tui.cli import SUBCOMMANDS, main


def help_text(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == 0
    return out.getvalue()


@pytest.mark.parametrize("argv", [(), *((name,) for name in SUBCOMMANDS)], ids=repr)
def test_help_ends_with_two_or_three_examples(argv: tuple[str, ...]) -> None:
    text = help_text(*argv).rstrip("\n")
    block = text.rsplit("\n\n", 1)[-1].splitlines()
    assert block[0] == "examples:", f"spantag {' '.join(argv)} --help has no examples block"
    examples = block[1:]
    assert 2 <= len(examples) <= 3
    assert all(line.startswith("  spantag ") for line in examples)
