"""A screenshot of the progress screen (pytest-textual-snapshot), on a database with fixed
timestamps, statuses, two annotators, a note and a review flag. Regenerate after an intended
visual change with `--snapshot-update` and review the SVG."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.app_support import SAMPLES, SEED
from tui.app import SpantagApp
from tui.jobs.importer import import_files
from tui.model import Annotation, Change
from tui.session import Session
from tui.store import Store

pytestmark = pytest.mark.slow  # renders the whole screen to SVG and compares it

SPANS = [
    ("Pervez Musharraf", "PERSON"),
    ("Islamabad", "PLACE"),
    ("Red Mosque", "PLACE"),
    ("300-400", "FIGURE"),
    ("Ghazi", "PERSON"),
]


def progress_app(tmp_path: Path) -> SpantagApp:
    store = Store.open(tmp_path / "annotations.json")
    files = [SEED, SAMPLES / "01_port_strike_rotterdam.txt", SAMPLES / "02_drought_kenya_maize.txt"]
    report = import_files(store, files)
    seed, port, drought = report.added
    changes = []
    for minute, (needle, label) in enumerate(SPANS):
        doc = store.documents[seed]
        start = doc.text.index(needle)
        changes.append(
            Change(
                "put",
                Annotation(
                    seed,
                    start,
                    start + len(needle),
                    label,
                    needle,
                    annotator="ana" if minute % 2 else "bo",
                    id=f"s{minute}",
                    created=f"2026-01-01T10:{minute * 2:02d}:00.000Z",
                ),
            )
        )
    port_text = store.documents[port].text
    start = port_text.index("Rotterdam")
    changes.append(
        Change(
            "put",
            Annotation(
                port,
                start,
                start + 9,
                "PLACE",
                "Rotterdam",
                annotator="ana",
                id="p0",
                created="2026-01-01T11:00:00.000Z",
            ),
        )
    )
    store.apply(changes)
    store.set_status(seed, "done")
    store.set_status(drought, "skipped")
    store.set_review(port, True)
    store.set_document_note(port, "ask about the pay figures")
    return SpantagApp(store, Session(store, report.added, annotator="snap", suggest=False))


def test_progress_screen(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = progress_app(tmp_path)
    assert snap_compare(app, press=["P", "wait:200"], terminal_size=(120, 40))
