"""A disk that really fills up: the database on a 1 MB tmpfs, filled to the brim while the reader
is tagging (the kernel's own ENOSPC, after a partial write of the temporary file).

The error is shown (status line and notification), the last good file stays byte for byte, no
temporary file is left to eat the space; once space is freed every edit made meanwhile is saved
(quitting is refused meanwhile: test_app_saving.py). Needs root to mount (skipped otherwise);
the same path with ENOSPC injected runs in test_crash_safety.py (full-disk rounds) and
test_app_saving.py.
"""

from __future__ import annotations

import errno
from pathlib import Path

import orjson
import pytest
from textual import events
from textual.pilot import Pilot

from tests.support.app_support import SEED, reader_app
from tests.support.fs_support import fill, tmpfs
from tui.db import file as dbfile
from tui.jobs.saver import Saver
from tui.screens.reader import ReaderScreen
from tui.widgets.status_bar import StatusBar

pytestmark = pytest.mark.slow  # fills a real disk and waits for the retries


async def search(pilot: Pilot[int], text: str, *keys: str) -> None:
    """Search for `text` (pasted into the search line), then press `keys`."""
    await pilot.press("slash")
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.press("enter", *keys)


async def test_a_full_disk_is_shown_keeps_the_last_good_file_and_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Saver, "RETRY_DELAYS", (0.05, 0.1))
    errors: list[int] = []
    real_write = dbfile.write_atomic

    def recording_write(path: Path, data: bytes) -> None:
        try:
            real_write(path, data)
        except dbfile.DatabaseError as exc:
            cause = exc.__cause__
            errors.append(cause.errno or 0 if isinstance(cause, OSError) else 0)
            raise

    monkeypatch.setattr(dbfile, "write_atomic", recording_write)
    with tmpfs(tmp_path / "disk", size="1m") as disk, reader_app(disk, [SEED]) as app:
        db = disk / "annotations.json"
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            await search(pilot, "Ghazi", "p")
            assert app.saver.flush(5)
            good = db.read_bytes()
            filler = fill(disk, leave=len(good) // 2)  # the next version cannot fit
            await search(pilot, "Red Mosque", "l")
            await search(pilot, "Islamabad", "l", "u")
            await pilot.pause(0.4)
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            status = str(reader.query_one(StatusBar).render())
            assert "NOT SAVED" in status and "no space left on device" in status, status
            notes = [str(n.message) for n in app._notifications]
            assert any("Not saved yet" in n and "no space left" in n for n in notes), notes
            assert errors and set(errors) == {errno.ENOSPC}
            assert db.read_bytes() == good  # the last good file, untouched
            assert sorted(p.name for p in disk.iterdir()) == [
                "annotations.json",
                "annotations.json.lock",
                "filler.bin",
            ]  # the half-written temporary file was removed
            filler.unlink()  # space is back
            assert app.saver.flush(5)
            await pilot.pause(0.2)
            assert "✓ saved" in str(reader.query_one(StatusBar).render())
            await pilot.press("ctrl+q")
        records = orjson.loads(db.read_bytes())["annotations"].values()
        assert sorted((r["text"], r["label"]) for r in records) == [
            ("Ghazi", "PERSON"),
            ("Red Mosque", "PLACE"),
        ]
