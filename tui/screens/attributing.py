"""Quote attribution in the reader: `r` picks a quote's speaker, `R` finds the next quote without
one, and the speaker of the quote under the cursor is marked in the article and named in the
status line (`QUOTE ← Waheed Arshad`).

The keys of the mode itself belong to the attribution bar (tui/widgets/attribution_bar.py),
which reports each step in messages; the handlers here make the edits (each one undoable) and
move the view. Rejected suggested speakers are remembered for the session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual.binding import BindingType

from tui.model import SPEAKER, Annotation, Relation
from tui.suggest.attribution import Attribution, suggest_for
from tui.widgets.attribution_bar import AttributionBar
from tui.widgets.bindings import binding

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen

ATTRIBUTION_BINDINGS: list[BindingType] = [
    binding(
        "r",
        "attribute",
        "Speaker",
        "speaker.attribute",
        tip="Pick the speaker of the quote under the cursor (or change it)",
    ),
    binding(
        "R",
        "next_unattributed",
        "Next unattributed",
        "speaker.next_unattributed",
        tip="Go to the next quote without a speaker",
    ),
]


class AttributionKeys:
    """The reader's attribution actions and the handlers of the attribution bar's messages."""

    def _quote_at(self: ReaderScreen) -> Annotation | None:  # type: ignore[misc]
        selection = self.view.selection
        if selection is not None:
            exact = self.doc.get(selection.start, selection.end, "QUOTE")
            if exact is not None:
                return exact
        return _innermost_quote(self, self.view.cursor)

    def action_attribute(self: ReaderScreen) -> None:  # type: ignore[misc]
        quote = self._quote_at()
        if quote is None:
            self.notify("No quote under the cursor (tag one with q)", severity="warning", timeout=3)
            return
        from tui.suggest.engine import builtin_suggestions

        rejected = self.rejected_speakers.setdefault(self.doc_id, set())
        names = [
            (s.start, s.end)
            for s in builtin_suggestions(self.doc.text, frozenset({"PERSON"}))
            if s.label == "PERSON"
        ]
        suggestion = suggest_for(self.doc, quote, names)
        if suggestion is not None and (quote.key, suggestion.speaker) in rejected:
            suggestion = None
        self.query_one(AttributionBar).start(Attribution(self.doc, quote, suggestion))

    def action_next_unattributed(self: ReaderScreen) -> None:  # type: ignore[misc]
        quotes = self.doc.unattributed()
        if not quotes:
            self.notify("Every quote of this document has a speaker", timeout=2)
            return
        cursor = self.view.cursor
        target = next((q for q in quotes if q.start > cursor), quotes[0])
        self.view.select(target.start, target.end)

    # -- the bar's messages -----------------------------------------------------------------------
    def on_attribution_bar_moved(self: ReaderScreen, event: AttributionBar.Moved) -> None:  # type: ignore[misc]
        self.view.select(event.candidate.start, event.candidate.end)

    def on_attribution_bar_linked(self: ReaderScreen, event: AttributionBar.Linked) -> None:  # type: ignore[misc]
        quote, candidate = event.attribution.quote, event.candidate
        source: Literal["suggestion", "manual"] = "suggestion" if candidate.suggested else "manual"
        if candidate.person is None:
            person = self.doc.make_annotation(candidate.start, candidate.end, "PERSON", source)
            relation = Relation(
                self.doc.id, quote.id, person.id, SPEAKER, self.doc.annotator, source
            )
            result = self.doc.add_with_links([person], [relation], "tag PERSON and link SPEAKER")
        else:
            result = self.doc.link(quote, candidate.person, SPEAKER, source)
        if result is None:
            self.info.note = f"QUOTE ← {candidate.text} already"
        else:
            self._persist(result)
            self.info.note = f"linked QUOTE ← {candidate.text}"
        self._update_status()

    def on_attribution_bar_unlinked(self: ReaderScreen, event: AttributionBar.Unlinked) -> None:  # type: ignore[misc]
        result = self.doc.unlink(event.attribution.quote)
        self._persist(result)
        self.info.note = "unlinked the quote's SPEAKER"
        self._update_status()

    def on_attribution_bar_rejected(self: ReaderScreen, event: AttributionBar.Rejected) -> None:  # type: ignore[misc]
        rejected = self.rejected_speakers.setdefault(self.doc_id, set())
        rejected.add((event.attribution.quote.key, (event.candidate.start, event.candidate.end)))
        self.info.note = f"rejected speaker {event.candidate.text}"
        self._update_status()

    def on_attribution_bar_closed(self: ReaderScreen, event: AttributionBar.Closed) -> None:  # type: ignore[misc]
        self.view.clear_selection()
        self.set_focus(self.view)
        self.view.move_to(event.quote.start)
        self.follow_quote(self.view.cursor)
        if event.cancelled:
            self.info.note = "attribution cancelled"
        self._update_status()

    # -- display ----------------------------------------------------------------------------------
    def follow_quote(self: ReaderScreen, offset: int) -> None:  # type: ignore[misc]
        """Mark the speaker of the quote at `offset` and name it in the status line."""
        quote = _innermost_quote(self, offset)
        speaker = self.doc.speaker(quote) if quote is not None else None
        self.view.set_mark((speaker.start, speaker.end, "PERSON") if speaker else None)
        if quote is not None:
            self.info.under = f"QUOTE ← {speaker.text}" if speaker else "QUOTE ← no speaker (r)"
        self.info.unattributed = self.doc.unattributed_count


def _innermost_quote(screen: ReaderScreen, offset: int) -> Annotation | None:
    index = screen.doc.by_label.get("QUOTE")
    if index is None:
        return None
    covering = index.containing(offset)
    return min(covering, key=lambda q: q.end - q.start) if covering else None
