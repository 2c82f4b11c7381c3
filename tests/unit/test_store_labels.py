"""The database carries its label set (meta.label_set); spans outside the set are kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.db.file import DatabaseError
from tui.document.annotated import AnnotatedDocument
from tui.labels import DEFAULT_LABEL_SET, Label, LabelSet
from tui.model import Annotation, Change, Document
from tui.store import Store

ORG = LabelSet([Label("ORG", "c", color="#d7875f"), Label("PERSON", "p")])


def test_a_stored_set_survives_reopening(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.labels is DEFAULT_LABEL_SET and not store.has_label_set
        writes = store.file_writes
        store.set_labels(ORG)
        assert store.file_writes == writes + 1
    meta = json.loads(db_path.read_text(encoding="utf-8"))["meta"]["1"]
    assert meta["schema"] == "spantag/1"
    assert meta["label_set"]["labels"][0] == {
        "name": "ORG",
        "key": "c",
        "alt_key": "",
        "color": "#d7875f",
        "description": "",
        "guideline": "",
        "entity": False,
    }
    with Store.open(db_path, write=False) as store:
        assert store.has_label_set and store.labels == ORG
        with pytest.raises(DatabaseError, match="read-only"):
            store.set_labels(DEFAULT_LABEL_SET)


def test_a_broken_stored_set_is_reported_and_the_default_used(db_path: Path) -> None:
    Store.open(db_path).close()
    data = json.loads(db_path.read_text(encoding="utf-8"))
    data["meta"]["1"]["label_set"] = {"labels": [{"name": "ORG"}]}
    db_path.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(db_path, write=False) as store:
        assert store.labels is DEFAULT_LABEL_SET and not store.has_label_set
        assert store.problems == [
            "meta record: label_set is unusable (a label needs a 'name' and a 'key'); the"
            " default labels are used"
        ]


def test_spans_outside_the_set_can_be_relabelled_and_removed() -> None:
    document = Document(id="d", text="Ana works at Acme.")
    stale = Annotation("d", 13, 17, "COMPANY", "Acme")
    doc = AnnotatedDocument.load(document, [stale], ORG)
    assert [a.label for a in doc.spans] == ["COMPANY"]
    assert len(doc.by_label["COMPANY"]) == 1
    result = doc.relabel(stale, "ORG")
    assert result is not None
    assert [a.label for a in doc.spans] == ["ORG"] and not doc.by_label["COMPANY"]
    assert result.changes[0].annotation.id == stale.id  # the same annotation, relabelled
    doc.undo()
    removed = doc.remove(stale)
    assert removed.changes == [Change("delete", stale)] and not doc.spans


def test_the_store_keeps_spans_of_any_label(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.set_labels(ORG)
        store.add_documents([Document(id="d", text="Ana works at Acme.")])
        store.apply([Change("put", Annotation("d", 13, 17, "COMPANY", "Acme"))])
    with Store.open(db_path, write=False) as store:
        assert [a.label for a in store.annotations()] == ["COMPANY"] and not store.problems
