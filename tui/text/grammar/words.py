"""The word under the cursor: letters, digits and combining marks, with internal joiners kept."""

from __future__ import annotations

import re
import unicodedata

JOINERS = frozenset("-\u2010\u2011'\u2019")
"""Hyphens and apostrophes that belong to a word when a word character stands on each side."""

APOSTROPHES = frozenset("'\u2019")
COMBINING_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD_CLASS = rf"\w{COMBINING_MARKS}"
"""For a regex character class: `\\w` plus combining marks, which `\\w` leaves out, so that a
decomposed "Garci\u0301a" is one word to regular expressions as it is to `word_at`."""
DIGIT_SEPARATORS = frozenset(",.")
"""Kept between two digits, so "1,200" and "2.5" are one word."""


def is_word_char(ch: str) -> bool:
    """A letter, a digit or a combining mark (which belongs to the letter before it)."""
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def _joins(text: str, i: int) -> bool:
    """Whether text[i] is a joiner or digit separator with word characters on both sides."""
    if i <= 0 or i + 1 >= len(text):
        return False
    ch = text[i]
    if ch in JOINERS:
        return is_word_char(text[i - 1]) and is_word_char(text[i + 1])
    if ch in DIGIT_SEPARATORS:
        return text[i - 1].isdecimal() and text[i + 1].isdecimal()
    return False


def _in_word(text: str, i: int) -> bool:
    return is_word_char(text[i]) or _joins(text, i)


def word_token_at(text: str, offset: int) -> tuple[int, int] | None:
    """The whole token (possessive included) under `offset`, or the one just before it."""
    if not 0 <= offset <= len(text):
        return None
    if offset < len(text) and _in_word(text, offset):
        i = offset
    elif offset > 0 and is_word_char(text[offset - 1]):
        i = offset - 1
    else:
        return None
    start = i
    while start > 0 and _in_word(text, start - 1):
        start -= 1
    end = i + 1
    while end < len(text) and _in_word(text, end):
        end += 1
    return start, end


def strip_possessive(text: str, start: int, end: int) -> int:
    """The end of [start, end) without a trailing possessive "'s" / "’s"."""
    if end - start >= 3 and text[end - 2] in APOSTROPHES and text[end - 1] in "sS":
        return end - 2
    return end


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The word under the cursor at `offset`, as (start, end); None when there is none.

    A word is a run of letters, digits and combining marks; hyphens and apostrophes between two
    word characters are kept ("Al-Qaeda", "O'Neill"), and so are "," and "." between two digits
    ("1,200", "2.5"). Punctuation at its edges never is. A trailing possessive "'s" or "’s" is
    left out ("Musharraf's" gives "Musharraf"), contractions too ("it's" gives "it").

    When the character at `offset` is not part of a word but the one before it is (the cursor
    just after a word, at a line end or on the comma after it), that word is returned. So the
    result (start, end) satisfies start <= offset <= end, except on a possessive suffix, where
    offset may be up to two past `end` ("Musharraf's" with the cursor on the "'", the "s" or just
    after it).
    """
    token = word_token_at(text, offset)
    if token is None:
        return None
    start, end = token
    return start, strip_possessive(text, start, end)


def _uppercase_class() -> str:
    """A regex character class body: the upper-case letters of Latin, Greek and Cyrillic."""
    code_points = [
        c for c in (*range(0x41, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00))
        if chr(c).isupper()
    ]  # fmt: skip
    ranges: list[str] = []
    first = prev = code_points[0]
    for c in [*code_points[1:], -1]:
        if c != prev + 1:
            last = "-" + re.escape(chr(prev)) if prev > first else ""
            ranges.append(re.escape(chr(first)) + last)
            first = c
        prev = c
    return "".join(ranges)


UPPER_CLASS = _uppercase_class()
"""For a regex character class: capital letters, which is how names are found in Latin scripts."""
