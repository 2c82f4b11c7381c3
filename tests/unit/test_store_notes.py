"""The optional `note` and `review` fields of the database: stored only when set, read from old
files that lack them, and checked like every other field."""

from __future__ import annotations

from pathlib import Path

import orjson

from tui.model import Annotation, Change, Document
from tui.store import Store


def test_notes_and_the_review_flag_are_stored_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with Store.open(path) as store:
        store.add_documents([Document(id="a", text="Ana met Bo."), Document(id="b", text="Hi.")])
        span = Annotation(doc_id="a", start=0, end=3, label="PERSON", text="Ana", note="who?")
        store.apply([Change("put", span)])
        store.set_document_note("a", "second source needed")
        store.set_review("a", True)
    raw = orjson.loads(path.read_bytes())
    documents = {r["id"]: r for r in raw["documents"].values()}
    assert documents["a"]["note"] == "second source needed" and documents["a"]["review"] is True
    assert "note" not in documents["b"] and "review" not in documents["b"]  # only when set
    assert [r["note"] for r in raw["annotations"].values()] == ["who?"]
    with Store.open(path, write=False) as store:
        assert store.documents["a"].note == "second source needed"
        assert store.documents["a"].review is True
        assert store.annotations("a")[0].note == "who?"
        store_b = store.documents["b"]
        assert (store_b.note, store_b.review) == ("", False)
    with Store.open(path) as store:
        store.set_review("a", False)
        store.set_document_note("a", "")
    raw = orjson.loads(path.read_bytes())
    assert set(raw["documents"]["1"]) == {
        "id",
        "path",
        "title",
        "text",
        "sha256",
        "status",
        "added",
    }


def test_a_database_written_before_notes_opens_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    old = {
        "meta": {"1": {"schema": "spantag/1", "version": "0.1.0"}},
        "documents": {
            "1": {
                "id": "a",
                "path": "",
                "title": "",
                "text": "Ana met Bo.",
                "sha256": "",
                "status": "todo",
                "added": "2026-01-01T00:00:00Z",
            }
        },
        "annotations": {
            "1": {
                "id": "x",
                "doc_id": "a",
                "start": 0,
                "end": 3,
                "label": "PERSON",
                "text": "Ana",
                "annotator": "",
                "source": "manual",
                "created": "2026-01-01T00:00:00Z",
                "updated": "",
            }
        },
    }
    path.write_bytes(orjson.dumps(old))
    with Store.open(path, write=False) as store:
        assert store.problems == []
        assert store.annotations()[0].note == "" and store.documents["a"].note == ""


def test_a_note_that_is_not_a_string_is_reported_and_left_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    bad = {
        "meta": {"1": {"schema": "spantag/1", "version": "0.1.0"}},
        "documents": {
            "1": {"id": "a", "text": "Ana met Bo.", "status": "todo"},
            "2": {"id": "b", "text": "Hi.", "review": "yes"},
        },
        "annotations": {
            "1": {
                "id": "x",
                "doc_id": "a",
                "start": 0,
                "end": 3,
                "label": "PERSON",
                "text": "Ana",
                "note": 7,
            }
        },
    }
    path.write_bytes(orjson.dumps(bad))
    with Store.open(path, write=False) as store:
        assert store.annotations() == []
        assert list(store.documents) == ["a"]
        assert any("'note' must be a string" in p for p in store.problems)
        assert any("non-boolean 'review'" in p for p in store.problems)
