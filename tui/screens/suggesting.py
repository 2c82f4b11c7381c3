"""The reader's suggestion keys: move between suggestions, accept or reject one, accept all of a
label. Mixed into ReaderScreen, which owns the document and the session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.binding import BindingType
from textual.message import Message

from tui.db.suggestions import suggestion_record
from tui.document.span_index import SpanIndex
from tui.model import AnyChange, Change
from tui.suggest.base import Suggestion
from tui.suggest.live import SuggestionRequest, compute
from tui.widgets.bindings import binding

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen


@dataclass
class SuggestionsReady(Message):
    """A worker computed a document's suggestions (for its version `version`, in `window`)."""

    doc_id: str
    version: int
    window: tuple[int, int]
    suggestions: list[Suggestion]


@dataclass
class AllSuggestionsReady(Message):
    """A worker computed every `label` suggestion of a long document, to accept them all."""

    doc_id: str
    version: int
    label: str
    suggestions: list[Suggestion]


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
"""ReaderScreen's suggestion keys (Textual only merges BINDINGS of DOM classes, not mixins)."""


class SuggestionKeys:
    """Suggestions drawn in the text (in the label's colour, underlined) and the keys for them."""

    suggested: SpanIndex[Suggestion] | None = None
    _suggestion: Suggestion | None = None
    _suggested_by_key: dict[tuple[int, int, str], Suggestion] = {}  # noqa: RUF012 (set per instance)
    _window: tuple[int, int] = (0, 0)
    _requested: tuple[int, int] = (0, 0)
    _step_when_ready = 0

    # -- computing -------------------------------------------------------------------------------
    _refresh_queued = False

    def refresh_suggestions(self: ReaderScreen) -> None:  # type: ignore[misc]
        """Recompute the open document's suggestions in the background, after the next frame:
        the worker thread shares the GIL, so it starts once the key's own effect is drawn."""
        if not self._refresh_queued:
            self._refresh_queued = True
            self._when_idle()  # started once the keys pause (ReaderScreen._idle_work)

    def _start_suggestions(self: ReaderScreen) -> None:  # type: ignore[misc]
        if not self._refresh_queued:
            return
        self._refresh_queued = False
        live = self.session.suggestions
        if live is not None:
            request = live.request(self.doc, self.view.cursor)
            self._requested = request.window
            self._compute_suggestions(request)

    def follow_cursor(self: ReaderScreen, offset: int) -> None:  # type: ignore[misc]
        """In a long article, recompute when the cursor nears the edge of the computed window."""
        low, high = self._requested
        margin = (high - low) // 4
        if (low > 0 and offset < low + margin) or (
            high < len(self.doc.text) and offset > high - margin
        ):
            self.refresh_suggestions()

    @work(thread=True, exclusive=True, group="suggestions", exit_on_error=False)
    def _compute_suggestions(self: ReaderScreen, request: SuggestionRequest) -> None:
        # A worker thread: computes from the frozen request, reports with a message.
        found = compute(request)
        self.post_message(SuggestionsReady(request.doc_id, request.version, request.window, found))

    def on_suggestions_ready(self: ReaderScreen, event: SuggestionsReady) -> None:  # type: ignore[misc]
        if event.doc_id != self.doc_id or event.version != self.doc.version:
            return  # stale: the document changed since; a newer computation is under way
        # A rejection does not change the version: one made while the worker ran is applied here.
        live = self.session.suggestions
        rejected = live.rejected.get(self.doc_id, set()) if live is not None else set()
        suggestions = [s for s in event.suggestions if s.key not in rejected]
        # Apply only what changed (after a tag, a few suggestions): the index and the rows.
        new = {s.key: s for s in suggestions}
        old = self._suggested_by_key
        if self.suggested is None or event.window != self._window:
            self.suggested = SpanIndex(suggestions)
            changed = old.keys() ^ new.keys()
        else:
            removed = old.keys() - new.keys()
            added = new.keys() - old.keys()
            for key in removed:
                self.suggested.remove(old[key])
            for key in added:
                self.suggested.add(new[key])
            changed = removed | added
        self._suggested_by_key = new
        self._window = event.window
        self.view.set_suggestions(self.suggested, redraw=False)
        if len(changed) > 50:
            self.view.spans_changed()
        else:
            for start, end, _ in changed:
                self.view.spans_changed(start, end)
        self.info.suggestions = len(self.suggested)
        self._update_status()
        if self._step_when_ready:
            step, self._step_when_ready = self._step_when_ready, 0
            self.action_step_suggestion(step)

    def _drop_suggestion(self: ReaderScreen, suggestion: Suggestion) -> None:  # type: ignore[misc]
        self._suggested_by_key = {
            k: v for k, v in self._suggested_by_key.items() if k != suggestion.key
        }
        if self.suggested is not None and self.suggested.remove(suggestion):
            self.view.spans_changed(suggestion.start, suggestion.end)
            self.info.suggestions = len(self.suggested)

    def _drop_many(self: ReaderScreen, suggestions: list[Suggestion]) -> None:  # type: ignore[misc]
        """Drop decided suggestions at once (the caller redraws)."""
        gone = {s.key for s in suggestions}
        self._suggested_by_key = {k: v for k, v in self._suggested_by_key.items() if k not in gone}
        if self.suggested is not None:
            for suggestion in suggestions:
                self.suggested.remove(suggestion)
            self.info.suggestions = len(self.suggested)

    # -- moving ----------------------------------------------------------------------------------
    def selected_suggestion(self: ReaderScreen) -> Suggestion | None:  # type: ignore[misc]
        """The suggestion exactly selected (by Tab), if any."""
        selection = self.view.selection
        if selection is None or self.suggested is None:
            return None
        current = self._suggestion
        if (
            current is not None
            and (current.start, current.end) == (selection.start, selection.end)
            and current in self.suggested
        ):
            return current
        for suggestion in self.suggested.overlapping(selection.start, selection.end):
            if (suggestion.start, suggestion.end) == (selection.start, selection.end):
                return suggestion
        return None

    def action_step_suggestion(self: ReaderScreen, step: int) -> None:  # type: ignore[misc]
        suggested = self.suggested
        if not suggested:
            suggested = self.suggested = SpanIndex()
            low, high = self._window
            if low == 0 and high == len(self.doc.text):
                self.notify("No suggestions in this document", timeout=2)
                return
        current = self.selected_suggestion()
        if current is not None:
            rank = suggested.rank(current) + step
            target = suggested.nth(rank) if 0 <= rank < len(suggested) else None
        elif step > 0:
            target = suggested.first_starting_after(self.view.cursor - 1)
        else:
            target = suggested.last_starting_before(self.view.cursor)
        low, high = self._window
        if target is None and ((step > 0 and high < len(self.doc.text)) or (step < 0 and low > 0)):
            # Past the computed window of a long article: compute the next one, then go on.
            self.view.move_to(high if step > 0 else low)
            self._step_when_ready = step
            self.refresh_suggestions()
            return
        if target is None:
            target = suggested.nth(0 if step > 0 else -1)
            self.notify(
                "Wrapped around to the " + ("first" if step > 0 else "last") + " suggestion",
                timeout=2,
            )
        self._show_suggestion(target)

    def _show_suggestion(self: ReaderScreen, suggestion: Suggestion) -> None:  # type: ignore[misc]
        self._suggestion = suggestion
        self.view.select(suggestion.start, suggestion.end)
        self.info.note = (
            f"suggested {suggestion.label}: {suggestion.reason} — Enter accepts, Backspace rejects"
        )
        self._update_status()

    def _advance_from(self: ReaderScreen, suggestion: Suggestion) -> None:  # type: ignore[misc]
        """After accepting or rejecting: on to the suggestion that followed it, if there is one
        (by rank: one at the same start that Tab passed over is not selected again)."""
        suggested, following = self.suggested, None
        if suggested:
            rank = suggested.rank(suggestion)  # the decided one is gone: its successor's rank
            following = suggested.nth(rank) if rank < len(suggested) else None
        if following is not None:
            self._show_suggestion(following)
        else:
            self.view.move_to(suggestion.end)

    # -- deciding --------------------------------------------------------------------------------
    def action_accept_suggestion(self: ReaderScreen) -> None:  # type: ignore[misc]
        suggestion = self.selected_suggestion()
        if suggestion is None:
            self.notify("No suggestion selected: Tab goes to the next one", timeout=2)
            return
        self.accept(suggestion, suggestion.label)

    def accept(self: ReaderScreen, suggestion: Suggestion, label: str) -> None:  # type: ignore[misc]
        """Make a suggestion an annotation (with `label`, which may differ from its own)."""
        start, end = suggestion.start, suggestion.end
        result = self.doc.add(start, end, label, source="suggestion")
        self._forget_pending([suggestion])
        # What the new span decides goes too, as the engine will leave it out (the same extent
        # under another label, the overlapping suggestions of this label): not selected next.
        for other in self.suggested.overlapping(start, end) if self.suggested else ():
            if (other.start, other.end) == (start, end) or other.label == label:
                self._drop_suggestion(other)
        self._drop_suggestion(suggestion)
        if result is not None:
            self._persist(result, start, end)
        self._advance_from(suggestion)

    def action_reject_suggestion(self: ReaderScreen) -> None:  # type: ignore[misc]
        suggestion = self.selected_suggestion()
        live = self.session.suggestions
        if suggestion is None or live is None:
            self.notify("No suggestion selected: Tab goes to the next one", timeout=2)
            return
        live.reject(self.doc_id, suggestion.key)
        record = suggestion_record(
            self.doc.document,
            *suggestion.key,
            "rejected",
            score=suggestion.score,
            source="builtin",
            annotator=self.session.annotator,
        )
        self.saver.submit_op(lambda store: store.put_suggestions([record]))
        self._drop_suggestion(suggestion)
        self._advance_from(suggestion)

    def accept_all(self: ReaderScreen, label: str) -> None:  # type: ignore[misc]
        """Accept every suggestion of `label` in this document (one undoable edit)."""
        low, high = self._window
        live = self.session.suggestions
        if live is not None and (low > 0 or high < len(self.doc.text)):
            # A long article: what is shown is the window around the cursor. The whole
            # document's suggestions are computed in the background, then accepted.
            request = live.request(self.doc, window=(0, len(self.doc.text)))
            self._compute_all(request, label)
            self.notify(f"Finding every {label} suggestion in the document…", timeout=2)
            return
        self._accept_chosen([s for s in (self.suggested or ()) if s.label == label], label)

    @work(thread=True, exclusive=True, group="accept-all", exit_on_error=False)
    def _compute_all(self: ReaderScreen, request: SuggestionRequest, label: str) -> None:
        found = [s for s in compute(request) if s.label == label]
        self.post_message(AllSuggestionsReady(request.doc_id, request.version, label, found))

    def on_all_suggestions_ready(self: ReaderScreen, event: AllSuggestionsReady) -> None:  # type: ignore[misc]
        if event.doc_id != self.doc_id or event.version != self.doc.version:
            self.notify(f"The document changed: accept all {event.label} again", timeout=3)
            return
        live = self.session.suggestions
        rejected = live.rejected.get(self.doc_id, set()) if live is not None else set()
        self._accept_chosen([s for s in event.suggestions if s.key not in rejected], event.label)

    def _accept_chosen(self: ReaderScreen, chosen: list[Suggestion], label: str) -> None:  # type: ignore[misc]
        if not chosen:
            self.notify(f"No {label} suggestions in this document", timeout=2)
            return
        annotations = [
            self.doc.make_annotation(s.start, s.end, s.label, source="suggestion") for s in chosen
        ]
        result = self.doc.add_many(annotations, label=f"accept {label} suggestions")
        self._forget_pending(chosen)
        self._drop_many(chosen)
        if result is not None:
            self._persist(result)
            self.view.spans_changed()
        self.notify(f"Accepted {len(chosen)} {label} suggestions", timeout=3)

    def restore_pending(self: ReaderScreen, changes: list[AnyChange]) -> None:  # type: ignore[misc]
        """Undo removed the annotation an imported pre-annotation became: store it as pending
        again (the reader offers it once more)."""
        live = self.session.suggestions
        if live is None:
            return
        records = []
        for change in changes:
            if not isinstance(change, Change):
                continue
            annotation = change.annotation
            if change.kind != "delete" or annotation.source != "suggestion":
                continue
            found = live.unaccepted(self.doc_id, annotation.key)
            if found is not None:
                records.append(
                    suggestion_record(
                        self.doc.document, *found.key, "pending", score=found.score, source="import"
                    )
                )
        if records:
            self.saver.submit_op(lambda store: store.put_suggestions(records))

    def _forget_pending(self: ReaderScreen, suggestions: list[Suggestion]) -> None:  # type: ignore[misc]
        live = self.session.suggestions
        if live is None:
            return
        stored = [s.key for s in suggestions if live.accepted(self.doc_id, s.key)]
        if stored:
            doc_id = self.doc_id
            self.saver.submit_op(lambda store: store.remove_suggestions(doc_id, stored))
