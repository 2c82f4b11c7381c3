"""Adjudication in the reader: two annotators of the seed article, decided key by key."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.team_support import digest, seed_pair
from tui.adjudicating import AdjudicationApp
from tui.cli import main
from tui.screens.adjudication import AdjudicationScreen
from tui.session import Session
from tui.store import Store
from tui.team.adjudication import AdjudicationState

Inspect = Callable[[AdjudicationApp, Any], Awaitable[None]]


def run_adjudicate_headless(monkeypatch: pytest.MonkeyPatch, inspect: Inspect) -> None:
    """Make `spantag adjudicate` open its reader headless and call `inspect(app, pilot)`."""
    import tui.adjudicating as module

    def headless(
        store: Store,
        state: AdjudicationState,
        order: list[str],
        adjudicator: str,
        warnings: list[str] | None = None,
    ) -> int:
        async def drive() -> None:
            session = Session(store, order, annotator=adjudicator, suggest=False)
            app = AdjudicationApp(store, session, state, warnings)
            async with app.run_test(size=(120, 40), notifications=True) as pilot:
                await pilot.pause(0.3)
                await inspect(app, pilot)
            assert app.saver.close(timeout=10)

        asyncio.run(drive())
        return 0

    monkeypatch.setattr(module, "run_adjudication", headless)


def gold_spans(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """The gold's annotations by (text, label), read as another program would."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(r["text"], r["label"]): r for r in data["annotations"].values()}


def gold_rejections(path: Path) -> set[tuple[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        (r["text"], r["label"])
        for r in data.get("suggestions", {}).values()
        if r["status"] == "rejected"
    }


AGREED = {
    ("ISLAMABAD", "PLACE"),
    ("Islamabad", "PLACE"),
    ("“It is a final push to clear the mosque of armed militants,”", "QUOTE"),
    ("Abdul Rashi Ghazi", "PERSON"),
}


def test_adjudicating_the_seed_article_decides_each_disagreement_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, ben = seed_pair(tmp_path)
    inputs = digest(ana, ben)
    gold = tmp_path / "gold.json"
    seen: list[str] = []

    async def decide(app: AdjudicationApp, pilot: Any) -> None:
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        # The agreed spans are already in the gold, written before the reader opened.
        assert set(gold_spans(gold)) == AGREED
        assert screen.info.adjudication == "6 open here · 6 in the set"

        async def press(*keys: str) -> None:
            await pilot.press(*keys)
            await pilot.pause()

        def selected() -> tuple[str, str]:
            item = screen.selected_disagreement()
            assert item is not None
            seen.append(f"{item.text}/{item.label}")
            return (item.text, item.label)

        await press("tab")
        assert selected() == ("20", "FIGURE")
        await press("enter")  # accept ana's figure
        assert selected() == ("Red Mosque", "PERSON")
        await press("l")  # a label key: Red Mosque is a PLACE (ben's PERSON is rejected)
        assert selected() == ("eight days", "FIGURE")
        await press("backspace")  # reject ben's extra figure
        assert selected() == ("Major General Waheed Arshad", "PERSON")
        assert screen.info.adjudication == "2 open here · 2 in the set"
        await press("u")  # undo the rejection: eight days is open again
        assert screen.info.adjudication == "3 open here · 3 in the set"
        await press("shift+tab")
        assert selected() == ("eight days", "FIGURE")
        await press("backspace")
        assert selected() == ("Major General Waheed Arshad", "PERSON")
        await press("backspace")  # the title stays outside the PERSON span
        assert selected() == ("Waheed Arshad", "PERSON")
        await press("enter")
        assert screen.info.adjudication == "0 open here · 0 in the set"
        assert app.saver.flush(10)
        assert app.session.documents[screen.doc_id].status == "done"

    run_adjudicate_headless(monkeypatch, decide)
    assert main(["adjudicate", str(ana), str(ben), "--db", str(gold), "--annotator", "judge"]) == 0
    spans = gold_spans(gold)
    assert set(spans) == AGREED | {
        ("20", "FIGURE"),
        ("Red Mosque", "PLACE"),
        ("Waheed Arshad", "PERSON"),
    }
    assert all(r["source"] == "adjudicated" for r in spans.values())
    assert spans[("ISLAMABAD", "PLACE")]["annotators"] == ["ana", "ben"]
    assert spans[("20", "FIGURE")]["annotators"] == ["ana"]
    assert spans[("Red Mosque", "PLACE")]["annotators"] == ["ana"]
    assert spans[("20", "FIGURE")]["annotator"] == "judge"
    assert gold_rejections(gold) == {
        ("Red Mosque", "PERSON"),
        ("eight days", "FIGURE"),
        ("Major General Waheed Arshad", "PERSON"),
    }
    assert digest(ana, ben) == inputs
    before = gold.read_bytes()

    # Reopening resumes: nothing is asked again, nothing is added again.
    async def resume(app: AdjudicationApp, pilot: Any) -> None:
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        assert screen.info.adjudication == "0 open here · 0 in the set"
        await pilot.press("tab")
        await pilot.pause()
        assert screen.selected_disagreement() is None

    run_adjudicate_headless(monkeypatch, resume)
    assert main(["adjudicate", str(ana), str(ben), "--db", str(gold)]) == 0
    assert gold_spans(gold) == spans
    assert json.loads(gold.read_bytes())["annotations"] == json.loads(before)["annotations"]
    assert digest(ana, ben) == inputs


def test_accept_all_of_one_annotator_and_undo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, ben = seed_pair(tmp_path)
    gold = tmp_path / "gold.json"

    async def accept_ben(app: AdjudicationApp, pilot: Any) -> None:
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        titles = [c.title for c in screen.palette_commands()]
        assert "Accept all of ben's spans in this document" in titles
        assert "Accept all of ana's spans in every document" in titles
        screen.accept_all_of("ben")
        await pilot.pause()
        # ben's three are in; ana's PLACE for the same extent was their rival, rejected
        assert screen.info.adjudication == "2 open here · 2 in the set"
        await pilot.press("u")
        await pilot.pause()
        assert screen.info.adjudication == "6 open here · 6 in the set"
        screen.accept_all_of("ben", everywhere=True)
        await pilot.pause()
        assert app.saver.flush(10)

    run_adjudicate_headless(monkeypatch, accept_ben)
    assert main(["adjudicate", str(ana), str(ben), "--db", str(gold)]) == 0
    spans = gold_spans(gold)
    assert set(spans) == AGREED | {
        ("Red Mosque", "PERSON"),
        ("eight days", "FIGURE"),
        ("Major General Waheed Arshad", "PERSON"),
    }
    assert gold_rejections(gold) == {("Red Mosque", "PLACE")}


def test_adjudicate_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ana, ben = seed_pair(tmp_path)
    inputs = digest(ana, ben)
    assert main(["adjudicate", str(ana), str(ben), "--db", str(ben)]) != 0
    assert "also one of the inputs" in capsys.readouterr().err
    assert (
        main(
            [
                "adjudicate",
                str(ana),
                str(ben),
                "--db",
                str(tmp_path / "g.json"),
                "--only",
                "ana,zoe",
            ]
        )
        != 0
    )
    err = capsys.readouterr().err
    assert "'zoe' appears in no input" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "g.json").exists()
    gold = tmp_path / "locked.json"
    with Store.open(gold):
        before = gold.read_bytes()
        assert main(["adjudicate", str(ana), str(ben), "--db", str(gold)]) == 3
        assert gold.read_bytes() == before
    assert digest(ana, ben) == inputs
