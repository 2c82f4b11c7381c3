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


SPEAKERS = (
    ("“It is a final push", "Waheed Arshad", 0),
    ("“no information”", "Arshad", -1),
    ("“The militants are using", "Arshad", -1),
    ("“I question whether", "Ghazi", 0),
    ("“They kept on changing", "Ghazi", -1),
    ("“After 11 hours", "Chaudhry Shujaat Hussain", -1),
    ("“We are returning", "Chaudhry Shujaat Hussain", -1),
    ("“martyrdom”", "Ghazi", -1),
)
"""Each quote (by its opening words) and its speaker's mention: 0 the first one after the
quote, -1 the last one before it (as in tests/data/gold)."""


def seed_speakers(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """((quote start, end), (person start, end)) of the seed's SPEAKER relations."""
    quotes = {s: (s, e) for s, e, label in seed_spans(text) if label == "QUOTE"}
    people = [(s, e) for s, e, label in seed_spans(text) if label == "PERSON"]
    out = []
    for opening, name, which in SPEAKERS:
        quote = quotes[text.index(opening)]
        named = [p for p in people if text[p[0] : p[1]] == name]
        before = [p for p in named if p[1] <= quote[0]]
        after = [p for p in named if p[0] >= quote[1]]
        out.append((quote, after[0] if which == 0 else before[-1]))
    return out
