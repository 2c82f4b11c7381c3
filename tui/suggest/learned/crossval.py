"""Cross-validated figures of the learner over a database's done documents.

The done documents are dealt into folds (shuffled with a seed); each fold is scored with a
model trained on everything else (other documents still in progress included), against the
rules alone on the same fold, on exact (start, end, label) matches.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.suggest.evaluate import Score
from tui.suggest.learned.training import Example

Key = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Scores per label of the rules alone, and of the rules with the learned model."""

    folds: int
    documents: int
    rules: list[Score]
    learned: list[Score]


def _count(found: set[Key], gold: set[Key], counts: dict[str, list[int]]) -> None:
    for key in found | gold:
        slot = 0 if key in found and key in gold else (1 if key in found else 2)
        counts.setdefault(key[2], [0, 0, 0])[slot] += 1


def _scores(counts: dict[str, list[int]], labels: Sequence[str]) -> list[Score]:
    rows = [Score(label, *counts.get(label, [0, 0, 0])) for label in labels]
    total = [sum(counts.get(label, [0, 0, 0])[i] for label in labels) for i in range(3)]
    return [*rows, Score("ALL", *total)]


def cross_validate(
    examples: Sequence[Example],
    labels: Sequence[str],
    folds: int = 5,
    seed: int = 0,
    min_score: float = 0.5,
) -> CrossValidation | None:
    """Score the learner by k-fold cross-validation; None with fewer than 2 done documents."""
    from tui.suggest.engine import suggest
    from tui.suggest.learned.backend import LearnedSuggester
    from tui.suggest.learned.model import train_into

    done = sorted((e for e in examples if e.done), key=lambda e: e.doc_id)
    if len(done) < 2:
        return None
    random.Random(seed).shuffle(done)
    k = max(2, min(folds, len(done)))
    rules: dict[str, list[int]] = {}
    learned: dict[str, list[int]] = {}
    wanted = set(labels)
    for fold in range(k):
        held = done[fold::k]
        held_ids = {e.doc_id for e in held}
        training = [e for e in examples if e.doc_id not in held_ids]
        with tempfile.TemporaryDirectory(prefix="spantag-cv-") as folder:
            train_into(Path(folder), training)
            backend = LearnedSuggester(Path(folder))
            tagged = {e.doc_id: [_Span(*k, e.text) for k in e.spans] for e in training}
            for example in held:
                gold = {key for key in example.spans if key[2] in wanted}
                for counts, backends in ((rules, ()), (learned, (backend,))):
                    found = suggest(
                        example.text,
                        example.doc_id,
                        tagged,
                        labels=labels,
                        backends=backends,
                        min_score=min_score,
                    )
                    _count({s.key for s in found}, gold, counts)
    return CrossValidation(k, len(done), _scores(rules, labels), _scores(learned, labels))


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str
    document_text: str

    @property
    def text(self) -> str:
        return self.document_text[self.start : self.end]


def format_cross_validation(result: CrossValidation) -> str:
    """A plain table: per label, precision and recall of the rules, then with the learner."""
    lines = [
        f"cross-validated over {result.documents} done documents ({result.folds} folds), "
        "exact matches",
        f"{'label':<10} {'rules P':>8} {'rules R':>8} {'+learned P':>11} {'+learned R':>11}",
    ]
    for a, b in zip(result.rules, result.learned, strict=True):
        lines.append(
            f"{a.label:<10} {a.precision:>8.3f} {a.recall:>8.3f} {b.precision:>11.3f} "
            f"{b.recall:>11.3f}"
        )
    return "\n".join(lines)
