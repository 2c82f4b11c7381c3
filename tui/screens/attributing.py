"""Quote attribution in the reader, as a part the screen owns: `r` picks a quote's speaker, `R`
finds the next quote without one, and the speaker of the quote under the cursor is marked in
the article and named in the status line (`QUOTE ← Waheed Arshad`).

The keys of the mode itself belong to the attribution bar (tui/widgets/attribution_bar.py),
which reports each step in messages; the screen hands them here, where the edits are made (each
one undoable, written through the screen's `persist`) and the view is moved. Rejected suggested
speakers are remembered for the session.
"""

from __future__ import annotations

from typing import Literal, Protocol

from textual.binding import BindingType
from textual.notifications import SeverityLevel

from tui.document.annotated import AnnotatedDocument, EditResult
from tui.model import SPEAKER, Annotation, Relation, SpanKey
from tui.suggest.attribution import Attribution, suggest_for
from tui.widgets.article_view import ArticleView
from tui.widgets.attribution_bar import AttributionBar
from tui.widgets.bindings import binding
from tui.widgets.status_bar import StatusInfo

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
Rejection = tuple[SpanKey, tuple[int, int]]
"""A suggested speaker turned down: the quote's key and the speaker's extent."""


class AttributionHost(Protocol):
    """What the attribution part needs of the screen that owns it."""

    def persist(
        self, result: EditResult, start: int | None = None, end: int | None = None
    ) -> None: ...

    def status_changed(self) -> None: ...

    def set_focus(self, widget: ArticleView) -> None: ...

    def notify(
        self, message: str, *, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None: ...


class AttributionKeys:
    """Starts the attribution bar on a quote and applies what it reports."""

    def __init__(
        self, host: AttributionHost, view: ArticleView, bar: AttributionBar, info: StatusInfo
    ) -> None:
        self.host = host
        self.view = view
        self.bar = bar
        self.info = info
        self.doc: AnnotatedDocument | None = None
        self.rejected: dict[str, set[Rejection]] = {}

    def open(self, doc: AnnotatedDocument) -> None:
        """The document attributed from now on (an open attribution is cancelled)."""
        if self.bar.attribution is not None:
            self.bar.stop(cancelled=True)
        self.doc = doc

    @property
    def _doc(self) -> AnnotatedDocument:
        assert self.doc is not None, "no document open"
        return self.doc

    @property
    def active(self) -> bool:
        return self.bar.attribution is not None

    # -- the reader's keys ----------------------------------------------------------------------
    def quote_at(self) -> Annotation | None:
        """The selected QUOTE, else the innermost QUOTE under the cursor."""
        selection = self.view.selection
        if selection is not None:
            exact = self._doc.get(selection.start, selection.end, "QUOTE")
            if exact is not None:
                return exact
        return innermost_quote(self._doc, self.view.cursor)

    def attribute(self) -> None:
        """`r`: offer the speakers of the quote under the cursor, the suggested one first."""
        quote = self.quote_at()
        if quote is None:
            self.host.notify(
                "No quote under the cursor (tag one with q)", severity="warning", timeout=3
            )
            return
        from tui.suggest.engine import builtin_suggestions

        doc = self._doc
        names = [
            (s.start, s.end)
            for s in builtin_suggestions(doc.text, frozenset({"PERSON"}))
            if s.label == "PERSON"
        ]
        suggestion = suggest_for(doc, quote, names)
        if suggestion is not None and (quote.key, suggestion.speaker) in self.rejected.get(
            doc.id, set()
        ):
            suggestion = None
        self.bar.start(Attribution(doc, quote, suggestion))

    def next_unattributed(self) -> None:
        """`R`: select the next quote without a speaker (wrapping around)."""
        quotes = self._doc.unattributed()
        if not quotes:
            self.host.notify("Every quote of this document has a speaker", timeout=2)
            return
        cursor = self.view.cursor
        target = next((q for q in quotes if q.start > cursor), quotes[0])
        self.view.select(target.start, target.end)

    # -- what the bar reports -------------------------------------------------------------------
    def moved(self, event: AttributionBar.Moved) -> None:
        self.view.select(event.candidate.start, event.candidate.end)

    def linked(self, event: AttributionBar.Linked) -> None:
        doc = self._doc
        quote, candidate = event.attribution.quote, event.candidate
        source: Literal["suggestion", "manual"] = "suggestion" if candidate.suggested else "manual"
        if candidate.person is None:
            person = doc.make_annotation(candidate.start, candidate.end, "PERSON", source)
            relation = Relation(doc.id, quote.id, person.id, SPEAKER, doc.annotator, source)
            result = doc.add_with_links([person], [relation], "tag PERSON and link SPEAKER")
        else:
            result = doc.link(quote, candidate.person, SPEAKER, source)
        if result is None:
            self.info.note = f"QUOTE ← {candidate.text} already"
        else:
            self.host.persist(result)
            self.info.note = f"linked QUOTE ← {candidate.text}"
        self.host.status_changed()

    def unlinked(self, event: AttributionBar.Unlinked) -> None:
        self.host.persist(self._doc.unlink(event.attribution.quote))
        self.info.note = "unlinked the quote's SPEAKER"
        self.host.status_changed()

    def rejected_speaker(self, event: AttributionBar.Rejected) -> None:
        rejection = (event.attribution.quote.key, (event.candidate.start, event.candidate.end))
        self.rejected.setdefault(self._doc.id, set()).add(rejection)
        self.info.note = f"rejected speaker {event.candidate.text}"
        self.host.status_changed()

    def closed(self, event: AttributionBar.Closed) -> None:
        self.view.clear_selection()
        self.host.set_focus(self.view)
        self.view.move_to(event.quote.start)
        self.follow(self.view.cursor)
        if event.cancelled:
            self.info.note = "attribution cancelled"
        self.host.status_changed()

    # -- display --------------------------------------------------------------------------------
    def follow(self, offset: int) -> None:
        """Mark the speaker of the quote at `offset` and name it in the status line; count the
        quotes without one. Constant time: an index lookup and two counters."""
        doc = self._doc
        quote = innermost_quote(doc, offset)
        speaker = doc.speaker(quote) if quote is not None else None
        self.view.set_mark((speaker.start, speaker.end, "PERSON") if speaker else None)
        if quote is not None:
            self.info.under = f"QUOTE ← {speaker.text}" if speaker else "QUOTE ← no speaker (r)"
        self.info.unattributed = doc.unattributed_count


def innermost_quote(doc: AnnotatedDocument, offset: int) -> Annotation | None:
    """The shortest QUOTE span covering `offset`."""
    index = doc.by_label.get("QUOTE")
    if index is None:
        return None
    covering = index.containing(offset)
    return min(covering, key=lambda q: q.end - q.start) if covering else None
