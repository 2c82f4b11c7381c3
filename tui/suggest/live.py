"""Suggestions during an annotation session: what the reader asks for after each change.

Keeps, for the whole session, what `engine.suggest` needs and must not recompute per key: the
propagation counts of every tagged string (from the stored records of documents not opened,
plus the live spans of the opened ones), each document's rejections and its pending imported
pre-annotations. `request()` takes a snapshot that a worker thread can compute from while the
reader goes on; `compute()` is pure.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.document.annotated import AnnotatedDocument
from tui.model import Change, SpanKey, span_order
from tui.suggest.base import Suggester, Suggestion

if TYPE_CHECKING:
    from tui.suggest.learned.retrain import Retrainer
    from tui.suggest.propagation import Lexicon


WINDOW = 20_000
"""Characters each side of the cursor that suggestions are computed for. A whole article up to
twice this; beyond, a window of whole paragraphs that follows the reader, so the work after
each tag is bounded, whatever the article's length."""


@dataclass(frozen=True, slots=True)
class _Span:
    """An existing span moved into window coordinates."""

    start: int
    end: int
    label: str
    text: str


def window_around(text: str, cursor: int, size: int = WINDOW) -> tuple[int, int]:
    """[start, end) of whole paragraphs around `cursor`: the whole text when it is short.

    The window moves in steps of `size` (not with every character), so that moving the cursor
    a little gives the same window, whose text-only suggestions are then cached.
    """
    if len(text) <= 2 * size:
        return 0, len(text)
    step = max(1, size // 2)
    anchor = (cursor // step) * step
    start = text.rfind("\n", 0, max(0, anchor - size)) + 1
    end = text.find("\n", min(len(text), anchor + size + step))
    return start, len(text) if end < 0 else end


@dataclass(frozen=True)
class SuggestionRequest:
    """Everything one computation needs, taken on the event loop in O(log n + k) (the spans of
    the window) and then used by a worker thread while the reader goes on."""

    doc_id: str
    version: int
    text: str
    window: tuple[int, int]
    spans: tuple[Any, ...]
    rejected: frozenset[SpanKey]
    pending: tuple[Suggestion, ...]
    labels: frozenset[str]
    live: LiveSuggestions
    backends: tuple[Suggester, ...] = ()


def compute(request: SuggestionRequest) -> list[Suggestion]:
    """The document's suggestions: built-in, propagated, from backends and imported."""
    from tui.suggest.engine import suggest  # on the worker thread: it compiles grammars

    low, high = request.window
    text = request.text[low:high]
    spans = [_Span(s.start - low, s.end - low, s.label, s.text) for s in request.spans]
    rejected = {(a - low, b - low, label) for a, b, label in request.rejected}
    found = [
        Suggestion(s.start + low, s.end + low, s.label, s.score, s.reason, s.source)
        for s in suggest(
            text,
            request.doc_id,
            {request.doc_id: spans},
            rejected,
            request.labels,
            backends=request.backends,
            lexicon=request.live.lexicon(),
        )
    ]
    if request.pending:
        have = {s.key for s in found}
        extents = {(s.start, s.end) for s in request.spans}
        found.extend(
            s
            for s in request.pending
            if s.key not in have
            and s.key not in request.rejected
            and (s.start, s.end) not in extents
        )
        found.sort(key=span_order)
    return found


class LiveSuggestions:
    """The session's memory of suggestions: lexicon, rejections, pending pre-annotations.

    The propagation counts cover every annotation of the database and are updated from each
    edit's changes (O(changes)), under a lock, since workers read them.
    """

    def __init__(
        self,
        records_by_doc: Mapping[str, Iterable[Mapping[str, Any]]],
        suggestion_records: Mapping[str, Iterable[Mapping[str, Any]]],
        labels: Collection[str],
        backends: Sequence[Suggester] = (),
        learner: Retrainer | None = None,
    ) -> None:
        self.labels = frozenset(labels)
        self.learner = learner
        """Told of every decision, to retrain the learned model now and then."""
        # As the engine's default: QUOTE and FIGURE strings are not propagated (engine.py).
        self.propagated = self.labels - {"QUOTE", "FIGURE"}
        self.backends = tuple(backends)
        self._lock = threading.Lock()
        self._counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._seen: dict[str, tuple[str, str]] = {}
        for records in records_by_doc.values():
            for record in records:
                self._seen[record["id"]] = (record["text"], record["label"])
                self._count(record["text"], record["label"], 1)
        self._base = frozenset(self._counts)
        self._accepted: dict[str, dict[SpanKey, Suggestion]] = defaultdict(dict)
        self.rejected: dict[str, set[SpanKey]] = defaultdict(set)
        self.pending: dict[str, dict[SpanKey, Suggestion]] = defaultdict(dict)
        for doc_id, records in suggestion_records.items():
            for record in records:
                key = (record["start"], record["end"], record["label"])
                if record["status"] == "rejected":
                    self.rejected[doc_id].add(key)
                else:
                    self.pending[doc_id][key] = Suggestion(
                        *key, float(record.get("score", 1.0)), "imported pre-annotation", "import"
                    )

    def _count(self, text: str, label: str, n: int) -> None:
        if label in self.propagated and text.strip():
            by_label = self._counts[text]
            by_label[label] += n
            if by_label[label] <= 0:
                del by_label[label]
                if not by_label:
                    del self._counts[text]

    def note(self, changes: Iterable[Change]) -> None:
        """Follow an edit (its store changes) in the propagation counts."""
        changes = list(changes)
        if self.learner is not None:
            self.learner.decided(len(changes))
        with self._lock:
            for change in changes:
                annotation = change.annotation
                old = self._seen.pop(annotation.id, None)
                if old is not None:
                    self._count(*old, -1)
                if change.kind == "put":
                    self._seen[annotation.id] = (annotation.text, annotation.label)
                    self._count(annotation.text, annotation.label, 1)

    def lexicon(self) -> Lexicon:
        """A copy of the counts (taken by the worker, not the event loop)."""
        from tui.suggest.propagation import Lexicon

        with self._lock:
            counts = {text: dict(by_label) for text, by_label in self._counts.items()}
        return Lexicon(counts, self._base)

    def request(
        self, doc: AnnotatedDocument, cursor: int = 0, window: tuple[int, int] | None = None
    ) -> SuggestionRequest:
        """What computing the suggestions around `cursor` (or in `window`) needs, for a worker
        thread."""
        low, high = window_around(doc.text, cursor) if window is None else window
        return SuggestionRequest(
            doc_id=doc.id,
            version=doc.version,
            text=doc.text,
            window=(low, high),
            spans=tuple(doc.spans.overlapping(low, high)),
            rejected=frozenset(
                k for k in self.rejected.get(doc.id, ()) if low <= k[0] and k[1] <= high
            ),
            pending=tuple(
                s for s in self.pending.get(doc.id, {}).values() if low <= s.start and s.end <= high
            ),
            labels=self.labels,
            live=self,
            backends=self.backends,
        )

    def reject(self, doc_id: str, key: SpanKey) -> None:
        if self.learner is not None:
            self.learner.decided()
        self.rejected[doc_id].add(key)
        self.pending.get(doc_id, {}).pop(key, None)

    def accepted(self, doc_id: str, key: SpanKey) -> bool:
        """Forget an accepted pending suggestion; True when it was a stored pre-annotation
        (kept aside, so that undoing the acceptance can offer it again)."""
        found = self.pending.get(doc_id, {}).pop(key, None)
        if found is not None:
            self._accepted[doc_id][key] = found
        return found is not None

    def unaccepted(self, doc_id: str, key: SpanKey) -> Suggestion | None:
        """An accepted pre-annotation whose annotation was undone: pending again (returned)."""
        found = self._accepted.get(doc_id, {}).pop(key, None)
        if found is not None:
            self.pending[doc_id][key] = found
        return found
