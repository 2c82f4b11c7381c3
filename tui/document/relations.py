"""A document's relations in memory: the rules a relation obeys, and the index the reader asks.

The convention (docs/contracts.md, Relations): `SPEAKER` goes from a QUOTE (head) to a PERSON
(child); a head has at most one relation of a given label; a child may be linked from many
heads. A label without a rule (from another program) is kept and not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tui.errors import SpantagError
from tui.labels import RELATION_RULES
from tui.model import SPEAKER, Annotation, Relation


class RelationError(SpantagError, ValueError):
    """A relation that breaks the rules (wrong labels, a span linked to itself, ...)."""


def rule_allows(label: str, head_label: str, child_label: str) -> bool:
    """Whether a relation `label` may go from a `head_label` span to a `child_label` span."""
    rule = RELATION_RULES.get(label)
    return rule is None or (rule.head == head_label and rule.child == child_label)


def check_relation(label: str, head: Annotation, child: Annotation) -> None:
    """Raise RelationError unless `label` may link `head` to `child`."""
    if head.id == child.id:
        raise RelationError("a span cannot be linked to itself")
    if head.doc_id != child.doc_id:
        raise RelationError("a relation links two spans of the same document")
    rule = RELATION_RULES.get(label)
    if rule is not None and (head.label, child.label) != (rule.head, rule.child):
        raise RelationError(
            f"{label} goes from a {rule.head} to a {rule.child}, not from a {head.label} to a "
            f"{child.label}"
        )


class RelationSet:
    """The relations of one document by id, by (head, label) and by the annotations they link."""

    def __init__(self, relations: Iterable[Relation] = ()) -> None:
        self._by_id: dict[str, Relation] = {}
        self._by_head: dict[tuple[str, str], Relation] = {}
        self._by_annotation: dict[str, set[str]] = {}
        self._counts: dict[str, int] = {}
        for relation in relations:
            self.add(relation)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Relation]:
        return iter(self._by_id.values())

    def count(self, label: str = SPEAKER) -> int:
        """How many relations of this label there are (without walking them)."""
        return self._counts.get(label, 0)

    def add(self, relation: Relation) -> None:
        if relation.id in self._by_id:
            self.remove(self._by_id[relation.id])
        self._counts[relation.label] = self._counts.get(relation.label, 0) + 1
        self._by_id[relation.id] = relation
        self._by_head[(relation.head, relation.label)] = relation
        for ann_id in (relation.head, relation.child):
            self._by_annotation.setdefault(ann_id, set()).add(relation.id)

    def remove(self, relation: Relation) -> None:
        if self._by_id.pop(relation.id, None) is None:
            return
        self._counts[relation.label] -= 1
        if self._by_head.get((relation.head, relation.label)) == relation:
            del self._by_head[(relation.head, relation.label)]
        for ann_id in (relation.head, relation.child):
            linked = self._by_annotation.get(ann_id)
            if linked is not None:
                linked.discard(relation.id)
                if not linked:
                    del self._by_annotation[ann_id]

    def from_head(self, head_id: str, label: str = SPEAKER) -> Relation | None:
        """The relation of this label going out of an annotation (at most one)."""
        return self._by_head.get((head_id, label))

    def touching(self, ann_id: str) -> tuple[Relation, ...]:
        """Every relation an annotation is the head or child of, in a stable order."""
        ids = self._by_annotation.get(ann_id, ())
        return tuple(sorted((self._by_id[i] for i in ids), key=lambda r: r.id))

    def to_child(self, child_id: str, label: str = SPEAKER) -> list[Relation]:
        """The relations of this label that point at an annotation."""
        return [r for r in self.touching(child_id) if r.child == child_id and r.label == label]
