"""Counts of annotations per document and label, of relations, and of the quotes still without a
speaker, as `spantag stats` prints them."""

from __future__ import annotations

from collections import Counter

from tui.labels import DEFAULT_LABEL_SET, LabelSet
from tui.model import SPEAKER
from tui.store import Store
from tui.text.layout import printable


def count_labels(store: Store) -> dict[str, Counter[str]]:
    """For each document id, how many annotations of each label it has."""
    counts: dict[str, Counter[str]] = {doc_id: Counter() for doc_id in store.documents}
    for annotation in store.annotations():
        counts[annotation.doc_id][annotation.label] += 1
    return counts


def count_relations(store: Store) -> dict[str, tuple[int, int]]:
    """For each document id: how many relations it has, and how many QUOTE spans have no
    SPEAKER."""
    out = {}
    for doc_id in store.documents:
        relations = store.relation_records(doc_id)
        spoken = {r["head"] for r in relations if r["label"] == SPEAKER}
        quotes = [r for r in store.annotation_records(doc_id) if r["label"] == "QUOTE"]
        out[doc_id] = (len(relations), sum(1 for q in quotes if q["id"] not in spoken))
    return out


def format_stats(store: Store, labels: LabelSet = DEFAULT_LABEL_SET) -> str:
    """A plain-text table: one row per document, one column per label, the total, the
    relations and the quotes without a speaker (`no-speaker`), and a total row."""
    counts = count_labels(store)
    links = count_relations(store)
    names = list(labels.names)
    for per_doc in counts.values():
        names.extend(n for n in per_doc if n not in names)
    headers = ["document", "status", *names, "total", "relations", "no-speaker"]
    rows: list[list[str]] = []
    totals: Counter[str] = Counter()
    for doc_id, document in store.documents.items():
        per_doc = counts[doc_id]
        totals.update(per_doc)
        rows.append(
            [
                doc_id,
                document.status,
                *(str(per_doc[n]) for n in names),
                str(sum(per_doc.values())),
                *(str(n) for n in links[doc_id]),
            ]
        )
    done = sum(1 for d in store.documents.values() if d.status == "done")
    rows.append(
        [
            f"TOTAL ({len(store.documents)} docs)",
            f"{done} done",
            *(str(totals[n]) for n in names),
            str(sum(totals.values())),
            str(sum(n for n, _ in links.values())),
            str(sum(n for _, n in links.values())),
        ]
    )
    # Ids and labels may come from any program's JSONL or database: no escape sequence in them
    # reaches the terminal.
    headers = [printable(h) for h in headers]
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def fmt(row: list[str]) -> str:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [cell.rjust(width) for cell, width in zip(row[2:], widths[2:], strict=True)]
        return "  ".join(cells).rstrip()

    lines = [fmt(headers), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows[:-1])]
    lines += [fmt(["-" * w for w in widths]), fmt(rows[-1])]
    return "\n".join(lines)
