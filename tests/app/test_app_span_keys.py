"""The reader's keys for span boundaries, notes, the review flag, the notes in the palette and
the progress screen, pressed headless on the seed article and checked on the database."""

from __future__ import annotations

import io
from pathlib import Path

from textual.widgets import Input

from tests.support.app_support import SEED, reader_app, stored_annotations
from tui.formats.native import read_native, write_native_store
from tui.jobs.importer import import_spans
from tui.screens.note_commands import note_entries
from tui.screens.progress import ProgressScreen
from tui.screens.prompt import PromptScreen
from tui.screens.reader import ReaderScreen
from tui.store import Store
from tui.widgets.document_list import document_prompt

NAME = "President Pervez Musharraf"


async def tag_the_name(pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    reader = pilot.app.screen
    assert isinstance(reader, ReaderScreen)
    await pilot.press("slash", *NAME, "enter", "p", "right_square_bracket")
    await pilot.pause()
    return reader


def stored(tmp_path: Path, app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    assert app.saver.flush(5)
    return [(r["id"], r["text"]) for r in stored_annotations(tmp_path / "annotations.json")]


async def test_boundaries_move_by_word_and_character_and_undo_redo(tmp_path: Path) -> None:
    with reader_app(tmp_path, [SEED]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await tag_the_name(pilot)
            [(ann_id, text)] = stored(tmp_path, app)
            assert text == NAME
            steps = [
                ("alt+shift+right", "Pervez Musharraf"),  # the title out: start a word right
                ("left_parenthesis", "Pervez Musharra"),  # end a character left
                ("right_parenthesis", "Pervez Musharraf"),  # and back
                ("left_curly_bracket", "t Pervez Musharraf"),  # start a character left
                ("right_curly_bracket", "Pervez Musharraf"),
                ("alt+left", "Pervez"),  # end a word left
                ("alt+right", "Pervez Musharraf"),  # end a word right
                ("alt+shift+left", NAME),  # start a word left
            ]
            for key, expected in steps:
                await pilot.press(key)
                await pilot.pause()
                assert stored(tmp_path, app) == [(ann_id, expected)], key
                selection = reader.view.selection
                assert selection is not None
                assert reader.doc.text[selection.start : selection.end] == expected
            await pilot.press("alt+shift+right", "alt+left")
            assert stored(tmp_path, app) == [(ann_id, "Pervez")]
            await pilot.press("u")
            assert stored(tmp_path, app) == [(ann_id, "Pervez Musharraf")]
            await pilot.press("u")
            assert stored(tmp_path, app) == [(ann_id, NAME)]
            await pilot.press("U")
            assert stored(tmp_path, app) == [(ann_id, "Pervez Musharraf")]
            assert [a.label for a in reader.doc.spans] == ["PERSON"]


async def test_a_boundary_key_with_nothing_selected_warns_and_changes_nothing(
    tmp_path: Path,
) -> None:
    with reader_app(tmp_path, [SEED]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("alt+right", "number_sign")
            await pilot.pause()
            assert not isinstance(app.screen, PromptScreen)
            assert stored(tmp_path, app) == []


async def answer(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_notes_and_review_flag_are_saved_shown_exported_and_imported(
    tmp_path: Path,
) -> None:
    with reader_app(tmp_path, [SEED]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await tag_the_name(pilot)
            await pilot.press("number_sign")
            await answer(pilot, "title kept outside?")
            await pilot.press("ctrl+n")
            await answer(pilot, "second source for the quotes")
            await pilot.press("exclamation_mark")
            await pilot.pause()
            assert app.saver.flush(5)
            [record] = stored_annotations(tmp_path / "annotations.json")
            assert record["note"] == "title kept outside?"
            document = reader.session.documents[reader.doc_id]
            assert (document.note, document.review) == ("second source for the quotes", True)
            row = document_prompt(document, 1).plain
            assert row.startswith("· ⚑ ") and "✎ second source for the quotes" in row
            titles = [title for title, _, _ in note_entries(reader)]
            assert titles == [
                f"Documents with notes: {reader.doc_id} — second source for the quotes",
                f"Documents for review: {reader.doc_id}",
                f"Spans with notes: PERSON ‹{NAME}› in {reader.doc_id} — title kept outside?",
            ]
            # Undo takes the span's note back (an edit of annotations); redo writes it again.
            await pilot.press("u")
            assert app.saver.flush(5)
            assert "note" not in stored_annotations(tmp_path / "annotations.json")[0]
            await pilot.press("U")
            assert app.saver.flush(5)
            # An empty answer removes the document note; Esc keeps it.
            await pilot.press("ctrl+n")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert reader.session.documents[reader.doc_id].note == "second source for the quotes"

    with Store.open(tmp_path / "annotations.json", write=False) as store:
        out = io.BytesIO()
        write_native_store(store, out)
    back = Store.open(tmp_path / "back.json")
    try:
        report = import_spans(back, read_native(out.getvalue().splitlines()))
        assert report.errors == [] and report.spans_added == 1
        [document] = back.documents.values()
        assert (document.note, document.review) == ("second source for the quotes", True)
        assert [(a.text, a.note) for a in back.annotations()] == [(NAME, "title kept outside?")]
    finally:
        back.close()


async def test_progress_screen_opens_with_p_and_closes_with_escape(tmp_path: Path) -> None:
    with reader_app(tmp_path, [SEED]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await tag_the_name(pilot)
            await pilot.press("P")
            await pilot.pause()
            assert isinstance(app.screen, ProgressScreen)
            assert app.screen._progress.labels["PERSON"] == 1
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)


async def test_the_palette_finds_the_notes_and_opens_the_span(tmp_path: Path) -> None:
    with reader_app(tmp_path, [SEED]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            reader = await tag_the_name(pilot)
            await pilot.press("number_sign")
            await answer(pilot, "title kept outside?")
            await pilot.press("escape", "g")  # clear the selection, cursor to the start
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"spans with notes")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause(0.3)
            assert app.screen is reader
            selection = reader.view.selection
            assert selection is not None
            assert reader.doc.text[selection.start : selection.end] == NAME
