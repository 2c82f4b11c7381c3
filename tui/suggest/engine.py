"""The suggestion engine: the built-in suggesters, propagation and optional backends, combined.

`suggest` is what the reader calls after each tag. The text-only suggesters (quotes, figures,
names) depend on nothing but the frozen text, so their result is cached per text; only
propagation, which depends on what has been tagged, runs again each time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import lru_cache

from tui.document.span_index import SpanIndex
from tui.labels import DEFAULT_LABEL_SET
from tui.model import SpanKey, span_order
from tui.suggest.base import Judge, SpanLike, Suggester, Suggestion
from tui.suggest.figures import suggest_figures
from tui.suggest.names import suggest_names
from tui.suggest.propagation import Lexicon, suggest_propagated
from tui.suggest.quotes import suggest_quotes

BUILTIN_LABELS: frozenset[str] = frozenset({"PERSON", "PLACE", "QUOTE", "FIGURE"})
NOT_PROPAGATED: frozenset[str] = frozenset({"QUOTE", "FIGURE"})
"""Labels whose grammar does better than string matching: a tagged "12" would otherwise be
suggested inside "12%" and "3 a.m.", and quotations are found by their marks anyway."""


@lru_cache(maxsize=16)
def builtin_suggestions(
    text: str, labels: frozenset[str] = BUILTIN_LABELS
) -> tuple[Suggestion, ...]:
    """The suggestions of the built-in text-only suggesters for `labels` (cached per text)."""
    out: list[Suggestion] = []
    if "QUOTE" in labels:
        out.extend(suggest_quotes(text))
    if "FIGURE" in labels:
        out.extend(suggest_figures(text))
    if labels & {"PERSON", "PLACE"}:
        out.extend(s for s in suggest_names(text) if s.label in labels)
    return tuple(out)


def _valid(text: str, suggestion: Suggestion) -> bool:
    start, end = suggestion.start, suggestion.end
    return 0 <= start < end <= len(text) and not text[start:end].isspace()


def suggest(
    document_text: str,
    doc_id: str,
    annotations_by_doc: Mapping[str, Iterable[SpanLike]],
    rejected: Collection[SpanKey] = frozenset(),
    labels: Collection[str] | None = None,
    *,
    backends: Sequence[Suggester] = (),
    lexicon: Lexicon | None = None,
    propagate: Collection[str] | None = None,
    min_score: float = 0.0,
) -> list[Suggestion]:
    """Every suggestion for one document, deduplicated and in the span order.

    - `annotations_by_doc`: the spans already tagged, per document id; those of `doc_id` are this
      document's, and every document's strings are propagated.
    - `rejected`: (start, end, label) keys the annotator turned down in this document.
    - `labels`: the labels to suggest (default: the four of docs/contracts.md); the built-in
    suggesters cover
      those four, propagation any label.
    - `backends`: more text-only suggesters, such as a `SpacySuggester`; one with a `judge`
      method (the `LearnedSuggester`) also filters the candidates of the others.
    - `lexicon`: the propagation lexicon, when the caller keeps one up to date (built from
      `annotations_by_doc` otherwise).
    - `propagate`: the labels whose tagged strings are propagated (default: the wanted labels
      but QUOTE and FIGURE, see NOT_PROPAGATED).
    A suggestion is dropped when it is rejected, when this document already has a span with
    the same extent (whatever its label), when it overlaps a span of its own label (the annotator
    has tagged that place otherwise), or when it scores below `min_score`. Of several suggestions
    of the same span, the highest-scoring one is kept.
    """
    wanted = frozenset(DEFAULT_LABEL_SET.names if labels is None else labels)
    existing = list(annotations_by_doc.get(doc_id, ()))
    if lexicon is None:
        spread = wanted - NOT_PROPAGATED if propagate is None else wanted & set(propagate)
        lexicon = Lexicon.build(annotations_by_doc, spread)
    candidates: list[Suggestion] = list(builtin_suggestions(document_text, wanted & BUILTIN_LABELS))
    for backend in backends:
        candidates.extend(s for s in backend(document_text) if s.label in wanted)
    candidates.extend(suggest_propagated(document_text, lexicon, existing))
    for backend in backends:
        # A backend may also judge the others' candidates (the learned model's veto).
        judge: Judge | None = getattr(backend, "judge", None)
        if judge is not None:
            candidates = judge(document_text, candidates)

    taken = {(a.start, a.end) for a in existing}
    by_label = {
        label: SpanIndex(a for a in existing if a.label == label)
        for label in {a.label for a in existing}
    }
    best: dict[SpanKey, Suggestion] = {}
    for suggestion in candidates:
        key = suggestion.key
        if suggestion.score < min_score or key in rejected or key[:2] in taken:
            continue
        index = by_label.get(suggestion.label)
        if index is not None and index.overlapping(suggestion.start, suggestion.end):
            continue
        kept = best.get(key)
        if (kept is None or suggestion.score > kept.score) and _valid(document_text, suggestion):
            best[key] = suggestion
    return sorted(best.values(), key=span_order)
