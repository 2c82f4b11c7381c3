"""A full annotation of the seed article, made by rule from the labelling guide (docs/contracts.md).

Every direct quotation (marks included), every digit figure with its unit, every named person
and place. Used to measure how many spans spaCy's own tokens can hold (tests/formats/).
"""

from __future__ import annotations

import re

PEOPLE = (
    "Waheed Arshad",
    "Arshad",
    "Abdul Rashi Ghazi",
    "Pervez Musharraf",
    "Musharraf",
    "Ghazi",
    "Chaudhry Shujaat Hussain",
    "Daniel Pearl",
    "Abdul Aziz",
)
PLACES = ("ISLAMABAD", "Islamabad", "Red Mosque", "Pakistan", "Peshawar")
FIGURES = (r"300-400", r"1,200", r"11 hours", r"24-hour", r"\b(?:20|100|15|24|43)\b(?!-)")
QUOTES = (r"“[^”]*”",)


def seed_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of every span in `text`, a name inside a longer one left out."""
    found: list[tuple[int, int, str]] = []
    for label, patterns in (
        ("PERSON", [rf"\b{re.escape(p)}\b" for p in PEOPLE]),
        ("PLACE", [rf"\b{re.escape(p)}\b" for p in PLACES]),
        ("FIGURE", FIGURES),
        ("QUOTE", QUOTES),
    ):
        spans = {(m.start(), m.end()) for p in patterns for m in re.finditer(p, text)}
        for start, end in spans:
            inside = any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans)
            if not inside:
                found.append((start, end, label))
    return sorted(found, key=lambda s: (s[0], -s[1], s[2]))
