"""The reader: one article at a time, tagged with the keyboard, every change saved at once.

This screen owns the session state (which document, its annotations, the search) and changes
it; the widgets below it only display what they are given and report keys and moves upward.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from tui.document.annotated import AnnotatedDocument, EditResult
from tui.document.bounds import Edge, Unit
from tui.jobs.saver import Saver, SaveState
from tui.model import Annotation, Document, Status
from tui.screens.note_commands import NoteCommands
from tui.screens.searching import SearchKeys
from tui.screens.span_keys import SPAN_BINDINGS, SpanKeys
from tui.screens.suggesting import SUGGESTION_BINDINGS, SuggestionKeys
from tui.session import Session
from tui.text.layout import printable
from tui.widgets.annotation_list import AnnotationList
from tui.widgets.article_view import ArticleView
from tui.widgets.bindings import add_binding, binding
from tui.widgets.document_list import DocumentList
from tui.widgets.status_bar import StatusBar, StatusInfo

SIDE_DELAY = 0.03
"""Seconds after a key before the status line follows it (two frame periods)."""
IDLE_DELAY = 0.12
"""Seconds without a key before the side panel and the suggestions are brought up to date."""
MAX_IDLE_WAIT = 1.0
"""...but never later than this after the change, even while keys keep coming."""


class ReaderScreen(SearchKeys, SuggestionKeys, Screen[None], inherit_bindings=False):
    """Article view, side panel (annotations and documents), search line, status line."""

    COMMANDS = Screen.COMMANDS | {NoteCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("x,delete", "remove", "Remove", "annotation.remove"),
        binding("u", "undo", "Undo", "history.undo", show=True),
        binding("U", "redo", "Redo", "history.redo"),
        binding("right_square_bracket", "next_annotation", "Next span", "annotation.next"),
        binding("left_square_bracket", "previous_annotation", "Prev span", "annotation.previous"),
        binding("greater_than_sign", "next_document", "Next doc", "document.next"),
        binding("less_than_sign", "previous_document", "Prev doc", "document.previous"),
        binding("slash", "search", "Search", "search.start", show=True),
        binding("n", "search_next", "Next match", "search.next"),
        binding("N", "search_previous", "Previous match", "search.previous"),
        binding("escape", "escape", "Clear", "selection.clear"),
        binding("d", "toggle_status('done')", "Done", "document.done"),
        binding("s", "toggle_status('skipped')", "Skip", "document.skip"),
        binding("a", "focus_annotations", "Span list", "panel.annotations"),
        binding("o", "focus_documents", "Doc list", "panel.documents"),
        binding("ctrl+b", "toggle_panel", "Panel", "panel.toggle"),
        *SUGGESTION_BINDINGS,
        *SPAN_BINDINGS,
    ]

    @dataclass
    class SaveStateChanged(Message):
        """Posted (from the writer thread) when the durable state changes."""

        state: SaveState

    def __init__(self, session: Session, saver: Saver, warnings: list[str] | None = None) -> None:
        super().__init__()
        self.session = session
        self.saver = saver
        self.doc_id = session.order[0]
        self.doc: AnnotatedDocument = session.load(self.doc_id)
        self.pattern: re.Pattern[str] | None = None
        self.warnings = warnings or []
        self.info = StatusInfo(total=len(session))
        self._last_navigated: Annotation | None = None
        self.span_keys = SpanKeys(self)
        for label in session.labels:
            add_binding(
                self,
                Binding(
                    f"{label.key},{label.alt_key}",
                    f"tag('{label.name}')",
                    label.name.title(),
                    show=True,
                    key_display=label.key,
                    id=f"tag.{label.name.lower()}",
                    tooltip=f"Tag the selection, or what is under the cursor, as {label.name}",
                ),
            )

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal(id="main"):
            yield ArticleView(self.session.labels, id="article")
            # Filled after the first frame (_mount_panel): the article comes first.
            yield Vertical(id="panel")
        yield Static(id="search")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def annotation_list(self) -> AnnotationList:
        return self.query_one(AnnotationList)

    @property
    def document_list(self) -> DocumentList:
        return self.query_one(DocumentList)

    panel_ready = False

    def on_mount(self) -> None:
        self.query_one("#search", Static).display = False
        self.open_document(self.doc_id)
        self.view.focus()
        self.call_after_refresh(self._mount_panel)
        for warning in self.warnings[:5]:
            self.notify(printable(warning), severity="warning", timeout=8, markup=False)
        if len(self.warnings) > 5:
            self.notify(f"... and {len(self.warnings) - 5} more warnings", severity="warning")

    async def _mount_panel(self) -> None:
        """The side panel, mounted once the article is on screen (start-up: docs/performance.md)."""
        legend = Static(id="legend")
        # Two labels a row; fixed, so that updating the counts never needs a layout pass.
        legend.styles.height = (len(self.session.labels) + 1) // 2
        await self.query_one("#panel", Vertical).mount(
            legend,
            Static(id="annotations-title", classes="panel-title"),
            AnnotationList(self.session.labels, id="annotations"),
            Static(id="documents-title", classes="panel-title"),
            DocumentList(id="documents"),
        )
        self.panel_ready = True
        self.document_list.set_documents(self.session.order, self._document_row)
        self.annotation_list.show_document(self.doc)
        self._refresh_document_rows(self.doc_id)
        self._refresh_panel_titles()
        self._warm_up()

    def _warm_up(self) -> None:
        """After the first frame: compile the tagging grammars off the event loop."""
        self.run_worker(_import_tagging, thread=True, group="warm-up", exit_on_error=False)

    # -- documents ------------------------------------------------------------------------------
    def open_document(self, doc_id: str) -> None:
        """Show another document, where its cursor was left."""
        previous = self.doc_id
        self.session.cursors[previous] = self.view.cursor
        self.doc_id = doc_id
        self.doc = self.session.load(doc_id)
        self._last_navigated = None
        self.view.show(self.doc.text, self.doc.spans, self.session.cursors.get(doc_id, 0))
        self.suggested = None
        self._suggested_by_key = {}
        self._suggestion = None
        self.info.suggestions = 0
        self.refresh_suggestions()
        self.view.set_search(self.pattern)
        if self.panel_ready:
            self.annotation_list.show_document(self.doc)
        document = self.doc.document
        position = self.session.position(doc_id) + 1
        self.query_one("#title", Static).update(
            Text.assemble(
                (f"{position}/{len(self.session)}", "bold"),
                f" {printable(document.id)} — {printable(document.title)}",
            ),
            layout=False,
        )
        self._refresh_document_rows(previous, doc_id)
        self._refresh_panel_titles()
        self.info.position = position
        self.info.doc_id = doc_id
        self.info.length = len(self.doc.text)
        self._update_status()

    def _document_row(self, doc_id: str) -> tuple[Document, int, bool]:
        return self.session.documents[doc_id], self.session.count(doc_id), doc_id == self.doc_id

    def _refresh_document_rows(self, *doc_ids: str) -> None:
        if not self.panel_ready:
            return
        for doc_id in dict.fromkeys(doc_ids):
            self.document_list.update_document(doc_id)
        self.document_list.highlight_row(self.session.position(self.doc_id))

    def _refresh_panel_titles(self) -> None:
        if not self.panel_ready:
            return
        counts = self.session.label_counts(self.doc_id)
        cells = [
            f"[on {label.color}] [/] {label.name:<7}[b]{label.key}[/] {counts[label.name]:>4}"
            for label in self.session.labels
        ]
        legend = "\n".join("  ".join(cells[i : i + 2]) for i in range(0, len(cells), 2))
        self.query_one("#legend", Static).update(legend, layout=False)
        listed = self.annotation_list.label_filter or "all labels"
        self.query_one("#annotations-title", Static).update(
            f"[b]Spans[/] {len(self.doc.spans)} · showing {listed}", layout=False
        )
        self.query_one("#documents-title", Static).update(
            f"[b]Documents[/] done {self.session.done_count}/{len(self.session)}", layout=False
        )

    def action_next_document(self) -> None:
        self._step_document(1)

    def action_previous_document(self) -> None:
        self._step_document(-1)

    def _step_document(self, step: int) -> None:
        position = self.session.position(self.doc_id) + step
        if not 0 <= position < len(self.session):
            self.notify("This is the " + ("last" if step > 0 else "first") + " document", timeout=2)
            return
        self.open_document(self.session.order[position])

    @on(DocumentList.Chosen)
    def _document_chosen(self, event: DocumentList.Chosen) -> None:
        self.open_document(event.doc_id)
        self.set_focus(self.view)

    def action_toggle_status(self, status: Status) -> None:
        current = self.session.documents[self.doc_id].status
        new: Status = "todo" if current == status else status
        self.session.set_status(self.doc_id, new)
        self.saver.submit_status(self.doc_id, new)
        self._refresh_document_rows(self.doc_id)
        self._refresh_panel_titles()
        self.notify(f"{printable(self.doc_id)} marked {new}", timeout=2, markup=False)
        self._update_status()

    # -- tagging --------------------------------------------------------------------------------
    def action_tag(self, label: str) -> None:
        from tui.document.tagging import tag  # compiled grammars: warmed up after the first frame

        view = self.view
        selection = view.selection
        suggestion = self.selected_suggestion()
        if (
            suggestion is not None
            and suggestion is self._suggestion  # reached with Tab, not just the same extent
            and not self.doc.with_extent(suggestion.start, suggestion.end)
        ):
            # A label key on the suggestion Tab selected accepts it, with the label pressed.
            self.accept(suggestion, label)
            return
        outcome = tag(
            self.doc,
            label,
            view.cursor,
            (selection.start, selection.end) if selection is not None else None,
        )
        if outcome.kind == "nothing":
            what = "quotation" if label == "QUOTE" else "word or number"
            self.notify(
                f"No {what} under the cursor; select a span first", severity="warning", timeout=3
            )
            return
        if outcome.kind == "blank":
            self.notify("The selection holds only whitespace", severity="warning", timeout=3)
            return
        view.clear_selection()
        if outcome.kind == "exists":
            self.notify(f"Already tagged {label}", timeout=2)
            return
        assert outcome.result is not None
        self._persist(outcome.result, outcome.start, outcome.end)
        self.info.note = (
            f"{outcome.kind} {label} ‹{_excerpt(self.doc.text[outcome.start : outcome.end])}›"
        )
        self._update_status()

    def _persist(
        self, result: EditResult, start: int | None = None, end: int | None = None
    ) -> None:
        """Queue the durable write of an edit and redraw what it changed."""
        self.saver.submit(result.changes)
        if self.session.suggestions is not None:
            self.session.suggestions.note(result.changes)
            self.refresh_suggestions()
        if start is None and result.focus is not None and len(result.changes) == 1:
            start, end = result.focus.start, result.focus.end
        self.view.spans_changed(start, end)
        self._after_frame(panel=True, highlight=result.focus)

    def persist(self, result: EditResult, start: int | None = None, end: int | None = None) -> None:
        """Write an edit made by one of the screen's parts (SpanKeys) and redraw it."""
        self._persist(result, start, end)
        self.info.note = result.description
        self._update_status()

    def document_changed(self) -> None:
        """The open document's status, note or review flag changed: redraw where it shows."""
        self._refresh_document_rows(self.doc_id)
        self._refresh_panel_titles()
        self._update_status()

    # -- boundaries, notes, review flag, progress (tui/screens/span_keys.py, progress.py) --------
    def open_place(self, doc_id: str, start: int | None = None, end: int | None = None) -> None:
        """Open a document (from the palette's notes), selecting [start, end) if given."""
        if doc_id != self.doc_id:
            self.open_document(doc_id)
        if start is not None and end is not None:
            self.view.select(start, end)
        self.set_focus(self.view)

    def action_move_boundary(self, edge: Edge, unit: Unit, step: int) -> None:
        self.span_keys.move_boundary(edge, unit, step, self._last_navigated)

    def action_note_span(self) -> None:
        annotation = self.span_keys.span_note(self._last_navigated)
        if annotation is None:
            return
        from tui.screens.prompt import PromptScreen

        def answered(note: str | None) -> None:
            if note is not None:
                self.span_keys.set_span_note(annotation, note)

        question = f"Note on {annotation.label} ‹{_excerpt(annotation.text)}› (empty: remove):"
        self.app.push_screen(PromptScreen(question, annotation.note, allow_empty=True), answered)

    def action_note_document(self) -> None:
        from tui.screens.prompt import PromptScreen

        def answered(note: str | None) -> None:
            if note is not None:
                self.span_keys.set_document_note(note)

        question = f"Note on document {printable(self.doc_id)} (empty: remove):"
        current = self.session.documents[self.doc_id].note
        self.app.push_screen(PromptScreen(question, current, allow_empty=True), answered)

    def action_toggle_review(self) -> None:
        self.span_keys.toggle_review()

    def action_progress(self) -> None:
        from tui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.session.progress(), self.session.labels))

    # -- the rest of the screen, after the key's own frame ---------------------------------------
    # A frame redraws the bounding box of everything marked dirty: updating the status line or
    # the panel in the same frame as the text would stretch that box over the whole screen. So
    # a key's own effect (cursor, colour) is drawn first; the status line follows a couple of
    # frames later; the side panel and the suggestions (the costly part) wait until the keys
    # pause, so that a run of keys never waits for them. (docs/performance.md)
    _status_scheduled = False
    _idle_timer: Timer | None = None
    _idle_since = 0.0
    _side_panel = False
    _side_highlight: Annotation | None = None
    last_key = 0.0

    def _after_frame(self, *, panel: bool = False, highlight: Annotation | None = None) -> None:
        self._side_panel |= panel
        if highlight is not None:
            self._side_highlight = highlight
        if panel or highlight is not None:
            self._when_idle()
        if not self._status_scheduled:
            self._status_scheduled = True
            # Timers, not call_after_refresh: that may run before a frame whose dirty rows the
            # screen has not heard of yet (measured), merging the two frames.
            self.set_timer(SIDE_DELAY, self._status_tick)

    def _status_tick(self) -> None:
        self._status_scheduled = False
        self._update_status_now()

    def _when_idle(self) -> None:
        """Run `_idle_work` once no key has come for IDLE_DELAY (at most MAX_IDLE_WAIT late)."""
        if self._idle_timer is None:
            self._idle_since = time.monotonic()
            self._idle_timer = self.set_timer(IDLE_DELAY, self._idle_work)

    def _idle_work(self) -> None:
        now = time.monotonic()
        quiet = now - self.last_key
        if quiet < IDLE_DELAY and now - self._idle_since < MAX_IDLE_WAIT:
            self._idle_timer = self.set_timer(IDLE_DELAY - quiet, self._idle_work)
            return
        self._idle_timer = None
        if not self.panel_ready:
            self._side_panel, self._side_highlight = False, None  # _mount_panel fills it all
        if self._side_panel:
            self._side_panel = False
            self.annotation_list.items_changed()
            self._refresh_document_rows(self.doc_id)
            self._refresh_panel_titles()
        if self._side_highlight is not None:
            self.annotation_list.highlight(self._side_highlight)
            self._side_highlight = None
        if self._refresh_queued:
            # One more frame apart: the worker shares the GIL with the drawing.
            self.set_timer(SIDE_DELAY, self._start_suggestions)

    def _under_cursor(self) -> list[Annotation]:
        selection = self.view.selection
        if selection is not None:
            exact = self.doc.with_extent(selection.start, selection.end)
            if exact:
                return exact
        inner = self.doc.innermost_at(self.view.cursor)
        return [inner] if inner is not None else []

    def action_remove(self) -> None:
        found = self._under_cursor()
        if not found:
            self.notify("No annotation under the cursor", severity="warning", timeout=2)
            return
        annotation = found[-1]
        result = self.doc.remove(annotation)
        self.view.clear_selection()
        self._persist(result, annotation.start, annotation.end)
        self.info.note = f"removed {annotation.label} ‹{_excerpt(annotation.text)}›"
        self._update_status()

    def action_undo(self) -> None:
        self._replay(self.doc.undo(), "Nothing to undo")

    def action_redo(self) -> None:
        self._replay(self.doc.redo(), "Nothing to redo")

    def _replay(self, result: EditResult | None, empty: str) -> None:
        if result is None:
            self.notify(empty, timeout=2)
            return
        self.view.clear_selection()
        self.restore_pending(result.changes)
        if len(result.changes) == 1 and result.focus is not None:
            self._persist(result)
            self.view.move_to(result.focus.start)
        else:
            self._persist(result)
            self.view.spans_changed()
        self.info.note = result.description
        self._update_status()

    # -- annotation navigation --------------------------------------------------------------------
    def action_next_annotation(self) -> None:
        self._navigate(1)

    def action_previous_annotation(self) -> None:
        self._navigate(-1)

    def _navigate(self, step: int) -> None:
        spans = self.doc.spans
        if not spans:
            self.notify("No annotations in this document yet", timeout=2)
            return
        current = self._last_navigated
        selection = self.view.selection
        if (
            current is not None
            and current in spans
            and selection is not None
            and (selection.start, selection.end) == (current.start, current.end)
        ):
            rank = spans.rank(current) + step
            target = spans.nth(rank) if 0 <= rank < len(spans) else None
        elif step > 0:
            target = spans.first_starting_after(self.view.cursor)
        else:
            target = spans.last_starting_before(self.view.cursor)
        if target is None:
            target = spans.nth(0 if step > 0 else -1)
            self.notify(
                "Wrapped around to the " + ("first" if step > 0 else "last") + " annotation",
                timeout=2,
            )
        self._last_navigated = target
        self.view.select(target.start, target.end)
        self._after_frame(highlight=target)

    @on(AnnotationList.Chosen)
    def _annotation_chosen(self, event: AnnotationList.Chosen) -> None:
        self._last_navigated = event.annotation
        self.view.select(event.annotation.start, event.annotation.end)
        self.set_focus(self.view)

    @on(AnnotationList.FilterChanged)
    def _filter_changed(self) -> None:
        self._refresh_panel_titles()

    # -- escape and panel -------------------------------------------------------------------------
    def action_escape(self) -> None:
        if self.focused is not self.view:
            self.set_focus(self.view)
            return
        if self.view.selection is not None or self.view.select_mode:
            self.view.clear_selection()
            return
        if self.pattern is not None:
            self.pattern = None
            self.view.set_search(None)

    def action_focus_annotations(self) -> None:
        if not self.panel_ready:
            return
        self.query_one("#panel").display = True
        self.set_focus(self.annotation_list)

    def action_focus_documents(self) -> None:
        if not self.panel_ready:
            return
        self.query_one("#panel").display = True
        self.set_focus(self.document_list)

    def action_toggle_panel(self) -> None:
        panel = self.query_one("#panel")
        panel.display = not panel.display
        if not panel.display:
            self.set_focus(self.view)

    # -- status ---------------------------------------------------------------------------------
    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self.follow_cursor(event.offset)
        self.info.offset = event.offset
        self.info.selection = len(event.selection) if event.selection is not None else 0
        inner = self.doc.innermost_at(event.offset)
        self.info.under = f"{inner.label} ‹{_excerpt(inner.text)}›" if inner is not None else ""
        self._update_status()

    @on(SaveStateChanged)
    def _save_state_changed(self, event: SaveStateChanged) -> None:
        self.info.save = event.state
        if event.state.error is not None:
            self.notify(
                f"Not saved yet: {event.state.error}. Retrying.",
                severity="error",
                timeout=6,
                markup=False,
            )
        self._update_status()

    def _update_status(self) -> None:
        self._after_frame()

    def _update_status_now(self) -> None:
        self.info.done = self.session.done_count
        self.info.save = self.saver.state
        self.query_one(StatusBar).show_info(self.info)


def _import_tagging() -> None:
    import tui.document.tagging  # noqa: F401  (its regular expressions take ~50 ms to compile)


def _excerpt(text: str, limit: int = 40) -> str:
    flat = printable(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
