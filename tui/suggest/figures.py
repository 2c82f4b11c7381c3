"""FIGURE suggestions: numbers in digits or words with their unit, currency or % sign.

The grammar is tui/text/grammar/figures.py's, shared with the reader's `f` key. Years, dates and
clock times are suggested too, but with a low score: the FIGURE of docs/contracts.md is a quantity,
and a
date rarely is one, yet an annotator may want them.
"""

from __future__ import annotations

import re

from tui.suggest.base import Suggestion
from tui.suggest.name_cues import words
from tui.text.extents import iter_figures
from tui.text.grammar.figures import FigureKind

LABEL = "FIGURE"
_SCORES: dict[FigureKind, tuple[float, str]] = {
    "quantity": (0.95, "number with its unit, currency or %"),
    "number": (0.9, "number"),
    "words": (0.85, "number in words"),
    "year": (0.3, "a year, not usually a figure"),
    "date": (0.3, "a date, not usually a figure"),
    "time": (0.3, "a time of day, not usually a figure"),
}
_LONE_ONE = re.compile(r"(?i:one)")
"""A bare "one" is as often a pronoun ("no one", "one of them") as a number."""
_NAME_BEFORE = re.compile(r"(?:^|[^\S\n])([A-Z][\w-]*)[ \u00a0]$")
"""A capitalised word right before a number: "Maasvlakte 2", "Terminal 5", "Boeing 747"."""
_MONTHS = words(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)


def _in_a_name(text: str, start: int, end: int) -> bool:
    """A short number after a capitalised word that does not open the sentence."""
    if end - start > 4 or not text[start:end].isdigit():
        return False
    match = _NAME_BEFORE.search(text, max(0, start - 30), start)
    if match is None or match.group(1) in _MONTHS:
        return False
    i = match.start(1) - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i >= 0 and text[i] not in '.!?:;“"‘(\n'


def suggest_figures(text: str, label: str = LABEL) -> list[Suggestion]:
    """Every figure of `text`, scored by kind."""
    out = []
    for figure in iter_figures(text):
        score, reason = _SCORES[figure.kind]
        if _LONE_ONE.fullmatch(text, figure.start, figure.end):
            score, reason = 0.4, "the word 'one' (often not a number)"
        elif figure.kind == "number" and _in_a_name(text, figure.start, figure.end):
            score, reason = 0.4, "a number in a name (Terminal 5)"
        out.append(Suggestion(figure.start, figure.end, label, score, reason))
    return out
