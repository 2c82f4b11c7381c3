"""Offsets of spans tagged after emoji, CJK, combining accents, tabs and CRLF line endings,
and article text that must be drawn literally: markup, escape sequences, control characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.app_support import reader_app, stored_annotations, write_article
from tui.screens.reader import ReaderScreen
from tui.text.reading import read_article

HARD = (
    "Crowds 👨‍👩‍👧 cheered 🎉🏽 in 東京都 as Jose\u0301 Nu\u0303nez arrived.\n"
    "\t“東京 is calm,” said Ana.\n"
    "Markup [bold red]x[/] and [link=file:///etc/passwd]y[/link] stay text; \x1b[2J too.\n"
    "Ren Wei reached Ōsaka.\n"
)


@pytest.mark.slow
async def test_spans_after_wide_and_combining_characters_keep_offsets(tmp_path: Path) -> None:
    path = write_article(tmp_path, "hard.txt", HARD, newline="\r\n")
    text = read_article(path)
    assert text == HARD  # CRLF normalised to LF on import, nothing else changed
    with reader_app(tmp_path, [path]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            for needle, key in [("東京都", "l"), ("Ren Wei", "p"), ("Ōsaka", "l")]:
                await pilot.press("slash", *needle, "enter", key)
            # The quotation around the cursor, found from inside it.
            await pilot.press("slash", *"is calm", "enter", "escape", "q")
            # A name with combining accents, selected by word motion from its first letters.
            await pilot.press("slash", *"Jose", "enter", "escape", "v", "w", "w", "p")
        assert app.saver.flush(5)
        records = stored_annotations(tmp_path / "annotations.json")
        assert sorted(r["text"] for r in records) == sorted(
            ["Jose\u0301 Nu\u0303nez", "東京都", "Ren Wei", "Ōsaka", "“東京 is calm,”"]
        ), [ascii(r["text"]) for r in records]
        for record in records:
            assert text[record["start"] : record["end"]] == record["text"]
        by_text = {r["text"]: (r["start"], r["end"], r["label"]) for r in records}
        start = text.index("“東京")
        assert by_text["“東京 is calm,”"] == (start, start + 13, "QUOTE")
        start = text.index("Jose\u0301")
        assert by_text["Jose\u0301 Nu\u0303nez"] == (start, start + 12, "PERSON")
        start = text.index("Ōsaka")
        assert by_text["Ōsaka"] == (start, start + 5, "PLACE")


async def test_cursor_walks_grapheme_by_grapheme_over_combining_marks(tmp_path: Path) -> None:
    path = write_article(tmp_path, "marks.txt", "Jose\u0301 x\n")
    with reader_app(tmp_path, [path]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            await pilot.press("right", "right", "right")
            assert reader.view.cursor == 3  # on "e"
            await pilot.press("right")
            assert reader.view.cursor == 5  # skipped the combining accent
            await pilot.press("left")
            assert reader.view.cursor == 3


async def test_markup_and_escape_sequences_are_drawn_literally(tmp_path: Path) -> None:
    path = write_article(tmp_path, "markup.txt", HARD)
    with reader_app(tmp_path, [path]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            view = reader.view
            lines = ["".join(seg.text for seg in view.render_line(y)) for y in range(6)]
            screen = "\n".join(lines)
            assert "[bold red]x[/]" in screen
            assert "[link=file:///etc/passwd]y[/link]" in screen
            assert "\x1b" not in screen and "␛[2J" in screen
            for line in lines:
                assert all(ord(c) >= 0x20 for c in line)
