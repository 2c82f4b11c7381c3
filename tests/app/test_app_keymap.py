"""Keys are data: a keymap file remaps bindings by id; a broken file is a one-line error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.app_support import reader_app, write_article
from tui.config.keymap import load_keymap
from tui.errors import SpantagError


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
