"""AnnotatedDocument and its history under random edit sequences: offsets, indexes, undo, redo."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import HARD_ARTICLE
from tui.document.annotated import AnnotatedDocument, EditResult
from tui.document.bounds import EDGES, UNITS
from tui.model import Annotation, Change, Document, SpanError, check_span, span_order
from tui.store import Store
from tui.text.reading import read_article

LABELS = ("PERSON", "PLACE", "QUOTE", "FIGURE")
STEPS = (-1, 1)
# The hard article: emoji, ZWJ sequences, CJK and combining accents, so that any confusion of
# code points with bytes, UTF-16 units or screen cells breaks the text invariant.
TEXT = read_article(HARD_ARTICLE)
WINDOW = 160  # spans start in the first WINDOW code points, so they overlap, nest and collide
INITIAL = (
    (0, 5, "PLACE"),
    (0, 87, "QUOTE"),
    (29, 32, "FIGURE"),
    (29, 40, "FIGURE"),
)


def initial_annotations(document: Document) -> list[Annotation]:
    """Stored annotations with fixed ids and timestamps, as if loaded from a database."""
    return [
        Annotation(
            doc_id=document.id,
            start=start,
            end=end,
            label=label,
            text=document.text[start:end],
            annotator="loader",
            source="import",
            id=f"initial-{number}",
            created="2020-01-02T03:04:05.678Z",
        )
        for number, (start, end, label) in enumerate(INITIAL)
    ]


def make_doc() -> AnnotatedDocument:
    document = Document(id="hard", text=TEXT, path="/x/hard.txt", title="hard")
    return AnnotatedDocument.load(document, initial_annotations(document), annotator="ana")


Snapshot = tuple[tuple[Annotation, ...], tuple[tuple[Annotation, ...], ...]]


def snapshot(doc: AnnotatedDocument) -> Snapshot:
    """Everything an edit may change: every annotation (all fields) and the per-label indexes."""
    return tuple(doc.spans), tuple(tuple(doc.by_label[label]) for label in LABELS)


def check_invariants(doc: AnnotatedDocument) -> None:
    spans = list(doc.spans)
    for annotation in spans:
        assert doc.text[annotation.start : annotation.end] == annotation.text
        assert annotation.doc_id == doc.id
        assert annotation.label in LABELS
        assert annotation.text.strip()
    keys = [(a.start, -a.end, a.label) for a in spans]
    assert keys == sorted(set(keys)), "main index out of order or holding a duplicate"
    assert len({a.id for a in spans}) == len(spans), "two annotations share an id"
    for label in LABELS:
        assert list(doc.by_label[label]) == [a for a in spans if a.label == label]
    assert sum(len(index) for index in doc.by_label.values()) == len(spans)


def apply_changes(model: dict[str, Annotation], result: EditResult | None) -> None:
    """What a store does with an edit's changes: put or delete by annotation id."""
    if result is None:
        return
    for change in result.changes:
        assert isinstance(change, Change)  # these edits change no relation
        if change.kind == "put":
            model[change.annotation.id] = change.annotation
        else:
            assert change.kind == "delete"
            model.pop(change.annotation.id, None)


extent = st.tuples(st.integers(0, WINDOW), st.integers(1, 25), st.sampled_from(LABELS))
pick = st.integers(0, 10**6)  # an existing annotation, by position modulo their number
edits = st.lists(
    st.one_of(
        st.tuples(st.just("add"), extent),
        st.tuples(st.just("add_again"), pick),
        st.tuples(st.just("add_same_extent"), st.tuples(pick, st.sampled_from(LABELS))),
        st.tuples(st.just("add_many"), st.lists(extent, max_size=6)),
        st.tuples(st.just("remove"), pick),
        st.tuples(st.just("relabel"), st.tuples(pick, st.sampled_from(LABELS))),
        st.tuples(
            st.just("move"),
            st.tuples(
                pick, st.sampled_from(EDGES), st.sampled_from(UNITS), st.sampled_from([-1, 1])
            ),
        ),
        st.tuples(st.just("note"), st.tuples(pick, st.sampled_from(["", "check", "ask Ana"]))),
        st.tuples(st.sampled_from(["undo", "redo"]), st.none()),
    ),
    max_size=40,
)


def run_edit(doc: AnnotatedDocument, edit: str, argument: Any) -> tuple[bool, EditResult | None]:
    """Perform one edit; (whether it could change anything, its result)."""
    spans = list(doc.spans)

    def existing(position: Any) -> Annotation | None:
        return spans[int(position) % len(spans)] if spans else None

    if edit == "add":
        start, length, label = argument
        end = min(start + length, len(doc.text))
        if not doc.text[start:end].strip():
            with pytest.raises(SpanError):
                doc.add(start, end, label)
            return False, None
        present = doc.get(start, end, label) is not None
        result = doc.add(start, end, label)
        assert (result is None) == present
        return True, result
    if edit == "add_again":
        target = existing(argument)
        if target is None:
            return False, None
        assert doc.add(target.start, target.end, target.label) is None
        return False, None
    if edit == "add_same_extent":
        position, label = argument
        target = existing(position)
        if target is None:
            return False, None
        return True, doc.add(target.start, target.end, label, source="suggestion")
    if edit == "add_many":
        made = []
        for start, length, label in argument:
            end = min(start + length, len(doc.text))
            if doc.text[start:end].strip():
                made.append(doc.make_annotation(start, end, label, source="suggestion"))
        return True, doc.add_many(made, "accept")
    if edit == "remove":
        target = existing(argument)
        return (False, None) if target is None else (True, doc.remove(target))
    if edit == "relabel":
        position, label = argument
        target = existing(position)
        return (False, None) if target is None else (True, doc.relabel(target, label))
    if edit == "move":
        position, edge, unit, step = argument
        target = existing(position)
        if target is None:
            return False, None
        try:
            result = doc.move_boundary(target, edge, unit, step)
        except SpanError:  # the moved extent is already tagged with that label
            return False, None
        if result is not None:
            moved = result.focus
            assert moved is not None and (moved.id, moved.label) == (target.id, target.label)
            assert (moved.start, moved.end) != (target.start, target.end)
            assert (moved.start == target.start) != (moved.end == target.end)
        return True, result
    if edit == "note":
        position, note = argument
        target = existing(position)
        return (False, None) if target is None else (True, doc.set_note(target, note))
    if edit == "undo":
        return True, doc.undo()
    return True, doc.redo()


@given(sequence=edits)
def test_any_edit_sequence_keeps_offsets_indexes_and_exact_undo(
    sequence: list[tuple[str, object]],
) -> None:
    doc = make_doc()
    check_invariants(doc)
    states = [snapshot(doc)]  # the states undo/redo walk through
    position = 0
    model = {a.id: a for a in doc.spans}  # the database as the emitted changes leave it
    for edit, argument in sequence:
        before = snapshot(doc)
        changed, result = run_edit(doc, edit, argument)
        apply_changes(model, result)
        check_invariants(doc)
        assert model == {a.id: a for a in doc.spans}, f"changes of {edit} diverge from memory"
        if edit == "undo":
            if position == 0:
                assert result is None
            else:
                assert result is not None and result.undone
                position -= 1
        elif edit == "redo":
            if position == len(states) - 1:
                assert result is None
            else:
                assert result is not None and not result.undone
                position += 1
        elif result is not None:
            assert changed
            del states[position + 1 :]
            states.append(snapshot(doc))
            position += 1
            assert states[-1] != before
        if result is None:
            assert snapshot(doc) == before, f"{edit} returned None but changed the document"
        assert snapshot(doc) == states[position]
        assert doc.history.can_undo == (position > 0)
        assert doc.history.can_redo == (position < len(states) - 1)

    # Undo back to the start: the exact initial state, ids and timestamps included.
    while (result := doc.undo()) is not None:
        apply_changes(model, result)
        check_invariants(doc)
    assert snapshot(doc) == states[0]
    assert list(doc.spans) == sorted(initial_annotations(doc.document), key=span_order)
    assert model == {a.id: a for a in initial_annotations(doc.document)}
    # Redo everything: the latest state again, the very same annotation objects' values.
    while (result := doc.redo()) is not None:
        apply_changes(model, result)
    assert snapshot(doc) == states[-1]
    assert model == {a.id: a for a in doc.spans}


@pytest.mark.slow
@settings(max_examples=40)
@given(sequence=edits)
def test_emitted_changes_applied_to_a_real_store_match_memory(
    sequence: list[tuple[str, object]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.json"
        doc = make_doc()
        with Store.open(path) as store:
            store.add_documents([doc.document])
            store.apply(Change("put", a) for a in doc.spans)
            for edit, argument in sequence:
                _, result = run_edit(doc, edit, argument)
                if result is not None:
                    store.apply(result.changes)
                assert {a.id: a for a in store.annotations(doc.id)} == {a.id: a for a in doc.spans}
            while (result := doc.undo()) is not None:
                store.apply(result.changes)
        # What is on disk, read back by a fresh store, is what memory holds.
        reread = Store.open(path, write=False)
        assert reread.problems == []
        assert {a.id: a for a in reread.annotations(doc.id)} == {
            a.id: a for a in initial_annotations(doc.document)
        }


# -- single behaviours ------------------------------------------------------------------------


@pytest.fixture
def doc(article: Document) -> AnnotatedDocument:
    return AnnotatedDocument(article, annotator="ana")


def test_add_validates_and_fills_text_annotator_and_source(doc: AnnotatedDocument) -> None:
    start = doc.text.index("Pervez Musharraf")
    result = doc.add(start, start + len("Pervez Musharraf"), "PERSON")
    assert result is not None
    annotation = result.focus
    assert annotation is not None
    assert annotation.text == "Pervez Musharraf"
    assert annotation.annotator == "ana" and annotation.source == "manual"
    assert annotation.created == annotation.updated
    assert result.changes == [Change("put", annotation)]
    assert result.description == "tag PERSON"


@pytest.mark.parametrize(
    ("start", "end", "label", "reason"),
    [
        (0, 9, "ORG", "unknown label"),
        (5, 5, "PERSON", "outside"),
        (9, 3, "PERSON", "outside"),
        (-1, 3, "PERSON", "outside"),
        (0, 10_000, "PERSON", "outside"),
        (10, 11, "PERSON", "whitespace"),
        (0, True, "PERSON", "integers"),
        (False, 3, "PERSON", "integers"),
        (0.0, 3, "PERSON", "integers"),
    ],
)
def test_invalid_spans_are_refused(
    doc: AnnotatedDocument, start: int, end: int, label: str, reason: str
) -> None:
    with pytest.raises(SpanError, match=reason):
        doc.add(start, end, label)
    assert len(doc.spans) == 0 and not doc.history.can_undo


def test_check_span_refuses_bool_offsets() -> None:
    with pytest.raises(SpanError):
        check_span("abc", 0, True, "PERSON")


def test_duplicate_add_is_a_no_op_that_keeps_redo(doc: AnnotatedDocument) -> None:
    assert doc.add(0, 9, "PLACE") is not None
    assert doc.add(0, 4, "PLACE") is not None
    assert doc.undo() is not None
    assert doc.add(0, 9, "PLACE") is None
    assert doc.history.can_redo
    assert len(doc.spans) == 1


def test_relabel_keeps_id_and_creation_and_merges_into_an_existing_span(
    doc: AnnotatedDocument,
) -> None:
    first = doc.add(0, 9, "PERSON")
    assert first is not None and first.focus is not None
    result = doc.relabel(first.focus, "PLACE")
    assert result is not None and result.focus is not None
    assert result.focus.id == first.focus.id
    assert result.focus.created == first.focus.created
    assert result.changes == [Change("put", result.focus)]
    assert doc.relabel(result.focus, "PLACE") is None
    # Relabelling onto a span that already exists merges the two (one remains).
    doc.add(0, 9, "QUOTE")
    merged = doc.relabel(result.focus, "QUOTE")
    assert merged is not None
    assert [a.label for a in doc.spans] == ["QUOTE"]
    with pytest.raises(SpanError, match="unknown label"):
        doc.relabel(doc.spans.nth(0), "ORG")


def test_remove_of_a_stale_copy_deletes_the_stored_annotation(doc: AnnotatedDocument) -> None:
    added = doc.add(0, 9, "PLACE")
    assert added is not None and added.focus is not None
    stale = replace(added.focus, id="some-other-id")  # same span, another object (e.g. a UI copy)
    result = doc.remove(stale)
    assert result.changes == [Change("delete", added.focus)]
    assert len(doc.spans) == 0
    undone = doc.undo()
    assert undone is not None and list(doc.spans) == [added.focus]


def test_remove_or_relabel_of_an_absent_annotation_is_refused(doc: AnnotatedDocument) -> None:
    ghost = doc.make_annotation(0, 9, "PLACE")
    with pytest.raises(SpanError):
        doc.remove(ghost)
    with pytest.raises(SpanError):
        doc.relabel(ghost, "PERSON")
    assert len(doc.spans) == 0 and not doc.history.can_undo


def test_add_many_is_one_undo_step_and_skips_existing(doc: AnnotatedDocument) -> None:
    doc.add(0, 9, "PLACE")
    batch = [
        doc.make_annotation(0, 9, "PLACE"),
        doc.make_annotation(23, 39, "PERSON"),
        doc.make_annotation(23, 39, "PERSON"),
        doc.make_annotation(0, 9, "PERSON"),
    ]
    result = doc.add_many(batch, "accept")
    assert result is not None and result.description == "accept (2)"
    assert len(doc.spans) == 3
    assert doc.add_many(batch) is None
    doc.undo()
    assert [a.key for a in doc.spans] == [(0, 9, "PLACE")]
    doc.redo()
    assert len(doc.spans) == 3


def test_queries_of_nested_spans(doc: AnnotatedDocument) -> None:
    quote_start = doc.text.index("“about")
    quote_end = doc.text.index("”", quote_start) + 1
    figure_start = doc.text.index("300-400")
    doc.add(quote_start, quote_end, "QUOTE")
    doc.add(figure_start, figure_start + 7, "FIGURE")
    assert [a.label for a in doc.spans.containing(figure_start)] == ["QUOTE", "FIGURE"]
    innermost = doc.innermost_at(figure_start + 1)
    assert innermost is not None and innermost.label == "FIGURE"
    assert doc.innermost_at(0) is None
    assert [a.label for a in doc.with_extent(figure_start, figure_start + 7)] == ["FIGURE"]
    assert doc.version == 2


def test_undo_and_redo_with_nothing_to_do(doc: AnnotatedDocument) -> None:
    assert doc.undo() is None and doc.redo() is None
