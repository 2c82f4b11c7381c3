"""Suggestions in the reader, driven with real keys through Pilot against a real database:
shown after opening, Tab/Shift+Tab, Enter, Backspace, label keys, propagation, undo, accept-all
and imported pre-annotations."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from rich.color import Color
from textual.pilot import Pilot

from tests.support.app_support import reader_app, suggestions_settled, write_article
from tui.cli import main
from tui.screens.reader import ReaderScreen
from tui.suggest.engine import suggest
from tui.suggest.live import compute
from tui.widgets.status_bar import StatusBar

TEXT = (
    "Ghazi arrived in Islamabad on foot.\n"
    "Then Ghazi waited while 300 police officers and 12% of the guards stood by.\n"
    "“We will not leave,” a guard shouted at Ghazi after 11 hours.\n"
)
SIZE = (120, 40)


def at(needle: str, occurrence: int = 0) -> tuple[int, int]:
    """(start, end) of the `occurrence`-th `needle` in TEXT."""
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


ISLAMABAD = (*at("Islamabad"), "PLACE")
POLICE = (*at("300"), "FIGURE")
PERCENT = (*at("12%"), "FIGURE")
QUOTE = (*at("“We will not leave,”"), "QUOTE")
GHAZI_PLACE = (*at("Ghazi", 2), "PLACE")  # "shouted at Ghazi": a weak PLACE guess
GHAZI_PERSON = (*at("Ghazi", 2), "PERSON")  # once another "Ghazi" is tagged PERSON
HOURS = (*at("11 hours"), "FIGURE")
SUGGESTED = [ISLAMABAD, POLICE, PERCENT, QUOTE, GHAZI_PLACE, HOURS]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return write_article(tmp_path, "ghazi.txt", TEXT)


async def opened(pilot: Pilot[int]) -> ReaderScreen:
    await suggestions_settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def keys(reader: ReaderScreen) -> list[tuple[int, int, str]]:
    return [s.key for s in reader.suggestions.state.shown or ()]


def selected(reader: ReaderScreen) -> tuple[int, int, str] | None:
    suggestion = reader.suggestions.selected()
    return None if suggestion is None else suggestion.key


def database(tmp_path: Path) -> dict[str, Any]:
    """The database file, read as any other program would."""
    data: dict[str, Any] = json.loads((tmp_path / "annotations.json").read_text("utf-8"))
    return data


def stored_spans(tmp_path: Path) -> list[tuple[int, int, str, str]]:
    records = database(tmp_path)["annotations"].values()
    return sorted((r["start"], r["end"], r["label"], r["source"]) for r in records)


def suggestion_records(tmp_path: Path) -> list[tuple[int, int, str, str]]:
    records = database(tmp_path).get("suggestions", {}).values()
    return sorted((r["start"], r["end"], r["label"], r["status"]) for r in records)


async def test_suggestions_appear_after_opening(tmp_path: Path, article: Path) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            assert keys(reader) == [s.key for s in suggest(TEXT, reader.doc_id, {})] == SUGGESTED
            await pilot.pause(0.1)
            assert "6 suggested (Tab)" in str(reader.query_one(StatusBar).render())
            # Drawn in the text, in the label's colour (italic, underlined), not as a span.
            view = reader.view
            assert view.suggestions is reader.suggestions.state.shown and not reader.doc.spans
            layout = view.text_layout
            assert layout is not None
            strip = view.render_line(layout.row_of(ISLAMABAD[0]))
            styles = [segment.style for segment in strip if segment.text == "Islamabad"]
            assert styles and styles[0] is not None
            place = reader.session.labels["PLACE"].color
            assert styles[0].italic and styles[0].underline
            assert styles[0].color == Color.parse(place)
            assert styles[0].bgcolor != Color.parse(place)


async def test_tab_and_shift_tab_walk_the_suggestions_in_order_and_wrap(
    tmp_path: Path, article: Path
) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            seen = []
            for _ in SUGGESTED:
                await pilot.press("tab")
                key = selected(reader)
                selection = reader.view.selection
                assert key is not None and selection is not None
                assert (selection.start, selection.end) == key[:2]
                seen.append(key)
            assert seen == SUGGESTED
            await pilot.press("tab")  # past the last: wraps to the first
            assert selected(reader) == SUGGESTED[0]
            await pilot.press("shift+tab")  # before the first: wraps to the last
            assert selected(reader) == SUGGESTED[-1]
            await pilot.press("shift+tab", "shift+tab")
            assert selected(reader) == SUGGESTED[-3]
            assert not reader.doc.spans  # moving decides nothing


async def test_enter_accepts_with_source_suggestion_and_selects_the_next(
    tmp_path: Path, article: Path
) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            await pilot.press("tab", "enter")
            assert [(a.key, a.source) for a in reader.doc.spans] == [(ISLAMABAD, "suggestion")]
            assert selected(reader) == POLICE  # the next one, without a key
            await suggestions_settled(pilot)
            assert ISLAMABAD not in keys(reader) and selected(reader) == POLICE
    assert stored_spans(tmp_path) == [(*ISLAMABAD, "suggestion")]


async def test_backspace_rejects_and_the_rejection_outlives_the_session(
    tmp_path: Path, article: Path
) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            await pilot.press("tab", "tab", "backspace")
            assert POLICE not in keys(reader)
            assert selected(reader) == PERCENT
            await suggestions_settled(pilot)
            assert POLICE not in keys(reader)
            assert not reader.doc.spans
    assert stored_spans(tmp_path) == []
    assert suggestion_records(tmp_path) == [(*POLICE, "rejected")]
    # A new session on the same database: still rejected, the others still offered.
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            assert keys(reader) == [k for k in SUGGESTED if k != POLICE]


async def test_a_label_key_accepts_the_selected_suggestion_with_that_label(
    tmp_path: Path, article: Path
) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            await pilot.press(*["tab"] * 5)
            assert selected(reader) == GHAZI_PLACE
            await pilot.press("p")
            person = (*GHAZI_PLACE[:2], "PERSON")
            assert [(a.key, a.source) for a in reader.doc.spans] == [(person, "suggestion")]
            assert selected(reader) == HOURS
            await suggestions_settled(pilot)
            assert GHAZI_PLACE not in keys(reader)
    assert stored_spans(tmp_path) == [(*person, "suggestion")]


async def test_tagging_a_name_suggests_its_other_occurrences(tmp_path: Path, article: Path) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            assert not [k for k in keys(reader) if k[2] == "PERSON"]
            await pilot.press("p")  # the cursor is on the first "Ghazi"
            await suggestions_settled(pilot)
            propagated = [s for s in reader.suggestions.state.shown or () if s.label == "PERSON"]
            assert [s.key for s in propagated] == [
                (*at("Ghazi", 1), "PERSON"),
                (*at("Ghazi", 2), "PERSON"),
            ]
            assert propagated[0].reason == "tagged PERSON once"
    assert stored_spans(tmp_path) == [(*at("Ghazi"), "PERSON", "manual")]


async def ghazi_tagged_then_last_line(pilot: Pilot[int]) -> ReaderScreen:
    """Tag the first "Ghazi" PERSON: the last "Ghazi" is then suggested as PERSON (propagated)
    and as PLACE ("shouted at Ghazi"); the cursor goes to the start of the last line."""
    reader = await opened(pilot)
    await pilot.press("p")
    await suggestions_settled(pilot)
    assert [k for k in keys(reader) if k[:2] == GHAZI_PERSON[:2]] == [GHAZI_PERSON, GHAZI_PLACE]
    await pilot.press("end", "down", "down", "home")
    return reader


async def test_after_a_decision_the_next_suggestion_is_the_one_after_it(
    tmp_path: Path, article: Path
) -> None:
    """Not one at the same place that Tab passed over."""
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await ghazi_tagged_then_last_line(pilot)
            await pilot.press("tab", "tab", "tab")
            assert selected(reader) == GHAZI_PLACE
            await pilot.press("backspace")
            assert selected(reader) == HOURS
            await suggestions_settled(pilot)
            assert selected(reader) == HOURS
            assert GHAZI_PERSON in keys(reader)


async def test_accepting_a_suggestion_drops_the_ones_it_decides(
    tmp_path: Path, article: Path
) -> None:
    """The PLACE guess at the same place is decided by the accepted PERSON: it goes at once
    and is not selected next."""
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await ghazi_tagged_then_last_line(pilot)
            await pilot.press("tab", "tab")
            assert selected(reader) == GHAZI_PERSON
            await pilot.press("enter")
            assert selected(reader) == HOURS
            assert GHAZI_PLACE not in keys(reader)
            await suggestions_settled(pilot)
            assert selected(reader) == HOURS
            assert GHAZI_PLACE not in keys(reader)
    assert stored_spans(tmp_path) == [
        (*at("Ghazi"), "PERSON", "manual"),
        (*GHAZI_PERSON, "suggestion"),
    ]


async def test_undo_of_an_accepted_suggestion_brings_it_back(tmp_path: Path, article: Path) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            await pilot.press("tab", "enter")
            await suggestions_settled(pilot)
            assert reader.doc.get(*ISLAMABAD) is not None
            await pilot.press("u")
            assert not reader.doc.spans
            await suggestions_settled(pilot)
            assert keys(reader) == SUGGESTED
            await pilot.press("U")
            assert [a.key for a in reader.doc.spans] == [ISLAMABAD]
            await pilot.press("u")
    assert stored_spans(tmp_path) == []


@pytest.mark.slow
async def test_accept_all_of_a_label_from_the_palette_is_one_undoable_edit(
    tmp_path: Path, article: Path
) -> None:
    figures = [k for k in SUGGESTED if k[2] == "FIGURE"]
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            await pilot.press("ctrl+p")
            await pilot.press(*"Accept all FIGURE")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            assert sorted((a.key, a.source) for a in reader.doc.spans) == [
                (k, "suggestion") for k in figures
            ]
            await suggestions_settled(pilot)
            assert keys(reader) == [k for k in SUGGESTED if k[2] != "FIGURE"]
            assert app.saver.flush(5)
            assert stored_spans(tmp_path) == [(*k, "suggestion") for k in figures]
            await pilot.press("u")  # one undo takes them all back
            assert not reader.doc.spans
            await suggestions_settled(pilot)
            assert keys(reader) == SUGGESTED
    assert stored_spans(tmp_path) == []


async def test_imported_pre_annotations_are_offered_and_their_record_goes_on_accept(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "annotations.json"
    assert main(["import", str(article), "--db", str(db)]) == 0
    doc_id = next(iter(database(tmp_path)["documents"].values()))["id"]
    first, second = (*at("Ghazi"), "PERSON"), (*at("Ghazi", 1), "PERSON")
    spans = tmp_path / "pre.jsonl"
    spans.write_text(
        json.dumps(
            {
                "id": doc_id,
                "spans": [
                    {"start": s, "end": e, "label": label, "text": "Ghazi", "score": 0.7}
                    for s, e, label in (first, second)
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["import", "--db", str(db), "--spans", str(spans), "--as-suggestions"]) == 0
    assert "2 suggestions stored" in capsys.readouterr().err
    assert stored_spans(tmp_path) == []
    assert suggestion_records(tmp_path) == [(*first, "pending"), (*second, "pending")]
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            offered = {s.key: s for s in reader.suggestions.state.shown or ()}
            assert first in offered and second in offered
            assert offered[first].reason == "imported pre-annotation"
            assert offered[first].score == 0.7
            await pilot.press("tab")
            assert selected(reader) == first
            await pilot.press("enter")
            assert selected(reader) == ISLAMABAD
            await suggestions_settled(pilot)
            assert first not in keys(reader) and second in keys(reader)
            assert app.saver.flush(5)
            assert stored_spans(tmp_path) == [(*first, "suggestion")]
            assert suggestion_records(tmp_path) == [(*second, "pending")]
            await pilot.press("u")  # undoing the acceptance offers the pre-annotation again
            await suggestions_settled(pilot)
            assert first in keys(reader)
            assert keys(reader) and reader.suggestions.state.shown is not None
    assert stored_spans(tmp_path) == []
    assert sorted(suggestion_records(tmp_path)) == [(*first, "pending"), (*second, "pending")]


async def test_suggestions_are_never_written_before_they_are_accepted(
    tmp_path: Path, article: Path
) -> None:
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            await pilot.press("tab", "tab", "tab", "shift+tab")
            assert len(keys(reader)) == len(SUGGESTED)
            await pilot.press("ctrl+q")
    data = database(tmp_path)
    assert data["annotations"] == {}
    assert not data.get("suggestions")
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            await pilot.press("tab", "tab", "enter")
            await suggestions_settled(pilot)
            assert len(keys(reader)) == len(SUGGESTED) - 1
    assert stored_spans(tmp_path) == [(*POLICE, "suggestion")]
    assert not database(tmp_path).get("suggestions")


async def test_a_rejection_made_while_suggestions_are_computed_stays(
    tmp_path: Path, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fast annotator accepts one suggestion and rejects the next before the suggestions that
    follow the accept are computed: the rejected one must not come back with them."""
    started = threading.Event()

    def slow_compute(request: Any) -> Any:
        started.set()
        time.sleep(0.3)
        return compute(request)

    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            monkeypatch.setattr("tui.screens.suggestion_keys.compute", slow_compute)
            await pilot.press("tab", "enter")  # accepts Islamabad: a computation starts
            for _ in range(100):
                if started.is_set():
                    break
                await pilot.pause(0.01)
            assert started.is_set()
            assert selected(reader) == POLICE
            await pilot.press("backspace")  # while the computation runs
            await suggestions_settled(pilot)
            assert POLICE not in keys(reader)
            assert selected(reader) == PERCENT


@pytest.mark.slow
async def test_accept_all_in_a_long_article_covers_the_whole_document(tmp_path: Path) -> None:
    """Past 40,000 characters the reader computes suggestions around the cursor only; accepting
    all of a label still means all of the document's."""
    paragraph = "The council counted {} votes in Valparaiso, about 12% of the roll.\n\n"
    text = "".join(paragraph.format(1000 + i) for i in range(800))
    assert len(text) > 50_000
    path = write_article(tmp_path, "long.txt", text)
    with reader_app(tmp_path, [path]) as app:
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(pilot)
            everything = [s.key for s in suggest(text, reader.doc_id, {}, labels=["FIGURE"])]
            assert len(everything) == 1600
            shown = [k for k in keys(reader) if k[2] == "FIGURE"]
            assert 0 < len(shown) < len(everything)  # a window of the article
            await pilot.press("tab", "tab", "tab")  # 1000, Valparaiso, 12%
            rejected = selected(reader)
            assert rejected == everything[1]
            await pilot.press("backspace")  # rejected: not accepted with the others
            await pilot.press("ctrl+p", *"Accept all FIGURE")
            await pilot.pause(0.5)
            await pilot.press("enter")
            for _ in range(100):
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()
                if reader.doc.spans:
                    break
            accepted = sorted(a.key for a in reader.doc.spans)
            assert accepted == [k for k in everything if k != rejected]
            await pilot.press("u")
            assert not reader.doc.spans
