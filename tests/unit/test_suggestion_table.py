"""The database's `suggestions` table: records put and removed through the store, kept across
opening the file again, and unusable records reported and skipped, never a crash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tui.db.suggestions import suggestion_record
from tui.model import Document
from tui.session import Session
from tui.store import Store

TEXT = "Ghazi met Ghazi in Islamabad.\n"
DOC = Document(id="doc", text=TEXT)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "annotations.json"
    with Store.open(path) as store:
        store.add_documents([DOC])
    return path


def test_records_are_put_replaced_and_removed_by_key(db: Path) -> None:
    with Store.open(db) as store:
        store.put_suggestions(
            [
                suggestion_record(DOC, 0, 5, "PERSON", "pending", score=0.7),
                suggestion_record(DOC, 10, 15, "PERSON", "pending"),
            ]
        )
        # The same (doc, start, end, label) again replaces the record: rejected now.
        store.put_suggestions([suggestion_record(DOC, 0, 5, "PERSON", "rejected")])
    with Store.open(db) as store:
        records = store.suggestion_records("doc")
        assert sorted((r["start"], r["status"]) for r in records) == [
            (0, "rejected"),
            (10, "pending"),
        ]
        store.remove_suggestions("doc", [(10, 15, "PERSON"), (19, 28, "PLACE")])
    data = json.loads(db.read_text(encoding="utf-8"))
    (record,) = data["suggestions"].values()
    assert (record["start"], record["end"], record["label"], record["status"]) == (
        0,
        5,
        "PERSON",
        "rejected",
    )
    assert record["text"] == "Ghazi" and data["annotations"] == {}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"score": "high"}, "score 'high'"),
        ({"score": None}, "score None"),
        ({"score": 1.5}, "score 1.5"),
        ({"score": True}, "score True"),
        ({"status": "maybe"}, "unknown status"),
        ({"text": "Gha"}, "does not match"),
        ({"end": 99}, "outside document"),
        ({"doc_id": "other"}, "missing document"),
    ],
)
def test_an_unusable_record_is_reported_and_skipped(
    db: Path, change: dict[str, Any], problem: str
) -> None:
    """Another program may have written the file: the reader still starts."""
    with Store.open(db) as store:
        store.put_suggestions(
            [
                suggestion_record(DOC, 0, 5, "PERSON", "pending"),
                suggestion_record(DOC, 10, 15, "PERSON", "pending"),
            ]
        )
    data = json.loads(db.read_text(encoding="utf-8"))
    data["suggestions"]["1"].update(change)
    db.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(db) as store:
        assert len(store.problems) == 1 and problem in store.problems[0]
        session = Session(store)
        assert session.suggestions is not None
        assert list(session.suggestions.pending["doc"]) == [(10, 15, "PERSON")]
    # Left untouched in the file.
    assert (
        json.loads(db.read_text(encoding="utf-8"))["suggestions"]["1"] == data["suggestions"]["1"]
    )
