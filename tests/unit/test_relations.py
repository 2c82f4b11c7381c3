"""SPEAKER relations: the rules, the edits and their undo, and the `relations` table on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.db.file import DatabaseError
from tui.document.annotated import AnnotatedDocument
from tui.document.relations import RelationError
from tui.model import Annotation, Change, Document, Relation, RelationChange
from tui.store import Store

TEXT = "“It is a final push,” said Waheed Arshad. Arshad added: “We are close.” Ghazi hid."


def span(doc: AnnotatedDocument, needle: str, label: str) -> Annotation:
    start = doc.text.index(needle)
    result = doc.add(start, start + len(needle), label)
    assert result is not None and result.focus is not None
    return result.focus


@pytest.fixture
def doc() -> AnnotatedDocument:
    return AnnotatedDocument(Document("d", TEXT), annotator="ana")


def test_link_unlink_and_undo(doc: AnnotatedDocument) -> None:
    quote = span(doc, "“It is a final push,”", "QUOTE")
    person = span(doc, "Waheed Arshad", "PERSON")
    result = doc.link(quote, person)
    assert result is not None
    assert [type(c) for c in result.changes] == [RelationChange]
    assert doc.speaker(quote) == person
    assert doc.link(quote, person) is None  # the same link twice is one link
    doc.undo()
    assert doc.speaker(quote) is None and doc.unattributed() == [quote]
    doc.redo()
    assert doc.speaker(quote) == person
    unlinked = doc.unlink(quote)
    assert unlinked.changes[0] == RelationChange("delete", unlinked.changes[0].relation)  # type: ignore[union-attr]
    assert doc.speaker(quote) is None


def test_rules_refuse_wrong_labels(doc: AnnotatedDocument) -> None:
    quote = span(doc, "“It is a final push,”", "QUOTE")
    person = span(doc, "Waheed Arshad", "PERSON")
    with pytest.raises(RelationError):
        doc.link(person, quote)
    with pytest.raises(RelationError):
        doc.link(quote, quote)


def test_one_speaker_per_quote_many_quotes_per_person(doc: AnnotatedDocument) -> None:
    first = span(doc, "“It is a final push,”", "QUOTE")
    second = span(doc, "“We are close.”", "QUOTE")
    waheed = span(doc, "Waheed Arshad", "PERSON")
    arshad = span(doc, "Arshad added", "PERSON")
    doc.link(first, waheed)
    doc.link(second, waheed)
    assert len(doc.links.to_child(waheed.id)) == 2
    changed = doc.link(first, arshad)  # replaces, in one edit
    assert changed is not None and len(doc.links) == 2
    assert doc.speaker(first) == arshad
    doc.undo()
    assert doc.speaker(first) == waheed


def test_removing_a_span_removes_its_relations_and_one_undo_restores_both(
    doc: AnnotatedDocument,
) -> None:
    first = span(doc, "“It is a final push,”", "QUOTE")
    second = span(doc, "“We are close.”", "QUOTE")
    person = span(doc, "Waheed Arshad", "PERSON")
    doc.link(first, person)
    doc.link(second, person)
    result = doc.remove(person)
    kinds = [(type(c).__name__, c.kind) for c in result.changes]
    assert kinds == [
        ("RelationChange", "delete"),
        ("RelationChange", "delete"),
        ("Change", "delete"),
    ]
    assert "SPEAKER links" in result.description
    assert len(doc.links) == 0
    doc.undo()
    assert doc.speaker(first) == person and doc.speaker(second) == person


def test_a_relabel_that_breaks_a_relation_removes_it_visibly(doc: AnnotatedDocument) -> None:
    quote = span(doc, "“It is a final push,”", "QUOTE")
    person = span(doc, "Waheed Arshad", "PERSON")
    doc.link(quote, person)
    result = doc.relabel(person, "PLACE")
    assert result is not None and "SPEAKER link" in result.description
    assert doc.speaker(quote) is None
    doc.undo()
    assert doc.speaker(quote) is not None and doc.speaker(quote).label == "PERSON"  # type: ignore[union-attr]


def test_add_with_links_is_one_undoable_edit(doc: AnnotatedDocument) -> None:
    quote = span(doc, "“It is a final push,”", "QUOTE")
    start = TEXT.index("Waheed Arshad")
    person = doc.make_annotation(start, start + 13, "PERSON", source="suggestion")
    relation = Relation("d", quote.id, person.id, source="suggestion")
    result = doc.add_with_links([person], [relation], "accept speaker")
    assert result is not None and doc.speaker(quote) == person
    doc.undo()
    assert doc.speaker(quote) is None and doc.get(start, start + 13, "PERSON") is None


# -- the store ----------------------------------------------------------------------------------
def stored(tmp_path: Path) -> tuple[Store, AnnotatedDocument, Annotation, Annotation]:
    store = Store.open(tmp_path / "db.json")
    document = Document("d", TEXT)
    store.add_documents([document])
    doc = AnnotatedDocument(document, annotator="ana")
    quote = span(doc, "“It is a final push,”", "QUOTE")
    person = span(doc, "Waheed Arshad", "PERSON")
    store.apply([Change("put", quote), Change("put", person)])
    return store, doc, quote, person


def test_store_writes_relations_field_by_field_and_reads_them_back(tmp_path: Path) -> None:
    store, doc, quote, person = stored(tmp_path)
    result = doc.link(quote, person)
    assert result is not None
    store.apply(result.changes)
    store.close()
    raw = json.loads((tmp_path / "db.json").read_text())
    (record,) = raw["relations"].values()
    assert list(record) == [
        "id",
        "doc_id",
        "head",
        "child",
        "label",
        "annotator",
        "source",
        "created",
        "updated",
    ]
    assert (record["head"], record["child"], record["label"]) == (quote.id, person.id, "SPEAKER")
    with Store.open(tmp_path / "db.json", write=False) as again:
        assert again.problems == []
        (relation,) = again.relations("d")
        assert relation.head == quote.id and relation.annotator == "ana"


def test_store_deletes_relations_with_their_span_in_the_same_write(tmp_path: Path) -> None:
    store, doc, quote, person = stored(tmp_path)
    result = doc.link(quote, person)
    assert result is not None
    store.apply(result.changes)
    writes = store.file_writes
    store.apply([Change("delete", person)])  # even without the relation's own delete
    assert store.file_writes == writes + 1
    assert store.relations() == []
    store.close()
    assert json.loads((tmp_path / "db.json").read_text())["relations"] == {}


def test_store_refuses_a_dangling_relation_before_writing(tmp_path: Path) -> None:
    store, _doc, quote, _person = stored(tmp_path)
    before = (tmp_path / "db.json").read_bytes()
    with pytest.raises(DatabaseError, match="not in document"):
        store.apply([RelationChange("put", Relation("d", quote.id, "nobody"))])
    assert (tmp_path / "db.json").read_bytes() == before
    store.close()


def test_a_dangling_relation_on_disk_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    store, doc, quote, person = stored(tmp_path)
    result = doc.link(quote, person)
    assert result is not None
    store.apply(result.changes)
    store.close()
    path = tmp_path / "db.json"
    raw = json.loads(path.read_text())
    record = next(iter(raw["relations"].values()))
    raw["relations"]["7"] = {**record, "id": "other", "child": "gone"}
    raw["relations"]["8"] = {**record, "id": "twice"}
    path.write_text(json.dumps(raw))
    with Store.open(path, write=False) as again:
        assert len(again.relations()) == 1
        assert any("gone is missing (dangling)" in p for p in again.problems)
        assert any("a second SPEAKER relation" in p for p in again.problems)


# -- property: no edit sequence leaves a dangling relation, and undoing all restores the start ----

PIECES = ("“It is a final push,”", "Waheed Arshad", "Arshad", "“We are close.”", "Ghazi")
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "link", "unlink", "relabel", "undo", "redo"]),
        st.sampled_from(PIECES),
        st.sampled_from(PIECES),
        st.sampled_from(["QUOTE", "PERSON", "PLACE"]),
    ),
    max_size=30,
)


def state(doc: AnnotatedDocument) -> tuple[object, ...]:
    return (tuple(doc.spans), tuple(sorted(doc.links, key=lambda r: r.id)))


@settings(max_examples=150, deadline=None)
@given(steps=STEPS)
def test_relations_never_dangle_and_undo_restores(steps: list[tuple[str, str, str, str]]) -> None:
    doc = AnnotatedDocument(Document("d", TEXT), annotator="ana")
    start = state(doc)
    done = 0
    for action, first, second, label in steps:
        a = doc.text.index(first)
        b = doc.text.index(second)
        found = [*doc.with_extent(a, a + len(first))]
        other = [*doc.with_extent(b, b + len(second))]
        result = None
        try:
            if action == "add":
                result = doc.add(a, a + len(first), label)
            elif action == "remove" and found:
                result = doc.remove(found[0])
            elif action == "link" and found and other:
                result = doc.link(found[0], other[0])
            elif action == "unlink" and found:
                result = doc.unlink(found[0])
            elif action == "relabel" and found:
                result = doc.relabel(found[0], label)
            elif action == "undo":
                result = doc.undo()
                done -= result is not None
            elif action == "redo":
                result = doc.redo()
                done += result is not None
        except RelationError:
            pass
        if result is not None and action not in ("undo", "redo"):
            done += 1
        for relation in doc.links:  # nothing dangling, the rule holds, one per head
            head, child = doc.by_id[relation.head], doc.by_id[relation.child]
            assert (head.label, child.label) == ("QUOTE", "PERSON")
            assert doc.links.from_head(head.id) == relation
        assert doc.unattributed_count == len(doc.unattributed())
    while doc.undo() is not None:
        pass
    assert state(doc) == start
