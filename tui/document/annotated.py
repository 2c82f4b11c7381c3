"""A document with its annotations: the indexes the reader queries and the edits it makes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.document.bounds import Edge, Unit, moved
from tui.document.history import (
    AddEdit,
    BatchEdit,
    Edit,
    History,
    LinkEdit,
    NoteEdit,
    RelabelEdit,
    RemoveEdit,
    ResizeEdit,
    UnlinkEdit,
)
from tui.document.relations import RelationError, RelationSet, check_relation, rule_allows
from tui.document.span_index import SpanIndex
from tui.labels import DEFAULT_LABEL_SET, LabelSet
from tui.model import (
    SPEAKER,
    Annotation,
    AnyChange,
    Document,
    Relation,
    RelationSource,
    Source,
    SpanError,
    SpanKey,
    check_span,
    order_key,
)


@dataclass(frozen=True, slots=True)
class EditResult:
    """What an edit did: the store changes to persist and the annotation to show."""

    edit: Edit
    changes: list[AnyChange]
    focus: Annotation | None
    undone: bool = False

    @property
    def description(self) -> str:
        return ("undo " if self.undone else "") + self.edit.description


@dataclass(eq=False)
class AnnotatedDocument:
    """A document, its annotations indexed by position (all and per label), and its history."""

    document: Document
    labels: LabelSet = DEFAULT_LABEL_SET
    annotator: str = ""
    spans: SpanIndex[Annotation] = field(init=False)
    by_label: dict[str, SpanIndex[Annotation]] = field(init=False)
    history: History = field(init=False, default_factory=History)
    version: int = field(init=False, default=0)
    links: RelationSet = field(init=False, default_factory=RelationSet)
    by_id: dict[str, Annotation] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.spans = SpanIndex()
        self.by_label = {label.name: SpanIndex() for label in self.labels}

    @classmethod
    def load(
        cls,
        document: Document,
        annotations: Iterable[Annotation],
        labels: LabelSet = DEFAULT_LABEL_SET,
        annotator: str = "",
        relations: Iterable[Relation] = (),
    ) -> AnnotatedDocument:
        """Build from stored annotations and relations (already validated); exact duplicate
        spans are merged, and a relation whose spans are not here is left out."""
        doc = cls(document, labels, annotator)
        items = list(annotations)
        doc.spans = SpanIndex(items)
        doc.by_id = {a.id: a for a in doc.spans}
        doc.links = RelationSet(
            r for r in relations if r.head in doc.by_id and r.child in doc.by_id
        )
        # Labels outside the label set (from another program, or another label set) are indexed
        # too: removing such a span must find it (it raised KeyError).
        groups: dict[str, list[Annotation]] = {name: [] for name in doc.by_label}
        for annotation in items:
            groups.setdefault(annotation.label, []).append(annotation)
        doc.by_label = {name: SpanIndex(group) for name, group in groups.items()}
        return doc

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def id(self) -> str:
        return self.document.id

    # -- low level, used by edits -------------------------------------------------------------
    def _insert(self, annotation: Annotation) -> None:
        self.spans.add(annotation)
        self.by_label.setdefault(annotation.label, SpanIndex()).add(annotation)
        self.by_id[annotation.id] = annotation
        self.version += 1

    def _delete(self, annotation: Annotation) -> None:
        self.spans.remove(annotation)
        self.by_label[annotation.label].remove(annotation)
        self.by_id.pop(annotation.id, None)
        self.version += 1

    def _link(self, relation: Relation) -> None:
        self.links.add(relation)
        self.version += 1

    def _unlink(self, relation: Relation) -> None:
        self.links.remove(relation)
        self.version += 1

    # -- queries ------------------------------------------------------------------------------
    def get(self, start: int, end: int, label: str) -> Annotation | None:
        """The annotation with exactly this extent and label."""
        return self.spans.get(order_key(start, end, label))

    def with_extent(self, start: int, end: int) -> list[Annotation]:
        """Annotations of any label covering exactly [start, end)."""
        return [a for a in self.spans.overlapping(start, end) if a.start == start and a.end == end]

    def innermost_at(self, offset: int) -> Annotation | None:
        """The shortest annotation covering `offset` (the last one in order on ties)."""
        covering = self.spans.containing(offset)
        if not covering:
            return None
        return min(reversed(covering), key=lambda a: a.end - a.start)

    def speaker(self, quote: Annotation, label: str = SPEAKER) -> Annotation | None:
        """The span a quote's relation of this label points at (its speaker), if any."""
        relation = self.links.from_head(quote.id, label)
        return self.by_id.get(relation.child) if relation is not None else None

    @property
    def unattributed_count(self) -> int:
        """How many QUOTE spans have no SPEAKER, in constant time (a SPEAKER's head is always a
        QUOTE: the rule is checked when it is made, and a relabel removes it)."""
        return len(self.by_label.get("QUOTE", ())) - self.links.count(SPEAKER)

    def unattributed(self) -> list[Annotation]:
        """The QUOTE spans without a SPEAKER relation, in document order."""
        return [q for q in self.by_label.get("QUOTE", ()) if self.links.from_head(q.id) is None]

    # -- edits --------------------------------------------------------------------------------
    def _do(self, edit: Edit) -> EditResult:
        changes = edit.apply(self)
        self.history.record(edit)
        return EditResult(edit, changes, edit.focus)

    def make_annotation(
        self, start: int, end: int, label: str, source: Source = "manual", annotator: str = ""
    ) -> Annotation:
        """A validated new annotation of this document (not yet added)."""
        check_span(self.text, start, end, label, self.labels)
        return Annotation(
            doc_id=self.id,
            start=start,
            end=end,
            label=label,
            text=self.text[start:end],
            annotator=annotator or self.annotator,
            source=source,
        )

    def add(
        self, start: int, end: int, label: str, source: Source = "manual", annotator: str = ""
    ) -> EditResult | None:
        """Tag [start, end) with `label`; None when that exact span already exists."""
        if self.get(start, end, label) is not None:
            check_span(self.text, start, end, label, self.labels)
            return None
        return self._do(AddEdit(self.make_annotation(start, end, label, source, annotator)))

    def add_many(self, annotations: Iterable[Annotation], label: str = "add") -> EditResult | None:
        """Add several validated annotations as one undoable edit; existing spans are skipped."""
        edits: list[Edit] = []
        seen: set[SpanKey] = set()
        for annotation in annotations:
            if annotation.key in seen or self.get(*annotation.key) is not None:
                continue
            seen.add(annotation.key)
            edits.append(AddEdit(annotation))
        if not edits:
            return None
        return self._do(BatchEdit(tuple(edits), label))

    def _current(self, annotation: Annotation) -> Annotation:
        """The stored annotation with this extent and label (a caller may hold a stale copy)."""
        current = self.get(*annotation.key)
        if current is None:
            raise SpanError(f"no {annotation.label} span at {annotation.start}..{annotation.end}")
        return current

    def remove(self, annotation: Annotation) -> EditResult:
        """Remove an annotation of this document, and its relations in the same edit."""
        current = self._current(annotation)
        return self._do(RemoveEdit(current, self.links.touching(current.id)))

    def relabel(self, annotation: Annotation, label: str) -> EditResult | None:
        """Give an annotation another label; if that span already exists, the two merge."""
        if label not in self.labels:
            raise SpanError(f"unknown label {label!r}")
        current = self._current(annotation)
        if current.label == label:
            return None
        if self.get(current.start, current.end, label) is not None:
            return self._do(RemoveEdit(current, self.links.touching(current.id)))
        new = current.relabelled(label)
        invalid = tuple(r for r in self.links.touching(current.id) if not self._still_valid(r, new))
        return self._do(RelabelEdit(current, new, invalid))

    def _still_valid(self, relation: Relation, changed: Annotation) -> bool:
        head = changed if relation.head == changed.id else self.by_id[relation.head]
        child = changed if relation.child == changed.id else self.by_id[relation.child]
        return rule_allows(relation.label, head.label, child.label)

    def make_relation(
        self,
        head: Annotation,
        child: Annotation,
        label: str = SPEAKER,
        source: RelationSource = "manual",
        annotator: str = "",
    ) -> Relation:
        """A validated new relation between two spans of this document (not yet added)."""
        head, child = self._current(head), self._current(child)
        check_relation(label, head, child)
        return Relation(self.id, head.id, child.id, label, annotator or self.annotator, source)

    def link(
        self,
        head: Annotation,
        child: Annotation,
        label: str = SPEAKER,
        source: RelationSource = "manual",
        annotator: str = "",
    ) -> EditResult | None:
        """Link head to child; an existing relation of this label from head is replaced in the
        same edit. None when exactly that link exists already."""
        relation = self.make_relation(head, child, label, source, annotator)
        head, child = self.by_id[relation.head], self.by_id[relation.child]
        old = self.links.from_head(head.id, label)
        if old is not None and old.child == child.id:
            return None
        edit: Edit = LinkEdit(relation, head, child)
        if old is not None:
            edit = BatchEdit((UnlinkEdit(old, head), edit), f"change {label} → {child.text}")
        return self._do(edit)

    def unlink(self, head: Annotation, label: str = SPEAKER) -> EditResult:
        """Remove the relation of this label going out of `head`."""
        current = self._current(head)
        relation = self.links.from_head(current.id, label)
        if relation is None:
            raise RelationError(f"this {current.label} has no {label} link")
        return self._do(UnlinkEdit(relation, current))

    def add_with_links(
        self, annotations: Iterable[Annotation], relations: Iterable[Relation], label: str
    ) -> EditResult | None:
        """Add spans (existing ones skipped) and then relations between spans that exist after
        them, as one undoable edit; a head that already has a relation of that label is
        skipped."""
        edits: list[Edit] = []
        added: dict[str, Annotation] = {}
        keys: set[tuple[int, int, str]] = set()
        for annotation in annotations:
            if annotation.key in keys or self.get(*annotation.key) is not None:
                continue
            keys.add(annotation.key)
            added[annotation.id] = annotation
            edits.append(AddEdit(annotation))
        heads: set[tuple[str, str]] = set()
        for relation in relations:
            head = added.get(relation.head) or self.by_id.get(relation.head)
            child = added.get(relation.child) or self.by_id.get(relation.child)
            ident = (relation.head, relation.label)
            if head is None or child is None or ident in heads:
                continue
            if self.links.from_head(*ident) is not None:
                continue
            check_relation(relation.label, head, child)
            heads.add(ident)
            edits.append(LinkEdit(relation, head, child))
        if not edits:
            return None
        return self._do(BatchEdit(tuple(edits), label))

    def resize(self, annotation: Annotation, start: int, end: int) -> EditResult:
        """Give an annotation another extent, keeping its id, label and note.

        SpanError when the new extent breaks the offset rules or is already tagged with the
        same label (two spans with one key would be one span).
        """
        current = self._current(annotation)
        check_span(self.text, start, end, current.label, self.labels)
        if self.get(start, end, current.label) is not None:
            raise SpanError(f"{self.text[start:end]!r} is already tagged {current.label}")
        return self._do(ResizeEdit(current, current.resized(start, end, self.text[start:end])))

    def move_boundary(
        self, annotation: Annotation, edge: Edge, unit: Unit, step: int
    ) -> EditResult | None:
        """Move an annotation's start or end a word or a character; None when it cannot move."""
        current = self._current(annotation)
        extent = moved(self.text, current.start, current.end, edge, unit, step)
        if extent is None:
            return None
        return self.resize(current, *extent)

    def set_note(self, annotation: Annotation, note: str) -> EditResult | None:
        """Write (or with "" clear) an annotation's note; None when it is already that note."""
        current = self._current(annotation)
        if current.note == note:
            return None
        return self._do(NoteEdit(current, current.with_note(note)))

    def undo(self) -> EditResult | None:
        """Revert the last edit; None when there is nothing to undo."""
        edit = self.history.pop_undo()
        if edit is None:
            return None
        return EditResult(edit, edit.revert(self), edit.focus, undone=True)

    def redo(self) -> EditResult | None:
        """Apply again the last undone edit; None when there is nothing to redo."""
        edit = self.history.pop_redo()
        if edit is None:
            return None
        return EditResult(edit, edit.apply(self), edit.focus)
