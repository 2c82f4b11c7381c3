"""Precision and recall of the built-in suggesters against hand-made gold spans.

    python -m tui.suggest.evaluate tests/data/gold/ [--min-score 0.5] [--propagate]

Gold files are native JSONL (one document a line: id, text, spans). A suggestion counts only when
its (start, end, label) equals a gold span exactly. With --propagate, each document also gets
the propagation of the other gold documents' spans, as if they had been annotated first.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from tui.labels import DEFAULT_LABEL_SET
from tui.suggest.engine import suggest


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A gold span (the SpanLike that propagation reads)."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """A document of a gold file and its spans."""

    id: str
    text: str
    spans: tuple[GoldSpan, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """Exact-match counts of one label and the measures drawn from them."""

    label: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_gold(path: Path) -> list[GoldDocument]:
    """The documents of one native JSONL gold file; ValueError when a span's text is wrong."""
    documents = []
    for number, line in enumerate(path.read_bytes().splitlines(), 1):
        if not line.strip():
            continue
        value = orjson.loads(line)
        text = value["text"]
        spans = []
        for span in value.get("spans", []):
            gold = GoldSpan(span["start"], span["end"], span["label"], span["text"])
            if text[gold.start : gold.end] != gold.text:
                raise ValueError(f"{path}:{number}: span {gold} does not match the text")
            spans.append(gold)
        documents.append(GoldDocument(value["id"], text, tuple(spans)))
    return documents


def gold_files(paths: Iterable[Path]) -> list[Path]:
    """The .jsonl files among `paths`, folders read in sorted order."""
    out: list[Path] = []
    for path in paths:
        out.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    return out


def evaluate(
    documents: Sequence[GoldDocument],
    labels: Sequence[str] = DEFAULT_LABEL_SET.names,
    min_score: float = 0.5,
    propagate: bool = False,
) -> list[Score]:
    """Per-label exact-match scores of `suggest` over the documents, then a micro-average "ALL"."""
    counts = {label: [0, 0, 0] for label in labels}
    for document in documents:
        others = {d.id: d.spans for d in documents if d.id != document.id} if propagate else {}
        found = {
            s.key
            for s in suggest(document.text, document.id, others, labels=labels, min_score=min_score)
        }
        gold = {(s.start, s.end, s.label) for s in document.spans if s.label in counts}
        for start, end, label in found | gold:
            slot = 0 if (start, end, label) in found and (start, end, label) in gold else 1
            if slot == 1 and (start, end, label) in gold:
                slot = 2
            counts[label][slot] += 1
    scores = [Score(label, *counts[label]) for label in labels]
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return [*scores, Score("ALL", *total)]


def format_table(scores: Iterable[Score]) -> str:
    """A plain-text table: label, precision, recall, F1 and the counts."""
    lines = [f"{'label':<8} {'precision':>9} {'recall':>7} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]
    for s in scores:
        lines.append(
            f"{s.label:<8} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} "
            f"{s.true_positives:>5} {s.false_positives:>5} {s.false_negatives:>5}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the scores of the built-in suggesters against the given gold files or folders."""
    parser = argparse.ArgumentParser(prog="python -m tui.suggest.evaluate", description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path, help="gold .jsonl files or folders")
    parser.add_argument("--min-score", type=float, default=0.5, help="default: %(default)s")
    parser.add_argument("--propagate", action="store_true", help="propagate the other gold files")
    args = parser.parse_args(argv)
    try:
        documents = [d for path in gold_files(args.paths) for d in read_gold(path)]
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    scores = evaluate(documents, min_score=args.min_score, propagate=args.propagate)
    print(f"{len(documents)} document(s), min score {args.min_score}")
    print(format_table(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
