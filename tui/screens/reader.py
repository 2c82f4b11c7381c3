"""The reader: one article at a time, tagged with the keyboard, every change saved at once.

This screen owns the session state (which document, its annotations, the active search) and
changes it. Its parts own their own state and report upward: the search line (what is typed),
the suggestion keys (what is suggested and selected), the side panel, the article view.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.command import Provider
from textual.containers import Horizontal
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.document.annotated import AnnotatedDocument, EditResult
from tui.document.bounds import Edge, Unit
from tui.document.navigation import step_annotation
from tui.jobs.saver import Saver
from tui.messages import AllSuggestionsReady, SaveStateChanged, SuggestionsReady
from tui.model import Annotation, Document, Status
from tui.screens.attributing import AttributionKeys
from tui.screens.commands import Command, ReaderCommands
from tui.screens.edit_keys import EditKeys, excerpt
from tui.screens.note_commands import NoteCommands
from tui.screens.pacing import Pacer
from tui.screens.reader_bindings import READER_BINDINGS, label_binding
from tui.screens.span_keys import SpanKeys
from tui.screens.suggestion_keys import SuggestionKeys
from tui.session import Session
from tui.text.layout import printable
from tui.text.search import find_next, find_previous
from tui.widgets.annotation_list import AnnotationList
from tui.widgets.article_view import ArticleView
from tui.widgets.attribution_bar import AttributionBar
from tui.widgets.bindings import add_binding
from tui.widgets.document_list import DocumentList
from tui.widgets.search_line import SearchLine
from tui.widgets.side_panel import SidePanel
from tui.widgets.status_bar import StatusBar, StatusInfo


class ReaderScreen(Screen[None], inherit_bindings=False):
    """Article view, side panel (annotations and documents), search line, status line."""

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        ReaderCommands,
        NoteCommands,
    }

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

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
        self.view = ArticleView(session.labels, id="article")
        self.panel = SidePanel(session.labels, id="panel")
        self.search_line = SearchLine(id="search")
        self.search_line.display = False
        self.pacer = Pacer(self, self._update_status_now, self._idle_work)
        self.suggestions = SuggestionKeys(self, self.view, session, saver, self.info)
        self.edits = EditKeys(self, self.view, self.suggestions, self.info)
        self.attribution_bar = AttributionBar(id="attribution")
        self.attribution_bar.display = False
        self.attribution = AttributionKeys(self, self.view, self.attribution_bar, self.info)
        self.span_keys = SpanKeys(self)
        self._side_panel = False
        self._side_highlight: Annotation | None = None
        for label in session.labels:
            add_binding(self, label_binding(label))

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal(id="main"):
            yield self.view
            yield self.panel  # filled after the first frame (_mount_panel): the article first
        yield self.search_line
        yield self.attribution_bar
        yield StatusBar(id="status")
        yield Footer()

    @property
    def annotation_list(self) -> AnnotationList:
        return self.panel.annotations

    @property
    def document_list(self) -> DocumentList:
        return self.panel.documents

    @property
    def panel_ready(self) -> bool:
        return self.panel.ready

    def key_sources(self) -> list[DOMNode]:
        """The nodes whose bindings the help screen and the palette list."""
        nodes: list[DOMNode] = [self, self.view, self.attribution_bar]
        return [*nodes, *([self.annotation_list] if self.panel_ready else [])]

    def on_mount(self) -> None:
        self.open_document(self.doc_id)
        self.view.focus()
        self.call_after_refresh(self._mount_panel)
        for warning in self.warnings[:5]:
            self.notify(printable(warning), severity="warning", timeout=8, markup=False)
        if len(self.warnings) > 5:
            self.notify(f"... and {len(self.warnings) - 5} more warnings", severity="warning")

    async def _mount_panel(self) -> None:
        await self.panel.fill(self.session.order, self._document_row, self.doc)
        self._refresh_document_rows(self.doc_id)
        self._refresh_panel_titles()
        # After the first frame: compile the tagging grammars off the event loop.
        self.run_worker(_import_tagging, thread=True, group="warm-up", exit_on_error=False)

    # -- keys first: the app hands every key here before the bindings ------------------------------
    async def route_key(self, event: events.Key) -> bool:
        """True when the open search line took the key (then no binding runs for it); else the
        key waits until the search line's last message is applied (a burst keeps its order)."""
        self.pacer.key_pressed()
        if self.search_line.take_key(event):
            return True
        await self.search_line.settled()
        return False

    def route_paste(self, text: str) -> None:
        self.search_line.take_paste(text)

    # -- documents ------------------------------------------------------------------------------
    def open_document(self, doc_id: str) -> None:
        """Show another document, where its cursor was left."""
        previous = self.doc_id
        self.session.cursors[previous] = self.view.cursor
        self.doc_id = doc_id
        self.doc = self.session.load(doc_id)
        self._last_navigated = None
        self.view.show(self.doc.text, self.doc.spans, self.session.cursors.get(doc_id, 0))
        self.suggestions.open(self.doc)
        self.edits.open(self.doc)
        self.attribution.open(self.doc)
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
        self.status_changed()

    def _document_row(self, doc_id: str) -> tuple[Document, int, bool]:
        return self.session.documents[doc_id], self.session.count(doc_id), doc_id == self.doc_id

    def _refresh_document_rows(self, *doc_ids: str) -> None:
        if not self.panel_ready:
            return
        for doc_id in dict.fromkeys(doc_ids):
            self.document_list.update_document(doc_id)
        self.document_list.highlight_row(self.session.position(self.doc_id))

    def _refresh_panel_titles(self) -> None:
        session = self.session
        self.panel.show_titles(
            session.label_counts(self.doc_id), len(self.doc.spans), session.done_count, len(session)
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
        self.status_changed()

    # -- tagging --------------------------------------------------------------------------------
    def action_tag(self, label: str) -> None:
        self.edits.tag(label)

    def action_remove(self) -> None:
        self.edits.remove()

    def action_undo(self) -> None:
        self.edits.replay(self.doc.undo(), "Nothing to undo")

    def action_redo(self) -> None:
        self.edits.replay(self.doc.redo(), "Nothing to redo")

    def persist(self, result: EditResult, start: int | None = None, end: int | None = None) -> None:
        """Queue the durable write of an edit and redraw what it changed."""
        self.saver.submit(result.changes)
        if self.session.suggestions is not None:
            self.session.suggestions.note(result.changes)
            self.suggestions.refresh()
        if start is None and result.focus is not None and len(result.changes) == 1:
            start, end = result.focus.start, result.focus.end
        self.view.spans_changed(start, end)
        self.attribution.follow(self.view.cursor)  # the quote's speaker may have changed
        self._side_panel = True
        self._side_highlight = result.focus or self._side_highlight
        self.pacer.when_idle()
        self.status_changed()

    # -- boundaries, notes, review flag, progress (tui/screens/span_keys.py, progress.py) --------
    def action_move_boundary(self, edge: Edge, unit: Unit, step: int) -> None:
        self.span_keys.move_boundary(edge, unit, step, self._last_navigated)

    def action_note_span(self) -> None:
        self.span_keys.note_span(self._last_navigated)

    def action_note_document(self) -> None:
        self.span_keys.note_document()

    def action_toggle_review(self) -> None:
        self.span_keys.toggle_review()

    def action_progress(self) -> None:
        from tui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.session.progress(), self.session.labels))

    def ask(self, question: str, value: str, answered: Callable[[str | None], None]) -> None:
        """A one-line question in a modal; Enter on an empty line answers ""."""
        from tui.screens.prompt import PromptScreen

        self.app.push_screen(PromptScreen(question, value, allow_empty=True), answered)

    def document_changed(self) -> None:
        """The open document's status, note or review flag changed: redraw where it shows."""
        self._refresh_document_rows(self.doc_id)
        self._refresh_panel_titles()
        self.status_changed()

    def open_place(self, doc_id: str, start: int | None = None, end: int | None = None) -> None:
        """Open a document (from the palette's notes), selecting [start, end) if given."""
        if doc_id != self.doc_id:
            self.open_document(doc_id)
        if start is not None and end is not None:
            self.view.select(start, end)
        self.set_focus(self.view)

    # -- the rest of the screen, after the key's own frame (tui/screens/pacing.py) -----------------
    def when_idle(self) -> None:
        self.pacer.when_idle()

    def status_changed(self) -> None:
        self.pacer.status_soon()

    def _idle_work(self) -> None:
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
        if self.suggestions.queued:
            self.pacer.after_a_frame(self.suggestions.start)

    def _highlight_soon(self, annotation: Annotation) -> None:
        self._side_highlight = annotation
        self.pacer.when_idle()
        self.status_changed()

    # -- suggestions (the keys' actions; SuggestionKeys does the work) ----------------------------
    def action_step_suggestion(self, step: int) -> None:
        self.suggestions.step(step)

    def action_accept_suggestion(self) -> None:
        self.suggestions.accept_selected()

    def action_reject_suggestion(self) -> None:
        self.suggestions.reject_selected()

    def palette_commands(self) -> Iterator[Command]:
        """The palette's commands that have no key: accept all suggestions of a label."""
        if self.session.suggestions is None:
            return
        for label in self.session.labels:
            yield Command(
                f"Accept all {label.name} suggestions",
                f"Tag every {label.name} suggestion of this document (one undoable edit)",
                partial(self.suggestions.accept_all, label.name),
            )

    @on(SuggestionsReady)
    def _suggestions_ready(self, event: SuggestionsReady) -> None:
        self.suggestions.ready(event)

    @on(AllSuggestionsReady)
    def _all_suggestions_ready(self, event: AllSuggestionsReady) -> None:
        self.suggestions.all_ready(event)

    # -- attribution (AttributionKeys does the work; the bar reports each step) -------------------
    def action_attribute(self) -> None:
        self.attribution.attribute()

    def action_next_unattributed(self) -> None:
        self.attribution.next_unattributed()

    @on(AttributionBar.Moved)
    def _speaker_moved(self, event: AttributionBar.Moved) -> None:
        self.attribution.moved(event)

    @on(AttributionBar.Linked)
    def _speaker_linked(self, event: AttributionBar.Linked) -> None:
        self.attribution.linked(event)

    @on(AttributionBar.Unlinked)
    def _speaker_unlinked(self, event: AttributionBar.Unlinked) -> None:
        self.attribution.unlinked(event)

    @on(AttributionBar.Rejected)
    def _speaker_rejected(self, event: AttributionBar.Rejected) -> None:
        self.attribution.rejected_speaker(event)

    @on(AttributionBar.Closed)
    def _attribution_closed(self, event: AttributionBar.Closed) -> None:
        self.attribution.closed(event)

    # -- annotation navigation --------------------------------------------------------------------
    def action_next_annotation(self) -> None:
        self._navigate(1)

    def action_previous_annotation(self) -> None:
        self._navigate(-1)

    def _navigate(self, step: int) -> None:
        if not self.doc.spans:
            self.notify("No annotations in this document yet", timeout=2)
            return
        selection = self.view.selection
        extent = (selection.start, selection.end) if selection is not None else None
        target, wrapped = step_annotation(
            self.doc.spans, self._last_navigated, extent, self.view.cursor, step
        )
        if wrapped:
            side = "first" if step > 0 else "last"
            self.notify(f"Wrapped around to the {side} annotation", timeout=2)
        self._last_navigated = target
        self.view.select(target.start, target.end)
        self._highlight_soon(target)

    @on(AnnotationList.Chosen)
    def _annotation_chosen(self, event: AnnotationList.Chosen) -> None:
        self._last_navigated = event.annotation
        self.view.select(event.annotation.start, event.annotation.end)
        self.set_focus(self.view)

    @on(AnnotationList.FilterChanged)
    def _filter_changed(self) -> None:
        self._refresh_panel_titles()

    # -- search: the search line reports, the screen moves ----------------------------------------
    def action_search(self) -> None:
        self.search_line.open()

    @on(SearchLine.Changed)
    @on(SearchLine.Submitted)
    @on(SearchLine.Cancelled)
    def _search_reported(
        self, event: SearchLine.Changed | SearchLine.Submitted | SearchLine.Cancelled
    ) -> None:
        try:
            self.pattern = None if isinstance(event, SearchLine.Cancelled) else event.pattern
            self.view.set_search(self.pattern)
            if isinstance(event, SearchLine.Submitted) and self.pattern is not None:
                self._jump(1, start=self.view.cursor - 1)
        finally:
            self.search_line.handled()  # the next key was waiting for this (route_key)

    def action_search_next(self) -> None:
        self._jump(1)

    def action_search_previous(self) -> None:
        self._jump(-1)

    def _jump(self, step: int, start: int | None = None) -> None:
        if self.pattern is None:
            self.notify("No search yet: press / to search", timeout=2)
            return
        offset = self.view.cursor if start is None else start
        finder = find_next if step > 0 else find_previous
        match, wrapped = finder(self.pattern, self.doc.text, offset)
        if match is None:
            self.notify(
                f"Not found: {self.pattern.pattern!r}", severity="warning", timeout=3, markup=False
            )
            return
        if wrapped:
            self.notify("Search wrapped to the " + ("top" if step > 0 else "bottom"), timeout=2)
        self.view.select(match.start(), match.end(), cursor_at_start=True)

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
        self._focus_panel(self.annotation_list if self.panel_ready else None)

    def action_focus_documents(self) -> None:
        self._focus_panel(self.document_list if self.panel_ready else None)

    def _focus_panel(self, target: AnnotationList | DocumentList | None) -> None:
        if target is not None:
            self.panel.display = True
            self.set_focus(target)

    def action_toggle_panel(self) -> None:
        self.panel.display = not self.panel.display
        if not self.panel.display:
            self.set_focus(self.view)

    # -- status ---------------------------------------------------------------------------------
    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self.suggestions.follow_cursor(event.offset)
        self.info.offset = event.offset
        self.info.selection = len(event.selection) if event.selection is not None else 0
        inner = self.doc.innermost_at(event.offset)
        self.info.under = f"{inner.label} ‹{excerpt(inner.text)}›" if inner is not None else ""
        self.attribution.follow(event.offset)
        self.status_changed()

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
        self.status_changed()

    def _update_status_now(self) -> None:
        self.info.done = self.session.done_count
        self.info.save = self.saver.state
        self.query_one(StatusBar).show_info(self.info)


def _import_tagging() -> None:
    import tui.document.tagging  # noqa: F401  (its regular expressions take ~50 ms to compile)
