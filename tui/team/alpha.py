"""Krippendorff's alpha (nominal) of two coders over characters, through the `krippendorff` package.

Each character of the shared documents is one unit, coded 1 (inside a span of the label) or 0
(outside) by each of the two annotators. The package takes the units as value counts (one row
per unit: how many coders said 0, how many said 1). Units on which both coders agree are pooled
into one unit per value, which leaves alpha unchanged: a unit of m equal values adds
m(m-1)/(m-1) = m to its cell of the coincidence matrix, exactly as m/2 units of two equal values
do. Only the characters the two disagree on stay one row each, so memory follows the
disagreement, not the length of the corpus (docs/team.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CharCounts:
    """How many characters both left out, only B, only A, and both put in a label."""

    n00: int = 0
    n01: int = 0  # A out, B in
    n10: int = 0  # A in, B out
    n11: int = 0

    def __add__(self, other: CharCounts) -> CharCounts:
        return CharCounts(
            self.n00 + other.n00,
            self.n01 + other.n01,
            self.n10 + other.n10,
            self.n11 + other.n11,
        )


def nominal_alpha(counts: CharCounts) -> float | None:
    """Alpha of the two coders' in/out codes; None when nobody varies (alpha is undefined)."""
    disagree = counts.n01 + counts.n10
    if counts.n00 + disagree + counts.n11 == 0:
        return None
    if disagree == 0 and (counts.n00 == 0 or counts.n11 == 0):
        return None  # one value only: no expected disagreement, alpha is 0/0
    import krippendorff
    import numpy as np

    rows = np.zeros((disagree + 2, 2), dtype=np.int64)
    rows[0] = (2 * counts.n00, 0)
    rows[1] = (0, 2 * counts.n11)
    rows[2:] = (1, 1)
    rows = rows[rows.sum(axis=1) > 0]
    value: float = float(
        krippendorff.alpha(value_counts=rows, value_domain=[0, 1], level_of_measurement="nominal")
    )
    return None if math.isnan(value) else value
