"""Keys are data: a keymap file remaps bindings by id; a broken file is a one-line error."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.command import Command, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from tests.support.app_support import reader_app, write_article
from tui.config.keymap import load_keymap
from tui.errors import SpantagError
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen


async def test_a_keymap_file_remaps_a_label_key(tmp_path: Path) -> None:
    config = tmp_path / "keymap.toml"
    config.write_text('"tag.person" = "e"\n"history.undo" = "z"\n', encoding="utf-8")
    article = write_article(tmp_path, "k.txt", "Ana met Bo.\n")
    with reader_app(tmp_path, [article]) as app:
        app.keymap = load_keymap(config)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("e")
            assert [(a.text, a.label) for a in app.screen.doc.spans] == [("Ana", "PERSON")]  # type: ignore[attr-defined]
            await pilot.press("w", "p")  # p no longer tags
            assert len(app.screen.doc.spans) == 1  # type: ignore[attr-defined]
            await pilot.press("z")
            assert len(app.screen.doc.spans) == 0  # type: ignore[attr-defined]


def test_keymap_errors_are_one_line(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "missing.toml") == {}
    broken = tmp_path / "broken.toml"
    broken.write_text('"tag.person" = \n', encoding="utf-8")
    with pytest.raises(SpantagError, match="cannot read the keymap"):
        load_keymap(broken)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('"tag.person" = 3\n', encoding="utf-8")
    with pytest.raises(SpantagError, match="must be a string"):
        load_keymap(wrong)


async def palette_hits(pilot: Pilot[int], query: str) -> dict[str, str]:
    """Open the palette, type `query`: {title: help line} of the commands it offers."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.5)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    options = palette.query_one(CommandList)
    hits = [options.get_option_at_index(i) for i in range(options.option_count)]
    found = {str(h.hit.text): str(h.hit.help) for h in hits if isinstance(h, Command)}
    await pilot.press("escape")
    await pilot.pause()
    return found


async def test_a_remapped_key_shows_in_the_palette_and_the_help(tmp_path: Path) -> None:
    config = tmp_path / "keymap.toml"
    config.write_text('"tag.person" = "e"\n"history.undo" = "ctrl+z"\n', encoding="utf-8")
    article = write_article(tmp_path, "k.txt", "Ana met Bo.\n")
    with reader_app(tmp_path, [article]) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            default = await palette_hits(pilot, "as PERSON")
            tag_person = "Tag the selection, or what is under the cursor, as PERSON"
            assert default[tag_person] == "key: p 1"  # the key and the alternative key
            app.set_keymap(load_keymap(config))
            remapped = await palette_hits(pilot, "as PERSON")
            assert remapped[tag_person] == "key: e"
            assert (await palette_hits(pilot, "Undo"))["Undo"] == "key: ^z"
            # The palette's command runs the action, as the new key does.
            await pilot.press("ctrl+p")
            await pilot.press(*"as PERSON")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            assert [(a.text, a.label) for a in reader.doc.spans] == [("Ana", "PERSON")]
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            console = Console(width=200, record=True, file=io.StringIO())
            console.print(app.screen.query_one("#help-keys", Static).content)
            keys = console.export_text()
            rows = {line.split()[-1]: line.split()[0] for line in keys.splitlines() if line}
            assert rows["tag.person"] == "e" and rows["history.undo"] == "^z"
            assert rows["history.redo"] == "U"
