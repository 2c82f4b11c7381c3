"""Training examples from a database: each document's decided spans and rejected suggestions.

Positives are the annotations (tagged by hand, accepted suggestions, imported spans); negatives
are the rejected suggestions and, in a document marked done, every token outside a span. In a
document still being annotated only the paragraphs holding a decision are used, since the rest
has not been looked at yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tui.suggest.learned.tokens import Token, sequences

Key = tuple[int, int, str]
RULE_ONLY: frozenset[str] = frozenset({"QUOTE"})
"""Labels left to the rules: a quotation is found by its marks, and it holds the other spans."""
OUTSIDE = "O"
REJECTION_WEIGHT = 3
"""How many times a sequence holding a rejected suggestion is shown: a rejection is a decision
the annotator made, stronger evidence than a span merely not tagged."""


@dataclass(frozen=True, slots=True)
class Example:
    """One document's decisions: the training material of the learner."""

    doc_id: str
    text: str
    spans: tuple[Key, ...]
    rejected: tuple[Key, ...] = ()
    done: bool = False


def examples_from_store(store: Any) -> list[Example]:
    """Every document of a (read-only) Store that holds at least one decision."""
    annotations: Mapping[str, Sequence[Mapping[str, Any]]] = store.records_by_document()
    suggestions: Mapping[str, Sequence[Mapping[str, Any]]] = store.suggestion_records_by_document()
    out = []
    for doc_id, document in store.documents.items():
        spans = tuple((r["start"], r["end"], r["label"]) for r in annotations.get(doc_id, ()))
        rejected = tuple(
            (r["start"], r["end"], r["label"])
            for r in suggestions.get(doc_id, ())
            if r.get("status") == "rejected"
        )
        done = document.status == "done"
        if spans or rejected or done:
            out.append(Example(doc_id, document.text, spans, rejected, done))
    return out


def learned_labels(examples: Iterable[Example]) -> list[str]:
    """The labels the learner is trained for: every label of a decision but QUOTE."""
    labels = {key[2] for e in examples for key in e.spans}
    return sorted(labels - RULE_ONLY)


def rejected_strings(examples: Iterable[Example]) -> list[tuple[str, str]]:
    """(text, label) of every rejected suggestion whose text was never tagged with that label:
    what the annotator turned down, to be left out in every document."""
    tagged = {(e.text[k[0] : k[1]], k[2]) for e in examples for k in e.spans}
    rejected = {(e.text[k[0] : k[1]], k[2]) for e in examples for k in e.rejected}
    return sorted(rejected - tagged)


def tags_for(tokens: Sequence[Token], spans: Iterable[Key], labels: frozenset[str]) -> list[str]:
    """BIO tags of a sequence: longer spans first; a span not on token edges is left out."""
    tags = [OUTSIDE] * len(tokens)
    if not tokens:
        return tags
    index = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    for start, end, label in sorted(spans, key=lambda k: (k[0] - k[1], k[0])):
        first, last = index.get(start), ends.get(end)
        if label not in labels or first is None or last is None or last < first:
            continue
        if any(tag != OUTSIDE for tag in tags[first : last + 1]):
            continue
        tags[first] = f"B-{label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{label}"
    return tags


@dataclass(frozen=True, slots=True)
class TrainingSequence:
    """One training sequence: its tokens, their tags, and how many times it is shown."""

    tokens: list[Token]
    tags: list[str]
    weight: int


def training_sequences(example: Example, labels: frozenset[str]) -> Iterator[TrainingSequence]:
    """The sequences of one document to train on (see the module docstring); one holding a
    rejected suggestion is shown REJECTION_WEIGHT times."""
    decided = [(k[0], k[1]) for k in example.spans if k[2] in labels]
    rejected = [(k[0], k[1]) for k in example.rejected if k[2] in labels]
    for tokens in sequences(example.text):
        low, high = tokens[0].start, tokens[-1].end
        has_rejection = any(low <= s and e <= high for s, e in rejected)
        has_span = any(low <= s and e <= high for s, e in decided)
        if not (example.done or has_rejection or has_span):
            continue
        inside = [k for k in example.spans if low <= k[0] and k[1] <= high]
        yield TrainingSequence(
            tokens, tags_for(tokens, inside, labels), REJECTION_WEIGHT if has_rejection else 1
        )
