"""A served session headless: the second writer's notice, read-only reading, the owner shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.app_support import SEED, stored_annotations
from tui.commands.served import open_store
from tui.jobs.importer import import_files
from tui.screens.locked import LockedScreen
from tui.screens.served_reader import READ_ONLY_MESSAGE, ServedReaderScreen
from tui.served_app import NoticeApp, NoticeScreen, ServedApp
from tui.session import Session
from tui.store import Store
from tui.widgets.status_bar import StatusBar


def database_with_the_seed(tmp_path: Path) -> Path:
    db = tmp_path / "db.json"
    store = Store.open(db)
    import_files(store, [SEED])
    store.close()
    return db


def status_text(app: ServedApp) -> str:
    return str(app.screen.query_one(StatusBar).render())


@pytest.mark.slow
async def test_a_locked_database_opens_read_only_behind_a_notice(tmp_path: Path) -> None:
    db = database_with_the_seed(tmp_path)
    writer = Store.open(db)  # another session holds the database
    try:
        store, locked = open_store(db, wait=0.2)
        assert locked is not None and "open in another spantag" in locked
        assert not store.writable
        app = ServedApp(store, Session(store, suggest=False), locked=locked)
        before = db.read_bytes()
        async with app.run_test(size=(110, 32)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, LockedScreen)
            await pilot.press("r")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ServedReaderScreen) and screen.read_only
            await pilot.press("p", "x", "u", "U", "d")
            await pilot.pause(0.1)
            shown = [n.message for n in app._notifications]
            assert shown.count(READ_ONLY_MESSAGE) == 5
            assert len(screen.doc.spans) == 0  # nothing changed in memory either
            assert app.saver.state.submitted == 0
            assert "read only" in status_text(app)
        app.saver.close(5)
        store.close()
        assert db.read_bytes() == before
    finally:
        writer.close()


async def test_close_on_the_notice_ends_the_session(tmp_path: Path) -> None:
    db = database_with_the_seed(tmp_path)
    writer = Store.open(db)
    try:
        store, locked = open_store(db, wait=0)
        app = ServedApp(store, Session(store, suggest=False), locked=locked)
        async with app.run_test(size=(110, 32)) as pilot:
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
            assert app.return_code == 0 and not app.is_running
        app.saver.close(5)
        store.close()
    finally:
        writer.close()


async def test_a_free_database_is_written_and_names_its_owner(tmp_path: Path) -> None:
    db = database_with_the_seed(tmp_path)
    store, locked = open_store(db, wait=0)
    assert locked is None and store.writable
    app = ServedApp(store, Session(store, annotator="ana", suggest=False), owner="ana")
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ServedReaderScreen) and not app.screen.read_only
        await pilot.press("p")
        await pilot.pause(0.1)
        assert status_text(app).startswith(" ana ")
        assert app.saver.flush(5)
    app.saver.close(5)
    store.close()
    assert [(a["label"], a["annotator"]) for a in stored_annotations(db)] == [("PERSON", "ana")]


async def test_a_problem_is_shown_in_the_tab() -> None:
    app = NoticeApp("database x.json is corrupt or truncated")
    async with app.run_test(size=(90, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticeScreen)
        labels = [str(label.render()) for label in app.screen.query("Label")]
        assert "database x.json is corrupt or truncated" in labels
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
