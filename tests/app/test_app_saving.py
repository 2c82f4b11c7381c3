"""Saving from the reader: export from the palette, a failing disk shown (not crashed) and
recovered from, quitting refused while changes are unsaved, and layout after a resize."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.app_support import SEED, reader_app, stored_annotations
from tui.db import file as dbfile
from tui.db.file import DatabaseError
from tui.jobs.saver import Saver
from tui.screens.reader import ReaderScreen
from tui.widgets.status_bar import StatusBar


@pytest.mark.slow
async def test_export_native_jsonl_from_the_command_palette(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with reader_app(tmp_path, [SEED]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("slash", *"Red Mosque", "enter", "l")
            await pilot.press("ctrl+p")
            await pilot.press(*"Export native")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause()
            prompt = app.screen.query_one("#prompt-input")
            prompt.value = str(out)  # type: ignore[attr-defined]
            await pilot.press("enter")
            assert app.saver.flush(5)
            await pilot.pause()
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1
    assert [(s["text"], s["label"]) for s in lines[0]["spans"]] == [("Red Mosque", "PLACE")]


@pytest.mark.slow
async def test_a_failing_disk_is_reported_retried_and_nothing_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Saver, "RETRY_DELAYS", (0.05, 0.05))
    real_write = dbfile.write_atomic
    failing = {"on": True}

    def write_or_fail(path: Path, data: bytes) -> None:
        if failing["on"]:
            raise DatabaseError(f"could not save {path}: no space left on device")
        real_write(path, data)

    with reader_app(tmp_path, [SEED]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            monkeypatch.setattr(dbfile, "write_atomic", write_or_fail)
            await pilot.press("slash", *"Ghazi", "enter", "p")
            await pilot.pause(0.3)
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            status = str(reader.query_one(StatusBar).render())
            assert "NOT SAVED" in status and "no space left" in status
            assert stored_annotations(tmp_path / "annotations.json") == []
            await pilot.press("ctrl+q")  # refused: a change is not on disk
            await pilot.pause(3.5)
            assert app.is_running
            failing["on"] = False
            assert app.saver.flush(5)
            await pilot.pause(0.2)
            assert "✓ saved" in str(reader.query_one(StatusBar).render())
            await pilot.press("ctrl+q")
            await pilot.pause()
    records = stored_annotations(tmp_path / "annotations.json")
    assert [(r["text"], r["label"]) for r in records] == [("Ghazi", "PERSON")]


async def test_resizing_rewraps_and_keeps_the_cursor_visible(tmp_path: Path) -> None:
    with reader_app(tmp_path, [SEED]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            await pilot.press("slash", *"Abdul Aziz", "enter")
            cursor = reader.view.cursor
            rows_wide = reader.view.text_layout.row_count  # type: ignore[union-attr]
            await pilot.resize_terminal(70, 20)
            await pilot.pause()
            layout = reader.view.text_layout
            assert layout is not None and layout.row_count > rows_wide
            assert reader.view.cursor == cursor
            row = layout.row_of(cursor)
            top = int(reader.view.scroll_offset.y)
            assert top <= row < top + reader.view.scrollable_content_region.height
