"""Tokens and sequences for the learned suggester: offsets into the text, never copies of it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+(?:[-‐.,:/]\w+)*|['’]\w+|\S")
"""A word or number with its inner joiners ("1,000", "ten-storey", "U.S"), a possessive or
elided tail ("'s", "’Neill") or one other character ("$", "%", "“")."""

MAX_TOKENS = 160
"""A paragraph longer than this is cut after a full stop (or hard) into several sequences."""


@dataclass(frozen=True, slots=True)
class Token:
    """One token: where it is and what it says."""

    start: int
    end: int
    text: str


def sequences(text: str, low: int = 0, high: int | None = None) -> Iterator[list[Token]]:
    """The tokens of text[low:high], one list per paragraph (long ones cut), in order."""
    high = len(text) if high is None else high
    position = low
    while position < high:
        newline = text.find("\n", position, high)
        end = high if newline < 0 else newline
        tokens = [
            Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, position, end)
        ]
        yield from _cut(tokens)
        position = end + 1


def _cut(tokens: list[Token]) -> Iterator[list[Token]]:
    while len(tokens) > MAX_TOKENS:
        cut = next(
            (i + 1 for i in range(MAX_TOKENS - 1, MAX_TOKENS // 2, -1) if tokens[i].text == "."),
            MAX_TOKENS,
        )
        yield tokens[:cut]
        tokens = tokens[cut:]
    if tokens:
        yield tokens
