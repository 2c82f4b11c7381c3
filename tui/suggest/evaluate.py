"""Precision and recall of the built-in suggesters against hand-made gold spans.

    python -m tui.suggest.evaluate tests/data/gold/ [--min-score 0.5] [--propagate]

Gold files are native JSONL (one document a line: id, text, spans; other keys, such as
`relations`, are ignored). A suggestion counts only when its (start, end, label) equals a gold
span exactly. With --propagate, each document also gets the propagation of the other gold
documents' spans of the same set, as if they had been annotated first.

A folder is a tuning set (its own .jsonl files) and, when it has a `heldout/` subfolder, a
held-out set beside it (see `gold_sets`). The two are scored apart, the held-out set first: it is
the honest figure, since no rule was tuned on it.
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
    """The .jsonl files among `paths`, folders read in sorted order (not recursively)."""
    out: list[Path] = []
    for path in paths:
        out.extend(sorted(path.glob("*.jsonl")) if path.is_dir() else [path])
    return out


HELDOUT = "heldout"
"""The subfolder of a gold folder that holds its held-out set."""


@dataclass(frozen=True, slots=True)
class GoldSet:
    """Gold files scored together: "held-out", "tuning" (or "given" for files named one by one)."""

    name: str
    files: tuple[Path, ...]

    def documents(self) -> list[GoldDocument]:
        return [d for path in self.files for d in read_gold(path)]


def gold_sets(paths: Iterable[Path]) -> list[GoldSet]:
    """The gold sets among `paths`, the held-out set first.

    A folder gives its own .jsonl files as the tuning set, and those of its `heldout/`
    subfolder, if any, as the held-out set; a held-out folder named directly is the held-out set;
    files named one by one are one set of their own ("given"). A file is never in two sets."""
    heldout: list[Path] = []
    tuning: list[Path] = []
    given: list[Path] = []
    for path in paths:
        if not path.is_dir():
            given.append(path)
        elif path.name == HELDOUT:
            heldout.extend(gold_files([path]))
        else:
            tuning.extend(gold_files([path]))
            if (path / HELDOUT).is_dir():
                heldout.extend(gold_files([path / HELDOUT]))
    sets = [("held-out", heldout), ("tuning", tuning), ("given", given)]
    seen: set[Path] = set()
    out = []
    for name, files in sets:
        unique = tuple(dict.fromkeys(f for f in files if f.resolve() not in seen))
        seen.update(f.resolve() for f in unique)
        if unique:
            out.append(GoldSet(name, unique))
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
        sets = [(s, s.documents()) for s in gold_sets(args.paths)]
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not sets:
        print("error: no gold .jsonl files found", file=sys.stderr)
        return 1
    for number, (gold_set, documents) in enumerate(sets):
        scores = evaluate(documents, min_score=args.min_score, propagate=args.propagate)
        if number:
            print()
        print(f"{gold_set.name} set: {len(documents)} document(s), min score {args.min_score}")
        print(format_table(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
