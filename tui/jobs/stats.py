"""The figures of a database's progress, as `spantag stats` prints them and the progress screen
draws them: documents by status, spans per label, document and annotator, the relations and
the quotes still without a speaker, and time spent.

Time spent on a document is read from the stored timestamps (docs/stats.md): the `created` and
`updated` times of its annotations made in spantag (source `manual` or `suggestion`; imported
spans carry the time of the import, not of work), sorted; the gaps between consecutive times
are added up, except gaps longer than IDLE_GAP_MINUTES, which are breaks, not work. A document
with one such time, or none, has 0 s. Removed annotations leave no time behind, so the figure is
a lower bound.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from tui.labels import DEFAULT_LABEL_SET, LabelSet
from tui.model import SPEAKER, STATUSES, Document
from tui.store import Store
from tui.text.layout import printable

IDLE_GAP_MINUTES = 5
"""A pause longer than this between two annotation times is not counted as time spent."""
WORK_SOURCES = frozenset({"manual", "suggestion"})
SCHEMA = "spantag-stats/1"


@dataclass(frozen=True)
class DocumentStats:
    """One document's row: status, flags, spans per label and the time spent on it."""

    id: str
    title: str
    status: str
    review: bool
    note: bool
    labels: dict[str, int]
    seconds: float
    relations: int = 0
    no_speaker: int = 0
    """QUOTE spans without a SPEAKER relation."""

    @property
    def spans(self) -> int:
        return sum(self.labels.values())


@dataclass(frozen=True)
class Progress:
    """Every figure of the progress screen and of `spantag stats`."""

    documents: list[DocumentStats]
    labels: dict[str, int]
    annotators: dict[str, int]
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def spans(self) -> int:
        return sum(self.labels.values())

    @property
    def seconds(self) -> float:
        return sum(d.seconds for d in self.documents)

    def as_json(self) -> dict[str, Any]:
        """The JSON object of `spantag stats --json` (docs/stats.md)."""
        return {
            "schema": SCHEMA,
            "documents": {
                "total": len(self.documents),
                **self.statuses,
                "review": sum(d.review for d in self.documents),
                "with_notes": sum(d.note for d in self.documents),
            },
            "spans": self.spans,
            "labels": self.labels,
            "relations": sum(d.relations for d in self.documents),
            "quotes_without_speaker": sum(d.no_speaker for d in self.documents),
            "annotators": self.annotators,
            "time": {
                "seconds": round(float(self.seconds), 3),
                "idle_gap_minutes": IDLE_GAP_MINUTES,
            },
            "per_document": [
                {
                    "id": d.id,
                    "title": d.title,
                    "status": d.status,
                    "review": d.review,
                    "note": d.note,
                    "spans": d.spans,
                    "labels": d.labels,
                    "relations": d.relations,
                    "quotes_without_speaker": d.no_speaker,
                    "seconds": round(float(d.seconds), 3),
                }
                for d in self.documents
            ],
        }


def _time(value: object) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def time_spent(
    records: Iterable[Mapping[str, Any]], gap_minutes: float = IDLE_GAP_MINUTES
) -> float:
    """Seconds of work on one document's annotation records (the rule in this module's doc)."""
    times: set[float] = set()
    for record in records:
        if record.get("source", "manual") not in WORK_SOURCES:
            continue
        for name in ("created", "updated"):
            moment = _time(record.get(name))
            if moment is not None:
                times.add(moment)
    ordered = sorted(times)
    limit = gap_minutes * 60
    return sum(b - a for a, b in pairwise(ordered) if b - a <= limit)


def compute_progress(
    documents: Iterable[Document],
    records_by_doc: Mapping[str, Sequence[Mapping[str, Any]]],
    labels: LabelSet = DEFAULT_LABEL_SET,
    relations_by_doc: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> Progress:
    """The figures of these documents (in this order), their annotation and relation records."""
    label_totals: Counter[str] = Counter({name: 0 for name in labels.names})
    annotators: Counter[str] = Counter()
    statuses: Counter[str] = Counter({status: 0 for status in STATUSES})
    rows: list[DocumentStats] = []
    for document in documents:
        records = records_by_doc.get(document.id, [])
        per_label: Counter[str] = Counter({name: 0 for name in labels.names})
        for record in records:
            per_label[str(record["label"])] += 1
            annotators[str(record.get("annotator") or "")] += 1
        label_totals.update(per_label)
        statuses[document.status] += 1
        links = (relations_by_doc or {}).get(document.id, [])
        spoken = {r["head"] for r in links if r["label"] == SPEAKER}
        quotes = sum(1 for r in records if r["label"] == "QUOTE" and r["id"] not in spoken)
        rows.append(
            DocumentStats(
                id=document.id,
                title=document.title,
                status=document.status,
                review=document.review,
                note=bool(document.note),
                labels=dict(per_label),
                seconds=time_spent(records),
                relations=len(links),
                no_speaker=quotes,
            )
        )
    return Progress(rows, dict(label_totals), dict(annotators), dict(statuses))


def store_progress(store: Store, labels: LabelSet = DEFAULT_LABEL_SET) -> Progress:
    """The figures of a whole database."""
    relations = {doc_id: store.relation_records(doc_id) for doc_id in store.documents}
    return compute_progress(
        store.documents.values(), store.records_by_document(), labels, relations
    )


def duration(seconds: float) -> str:
    """A short human duration: 45 s, 12 min, 1 h 05 min."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def bar(value: int, highest: int, width: int = 30) -> str:
    """A bar of block characters, `width` long for `highest` (eighths for the remainder)."""
    if highest <= 0 or value <= 0:
        return ""
    eighths = round(value / highest * width * 8)
    full, part = divmod(max(eighths, 1), 8)
    return "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")


def _table(headers: list[str], rows: list[list[str]], left: int) -> list[str]:
    """Rows aligned in columns: the first `left` columns to the left, the rest to the right."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def fmt(row: list[str]) -> str:
        cells = [
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = fmt(["-" * w for w in widths])
    return [fmt(headers), rule, *(fmt(r) for r in rows[:-1]), rule, fmt(rows[-1])]


def format_stats(store: Store, labels: LabelSet = DEFAULT_LABEL_SET) -> str:
    """The text of `spantag stats` for a whole database."""
    return format_progress(store_progress(store, labels))


def format_progress(progress: Progress) -> str:
    """A table per document and label (with a total row), then documents by status, spans per
    label as bars, annotators, and time spent. Nothing from the data reaches the terminal raw."""
    names = list(progress.labels)
    headers = ["document", "status", *names, "total", "relations", "no-speaker"]
    rows = [
        [
            d.id,
            d.status,
            *(str(d.labels.get(n, 0)) for n in names),
            str(d.spans),
            str(d.relations),
            str(d.no_speaker),
        ]
        for d in progress.documents
    ]
    rows.append(
        [
            f"TOTAL ({len(progress.documents)} docs)",
            f"{progress.statuses.get('done', 0)} done",
            *(str(progress.labels[n]) for n in names),
            str(progress.spans),
            str(sum(d.relations for d in progress.documents)),
            str(sum(d.no_speaker for d in progress.documents)),
        ]
    )
    # Ids and labels may come from any program's JSONL or database: no escape sequence in them
    # reaches the terminal.
    lines = _table([printable(h) for h in headers], [[printable(c) for c in r] for r in rows], 2)
    lines += ["", "documents  " + "  ".join(f"{s} {n}" for s, n in progress.statuses.items())]
    flagged = sum(d.review for d in progress.documents)
    noted = sum(d.note for d in progress.documents)
    lines[-1] += f"  (for review {flagged}, with notes {noted})"
    lines += ["", "spans per label"]
    highest = max(progress.labels.values(), default=0)
    width = max((len(printable(n)) for n in names), default=0)
    for name, count in progress.labels.items():
        lines.append(f"  {printable(name):<{width}} {count:>6}  {bar(count, highest)}".rstrip())
    if len(progress.annotators) > 1:
        lines += ["", "annotators"]
        for name, count in sorted(progress.annotators.items(), key=lambda item: -item[1]):
            lines.append(f"  {printable(name) or '(none)':<16} {count:>6}")
    spent = [d for d in progress.documents if d.seconds > 0]
    lines += [
        "",
        f"time spent  {duration(progress.seconds)} (gaps over {IDLE_GAP_MINUTES} min dropped)",
    ]
    for d in spent:
        lines.append(f"  {printable(d.id):<24} {duration(d.seconds):>12}")
    return "\n".join(lines)
