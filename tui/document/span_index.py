"""An ordered index of spans answering "which spans overlap a..b" in O(log n + k).

A treap (randomised balanced search tree) kept in the span order (`tui.model.span_order`), with
two augmentations per node: the largest `end` in its subtree, which prunes every subtree that ends
before the query, and the subtree size, which gives rank and n-th element for virtual lists.
Insert and remove are O(log n) expected, so tagging costs the same on 10 or 10,000 spans.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from tui.model import Extent, SpanKey, span_order

T = TypeVar("T", bound=Extent)


class _Node(Generic[T]):
    __slots__ = ("end", "item", "key", "left", "max_end", "prio", "right", "size", "start")

    def __init__(self, item: T, prio: float) -> None:
        self.item = item
        self.key = span_order(item)
        self.start = item.start
        self.end = item.end
        self.prio = prio
        self.left: _Node[T] | None = None
        self.right: _Node[T] | None = None
        self.max_end = item.end
        self.size = 1

    def update(self) -> None:
        max_end = self.end
        size = 1
        left, right = self.left, self.right
        if left is not None:
            size += left.size
            if left.max_end > max_end:
                max_end = left.max_end
        if right is not None:
            size += right.size
            if right.max_end > max_end:
                max_end = right.max_end
        self.max_end = max_end
        self.size = size


class SpanIndex(Generic[T]):
    """A set of spans keyed by (start, end, label), kept in the span order."""

    def __init__(self, items: Iterable[T] = (), *, seed: int | None = None) -> None:
        self._random = random.Random(seed)
        unique: dict[SpanKey, T] = {}
        for item in items:
            unique.setdefault(span_order(item), item)
        ordered = [unique[key] for key in sorted(unique)]
        self._root = self._build(ordered)

    # -- building ---------------------------------------------------------------------------
    def _build(self, ordered: list[T]) -> _Node[T] | None:
        """Build a balanced tree in O(n); priorities decrease level by level (a valid heap)."""
        if not ordered:
            return None
        prios = sorted((self._random.random() for _ in ordered), reverse=True)
        nodes: list[_Node[T]] = [_Node(item, 0.0) for item in ordered]
        # Priorities go in breadth-first order of the balanced shape, so parents outrank children.
        queue: list[tuple[int, int]] = [(0, len(nodes))]
        position = 0
        while position < len(queue):
            lo, hi = queue[position]
            mid = (lo + hi) // 2
            nodes[mid].prio = prios[position]
            position += 1
            if lo < mid:
                queue.append((lo, mid))
            if mid + 1 < hi:
                queue.append((mid + 1, hi))

        def link(lo: int, hi: int) -> _Node[T] | None:
            if lo >= hi:
                return None
            mid = (lo + hi) // 2
            node = nodes[mid]
            node.left = link(lo, mid)
            node.right = link(mid + 1, hi)
            node.update()
            return node

        return link(0, len(nodes))

    # -- size and iteration -----------------------------------------------------------------
    def __len__(self) -> int:
        return 0 if self._root is None else self._root.size

    def __bool__(self) -> bool:
        return self._root is not None

    def __iter__(self) -> Iterator[T]:
        stack: list[_Node[T]] = []
        node = self._root
        while stack or node is not None:
            while node is not None:
                stack.append(node)
                node = node.left
            node = stack.pop()
            yield node.item
            node = node.right

    def __contains__(self, item: object) -> bool:
        return self.get(span_order(item)) is not None  # type: ignore[arg-type]

    def get(self, key: SpanKey) -> T | None:
        """The span with exactly this span_order key, or None."""
        node = self._root
        while node is not None:
            if key == node.key:
                return node.item
            node = node.left if key < node.key else node.right
        return None

    # -- edits ------------------------------------------------------------------------------
    def add(self, item: T) -> bool:
        """Insert a span; False (and no change) when the same (start, end, label) is present."""
        key = span_order(item)
        if self.get(key) is not None:
            return False
        self._root = self._insert(self._root, _Node(item, self._random.random()))
        return True

    def _insert(self, node: _Node[T] | None, new: _Node[T]) -> _Node[T]:
        if node is None:
            return new
        if new.key < node.key:
            node.left = self._insert(node.left, new)
            if node.left.prio > node.prio:
                node = self._rotate_right(node)
        else:
            node.right = self._insert(node.right, new)
            if node.right.prio > node.prio:
                node = self._rotate_left(node)
        node.update()
        return node

    @staticmethod
    def _rotate_right(node: _Node[T]) -> _Node[T]:
        pivot = node.left
        assert pivot is not None
        node.left = pivot.right
        pivot.right = node
        node.update()
        pivot.update()
        return pivot

    @staticmethod
    def _rotate_left(node: _Node[T]) -> _Node[T]:
        pivot = node.right
        assert pivot is not None
        node.right = pivot.left
        pivot.left = node
        node.update()
        pivot.update()
        return pivot

    def remove(self, item: Extent) -> bool:
        """Remove the span with this (start, end, label); False when absent."""
        key = span_order(item)
        if self.get(key) is None:
            return False
        self._root = self._delete(self._root, key)
        return True

    def _delete(self, node: _Node[T] | None, key: SpanKey) -> _Node[T] | None:
        assert node is not None
        if key < node.key:
            node.left = self._delete(node.left, key)
        elif key > node.key:
            node.right = self._delete(node.right, key)
        else:
            return self._merge(node.left, node.right)
        node.update()
        return node

    def _merge(self, left: _Node[T] | None, right: _Node[T] | None) -> _Node[T] | None:
        if left is None:
            return right
        if right is None:
            return left
        if left.prio > right.prio:
            left.right = self._merge(left.right, right)
            left.update()
            return left
        right.left = self._merge(left, right.left)
        right.update()
        return right

    # -- queries ----------------------------------------------------------------------------
    def overlapping(self, start: int, end: int) -> list[T]:
        """Spans with span.start < end and span.end > start, in the span order.

        Subtrees whose largest end is <= start, and right subtrees beginning at or after `end`,
        are never entered, so the cost is O(log n + k) for the k spans reported.
        """
        out: list[T] = []
        if start >= end:
            return out
        stack: list[_Node[T]] = []
        node = self._root
        # Iterative in-order walk with both prunings.
        while True:
            while node is not None and node.max_end > start:
                stack.append(node)
                node = node.left
            if not stack:
                break
            current = stack.pop()
            if current.start >= end:
                # Everything after this node in order starts at or after `end`.
                break
            if current.end > start:
                out.append(current.item)
            node = current.right
        return out

    def containing(self, offset: int) -> list[T]:
        """Spans that cover the character at `offset`, outermost first."""
        return self.overlapping(offset, offset + 1)

    def first_starting_after(self, offset: int) -> T | None:
        """The first span (in order) whose start is greater than `offset`."""
        node, best = self._root, None
        while node is not None:
            if node.start > offset:
                best = node
                node = node.left
            else:
                node = node.right
        return None if best is None else best.item

    def last_starting_before(self, offset: int) -> T | None:
        """The last span (in order) whose start is smaller than `offset`."""
        node, best = self._root, None
        while node is not None:
            if node.start < offset:
                best = node
                node = node.right
            else:
                node = node.left
        return None if best is None else best.item

    def nth(self, index: int) -> T:
        """The span at position `index` in order (O(log n)); IndexError when out of range."""
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        node = self._root
        while node is not None:
            left_size = node.left.size if node.left is not None else 0
            if index < left_size:
                node = node.left
            elif index == left_size:
                return node.item
            else:
                index -= left_size + 1
                node = node.right
        raise IndexError(index)  # pragma: no cover - sizes are consistent

    def rank(self, item: Extent) -> int:
        """How many spans come before `item`'s key in order (its position if present)."""
        key = span_order(item)
        node, rank = self._root, 0
        while node is not None:
            if key <= node.key:
                node = node.left
            else:
                rank += (node.left.size if node.left is not None else 0) + 1
                node = node.right
        return rank
