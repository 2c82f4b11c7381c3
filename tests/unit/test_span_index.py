"""SpanIndex against a brute-force reference under random add/remove sequences."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.document.span_index import SpanIndex, _Node
from tui.model import span_order

LABELS = ("PERSON", "PLACE", "QUOTE", "FIGURE")
LIMIT = 40  # offsets 0..LIMIT: small, so that overlaps, nesting and duplicates are common


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    tag: int = 0  # tells apart two objects with the same key


def brute_overlapping(spans: list[Span], start: int, end: int) -> list[Span]:
    if start >= end:
        return []
    return [s for s in spans if s.start < end and s.end > start]


def check_structure(node: _Node[Span] | None) -> tuple[int, int]:
    """Assert the treap invariants below `node`; returns (size, max_end)."""
    if node is None:
        return 0, -1
    size, max_end = 1, node.end
    for child in (node.left, node.right):
        if child is not None:
            assert child.prio <= node.prio, "heap order broken"
            child_size, child_max = check_structure(child)
            size += child_size
            max_end = max(max_end, child_max)
    if node.left is not None:
        assert node.left.key < node.key
    if node.right is not None:
        assert node.right.key > node.key
    assert node.size == size
    assert node.max_end == max_end
    return size, max_end


def check_against(index: SpanIndex[Span], reference: dict[tuple[int, int, str], Span]) -> None:
    """Every query of the index agrees with a sorted list scanned naively."""
    check_structure(index._root)
    ordered = [reference[key] for key in sorted(reference)]
    assert list(index) == ordered
    assert len(index) == len(ordered)
    assert bool(index) == bool(ordered)
    for position, span in enumerate(ordered):
        assert index.nth(position) is span
        assert index.nth(position - len(ordered)) is span
        assert index.rank(span) == position
        assert span in index
        assert index.get(span_order(span)) is span
    for bad in (len(ordered), -len(ordered) - 1):
        with pytest.raises(IndexError):
            index.nth(bad)
    for offset in range(-1, LIMIT + 2):
        assert index.containing(offset) == brute_overlapping(ordered, offset, offset + 1)
        after = [s for s in ordered if s.start > offset]
        before = [s for s in ordered if s.start < offset]
        assert index.first_starting_after(offset) == (after[0] if after else None)
        assert index.last_starting_before(offset) == (before[-1] if before else None)
        probe = Span(offset, offset + 3, "PLACE")
        assert index.rank(probe) == sum(1 for s in ordered if span_order(s) < span_order(probe))
    for start in range(-1, LIMIT + 2, 3):
        for end in range(start - 1, LIMIT + 3, 2):
            assert index.overlapping(start, end) == brute_overlapping(ordered, start, end)


spans = st.builds(
    lambda start, length, label, tag: Span(start, start + length, label, tag),
    st.integers(0, LIMIT - 1),
    st.integers(1, 12),
    st.sampled_from(LABELS),
    st.integers(0, 3),
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), spans),
        # Re-add, remove and remove-again pick an existing span by position, so duplicates and
        # removals (including of nodes with two children) really happen.
        st.tuples(st.sampled_from(["add_again", "remove", "remove"]), st.integers(0, 10**6)),
        st.tuples(st.just("remove_absent"), spans),
    ),
    max_size=80,
)


@given(operations=operations, seed=st.integers(0, 2**16))
def test_index_matches_brute_force_after_any_add_remove_sequence(
    operations: list[tuple[str, object]], seed: int
) -> None:
    index: SpanIndex[Span] = SpanIndex(seed=seed)
    reference: dict[tuple[int, int, str], Span] = {}
    for operation, argument in operations:
        if isinstance(argument, Span):
            span = argument
        elif reference:
            span = sorted(reference.values(), key=span_order)[int(argument) % len(reference)]  # type: ignore[call-overload]
        else:
            continue
        key = span_order(span)
        if operation == "add":
            assert index.add(span) == (key not in reference)
            reference.setdefault(key, span)
        elif operation == "add_again":
            assert not index.add(Span(span.start, span.end, span.label, tag=span.tag + 1))
        elif operation == "remove_absent" and key in reference:
            continue
        else:
            # Removal is by key: any object with the same (start, end, label) removes it.
            assert index.remove(Span(span.start, span.end, span.label, tag=99)) == (
                key in reference
            )
            reference.pop(key, None)
        check_structure(index._root)
    check_against(index, reference)


@given(items=st.lists(spans, max_size=80), seed=st.integers(0, 2**16))
def test_bulk_build_keeps_the_first_of_duplicates(items: list[Span], seed: int) -> None:
    index = SpanIndex(items, seed=seed)
    reference: dict[tuple[int, int, str], Span] = {}
    for span in items:
        reference.setdefault(span_order(span), span)
    check_against(index, reference)


def test_duplicate_is_rejected_and_the_original_kept() -> None:
    index: SpanIndex[Span] = SpanIndex()
    first = Span(3, 8, "PERSON", tag=1)
    assert index.add(first)
    assert not index.add(Span(3, 8, "PERSON", tag=2))
    assert list(index) == [first]
    # Same extent, another label: a different span.
    assert index.add(Span(3, 8, "PLACE"))
    assert len(index) == 2


def test_iteration_order_is_start_then_longest_then_label() -> None:
    items = [
        Span(5, 9, "PLACE"),
        Span(0, 4, "PERSON"),
        Span(5, 20, "QUOTE"),
        Span(5, 9, "FIGURE"),
        Span(5, 12, "PERSON"),
    ]
    index = SpanIndex(items)
    assert [(s.start, s.end, s.label) for s in index] == [
        (0, 4, "PERSON"),
        (5, 20, "QUOTE"),
        (5, 12, "PERSON"),
        (5, 9, "FIGURE"),
        (5, 9, "PLACE"),
    ]


def test_overlap_query_prunes_but_finds_long_spans_that_start_early() -> None:
    # One long span starting first, then many short ones: the long one must still be found
    # by a query far to its right (the max_end augmentation), the short ones not.
    items = [Span(0, 1000, "QUOTE")] + [Span(i, i + 2, "FIGURE") for i in range(0, 900, 5)]
    index = SpanIndex(items, seed=1)
    assert index.overlapping(950, 960) == [items[0]]
    assert index.overlapping(10, 12) == [items[0], Span(10, 12, "FIGURE")]
    assert index.overlapping(12, 12) == []
    assert index.containing(999) == [items[0]]
    assert index.containing(1000) == []


def test_empty_index_answers_every_query() -> None:
    index: SpanIndex[Span] = SpanIndex()
    assert list(index) == []
    assert len(index) == 0 and not index
    assert index.overlapping(0, 10) == []
    assert index.first_starting_after(-1) is None
    assert index.last_starting_before(10) is None
    assert index.rank(Span(0, 1, "PERSON")) == 0
    assert not index.remove(Span(0, 1, "PERSON"))
    with pytest.raises(IndexError):
        index.nth(0)
