"""The reader's suggestion keys, the Textual side: computing in the background, drawing in the
text, Tab / Enter / Backspace and accept-all. What is shown and selected is a SuggestionState."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.binding import BindingType
from textual.message import Message
from textual.worker import Worker

from tui.db.suggestions import suggestion_record
from tui.document.annotated import AnnotatedDocument, EditResult
from tui.jobs.saver import Saver
from tui.messages import AllSuggestionsReady, SuggestionsReady
from tui.model import Change, SpanKey
from tui.session import Session
from tui.suggest.base import Suggestion
from tui.suggest.live import SuggestionRequest, compute
from tui.suggest.state import SuggestionState
from tui.widgets.article_view import ArticleView
from tui.widgets.bindings import binding
from tui.widgets.status_bar import StatusInfo

SUGGESTION_BINDINGS: list[BindingType] = [
    binding(
        "tab",
        "step_suggestion(1)",
        "Suggestion",
        "suggestion.next",
        show=True,
        tip="Select the next suggestion",
    ),
    binding("shift+tab", "step_suggestion(-1)", "Previous suggestion", "suggestion.previous"),
    binding(
        "enter",
        "accept_suggestion",
        "Accept",
        "suggestion.accept",
        tip="Accept the selected suggestion (a label key accepts it with that label)",
    ),
    binding(
        "backspace",
        "reject_suggestion",
        "Reject",
        "suggestion.reject",
        tip="Reject the selected suggestion (it will not be suggested again here)",
    ),
]
"""The reader's suggestion keys (their actions call SuggestionKeys)."""


class SuggestionHost(Protocol):
    """What the suggestion keys need of the screen that owns them."""

    def persist(
        self, result: EditResult, start: int | None = None, end: int | None = None
    ) -> None: ...

    def status_changed(self) -> None: ...

    def when_idle(self) -> None: ...

    def run_worker(
        self,
        work: Callable[[], None],
        *,
        group: str,
        exit_on_error: bool,
        exclusive: bool,
        thread: bool,
    ) -> Worker[None]: ...

    def post_message(self, message: Message) -> bool: ...

    def notify(self, message: str, *, timeout: float | None = None) -> None: ...


class SuggestionKeys:
    """Suggestions drawn in the text (in the label's colour, underlined) and the keys for them."""

    def __init__(
        self,
        host: SuggestionHost,
        view: ArticleView,
        session: Session,
        saver: Saver,
        info: StatusInfo,
    ) -> None:
        self.host = host
        self.view = view
        self.session = session
        self.saver = saver
        self.info = info
        self.state = SuggestionState()
        self.queued = False
        self.doc: AnnotatedDocument | None = None

    def open(self, doc: AnnotatedDocument) -> None:
        """Another document is shown: forget the last one's suggestions, compute its own."""
        self.doc = doc
        self.state.reset()
        self.info.suggestions = 0
        self.refresh()

    @property
    def _doc(self) -> AnnotatedDocument:
        assert self.doc is not None, "no document open"
        return self.doc

    # -- computing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute in the background once the keys pause (the worker shares the GIL, so it
        starts after the key's own frame is drawn): the screen then calls `start`."""
        if not self.queued:
            self.queued = True
            self.host.when_idle()

    def start(self) -> None:
        if not self.queued:
            return
        self.queued = False
        live = self.session.suggestions
        if live is not None:
            request = live.request(self._doc, self.view.cursor)
            self.state.requested = request.window
            self.host.run_worker(
                lambda: self._compute(request),
                thread=True,
                exclusive=True,
                group="suggestions",
                exit_on_error=False,
            )

    def _compute(self, request: SuggestionRequest) -> None:
        # A worker thread: computes from the frozen request, reports with a message.
        found = compute(request)
        self.host.post_message(
            SuggestionsReady(request.doc_id, request.version, request.window, found)
        )

    def follow_cursor(self, offset: int) -> None:
        """In a long article, recompute when the cursor nears the edge of the computed window."""
        if self.state.near_edge(offset, len(self._doc.text)):
            self.refresh()

    def _rejected(self) -> set[SpanKey]:
        live = self.session.suggestions
        return live.rejected.get(self._doc.document.id, set()) if live is not None else set()

    def ready(self, event: SuggestionsReady) -> None:
        """A computation finished: show what changed (stale results are dropped)."""
        doc = self._doc
        if event.doc_id != doc.document.id or event.version != doc.version:
            return  # stale: the document changed since; a newer computation is under way
        # A rejection does not change the version: one made while the worker ran is applied here.
        changed = self.state.apply(event.suggestions, event.window, self._rejected())
        self.view.set_suggestions(self.state.shown, redraw=False)
        if len(changed) > 50:
            self.view.spans_changed()
        else:
            for start, end, _ in changed:
                self.view.spans_changed(start, end)
        self.info.suggestions = len(self.state)
        self.host.status_changed()
        if self.state.step_when_ready:
            step, self.state.step_when_ready = self.state.step_when_ready, 0
            self.step(step)

    def _drop(self, suggestions: list[Suggestion]) -> None:
        for gone in self.state.drop(suggestions):
            self.view.spans_changed(gone.start, gone.end)
        self.info.suggestions = len(self.state)

    # -- moving ----------------------------------------------------------------------------------
    def selected(self) -> Suggestion | None:
        """The suggestion exactly selected (by Tab), if any."""
        selection = self.view.selection
        return self.state.at((selection.start, selection.end) if selection is not None else None)

    def selected_by_tab(self) -> Suggestion | None:
        """The suggestion Tab selected (not just one at the same extent), if it is selected."""
        suggestion = self.selected()
        return suggestion if suggestion is not None and suggestion is self.state.selected else None

    def step(self, step: int) -> None:
        """Tab (step 1) or shift+Tab (-1): select the next or previous suggestion."""
        selection = self.view.selection
        where = self.state.step(
            step,
            self.view.cursor,
            (selection.start, selection.end) if selection is not None else None,
            len(self._doc.text),
        )
        if where.fetch_from is not None:
            # Past the computed window of a long article: compute the next one, then go on.
            self.view.move_to(where.fetch_from)
            self.state.step_when_ready = step
            self.refresh()
        elif where.target is None:
            self.host.notify("No suggestions in this document", timeout=2)
        else:
            if where.wrapped:
                side = "first" if step > 0 else "last"
                self.host.notify(f"Wrapped around to the {side} suggestion", timeout=2)
            self._show(where.target)

    def _show(self, suggestion: Suggestion) -> None:
        self.state.selected = suggestion
        self.view.select(suggestion.start, suggestion.end)
        self.info.note = (
            f"suggested {suggestion.label} ({suggestion.source}): {suggestion.reason}"
            " — Enter accepts, Backspace rejects"
        )
        self.host.status_changed()

    def _advance_from(self, suggestion: Suggestion) -> None:
        """After accepting or rejecting: on to the suggestion that followed it, if there is one."""
        following = self.state.following(suggestion)
        if following is not None:
            self._show(following)
        else:
            self.view.move_to(suggestion.end)

    # -- deciding --------------------------------------------------------------------------------
    def accept_selected(self) -> None:
        suggestion = self.selected()
        if suggestion is None:
            self.host.notify("No suggestion selected: Tab goes to the next one", timeout=2)
            return
        self.accept(suggestion, suggestion.label)

    def accept(self, suggestion: Suggestion, label: str) -> None:
        """Make a suggestion an annotation (with `label`, which may differ from its own)."""
        start, end = suggestion.start, suggestion.end
        result = self._doc.add(start, end, label, source="suggestion")
        self._forget_pending([suggestion])
        # What the new span decides goes too, as the engine will leave it out (the same extent
        # under another label, the overlapping suggestions of this label): not selected next.
        self._drop([*self.state.decided_by(start, end, label), suggestion])
        if result is not None:
            self.host.persist(result, start, end)
        self._advance_from(suggestion)

    def reject_selected(self) -> None:
        suggestion = self.selected()
        live = self.session.suggestions
        if suggestion is None or live is None:
            self.host.notify("No suggestion selected: Tab goes to the next one", timeout=2)
            return
        doc = self._doc
        live.reject(doc.document.id, suggestion.key)
        record = suggestion_record(
            doc.document,
            *suggestion.key,
            "rejected",
            score=suggestion.score,
            source=suggestion.source,
            annotator=self.session.annotator,
        )
        self.saver.submit_op(lambda store: store.put_suggestions([record]))
        self._drop([suggestion])
        self._advance_from(suggestion)

    def accept_all(self, label: str) -> None:
        """Accept every suggestion of `label` in this document (one undoable edit)."""
        live = self.session.suggestions
        doc = self._doc
        if live is not None and not self.state.covers(len(doc.text)):
            # A long article: what is shown is the window around the cursor. The whole
            # document's suggestions are computed in the background, then accepted.
            request = live.request(doc, window=(0, len(doc.text)))
            self.host.run_worker(
                lambda: self._compute_all(request, label),
                thread=True,
                exclusive=True,
                group="accept-all",
                exit_on_error=False,
            )
            self.host.notify(f"Finding every {label} suggestion in the document…", timeout=2)
            return
        self._accept_chosen([s for s in (self.state.shown or ()) if s.label == label], label)

    def _compute_all(self, request: SuggestionRequest, label: str) -> None:
        found = [s for s in compute(request) if s.label == label]
        self.host.post_message(AllSuggestionsReady(request.doc_id, request.version, label, found))

    def all_ready(self, event: AllSuggestionsReady) -> None:
        doc = self._doc
        if event.doc_id != doc.document.id or event.version != doc.version:
            self.host.notify(f"The document changed: accept all {event.label} again", timeout=3)
            return
        rejected = self._rejected()
        self._accept_chosen([s for s in event.suggestions if s.key not in rejected], event.label)

    def _accept_chosen(self, chosen: list[Suggestion], label: str) -> None:
        if not chosen:
            self.host.notify(f"No {label} suggestions in this document", timeout=2)
            return
        doc = self._doc
        annotations = [
            doc.make_annotation(s.start, s.end, s.label, source="suggestion") for s in chosen
        ]
        result = doc.add_many(annotations, label=f"accept {label} suggestions")
        self._forget_pending(chosen)
        self.state.drop(chosen)
        self.info.suggestions = len(self.state)
        if result is not None:
            self.host.persist(result)
            self.view.spans_changed()
        self.host.notify(f"Accepted {len(chosen)} {label} suggestions", timeout=3)

    def restore_pending(self, changes: list[Change]) -> None:
        """Undo removed the annotation an imported pre-annotation became: store it as pending
        again (the reader offers it once more)."""
        live = self.session.suggestions
        if live is None:
            return
        doc = self._doc
        records = []
        for change in changes:
            annotation = change.annotation
            if change.kind != "delete" or annotation.source != "suggestion":
                continue
            found = live.unaccepted(doc.document.id, annotation.key)
            if found is not None:
                records.append(
                    suggestion_record(
                        doc.document, *found.key, "pending", score=found.score, source="import"
                    )
                )
        if records:
            self.saver.submit_op(lambda store: store.put_suggestions(records))

    def _forget_pending(self, suggestions: list[Suggestion]) -> None:
        live = self.session.suggestions
        if live is None:
            return
        doc_id = self._doc.document.id
        stored = [s.key for s in suggestions if live.accepted(doc_id, s.key)]
        if stored:
            self.saver.submit_op(lambda store: store.remove_suggestions(doc_id, stored))
