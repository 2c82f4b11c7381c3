"""The issue's acceptance scenario, driven headless with the real keys and the real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.app_support import SEED, reader_app, stored_annotations, write_article
from tui.screens.reader import ReaderScreen


async def type_search(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    await pilot.press(*text)
    await pilot.press("enter")


@pytest.mark.slow
async def test_seed_scenario(tmp_path: Path) -> None:
    second = write_article(tmp_path, "second.txt", "A second article about Lahore.\n")
    with reader_app(tmp_path, [SEED, second]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            text = reader.doc.text

            await type_search(pilot, "Pervez Musharraf")
            await pilot.press("p")
            name_at = text.index("Pervez Musharraf")

            await type_search(pilot, "final push")
            await pilot.press("escape", "q")
            quote = "“It is a final push to clear the mosque of armed militants,”"
            quote_at = text.index(quote)

            await type_search(pilot, "1,200")
            await pilot.press("escape", "f")
            figure_at = text.index("1,200")
            assert {(a.start, a.end, a.label) for a in reader.doc.spans} == {
                (name_at, name_at + 16, "PERSON"),
                (quote_at, quote_at + len(quote), "QUOTE"),
                (figure_at, figure_at + 5, "FIGURE"),
            }

            await pilot.press("u")
            await pilot.press("greater_than_sign")
            await pilot.pause()
            assert reader.doc_id == "second"
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app.saver.flush(5)
        records = stored_annotations(tmp_path / "annotations.json")
        got = sorted((r["start"], r["end"], r["label"], r["text"]) for r in records)
        assert got == sorted(
            [
                (name_at, name_at + 16, "PERSON", "Pervez Musharraf"),
                (quote_at, quote_at + len(quote), "QUOTE", quote),
            ]
        )
        for record in records:
            assert text[record["start"] : record["end"]] == record["text"]
            assert record["annotator"] == "tester"
            assert record["source"] == "manual"
            assert record["doc_id"] == "000_786e792f34019fa1"
