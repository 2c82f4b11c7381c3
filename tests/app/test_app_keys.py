"""Every key of the key table of docs/contracts.md, pressed in the headless reader, checked on the
model,
the widgets and the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.widget import Widget

from tests.support.app_support import reader_app, stored_annotations, write_article
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen

TEXT = (
    "Ana Díaz met Bo Chen in Lima.\n"
    "They counted 1,200 votes, about 12% of the total.\n"
    "“We won,” Ana said.\n"
    "Lima is far.\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return write_article(tmp_path, "keys.txt", TEXT)


def focused(app: App[Any]) -> Widget | None:
    """The focused widget, read afresh (each key press may move the focus)."""
    return app.focused


async def start(pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


@pytest.mark.slow
async def test_character_word_line_and_document_motion(tmp_path: Path, article: Path) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await start(pilot)
            view = reader.view
            await pilot.press("right", "right")
            assert view.cursor == 2
            await pilot.press("left")
            assert view.cursor == 1
            await pilot.press("w")
            assert view.cursor == TEXT.index("Díaz")
            await pilot.press("w")
            assert view.cursor == TEXT.index("met")
            await pilot.press("b")
            assert view.cursor == TEXT.index("Díaz")
            await pilot.press("end")
            assert view.cursor == TEXT.index("\n")
            await pilot.press("home")
            assert view.cursor == 0
            await pilot.press("down")
            assert view.cursor == TEXT.index("They")
            await pilot.press("up")
            assert view.cursor == 0
            await pilot.press("G")
            assert view.cursor == len(TEXT)
            await pilot.press("g")
            assert view.cursor == 0
            await pilot.press("pagedown")
            assert view.cursor == len(TEXT)  # the last row: the empty line after the final newline
            await pilot.press("pageup")
            assert view.cursor == 0


@pytest.mark.slow
async def test_vertical_motion_keeps_the_column(tmp_path: Path) -> None:
    path = write_article(tmp_path, "col.txt", "abcdefghij\nab\nabcdefghij\n")
    with reader_app(tmp_path, [path]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await start(pilot)
            await pilot.press(*["right"] * 6, "down")
            assert reader.view.cursor == 13  # end of the short line "ab"
            await pilot.press("down")
            assert reader.view.cursor == 14 + 6  # back at column 6


async def test_shift_selection_v_mode_and_escape(tmp_path: Path, article: Path) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await start(pilot)
            view = reader.view
            await pilot.press("shift+right", "shift+right", "shift+right")
            assert view.selection is not None
            assert (view.selection.start, view.selection.end) == (0, 3)
            await pilot.press("escape")
            assert view.selection is None
            await pilot.press("g", "v", "w", "w")
            assert view.selection is not None
            assert TEXT[view.selection.start : view.selection.end] == "Ana Díaz "
            await pilot.press("p")  # tags the selection, trimmed
            assert [(a.text, a.label) for a in reader.doc.spans] == [("Ana Díaz", "PERSON")]
            assert view.selection is None and not view.select_mode
            await pilot.press("shift+end")
            assert view.selection is not None
            await pilot.press("left")
            assert view.selection is None


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("p", "PERSON"),
        ("1", "PERSON"),
        ("l", "PLACE"),
        ("2", "PLACE"),
        ("q", "QUOTE"),
        ("3", "QUOTE"),
        ("f", "FIGURE"),
        ("4", "FIGURE"),
    ],
)
async def test_label_keys_tag_a_selection(
    tmp_path: Path, article: Path, key: str, label: str
) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await start(pilot)
            await pilot.press("w", "w", "w", "w", "w", "w")  # "Lima"
            assert reader.view.cursor == TEXT.index("Lima")
            await pilot.press("shift+right", "shift+right", "shift+right", "shift+right", key)
            spans = list(reader.doc.spans)
            assert [(s.text, s.label) for s in spans] == [("Lima", label)]
        assert app.saver.flush(5)
        records = stored_annotations(tmp_path / "annotations.json")
        assert [(r["text"], r["label"]) for r in records] == [("Lima", label)]


async def test_label_key_without_selection_tags_the_word(tmp_path: Path, article: Path) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await start(pilot)
            await pilot.press("w", "w", "w", "w", "right", "p")  # inside "Chen"
            await pilot.press("w", "w", "right", "l")  # inside "Lima"
            assert [(s.text, s.label) for s in reader.doc.spans] == [
                ("Chen", "PERSON"),
                ("Lima", "PLACE"),
            ]


async def test_search_next_previous_and_wrap(tmp_path: Path, article: Path) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await start(pilot)
            view = reader.view
            first, second = TEXT.index("Lima"), TEXT.rindex("Lima")
            await pilot.press("slash", *"lima", "enter")  # smart case: lower case matches Lima
            assert view.cursor == first
            assert view.selection is not None and (view.selection.start, view.selection.end) == (
                first,
                first + 4,
            )
            await pilot.press("n")
            assert view.cursor == second
            await pilot.press("n")  # wraps around to the top
            assert view.cursor == first
            await pilot.press("N")  # and backwards to the bottom
            assert view.cursor == second
            await pilot.press("slash", *"Zanzibar", "enter")
            assert view.cursor == second  # not found: the cursor stays


async def test_search_typing_does_not_trigger_keys(tmp_path: Path, article: Path) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await start(pilot)
            await pilot.press("slash", *"plqfxu?", "escape")
            assert not reader.doc.spans
            assert isinstance(app.screen, ReaderScreen)


@pytest.mark.slow
async def test_annotation_navigation_remove_undo_redo(tmp_path: Path, article: Path) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await start(pilot)
            view = reader.view
            await pilot.press("slash", *"Bo Chen", "enter", "p")
            await pilot.press("slash", *"Lima", "enter", "l")
            await pilot.press("g", "right_square_bracket")
            assert view.selection is not None
            assert (view.selection.start, view.selection.end) == (
                TEXT.index("Bo"),
                TEXT.index("Bo") + 7,
            )
            await pilot.press("right_square_bracket")
            assert view.cursor == TEXT.index("Lima")
            await pilot.press("left_square_bracket")
            assert view.cursor == TEXT.index("Bo")
            await pilot.press("l")  # a label key on a selected span relabels it
            assert [(s.text, s.label) for s in reader.doc.spans] == [
                ("Bo Chen", "PLACE"),
                ("Lima", "PLACE"),
            ]
            await pilot.press("u")
            assert [(s.text, s.label) for s in reader.doc.spans] == [
                ("Bo Chen", "PERSON"),
                ("Lima", "PLACE"),
            ]
            await pilot.press("x")  # removes the selected/innermost span under the cursor
            assert [s.text for s in reader.doc.spans] == ["Lima"]
            await pilot.press("u")
            assert [s.text for s in reader.doc.spans] == ["Bo Chen", "Lima"]
            await pilot.press("U")
            assert [s.text for s in reader.doc.spans] == ["Lima"]
            await pilot.press("G", "left", "left", "delete")  # "far." : no span there
            assert [s.text for s in reader.doc.spans] == ["Lima"]
            await pilot.press("slash", *"Lima", "enter", "escape", "delete")
            assert not reader.doc.spans
        assert app.saver.flush(5)
        assert stored_annotations(tmp_path / "annotations.json") == []


@pytest.mark.slow
async def test_documents_next_previous_status_and_panel(tmp_path: Path, article: Path) -> None:
    other = write_article(tmp_path, "other.txt", "Another text.\n")
    with reader_app(tmp_path, [article, other]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await start(pilot)
            await pilot.press("greater_than_sign")
            assert reader.doc_id == "other"
            await pilot.press("greater_than_sign")  # already the last: stays
            assert reader.doc_id == "other"
            await pilot.press("d")
            assert reader.session.documents["other"].status == "done"
            await pilot.press("less_than_sign")
            assert reader.doc_id == "keys"
            await pilot.press("o", "down", "enter")  # document list: open the second
            assert reader.doc_id == "other"
            await pilot.press("ctrl+b")
            assert not reader.query_one("#panel").display
            await pilot.press("ctrl+b")
            assert reader.query_one("#panel").display
        assert app.saver.flush(5)
        assert app.store.documents["other"].status == "done"


@pytest.mark.slow
async def test_annotation_list_filter_and_jump(tmp_path: Path, article: Path) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await start(pilot)
            await pilot.press("slash", *"Bo Chen", "enter", "p")
            await pilot.press("slash", *"Lima", "enter", "l")
            await pilot.press("g", "a")
            listing = reader.annotation_list
            assert app.focused is listing
            await pilot.press("l")  # filter: PLACE only
            assert listing.label_filter == "PLACE" and len(listing.source or []) == 1
            await pilot.press("enter")
            assert focused(app) is reader.view
            assert reader.view.cursor == TEXT.index("Lima")
            await pilot.press("a", "0")
            assert listing.label_filter == "" and len(listing.source or []) == 2


@pytest.mark.slow
async def test_help_palette_and_quit(tmp_path: Path, article: Path) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await start(pilot)
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, ReaderScreen)
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("f1")
            assert isinstance(app.screen, ReaderScreen)
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert app.screen.__class__.__name__ == "CommandPalette"
            await pilot.press(*"Tag as PLACE")
            await pilot.pause(0.3)
            await pilot.press("escape")
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app.return_code == 0


async def test_keys_typed_fast_after_slash_go_to_the_search(tmp_path: Path, article: Path) -> None:
    """A fast typist (or a paste) sends '/', the text and Enter before a frame is drawn."""
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await start(pilot)
            # Queue every key at once, as a terminal delivers a burst, without waiting in between.
            chars = {"slash": "/", "space": " ", "enter": "\r", "escape": "\x1b"}
            keys = ["slash", *"Bo", "space", *"Chen", "enter", "p", "escape"]
            keys += ["slash", *"Lima", "enter", "l"]
            for key in keys:
                assert app._driver is not None
                app._driver.send_message(events.Key(key, chars.get(key, key)))
            await pilot.pause(0.5)
            assert [(s.text, s.label) for s in reader.doc.spans] == [
                ("Bo Chen", "PERSON"),
                ("Lima", "PLACE"),
            ]
            assert reader.session.documents["keys"].status == "todo"
