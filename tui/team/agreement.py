"""Agreement between annotators: exact and overlap span F1 per label, alpha over characters.

For a pair (A, B), over the documents both annotated, with A as the reference:
- `both`: spans with the same start, end and label in A and B; `only_a`, `only_b` the rest;
- precision = both / (both + only_b), recall = both / (both + only_a),
  f1 = 2 both / (2 both + only_a + only_b); a ratio whose two sides are empty is 1.0 (nothing
  to disagree on), one whose denominator alone is empty is 0.0;
- overlap_f1: as f1, but a span of A matches a span of B of the same label whose extent
  overlaps it, each span matched at most once (a maximum matching);
- alpha: Krippendorff's alpha (nominal) over characters (tui/team/alpha.py).
docs/team.md writes out every figure.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from tui.team.alpha import CharCounts, nominal_alpha
from tui.team.corpus import SpanKey, TeamCorpus, TeamError, label_order

ALL = "ALL"
METRICS = ("precision", "recall", "f1", "overlap_f1", "alpha")


def ratio(part: int, whole: int, other: int = 0) -> float:
    """part / whole; 1.0 when both sides are empty (whole == other == 0), 0.0 when only whole is."""
    if whole:
        return part / whole
    return 1.0 if other == 0 else 0.0


@dataclass
class LabelCounts:
    """The counts behind one label's figures (or all labels': ALL)."""

    both: int = 0
    only_a: int = 0
    only_b: int = 0
    overlap: int = 0  # spans matched by overlap (each at most once)
    chars: CharCounts = field(default_factory=CharCounts)

    def add(self, other: LabelCounts) -> None:
        self.both += other.both
        self.only_a += other.only_a
        self.only_b += other.only_b
        self.overlap += other.overlap
        self.chars = self.chars + other.chars

    @property
    def in_a(self) -> int:
        return self.both + self.only_a

    @property
    def in_b(self) -> int:
        return self.both + self.only_b

    @property
    def precision(self) -> float:
        return ratio(self.both, self.in_b, self.in_a)

    @property
    def recall(self) -> float:
        return ratio(self.both, self.in_a, self.in_b)

    @property
    def f1(self) -> float:
        return ratio(2 * self.both, self.in_a + self.in_b)

    @property
    def overlap_f1(self) -> float:
        return ratio(2 * self.overlap, self.in_a + self.in_b)

    def figures(self) -> dict[str, Any]:
        """The contract's keys for this label (docs/team.md)."""
        return {
            "both": self.both,
            "only_a": self.only_a,
            "only_b": self.only_b,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "overlap_f1": self.overlap_f1,
            "alpha": nominal_alpha(self.chars),
        }


def union_length(intervals: list[tuple[int, int]]) -> int:
    """How many characters a set of [start, end) intervals covers."""
    total = low = high = 0
    for start, end in sorted(intervals):
        if start > high:
            total += high - low
            low, high = start, end
        elif end > high:
            high = end
    return total + high - low


def char_counts(a: list[tuple[int, int]], b: list[tuple[int, int]], length: int) -> CharCounts:
    """In/out codes of every character of a text of `length` under A's and B's intervals."""
    len_a, len_b = union_length(a), union_length(b)
    both = len_a + len_b - union_length(a + b)  # |A ∩ B| = |A| + |B| - |A ∪ B|
    return CharCounts(
        n00=length - len_a - len_b + both, n01=len_b - both, n10=len_a - both, n11=both
    )


def overlap_matches(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """The most spans of A that can be paired with overlapping spans of B, one to one.

    Kuhn's augmenting paths, started from the exact pairs (a matching to improve on, which
    keeps the result a maximum one); neighbours are found by bisection, when first needed.
    """
    if not a or not b:
        return 0
    b_sorted = sorted(b)
    starts = [s for s, _ in b_sorted]
    longest = max(e - s for s, e in b_sorted)
    position = {span: j for j, span in enumerate(b_sorted)}
    match_of_b: dict[int, int] = {}
    matched_a: set[int] = set()
    for i, span in enumerate(a):
        j = position.get(span)
        if j is not None and j not in match_of_b:
            match_of_b[j] = i
            matched_a.add(i)
    if len(matched_a) == len(a) or len(match_of_b) == len(b):
        return len(matched_a)  # one side is all matched: no path can add a pair
    neighbours: dict[int, list[int]] = {}

    def around(i: int) -> list[int]:
        found = neighbours.get(i)
        if found is None:
            start, end = a[i]
            # Only spans of B starting before `end`, and less than `longest` before `start`.
            low, high = bisect_right(starts, start - longest), bisect_left(starts, end)
            found = neighbours[i] = [j for j in range(low, high) if b_sorted[j][1] > start]
        return found

    def augment(root: int) -> bool:
        """Find an augmenting path from `root` (iteratively: paths may be long)."""
        seen: set[int] = set()
        rows, choices = [root], [iter(around(root))]
        chosen: list[int] = []  # chosen[k]: the span of B taken at rows[k], leading to rows[k+1]
        while rows:
            j = next((j for j in choices[-1] if j not in seen), None)
            if j is None:
                rows.pop()
                choices.pop()
                if chosen:
                    chosen.pop()
                continue
            seen.add(j)
            if j not in match_of_b:
                match_of_b[j] = rows[-1]
                for level in range(len(chosen) - 1, -1, -1):
                    match_of_b[chosen[level]] = rows[level]
                return True
            chosen.append(j)
            rows.append(match_of_b[j])
            choices.append(iter(around(match_of_b[j])))
        return False

    extra = sum(1 for i in range(len(a)) if i not in matched_a and augment(i))
    return len(matched_a) + extra


def compare_document(
    a: set[SpanKey], b: set[SpanKey], length: int, labels: Sequence[str] | None = None
) -> tuple[dict[str, LabelCounts], Counter[tuple[str, str]]]:
    """One document's counts per label (and ALL), and its label confusions (same extent).

    With `labels` None, the labels either annotator used in this document."""
    per_label: dict[str, LabelCounts] = {}
    total = LabelCounts()
    a_by: dict[str, list[tuple[int, int]]] = {}
    b_by: dict[str, list[tuple[int, int]]] = {}
    if labels is not None:
        a_by = {label: [] for label in labels}
        b_by = {label: [] for label in labels}
    for source, by in ((a, a_by), (b, b_by)):
        for s, e, label in source:
            group = by.get(label)
            if group is None:
                if labels is not None:
                    continue
                group = by[label] = []
            group.append((s, e))
    for label in labels if labels is not None else a_by.keys() | b_by.keys():
        a_spans, b_spans = a_by.get(label, []), b_by.get(label, [])
        both = len(set(a_spans).intersection(b_spans))
        counts = LabelCounts(
            both=both,
            only_a=len(a_spans) - both,
            only_b=len(b_spans) - both,
            overlap=overlap_matches(a_spans, b_spans),
            chars=char_counts(a_spans, b_spans, length),
        )
        per_label[label] = counts
        total.add(counts)
    found_confusions = confusions(a, b, labels if labels is not None else per_label)
    per_label[ALL] = total
    return per_label, found_confusions


def confusions(
    a: set[SpanKey], b: set[SpanKey], labels: Collection[str]
) -> Counter[tuple[str, str]]:
    """(label in A, label in B) for spans of the same extent whose labels differ."""
    wanted = set(labels)
    only_a: dict[tuple[int, int], list[str]] = {}
    only_b: dict[tuple[int, int], list[str]] = {}
    for s, e, label in a - b:
        if label in wanted:
            only_a.setdefault((s, e), []).append(label)
    for s, e, label in b - a:
        if label in wanted:
            only_b.setdefault((s, e), []).append(label)
    found: Counter[tuple[str, str]] = Counter()
    for extent, a_labels in only_a.items():
        for pair in zip(sorted(a_labels), sorted(only_b.get(extent, [])), strict=False):
            found[pair] += 1
    return found


@dataclass
class PairAgreement:
    """The figures of one pair of annotators over the documents both annotated."""

    a: str
    b: str
    documents: list[str]  # sha256, in corpus order
    labels: dict[str, LabelCounts]
    per_document: dict[str, float]  # sha256 -> ALL f1
    confusion: Counter[tuple[str, str]]

    def worst(self, corpus: TeamCorpus, limit: int) -> list[dict[str, Any]]:
        """The documents with the lowest ALL f1 first (ties by id)."""
        ranked = sorted(
            self.per_document.items(), key=lambda item: (item[1], corpus.documents[item[0]].id)
        )
        return [
            {"id": corpus.documents[sha].id, "sha256": sha, "f1": f1} for sha, f1 in ranked[:limit]
        ]

    def to_json(self, corpus: TeamCorpus, worst: int) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "documents": len(self.documents),
            "labels": {label: counts.figures() for label, counts in self.labels.items()},
            "worst_documents": self.worst(corpus, worst),
            "confusion": [
                {"a": la, "b": lb, "count": n} for (la, lb), n in sorted(self.confusion.items())
            ],
        }


def compare_pair(
    corpus: TeamCorpus,
    a: str,
    b: str,
    labels: Sequence[str] | None = None,
    only: set[str] | None = None,
) -> PairAgreement:
    """The agreement of A and B over the documents both annotated (within `only`, if given)."""
    shared = corpus.annotated(a) & corpus.annotated(b)
    if only is not None:
        shared &= only
    documents = [sha for sha in corpus.order() if sha in shared]
    totals: dict[str, LabelCounts] = {label: LabelCounts() for label in labels or ()}
    looked_at: dict[str, int] = {}  # label -> characters of the documents compared for it
    total_length = 0
    per_document: dict[str, float] = {}
    confusion: Counter[tuple[str, str]] = Counter()
    for sha in documents:
        length = len(corpus.documents[sha].text)
        total_length += length
        per_label, found_confusions = compare_document(
            corpus.spans_of(a, sha), corpus.spans_of(b, sha), length, labels
        )
        per_document[sha] = per_label.pop(ALL).f1
        for label, counts in per_label.items():
            totals.setdefault(label, LabelCounts()).add(counts)
            looked_at[label] = looked_at.get(label, 0) + length
        confusion.update(found_confusions)
    # A label nobody used in a document: every character of it is outside for both.
    for label, counts in totals.items():
        counts.chars = counts.chars + CharCounts(n00=total_length - looked_at.get(label, 0))
    ordered = {label: totals[label] for label in (labels or label_order(totals))}
    everything = LabelCounts()
    for counts in ordered.values():
        everything.add(counts)
    ordered[ALL] = everything
    totals = ordered
    return PairAgreement(a, b, documents, totals, per_document, confusion)


def mean_figures(pairs: Sequence[PairAgreement]) -> dict[str, dict[str, float | None]]:
    """For each label, the mean of every figure over the pairs (alpha over those defined)."""
    labels: list[str] = []
    for pair in pairs:
        labels.extend(label for label in pair.labels if label not in labels)
    means: dict[str, dict[str, float | None]] = {}
    for label in labels:
        figures = [pair.labels[label].figures() for pair in pairs if label in pair.labels]
        means[label] = {}
        for metric in METRICS:
            values = [f[metric] for f in figures if f[metric] is not None]
            means[label][metric] = sum(values) / len(values) if values else None
    return means


@dataclass
class Agreement:
    """Every pair of annotators compared, and the mean over the pairs."""

    annotators: list[str]
    documents: int  # documents at least one pair shares
    pairs: list[PairAgreement]

    def to_json(self, corpus: TeamCorpus, worst: int = 10) -> dict[str, Any]:
        """The `spantag agree --json` object (docs/team.md)."""
        result: dict[str, Any] = {
            "annotators": self.annotators,
            "documents": self.documents,
            "pairs": [pair.to_json(corpus, worst) for pair in self.pairs],
        }
        if len(self.pairs) > 1:
            result["mean"] = mean_figures(self.pairs)
        return result


def agree(
    corpus: TeamCorpus, labels: Iterable[str] | None = None, doc_ids: Iterable[str] | None = None
) -> Agreement:
    """Compare every pair of annotators; TeamError when there is nothing to compare."""
    names = corpus.annotators
    if len(names) < 2:
        who = names[0] if names else "nobody"
        raise TeamError(
            f"only one annotator ({who}) in the given databases: agreement needs two or more"
        )
    only = None
    if doc_ids is not None:
        only = corpus.find(doc_ids)
        if not only:
            raise TeamError("none of the documents given with --doc is in the databases")
    wanted = label_order(labels) if labels is not None else None
    pairs = [compare_pair(corpus, a, b, wanted, only) for a, b in combinations(names, 2)]
    pairs = [pair for pair in pairs if pair.documents]
    if not pairs:
        raise TeamError(
            f"no document is annotated by two of {', '.join(names)}: nothing to compare "
            "(documents are matched by their text)"
        )
    shared = {sha for pair in pairs for sha in pair.documents}
    return Agreement(names, len(shared), pairs)
