"""Helpers for driving the reader headless (Pilot) against a real store in a temp folder."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tui.app import SpantagApp
from tui.jobs.importer import import_files
from tui.screens.reader import ReaderScreen
from tui.session import Session
from tui.store import Store

ROOT = Path(__file__).resolve().parents[2]
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


def stored_annotations(db: Path) -> list[dict[str, Any]]:
    """The annotation records of a database file, read as any other program would."""
    data = json.loads(db.read_text(encoding="utf-8"))
    return list(data["annotations"].values())


def write_article(folder: Path, name: str, text: str, newline: str = "\n") -> Path:
    path = folder / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def suggestions_queued(app: SpantagApp) -> bool:
    """True while the reader has a suggestion computation queued (not started yet)."""
    screen = app.screen
    return isinstance(screen, ReaderScreen) and screen.suggestions.queued


async def suggestions_settled(pilot: Pilot[int]) -> None:
    """Wait until the reader's suggestions are computed for what is on screen now: no
    computation queued (the reader starts one a frame after a change) and none running."""
    app = pilot.app
    assert isinstance(app, SpantagApp)
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        queued = suggestions_queued(app)
        if not queued and not any(worker.is_running for worker in app.workers):
            return
    raise AssertionError("the suggestions never settled")


def run_reader_headless(
    monkeypatch: Any,
    inspect: Callable[[SpantagApp, Any, list[str]], Awaitable[None]],
    size: tuple[int, int] = (120, 40),
) -> None:
    """Make `tui.cli` open the reader headless (its real path from the command line up to
    run_app), and call `inspect(app, pilot, doc_ids)` once it is on screen."""
    import tui.app as app_module

    def headless_run_app(
        store: Store,
        doc_ids: list[str],
        annotator: str = "",
        warnings: list[str] | None = None,
        **options: Any,
    ) -> int:
        async def drive() -> None:
            session = Session(store, doc_ids, annotator=annotator, **options)
            app = SpantagApp(store, session, warnings)
            async with app.run_test(size=size, notifications=True) as pilot:
                await pilot.pause(0.3)
                await inspect(app, pilot, doc_ids)
            app.saver.close()

        asyncio.run(drive())
        return 0

    monkeypatch.setattr(app_module, "run_app", headless_run_app)
