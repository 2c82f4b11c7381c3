"""Shared fixtures of the domain tests: the sample corpus, a database path, an open store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tui.model import Document
from tui.store import Store

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_articles"
SEEDS = REPO / "seeds"
HARD_ARTICLE = SAMPLES / "04_hard_unicode_crlf.txt"

# The record fields of docs/schema.md, written out here rather than imported from the code under
# test.
DOCUMENT_FIELDS = {"id", "path", "title", "text", "sha256", "status", "added"}
ANNOTATION_FIELDS = {
    "id",
    "doc_id",
    "start",
    "end",
    "label",
    "text",
    "annotator",
    "source",
    "created",
    "updated",
}

# Modest example counts keep the whole suite fast; CI can raise them with HYPOTHESIS_PROFILE.
settings.register_profile(
    "spantag",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", parent=settings.get_profile("spantag"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "spantag"))


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test sees the developer's database, name or config files (config.toml, keymap)."""
    monkeypatch.delenv("SPANTAG_DB", raising=False)
    monkeypatch.setenv("SPANTAG_ANNOTATOR", "tester")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def corpus_files() -> list[Path]:
    """Every sample article and seed, in the order a folder import reads them."""
    files = sorted(SAMPLES.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    assert len(files) >= 5
    return files


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives (not created yet)."""
    return tmp_path / "annotations.json"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A writable store on a fresh database, closed (lock released) after the test."""
    opened = Store.open(db_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def article() -> Document:
    """A short document with names, places, a quote and figures to tag."""
    text = (
        "ISLAMABAD: President Pervez Musharraf said “about 300-400 people” were inside the "
        "Red Mosque after 11 hours of talks, and 12% of them were children.\n"
        "Ghazi, 43, said: “We are returning in disappointment.”\n"
    )
    return Document(id="seed-article", text=text, path="/news/seed.txt", title="ISLAMABAD")


class Run:
    """The outcome of one in-process `spantag` call."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture
def spantag(capsys: pytest.CaptureFixture[str]) -> Any:
    """Call `spantag ARGS...` in this process and capture its exit code and output."""
    from tui.cli import main

    def run(*argv: object) -> Run:
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
