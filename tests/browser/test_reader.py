"""The reader in a real browser: tag, search, undo, next document, a tab closed mid-save."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from playwright.sync_api import BrowserContext

from tests.browser.support import (
    SAMPLES,
    SEED,
    Terminal,
    lock_released,
    serving,
    stored_spans,
    wait_until,
)


def corpus(tmp_path: Path) -> Path:
    """The seed article first, then one sample article (sorted by name)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / "a_seed.txt")
    shutil.copy(SAMPLES / "01_port_strike_rotterdam.txt", folder / "b_rotterdam.txt")
    return folder


def test_search_tag_undo_and_next_document(tmp_path: Path, browser: BrowserContext) -> None:
    db = tmp_path / "team.json"
    with serving([str(corpus(tmp_path)), "--db", str(db), "--no-suggest"], tmp_path) as served:
        term = Terminal(browser.new_page())
        term.open(served.url, "ISLAMABAD")
        text = SEED.read_text(encoding="utf-8")

        term.keys("/", *"Ghazi", "Enter", "p")
        spans = wait_until(lambda: stored_spans(db), what="the PERSON span in the database")
        assert [(s["label"], s["text"]) for s in spans] == [("PERSON", "Ghazi")]
        start = text.index("Ghazi")
        assert (spans[0]["start"], spans[0]["end"]) == (start, start + len("Ghazi"))

        term.keys("u")
        wait_until(lambda: not stored_spans(db), what="the undo reaching the database")

        mark = term.mark
        term.keys(">")
        term.wait_for("Dockworkers", after=mark)
        term.keys("p")  # the word under the cursor: the first of the article
        spans = wait_until(lambda: stored_spans(db), what="a span in the second document")
        assert [(s["doc_id"], s["label"], s["text"]) for s in spans] == [
            ("b_rotterdam", "PERSON", "Dockworkers")
        ]
        assert spans[0]["annotator"]  # the server's --annotator default ($USER)


def test_closing_the_tab_right_after_a_tag_loses_nothing(
    tmp_path: Path, browser: BrowserContext
) -> None:
    db = tmp_path / "db.json"
    with serving([str(SEED), "--db", str(db), "--no-suggest"], tmp_path) as served:
        page = browser.new_page()
        term = Terminal(page)
        term.open(served.url, "ISLAMABAD")
        term.keys("w", "w")
        time.sleep(0.5)  # their frames are all in
        frames = term.frames
        term.keys("p")
        # The first frame after the key (the span's colour) shows the app has the tag; the tab
        # is closed then, at once, while the tag may still be on its way to the disk.
        page.wait_for_function("(n) => window.__spantag.times.length > n", arg=frames)
        page.close()
        wait_until(lambda: lock_released(db), what="the session to end and let the lock go")
        spans = stored_spans(db)
        assert len(spans) == 1 and spans[0]["label"] == "PERSON"


def test_a_reload_is_the_same_writer_again(tmp_path: Path, browser: BrowserContext) -> None:
    db = tmp_path / "db.json"
    with serving([str(SEED), "--db", str(db), "--no-suggest"], tmp_path) as served:
        page = browser.new_page()
        term = Terminal(page)
        term.open(served.url, "ISLAMABAD")
        term.keys("p")
        wait_until(lambda: len(stored_spans(db)) == 1, what="the tag before the reload")
        page.reload()  # the old session is still saving and exiting as the new one starts
        term.wait_for("ISLAMABAD", timeout=30)
        term.focus()
        time.sleep(0.5)
        assert "open in another session" not in term.text()
        term.keys("w", "p")
        wait_until(lambda: len(stored_spans(db)) == 2, what="the tag after the reload")
