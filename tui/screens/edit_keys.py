"""The reader's editing keys: a label key tags, `x` removes, `u` / `U` undo and redo. They change
the open document; the screen that owns them writes each edit (`persist`) and redraws."""

from __future__ import annotations

from typing import Protocol

from textual.notifications import SeverityLevel

from tui.document.annotated import AnnotatedDocument, EditResult
from tui.model import Annotation
from tui.screens.suggestion_keys import SuggestionKeys
from tui.text.layout import printable
from tui.widgets.article_view import ArticleView
from tui.widgets.status_bar import StatusInfo


class EditHost(Protocol):
    """What the editing keys need of the screen that owns them."""

    def persist(
        self, result: EditResult, start: int | None = None, end: int | None = None
    ) -> None: ...

    def status_changed(self) -> None: ...

    def notify(
        self, message: str, *, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None: ...


class EditKeys:
    """Tag, remove, undo, redo in the open document, with a note of what was done."""

    def __init__(
        self, host: EditHost, view: ArticleView, suggestions: SuggestionKeys, info: StatusInfo
    ) -> None:
        self.host = host
        self.view = view
        self.suggestions = suggestions
        self.info = info
        self.doc: AnnotatedDocument | None = None

    def open(self, doc: AnnotatedDocument) -> None:
        """The document the keys edit from now on."""
        self.doc = doc

    @property
    def _doc(self) -> AnnotatedDocument:
        assert self.doc is not None, "no document open"
        return self.doc

    def tag(self, label: str) -> None:
        from tui.document.tagging import tag  # compiled grammars: warmed up after the first frame

        view = self.view
        selection = view.selection
        suggestion = self.suggestions.selected_by_tab()
        if suggestion is not None and not self._doc.with_extent(suggestion.start, suggestion.end):
            # A label key on the suggestion Tab selected accepts it, with the label pressed.
            self.suggestions.accept(suggestion, label)
            return
        outcome = tag(
            self._doc,
            label,
            view.cursor,
            (selection.start, selection.end) if selection is not None else None,
        )
        if outcome.kind == "nothing":
            what = "quotation" if label == "QUOTE" else "word or number"
            self.host.notify(
                f"No {what} under the cursor; select a span first", severity="warning", timeout=3
            )
            return
        if outcome.kind == "blank":
            self.host.notify("The selection holds only whitespace", severity="warning", timeout=3)
            return
        view.clear_selection()
        if outcome.kind == "exists":
            self.host.notify(f"Already tagged {label}", timeout=2)
            return
        assert outcome.result is not None
        self.host.persist(outcome.result, outcome.start, outcome.end)
        self.info.note = (
            f"{outcome.kind} {label} ‹{excerpt(self._doc.text[outcome.start : outcome.end])}›"
        )
        self.host.status_changed()

    def _under_cursor(self) -> list[Annotation]:
        selection = self.view.selection
        if selection is not None:
            exact = self._doc.with_extent(selection.start, selection.end)
            if exact:
                return exact
        inner = self._doc.innermost_at(self.view.cursor)
        return [inner] if inner is not None else []

    def remove(self) -> None:
        found = self._under_cursor()
        if not found:
            self.host.notify("No annotation under the cursor", severity="warning", timeout=2)
            return
        annotation = found[-1]
        result = self._doc.remove(annotation)
        self.view.clear_selection()
        self.host.persist(result, annotation.start, annotation.end)
        self.info.note = f"removed {annotation.label} ‹{excerpt(annotation.text)}›"
        self.host.status_changed()

    def replay(self, result: EditResult | None, empty: str) -> None:
        if result is None:
            self.host.notify(empty, timeout=2)
            return
        self.view.clear_selection()
        self.suggestions.restore_pending(result.changes)
        self.host.persist(result)
        if len(result.changes) == 1 and result.focus is not None:
            self.view.move_to(result.focus.start)
        else:
            self.view.spans_changed()
        self.info.note = result.description
        self.host.status_changed()


def excerpt(text: str, limit: int = 40) -> str:
    """`text` on one line, cut to `limit` characters (for the status line)."""
    flat = printable(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
