"""A screenshot of the reader with a custom label set (pytest-textual-snapshot): its legend,
footer and colours, and a span whose label is outside the set, drawn grey. Regenerate after an
intended visual change with `pytest tests/app/test_snapshot_labels.py --snapshot-update`."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.support.app_support import SEED
from tests.support.label_files import SIX_LABELS
from tui.app import SpantagApp
from tui.config.label_file import parse_label_data
from tui.jobs.importer import import_files
from tui.model import Annotation, Change
from tui.session import Session
from tui.store import Store

SPANS = [
    ("Pervez Musharraf", "PERSON"),
    ("Islamabad", "CITY"),
    ("ISLAMABAD", "CITY"),
    ("Red Mosque", "PLACE"),  # not in the set: kept, drawn grey
    ("“It is a final push to clear the mosque of armed militants,”", "QUOTE"),
    ("300-400", "FIGURE"),
]


async def quiet(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until no worker (suggestions) runs, so the shot is the same every time."""
    for _ in range(100):
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
        if not any(worker.is_running for worker in pilot.app.workers):
            break
    await pilot.pause(0.05)


def six_label_app(tmp_path: Path) -> SpantagApp:
    store = Store.open(tmp_path / "annotations.json")
    store.set_labels(parse_label_data(tomllib.loads(SIX_LABELS)))
    report = import_files(store, [SEED])
    doc = store.documents[report.added[0]]
    changes = []
    for number, (needle, label) in enumerate(SPANS):
        start = doc.text.index(needle)
        span = Annotation(
            doc.id,
            start,
            start + len(needle),
            label,
            needle,
            "snap",
            id=f"a{number}",
            created="2026-01-01T00:00:00.000Z",
        )
        changes.append(Change("put", span))
    store.apply(changes)
    return SpantagApp(store, Session(store, report.added, annotator="snap", suggest=False))


def test_reader_with_a_custom_label_set(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = six_label_app(tmp_path)
    assert snap_compare(
        app, press=["right_square_bracket", "wait:200"], terminal_size=(120, 40), run_before=quiet
    )
