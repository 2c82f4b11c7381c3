"""The reader's keys that labels may not take: the plain list the label file is checked
against (tui/config/reader_keys.py) is the reader's live bindings, and label keys tag."""

from __future__ import annotations

from pathlib import Path

from textual.dom import DOMNode

from tests.support.app_support import SAMPLES, reader_app
from tui.config.reader_keys import RESERVED_KEYS


def per_label(binding_id: str) -> bool:
    """A binding made for one label (tag.org, list.filter_org), not a reader action."""
    return binding_id.startswith(("tag.", "list.filter_")) and binding_id != "list.filter_all"


def live_keys(nodes: list[DOMNode]) -> dict[str, set[str]]:
    """Every key bound on these nodes -> the ids of its bindings (label bindings left out)."""
    keys: dict[str, set[str]] = {}
    for node in nodes:
        for key, bindings in node._bindings.key_to_bindings.items():
            for binding in bindings:
                if binding.id and not per_label(binding.id):
                    keys.setdefault(key, set()).add(binding.id)
    return keys


def label_keys(nodes: list[DOMNode]) -> set[str]:
    return {
        key
        for node in nodes
        for key, bindings in node._bindings.key_to_bindings.items()
        for binding in bindings
        if binding.id and per_label(binding.id)
    }


async def test_reserved_keys_are_the_reader_bindings(tmp_path: Path) -> None:
    with reader_app(tmp_path, [SAMPLES / "01_port_strike_rotterdam.txt"]) as app:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.2)
            screen = app.screen
            nodes: list[DOMNode] = [app, screen, screen.view, screen.annotation_list]  # type: ignore[attr-defined]
            live = live_keys(nodes)
            # The annotation list's navigation keys repeat the view's (up, home, g, ...).
            assert set(live) == set(RESERVED_KEYS)
            for key, binding_id in RESERVED_KEYS.items():
                assert binding_id in live[key], (key, live[key])
            # The label keys are bound too, and none is reserved.
            assert label_keys(nodes) == {"p", "1", "l", "2", "q", "3", "f", "4"}
            assert not label_keys(nodes) & set(RESERVED_KEYS)
