"""Quote attribution in the headless reader, on the seed article with its gold spans: r + Enter
links, Backspace rejects, undo unlinks, removing the PERSON removes its link and undo brings
both back; the database holds exactly those relations."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.app_support import ROOT
from tui.app import SpantagApp
from tui.formats.native import read_native
from tui.jobs.importer import import_spans
from tui.screens.reader import ReaderScreen
from tui.session import Session
from tui.store import Store
from tui.widgets.attribution_bar import AttributionBar

GOLD = ROOT / "tests" / "data" / "gold" / "000_786e792f34019fa1.jsonl"
LINE = json.loads(GOLD.read_text(encoding="utf-8"))
TEXT: str = LINE["text"]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[SpantagApp]:
    """The reader on the seed with every gold span and no relation."""
    line = {**LINE, "relations": []}
    store = Store.open(tmp_path / "annotations.json")
    report = import_spans(store, read_native([json.dumps(line)]))
    assert not report.errors
    app = SpantagApp(store, Session(store, annotator="tester", suggest=False))
    try:
        yield app
    finally:
        app.saver.close(timeout=10)
        store.close()


def relations(app: SpantagApp) -> list[tuple[str, str, str]]:
    """(quote opening, speaker, source) of every stored relation, as a reader of the file sees."""
    assert app.saver.flush(10)
    raw = json.loads(Path(app.store.path).read_text(encoding="utf-8"))
    spans = {r["id"]: r for r in raw["annotations"].values()}
    return sorted(
        (spans[r["head"]]["text"][:12], spans[r["child"]]["text"], r["source"])
        for r in raw.get("relations", {}).values()
    )


async def test_attribute_accept_reject_undo_and_remove(app: SpantagApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        bar = reader.query_one(AttributionBar)

        # “It is a final push ...” to Waheed Arshad: r, then Enter on the suggested speaker.
        reader.view.move_to(TEXT.index("final push"))
        await pilot.press("r")
        assert bar.display and bar.attribution is not None
        current = bar.attribution.current
        assert current is not None and current.text == "Waheed Arshad" and current.suggested
        assert reader.view.selection is not None  # the view shows the candidate
        await pilot.press("tab", "shift+tab")  # cycling and back
        await pilot.press("enter")
        await pilot.pause()
        assert not bar.display and reader.focused is reader.view
        assert reader.info.under == "QUOTE ← Waheed Arshad"
        waheed = TEXT.index("Waheed Arshad")
        assert reader.view.mark == (waheed, waheed + 13, "PERSON")
        assert relations(app) == [("“It is a fin", "Waheed Arshad", "suggestion")]

        # Accept the suggested speaker of another quote.
        reader.view.move_to(TEXT.index("I question whether"))
        await pilot.press("r", "enter")
        # Reject one: Backspace on the suggestion, then Esc: nothing linked.
        reader.view.move_to(TEXT.index("After 11 hours"))
        await pilot.press("r")
        assert bar.attribution is not None and bar.attribution.current is not None
        assert bar.attribution.current.suggested
        await pilot.press("backspace")
        assert bar.attribution is not None
        assert not any(c.suggested for c in bar.attribution.candidates)
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display
        # The rejection is remembered: r again does not suggest it first.
        await pilot.press("r")
        assert bar.attribution is not None and bar.attribution.suggestion is None
        await pilot.press("escape")
        # Undo one: link “martyrdom”, then u.
        reader.view.move_to(TEXT.index("“martyrdom”") + 2)
        await pilot.press("r", "enter")
        assert len(relations(app)) == 3
        await pilot.press("u")
        assert relations(app) == [
            ("“I question ", "Ghazi", "suggestion"),
            ("“It is a fin", "Waheed Arshad", "suggestion"),
        ]
        assert reader.info.unattributed == 6

        # Removing the PERSON span removes its relation; one undo restores both.
        reader.view.move_to(waheed + 2)
        await pilot.press("x")
        assert [r[1] for r in relations(app)] == ["Ghazi"]
        assert "Waheed Arshad" not in [a.text for a in app.store.annotations()]
        await pilot.press("u")
        assert [r[1] for r in relations(app)] == ["Ghazi", "Waheed Arshad"]

        # R goes to the next quote without a speaker; r there and x unlinks nothing (bell).
        reader.view.move_to(0)
        await pilot.press("R")
        selection = reader.view.selection
        assert selection is not None
        assert TEXT[selection.start : selection.end].startswith("“no information”")


async def test_r_on_an_attributed_quote_offers_to_change_it_and_x_unlinks(
    app: SpantagApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        bar = reader.query_one(AttributionBar)
        reader.view.move_to(TEXT.index("final push"))
        await pilot.press("r", "enter")
        await pilot.press("r")
        assert bar.attribution is not None
        assert bar.attribution.current_speaker is not None
        await pilot.press("tab", "enter")  # another PERSON: the link is changed, in one edit
        assert len(relations(app)) == 1 and relations(app)[0][1] != "Waheed Arshad"
        await pilot.press("u")
        assert relations(app)[0][1] == "Waheed Arshad"
        await pilot.press("r", "x")
        assert relations(app) == []
        await pilot.press("u")
        assert [r[1] for r in relations(app)] == ["Waheed Arshad"]


async def test_a_label_key_on_an_untagged_speaker_tags_and_links_it(tmp_path: Path) -> None:
    line = {
        **LINE,
        "relations": [],
        "spans": [s for s in LINE["spans"] if s["text"] != "Waheed Arshad"],
    }
    store = Store.open(tmp_path / "annotations.json")
    import_spans(store, read_native([json.dumps(line)]))
    app = SpantagApp(store, Session(store, annotator="tester", suggest=False))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            reader.view.move_to(TEXT.index("final push"))
            await pilot.press("r")
            bar = reader.query_one(AttributionBar)
            assert bar.attribution is not None and bar.attribution.current is not None
            assert bar.attribution.current.person is None  # not tagged yet
            await pilot.press("p")
            assert relations(app) == [("“It is a fin", "Waheed Arshad", "suggestion")]
            await pilot.press("u")  # one undo: the PERSON span and the link
            assert relations(app) == []
            assert "Waheed Arshad" not in [a.text for a in store.annotations()]
    finally:
        app.saver.close(timeout=10)
        store.close()


async def test_help_lists_the_speaker_keys_and_the_palette_has_the_commands(
    app: SpantagApp,
) -> None:
    from rich.console import Console

    from tui.screens.help import HelpScreen, key_table

    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        reader = app.screen_stack[-2]
        assert isinstance(reader, ReaderScreen)
        console = Console(width=200, record=True)
        console.print(key_table(reader.key_sources()))
        keys = console.export_text()
        for binding_id in (
            "speaker.attribute",
            "speaker.next_unattributed",
            "speaker.next",
            "speaker.link",
            "speaker.reject",
            "speaker.unlink",
            "speaker.cancel",
        ):
            assert binding_id in keys
        await pilot.press("escape")
        from tui.screens.commands import binding_commands

        titles = [c.title for c in binding_commands([reader])]
        assert "Pick the speaker of the quote under the cursor (or change it)" in titles
        assert "Go to the next quote without a speaker" in titles


async def test_relabel_or_removal_that_takes_a_link_says_so(app: SpantagApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.view.move_to(TEXT.index("final push"))
        await pilot.press("r", "enter")
        waheed = TEXT.index("Waheed Arshad")
        reader.view.select(waheed, waheed + len("Waheed Arshad"))
        await pilot.press("l")  # relabel PERSON → PLACE: the SPEAKER rule breaks
        assert reader.info.note.endswith(" and its 1 SPEAKER link")
        assert relations(app) == []
        await pilot.press("u")
        assert [r[1] for r in relations(app)] == ["Waheed Arshad"]
        reader.view.move_to(waheed + 1)
        await pilot.press("x")
        assert reader.info.note.endswith(" and its 1 SPEAKER link")
