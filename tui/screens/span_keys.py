"""The reader's keys for one span or document beyond tagging: move a span's start or end by a
word or a character, write a note on a span or on the document, flag the document for review.

A plain class that owns what it needs (the last span it moved) and asks the screen that hosts
it for the rest through `SpanHost`; every change of annotations is one undoable edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from textual.binding import Binding
from textual.notifications import SeverityLevel

from tui.document.annotated import AnnotatedDocument, EditResult
from tui.document.bounds import Edge, Unit
from tui.jobs.saver import Saver
from tui.model import Annotation, SpanError
from tui.session import Session
from tui.text.layout import printable
from tui.widgets.bindings import binding

if TYPE_CHECKING:
    from tui.widgets.article_view import ArticleView


def _move(key: str, edge: Edge, unit: Unit, step: int, what: str) -> Binding:
    direction = "right" if step > 0 else "left"
    return binding(
        key,
        f"move_boundary('{edge}', '{unit}', {step})",
        f"{edge.title()} {'word' if unit == 'word' else 'char'} {direction}",
        f"bounds.{edge}_{unit}_{direction}",
        tip=f"Move the selected span's {edge} {what} {direction}",
    )


SPAN_BINDINGS: list[Binding] = [
    _move("alt+left", "end", "word", -1, "a word"),
    _move("alt+right", "end", "word", 1, "a word"),
    _move("alt+shift+left", "start", "word", -1, "a word"),
    _move("alt+shift+right", "start", "word", 1, "a word"),
    _move("left_parenthesis", "end", "char", -1, "a character"),
    _move("right_parenthesis", "end", "char", 1, "a character"),
    _move("left_curly_bracket", "start", "char", -1, "a character"),
    _move("right_curly_bracket", "start", "char", 1, "a character"),
    binding(
        "number_sign",
        "note_span",
        "Span note",
        "note.span",
        tip="Write a note on the selected span, or the innermost one under the cursor",
    ),
    binding(
        "ctrl+n", "note_document", "Doc note", "note.document", tip="Write a note on the document"
    ),
    binding(
        "exclamation_mark",
        "toggle_review",
        "Review flag",
        "document.review",
        tip="Flag the document for review (press again to clear)",
    ),
    binding("P", "progress", "Progress", "progress.show", tip="Show the progress screen"),
]
"""ReaderScreen's keys for boundaries, notes, the review flag and the progress screen (the
palette lists them too: their tooltips are the command names)."""


class SpanHost(Protocol):
    """What the span keys need of the screen that hosts them."""

    session: Session
    saver: Saver

    @property
    def doc(self) -> AnnotatedDocument: ...

    @property
    def view(self) -> ArticleView: ...

    def persist(
        self, result: EditResult, start: int | None = None, end: int | None = None
    ) -> None: ...

    def document_changed(self) -> None: ...

    def ask(self, question: str, value: str, answered: Callable[[str | None], None]) -> None:
        """Ask for a line of text (None: cancelled; "" allowed)."""

    def notify(
        self,
        message: str,
        *,
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...


class SpanKeys:
    """Boundaries, notes and the review flag of the open document."""

    def __init__(self, host: SpanHost) -> None:
        self.host = host
        self._moved: Annotation | None = None

    def selected(self, last: Annotation | None = None) -> Annotation | None:
        """The annotation these keys act on: the selected one (the one just moved, or `last`,
        when several share the selection's extent), else the innermost under the cursor."""
        doc, view = self.host.doc, self.host.view
        selection = view.selection
        if selection is not None:
            exact = doc.with_extent(selection.start, selection.end)
            for preferred in (self._moved, last):
                if preferred is not None:
                    same = [a for a in exact if a.id == preferred.id]
                    if same:
                        return same[0]
            if exact:
                return exact[-1]
        return doc.innermost_at(view.cursor)

    def move_boundary(
        self, edge: Edge, unit: Unit, step: int, last: Annotation | None = None
    ) -> None:
        """Move the selected span's start or end; the span stays selected for the next move."""
        host = self.host
        annotation = self.selected(last)
        if annotation is None:
            host.notify("No annotation selected or under the cursor", severity="warning", timeout=2)
            return
        try:
            result = host.doc.move_boundary(annotation, edge, unit, step)
        except SpanError as exc:
            host.notify(str(exc), severity="warning", timeout=3, markup=False)
            return
        if result is None:
            host.notify(f"The {edge} cannot move further that way", timeout=2)
            return
        moved = result.focus
        assert moved is not None
        self._moved = moved
        low, high = min(annotation.start, moved.start), max(annotation.end, moved.end)
        host.persist(result, low, high)
        host.view.select(moved.start, moved.end, cursor_at_start=edge == "start")

    def note_span(self, last: Annotation | None = None) -> None:
        """Ask for the selected span's note (its current one filled in) and write it."""
        annotation = self.selected(last)
        if annotation is None:
            self.host.notify("No annotation selected or under the cursor", severity="warning")
            return

        def answered(note: str | None) -> None:
            if note is not None:
                self.set_span_note(annotation, note)

        question = f"Note on {annotation.label} ‹{_excerpt(annotation.text)}› (empty: remove):"
        self.host.ask(question, annotation.note, answered)

    def note_document(self) -> None:
        """Ask for the open document's note (its current one filled in) and write it."""
        doc_id = self.host.doc.id

        def answered(note: str | None) -> None:
            if note is not None:
                self.set_document_note(note)

        current = self.host.session.documents[doc_id].note
        self.host.ask(f"Note on document {printable(doc_id)} (empty: remove):", current, answered)

    def set_span_note(self, annotation: Annotation, note: str) -> None:
        """Write the note (one undoable edit); an empty note removes it."""
        result = self.host.doc.set_note(annotation, note)
        if result is not None:
            self.host.persist(result, annotation.start, annotation.end)
            what = (
                "removed" if not note else f"on {annotation.label} ‹{printable(annotation.text)}›"
            )
            self.host.notify(f"Note {what}", timeout=2, markup=False)

    def set_document_note(self, note: str) -> None:
        """Write (or with "" clear) the open document's note, durably."""
        host = self.host
        doc_id = host.doc.id
        document = host.session.replace_document(host.session.documents[doc_id].with_note(note))
        host.saver.submit_op(lambda store: store.set_document_note(doc_id, note))
        host.document_changed()
        host.notify(
            "Document note " + ("saved" if document.note else "removed"), timeout=2, markup=False
        )

    def toggle_review(self) -> None:
        """Flag the open document for review, or clear the flag."""
        host = self.host
        doc_id = host.doc.id
        review = not host.session.documents[doc_id].review
        host.session.replace_document(host.session.documents[doc_id].with_review(review))
        host.saver.submit_op(lambda store: store.set_review(doc_id, review))
        host.document_changed()
        flagged = "flagged for review" if review else "no longer flagged for review"
        host.notify(f"{printable(doc_id)} {flagged}", timeout=2, markup=False)


def _excerpt(text: str, limit: int = 40) -> str:
    flat = printable(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
