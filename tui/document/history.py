"""Edits of a document's annotations, and the undo/redo history that replays them.

Each edit knows how to apply and revert itself on an `AnnotatedDocument` and reports the store
changes that make the database match. Undoing every edit restores the exact initial state,
annotation ids and timestamps included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from tui.model import Annotation, AnyChange, Change, Relation, RelationChange


class AnnotatedDocument(Protocol):
    """What an edit needs of the document it changes (`tui.document.annotated` provides it)."""

    def _insert(self, annotation: Annotation) -> None: ...

    def _delete(self, annotation: Annotation) -> None: ...

    def _link(self, relation: Relation) -> None: ...

    def _unlink(self, relation: Relation) -> None: ...


def _unlink_all(doc: AnnotatedDocument, relations: tuple[Relation, ...]) -> list[AnyChange]:
    for relation in relations:
        doc._unlink(relation)
    return [RelationChange("delete", r) for r in relations]


def _link_all(doc: AnnotatedDocument, relations: tuple[Relation, ...]) -> list[AnyChange]:
    for relation in relations:
        doc._link(relation)
    return [RelationChange("put", r) for r in relations]


class Edit:
    """An undoable change of a document's annotations."""

    description = "edit"

    def apply(self, doc: AnnotatedDocument) -> list[AnyChange]:
        raise NotImplementedError

    def revert(self, doc: AnnotatedDocument) -> list[AnyChange]:
        raise NotImplementedError

    @property
    def focus(self) -> Annotation | None:
        """The annotation the user should see after this edit is applied or reverted."""
        return None


@dataclass(frozen=True, slots=True)
class AddEdit(Edit):
    """Add one annotation."""

    annotation: Annotation

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"tag {self.annotation.label}"

    def apply(self, doc: AnnotatedDocument) -> list[AnyChange]:
        doc._insert(self.annotation)
        return [Change("put", self.annotation)]

    def revert(self, doc: AnnotatedDocument) -> list[AnyChange]:
        doc._delete(self.annotation)
        return [Change("delete", self.annotation)]

    @property
    def focus(self) -> Annotation:
        return self.annotation


@dataclass(frozen=True, slots=True)
class RemoveEdit(Edit):
    """Remove one annotation, and the relations that link it (undo brings both back)."""

    annotation: Annotation
    relations: tuple[Relation, ...] = ()

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"remove {self.annotation.label}" + _and_links(self.relations)

    def apply(self, doc: AnnotatedDocument) -> list[AnyChange]:
        changes = _unlink_all(doc, self.relations)
        doc._delete(self.annotation)
        return [*changes, Change("delete", self.annotation)]

    def revert(self, doc: AnnotatedDocument) -> list[AnyChange]:
        doc._insert(self.annotation)
        return [Change("put", self.annotation), *_link_all(doc, self.relations)]

    @property
    def focus(self) -> Annotation:
        return self.annotation


@dataclass(frozen=True, slots=True)
class RelabelEdit(Edit):
    """Give an annotation another label (same id, same offsets); `relations` are the links the
    new label makes invalid, removed with it."""

    old: Annotation
    new: Annotation
    relations: tuple[Relation, ...] = ()

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"relabel {self.old.label} → {self.new.label}" + _and_links(self.relations)

    def apply(self, doc: AnnotatedDocument) -> list[AnyChange]:
        changes = _unlink_all(doc, self.relations)
        doc._delete(self.old)
        doc._insert(self.new)
        return [*changes, Change("put", self.new)]

    def revert(self, doc: AnnotatedDocument) -> list[AnyChange]:
        doc._delete(self.new)
        doc._insert(self.old)
        return [Change("put", self.old), *_link_all(doc, self.relations)]

    @property
    def focus(self) -> Annotation:
        return self.new


def _and_links(relations: tuple[Relation, ...]) -> str:
    if not relations:
        return ""
    labels = ", ".join(sorted({r.label for r in relations}))
    return f" and its {labels} link" + ("s" if len(relations) > 1 else "")


@dataclass(frozen=True, slots=True)
class LinkEdit(Edit):
    """Add one relation between two existing annotations."""

    relation: Relation
    head: Annotation
    child: Annotation

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"link {self.relation.label} → {self.child.text}"

    def apply(self, doc: AnnotatedDocument) -> list[AnyChange]:
        return _link_all(doc, (self.relation,))

    def revert(self, doc: AnnotatedDocument) -> list[AnyChange]:
        return _unlink_all(doc, (self.relation,))

    @property
    def focus(self) -> Annotation:
        return self.head


@dataclass(frozen=True, slots=True)
class UnlinkEdit(Edit):
    """Remove one relation (its annotations stay)."""

    relation: Relation
    head: Annotation

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"unlink {self.relation.label}"

    def apply(self, doc: AnnotatedDocument) -> list[AnyChange]:
        return _unlink_all(doc, (self.relation,))

    def revert(self, doc: AnnotatedDocument) -> list[AnyChange]:
        return _link_all(doc, (self.relation,))

    @property
    def focus(self) -> Annotation:
        return self.head


@dataclass(frozen=True, slots=True)
class ReplaceEdit(Edit):
    """Replace an annotation by another version of itself (same id, so its relations stay
    valid): the base of the resize and note edits."""

    old: Annotation
    new: Annotation

    def apply(self, doc: AnnotatedDocument) -> list[AnyChange]:
        doc._delete(self.old)
        doc._insert(self.new)
        return [Change("put", self.new)]

    def revert(self, doc: AnnotatedDocument) -> list[AnyChange]:
        doc._delete(self.new)
        doc._insert(self.old)
        return [Change("put", self.old)]

    @property
    def focus(self) -> Annotation:
        return self.new


@dataclass(frozen=True, slots=True)
class ResizeEdit(ReplaceEdit):
    """Move an annotation's start or end; the id, label and note stay, so relations stay valid."""

    @property
    def description(self) -> str:  # type: ignore[override]
        old, new = self.old, self.new
        return f"resize {old.label} {old.start}..{old.end} → {new.start}..{new.end}"


@dataclass(frozen=True, slots=True)
class NoteEdit(ReplaceEdit):
    """Give an annotation another free-text note (same id, extent and label)."""

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"note on {self.old.label}" if self.new.note else f"note removed ({self.old.label})"


@dataclass(frozen=True, slots=True)
class BatchEdit(Edit):
    """Several edits undone and redone as one (accept all, bulk import)."""

    edits: tuple[Edit, ...]
    label: str = "batch"

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"{self.label} ({len(self.edits)})"

    def apply(self, doc: AnnotatedDocument) -> list[AnyChange]:
        return [change for edit in self.edits for change in edit.apply(doc)]

    def revert(self, doc: AnnotatedDocument) -> list[AnyChange]:
        return [change for edit in reversed(self.edits) for change in edit.revert(doc)]

    @property
    def focus(self) -> Annotation | None:
        return self.edits[0].focus if self.edits else None


class History:
    """Undo and redo stacks of edits."""

    def __init__(self, limit: int = 10_000) -> None:
        self._done: list[Edit] = []
        self._undone: list[Edit] = []
        self._limit = limit

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def depth(self) -> int:
        """How many edits can be undone (tells whether anything was done since a moment)."""
        return len(self._done)

    def record(self, edit: Edit) -> None:
        """Remember an applied edit; a new edit forgets what was undone."""
        self._done.append(edit)
        if len(self._done) > self._limit:
            del self._done[: len(self._done) - self._limit]
        self._undone.clear()

    def pop_undo(self) -> Edit | None:
        if not self._done:
            return None
        edit = self._done.pop()
        self._undone.append(edit)
        return edit

    def pop_redo(self) -> Edit | None:
        if not self._undone:
            return None
        edit = self._undone.pop()
        self._done.append(edit)
        return edit
