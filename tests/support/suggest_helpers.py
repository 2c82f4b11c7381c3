"""Shared helpers for the suggester tests: the seed article and span lookups."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.suggest.base import Suggestion

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "seeds" / "000_786e792f34019fa1.txt").read_text(encoding="utf-8")
GOLD = ROOT / "tests" / "data" / "gold"


@dataclass(frozen=True)
class Span:
    """An existing span as the suggesters see one (the SpanLike protocol), without a store."""

    start: int
    end: int
    label: str
    text: str


def texts(text: str, suggestions: list[Suggestion], label: str | None = None) -> list[str]:
    """The span texts of the suggestions (of one label), in order."""
    return [text[s.start : s.end] for s in suggestions if label is None or s.label == label]


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The extent of the nth occurrence of `needle`."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos, pos + len(needle)
