"""The progress figures: documents by status, spans per label and annotator, time spent."""

from __future__ import annotations

import json
from pathlib import Path

from tui.jobs.stats import bar, compute_progress, duration, format_progress, time_spent
from tui.model import Document


def record(label: str, created: str, updated: str = "", **extra: str) -> dict[str, str]:
    return {"label": label, "created": created, "updated": updated or created, **extra}


def test_time_spent_adds_the_gaps_up_to_five_minutes_and_drops_longer_breaks() -> None:
    records = [
        record("PERSON", "2026-01-01T10:00:00.000Z"),
        record("PLACE", "2026-01-01T10:02:00.000Z", "2026-01-01T10:03:30.000Z"),
        record("QUOTE", "2026-01-01T11:00:00.000Z"),  # after a 56.5 min break: not counted
        record("FIGURE", "2026-01-01T11:04:00.000Z"),
        record("PERSON", "2026-01-01T09:00:00.000Z", source="import"),  # import time: not work
        record("PERSON", "not a time"),
    ]
    assert time_spent(records) == 210 + 240
    assert time_spent(records[:1]) == 0
    assert time_spent([]) == 0


def test_progress_counts_statuses_labels_annotators_flags_and_notes(tmp_path: Path) -> None:
    documents = [
        Document(id="a", text="x", status="done", note="check", review=True),
        Document(id="b", text="y", status="skipped"),
        Document(id="c", text="z"),
    ]
    records = {
        "a": [
            record("PERSON", "2026-01-01T10:00:00Z", annotator="ana"),
            record("PERSON", "2026-01-01T10:01:00Z", annotator="bo"),
            record("ODD", "2026-01-01T10:02:00Z", annotator="ana"),  # a label of another set
        ],
    }
    progress = compute_progress(documents, records)
    assert progress.statuses == {"todo": 1, "done": 1, "skipped": 1}
    assert progress.labels == {"PERSON": 2, "PLACE": 0, "QUOTE": 0, "FIGURE": 0, "ODD": 1}
    assert progress.annotators == {"ana": 2, "bo": 1}
    assert [d.spans for d in progress.documents] == [3, 0, 0]
    assert progress.documents[0].seconds == 120
    data = json.loads(json.dumps(progress.as_json()))
    assert data["documents"] == {
        "total": 3,
        "todo": 1,
        "done": 1,
        "skipped": 1,
        "review": 1,
        "with_notes": 1,
    }
    assert data["per_document"][0]["labels"]["ODD"] == 1 and data["time"]["seconds"] == 120
    text = format_progress(progress)
    assert "annotators" in text and "  ana                   2" in text
    assert "time spent  2 min" in text


def test_bars_and_durations() -> None:
    assert bar(10, 10, width=4) == "████"
    assert bar(5, 10, width=3) == "█▌"
    assert bar(0, 10) == "" and bar(3, 0) == ""
    assert bar(1, 1000, width=10) == "▏"  # a non-zero count always shows
    assert [duration(s) for s in (45, 720, 3900)] == ["45 s", "12 min", "1 h 05 min"]
