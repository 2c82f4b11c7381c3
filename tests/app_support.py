"""Helpers for driving the reader headless (Pilot) against a real store in a temp folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from textual.pilot import Pilot

from tui.app import SpantagApp
from tui.importer import import_files
from tui.session import Session
from tui.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_786e792f34019fa1.txt"
SAMPLES = ROOT / "sample_articles"


@contextmanager
def reader_app(
    tmp_path: Path, files: list[Path], annotator: str = "tester"
) -> Iterator[SpantagApp]:
    """A SpantagApp on a fresh database holding `files`; the store is closed afterwards."""
    store = Store.open(tmp_path / "annotations.json")
    report = import_files(store, files)
    assert not report.errors, report.errors
    order = [*report.added, *report.unchanged]
    app = SpantagApp(store, Session(store, order, annotator=annotator))
    try:
        yield app
    finally:
        app.saver.close(timeout=10)
        store.close()


def stored_annotations(db: Path) -> list[dict[str, object]]:
    """The annotation records of a database file, read as any other program would."""
    data = json.loads(db.read_text(encoding="utf-8"))
    return list(data["annotations"].values())


def write_article(folder: Path, name: str, text: str, newline: str = "\n") -> Path:
    path = folder / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


async def suggestions_settled(pilot: Pilot[int]) -> None:
    """Wait until the reader's suggestions are computed for what is on screen now: no
    computation queued (the reader starts one a frame after a change) and none running."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        queued = getattr(app.screen, "_refresh_queued", False)
        if not queued and not any(worker.is_running for worker in app.workers):
            return
    raise AssertionError("the suggestions never settled")
