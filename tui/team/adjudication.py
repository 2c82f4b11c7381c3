"""The adjudication of several annotators' work into a gold database, as plain state.

Per document of the gold: the spans every annotator of the document has (agreed: they enter
the gold at once) and the disagreements (a span some of them have and others do not; the same
extent with different labels is one disagreement per label). A disagreement is decided when
the gold holds its span (accepted) or the gold's suggestions table holds it as `rejected`; so
reopening resumes where the adjudicator stopped. No Textual here: the reader's adjudication
screen drives this, and tests drive it directly (docs/team.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tui.document.span_index import SpanIndex
from tui.team.corpus import SpanKey, TeamCorpus


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A span that some annotators of the document have and the others do not."""

    start: int
    end: int
    label: str
    text: str
    annotators: tuple[str, ...]  # who has it
    without: tuple[str, ...]  # the document's other annotators
    side: int = 0  # 0: the document's first annotator has it; 1: they do not

    @property
    def key(self) -> SpanKey:
        return (self.start, self.end, self.label)

    def describe(self) -> str:
        """`ana: PERSON · not ben`, as the status line shows it."""
        return f"{', '.join(self.annotators)}: {self.label} · not {', '.join(self.without)}"


@dataclass
class DocumentPlan:
    """One gold document: who annotated it, what they agree on, where they disagree."""

    doc_id: str  # the id in the gold database
    annotators: tuple[str, ...]
    agreed: dict[SpanKey, tuple[str, ...]]
    disagreements: dict[SpanKey, Disagreement]
    by_annotator: dict[str, set[SpanKey]] = field(default_factory=dict)


def plan_document(
    corpus: TeamCorpus, sha256: str, doc_id: str, names: Sequence[str]
) -> DocumentPlan:
    """Split a document's spans into agreed ones and disagreements between `names`."""
    text = corpus.documents[sha256].text
    annotators = tuple(n for n in names if sha256 in corpus.annotated(n))
    by_annotator = {n: set(corpus.spans_of(n, sha256)) for n in annotators}
    holders: dict[SpanKey, list[str]] = {}
    for name in annotators:
        for key in by_annotator[name]:
            holders.setdefault(key, []).append(name)
    agreed: dict[SpanKey, tuple[str, ...]] = {}
    disagreements: dict[SpanKey, Disagreement] = {}
    for key in sorted(holders, key=lambda k: (k[0], -k[1], k[2])):
        who = tuple(holders[key])
        if len(who) == len(annotators):
            agreed[key] = who
        else:
            without = tuple(n for n in annotators if n not in who)
            side = 0 if annotators[0] in who else 1
            disagreements[key] = Disagreement(*key, text[key[0] : key[1]], who, without, side)
    return DocumentPlan(doc_id, annotators, agreed, disagreements, by_annotator)


class AdjudicationState:
    """Which disagreements are still open, per document and in the whole set."""

    def __init__(
        self,
        plans: Iterable[DocumentPlan],
        accepted: dict[str, set[SpanKey]],
        rejected: dict[str, set[SpanKey]],
    ) -> None:
        self.plans = {plan.doc_id: plan for plan in plans}
        self.accepted = {doc_id: set(accepted.get(doc_id, ())) for doc_id in self.plans}
        self.rejected = {doc_id: set(rejected.get(doc_id, ())) for doc_id in self.plans}
        self._open: dict[str, SpanIndex[Disagreement]] = {}
        self._counts: dict[str, int] = {}
        for doc_id, plan in self.plans.items():
            decided = self.accepted[doc_id] | self.rejected[doc_id]
            self._counts[doc_id] = sum(1 for k in plan.disagreements if k not in decided)
        self.total_open = sum(self._counts.values())

    # -- reading ---------------------------------------------------------------------------------
    def open_index(self, doc_id: str) -> SpanIndex[Disagreement]:
        """The open disagreements of a document, indexed by position (built when first asked)."""
        index = self._open.get(doc_id)
        if index is None:
            plan = self.plans.get(doc_id)
            items = [] if plan is None else list(plan.disagreements.values())
            decided = self.accepted.get(doc_id, set()) | self.rejected.get(doc_id, set())
            index = SpanIndex([d for d in items if d.key not in decided])
            self._open[doc_id] = index
        return index

    def open_count(self, doc_id: str) -> int:
        return self._counts.get(doc_id, 0)

    def is_open(self, doc_id: str, key: SpanKey) -> bool:
        plan = self.plans.get(doc_id)
        return (
            plan is not None
            and key in plan.disagreements
            and key not in self.accepted[doc_id]
            and key not in self.rejected[doc_id]
        )

    def alternatives(self, doc_id: str, item: Disagreement) -> list[Disagreement]:
        """The other open disagreements with the same extent (another label for it)."""
        return [
            d
            for d in self.open_index(doc_id).overlapping(item.start, item.end)
            if (d.start, d.end) == (item.start, item.end) and d.key != item.key
        ]

    def open_of(self, doc_id: str, annotator: str) -> list[Disagreement]:
        """The open disagreements of a document that `annotator` has."""
        return [d for d in self.open_index(doc_id) if annotator in d.annotators]

    def next_document(self, order: Sequence[str], doc_id: str, step: int) -> str | None:
        """The next (step 1) or previous (-1) document in `order` with open disagreements."""
        position = order.index(doc_id)
        for other in (
            order[i] for i in range(position + step, -1 if step < 0 else len(order), step)
        ):
            if self._counts.get(other, 0):
                return other
        return None

    # -- changing ---------------------------------------------------------------------------------
    def _close(self, doc_id: str, key: SpanKey) -> None:
        plan = self.plans[doc_id]
        item = plan.disagreements[key]
        if doc_id in self._open:
            self._open[doc_id].remove(item)
        self._counts[doc_id] -= 1
        self.total_open -= 1

    def _reopen(self, doc_id: str, key: SpanKey) -> None:
        plan = self.plans[doc_id]
        if doc_id in self._open:
            self._open[doc_id].add(plan.disagreements[key])
        self._counts[doc_id] += 1
        self.total_open += 1

    def note_gold(self, doc_id: str, added: Iterable[SpanKey], removed: Iterable[SpanKey]) -> None:
        """The gold gained and lost these spans (any edit, an undo included)."""
        plan = self.plans.get(doc_id)
        if plan is None:
            return
        accepted, rejected = self.accepted[doc_id], self.rejected[doc_id]
        for key in removed:
            if key in accepted:
                accepted.discard(key)
                if key in plan.disagreements and key not in rejected:
                    self._reopen(doc_id, key)
        for key in added:
            if key not in accepted:
                was_open = self.is_open(doc_id, key)
                accepted.add(key)
                if was_open:
                    self._close(doc_id, key)

    def reject(self, doc_id: str, keys: Iterable[SpanKey]) -> list[SpanKey]:
        """Turn these disagreements down; returns those that were open."""
        done: list[SpanKey] = []
        for key in keys:
            if self.is_open(doc_id, key):
                self.rejected[doc_id].add(key)
                self._close(doc_id, key)
                done.append(key)
        return done

    def unreject(self, doc_id: str, keys: Iterable[SpanKey]) -> None:
        """Undo rejections: the disagreements are open again (unless the gold has them)."""
        for key in keys:
            if key in self.rejected[doc_id]:
                self.rejected[doc_id].discard(key)
                if key not in self.accepted[doc_id]:
                    self._reopen(doc_id, key)
