"""Screenshots of the main screens (pytest-textual-snapshot). Regenerate after an intended
visual change with `pytest tests/app/test_snapshots.py --snapshot-update` and review the SVGs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.app_support import SEED, suggestions_queued, write_article
from tui.app import SpantagApp
from tui.jobs.importer import import_files
from tui.model import Annotation, Change
from tui.session import Session
from tui.store import Store

pytestmark = pytest.mark.slow  # renders whole screens to SVG and compares them

SIZE = (120, 40)


async def settled(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the suggestions (computed by a worker thread, started a few frames after a
    change) before the keys and the shot."""
    app = pilot.app
    for _ in range(100):
        await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        if not suggestions_queued(app) and not any(worker.is_running for worker in app.workers):
            break
    await pilot.pause(0.05)


def seeded_app(tmp_path: Path, files: list[Path], spans: list[tuple[str, str]]) -> SpantagApp:
    """An app whose first document already holds `spans` (text, label), so no save happens."""
    store = Store.open(tmp_path / "annotations.json")
    report = import_files(store, files)
    doc = store.documents[report.added[0]]
    changes: list[Change] = []
    for needle, label in spans:
        start = doc.text.index(needle)
        changes.append(
            Change(
                "put",
                Annotation(
                    doc.id,
                    start,
                    start + len(needle),
                    label,
                    needle,
                    "snap",
                    id=f"a{len(changes)}",
                    created="2026-01-01T00:00:00.000Z",
                ),
            )
        )
    store.apply(changes)
    return SpantagApp(store, Session(store, report.added, annotator="snap"))


SEED_SPANS = [
    ("Pervez Musharraf", "PERSON"),
    ("Islamabad", "PLACE"),
    ("Red Mosque", "PLACE"),
    (
        "“After 11 hours of negotiations we are deeply disappointed that the talks did not succeed,”",  # noqa: E501
        "QUOTE",
    ),
    ("11 hours", "FIGURE"),
    ("“It is a final push to clear the mosque of armed militants,”", "QUOTE"),
    ("300-400", "FIGURE"),
]


def test_reader_with_nested_spans_and_selection(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = seeded_app(tmp_path, [SEED], SEED_SPANS)
    assert snap_compare(
        app,
        press=["slash", *"Waheed Arshad", "enter", "wait:200"],
        terminal_size=SIZE,
        run_before=settled,
    )


def test_help_screen(snap_compare, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The help shows the keymap's path: the default one, not the test's temporary folder (whose
    # length varies between runs and workers).
    monkeypatch.setenv("XDG_CONFIG_HOME", str(Path.home() / ".config"))
    app = seeded_app(tmp_path, [SEED], [])
    assert snap_compare(
        app, press=["question_mark", "wait:200"], terminal_size=SIZE, run_before=settled
    )


def test_hard_unicode_article(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Crowds 👨‍👩‍👧 cheered 🎉 in 東京都 as Jose\u0301 Nu\u0303nez arrived.\n"
        "\t“東京 is calm,” said Ana; tabs\tand\tcolumns.\n"
        "Markup [bold red]x[/] stays text; so does \x1b[2J and \x07 and \u202e.\n"
    )
    path = write_article(tmp_path, "hard.txt", text, newline="\r\n")
    app = seeded_app(
        tmp_path,
        [path],
        [("東京都", "PLACE"), ("Jose\u0301 Nu\u0303nez", "PERSON"), ("“東京 is calm,”", "QUOTE")],
    )
    assert snap_compare(
        app, press=["down", "right", "right", "wait:200"], terminal_size=SIZE, run_before=settled
    )
