"""Cursor motion over text offsets: by character (never stopping inside a combining sequence)
and by word. Pure functions on the text; screen rows are the layout's business."""

from __future__ import annotations

import re

from tui.text.layout import is_zero_width

# Word characters, with combining marks (U+0301 is not \w) kept inside their word.
_WORD = re.compile(r"(?:\w|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")
_LOOKBEHIND = 256


def next_char(text: str, offset: int) -> int:
    """The offset after the character at `offset` and any combining marks attached to it."""
    length = len(text)
    if offset >= length:
        return length
    offset += 1
    while offset < length and is_zero_width(text[offset]):
        offset += 1
    return offset


def prev_char(text: str, offset: int) -> int:
    """The offset of the base character before `offset` (skipping back over combining marks)."""
    if offset <= 0:
        return 0
    offset -= 1
    while offset > 0 and is_zero_width(text[offset]):
        offset -= 1
    return offset


def next_word_start(text: str, offset: int) -> int:
    """The start of the next word after the one at `offset` (or the text's end)."""
    match = _WORD.search(text, offset)
    if match is not None and match.start() <= offset:
        match = _WORD.search(text, match.end())
    return len(text) if match is None else match.start()


def prev_word_start(text: str, offset: int) -> int:
    """The start of the word before `offset` (or of the word containing it)."""
    window = _LOOKBEHIND
    while True:
        low = max(0, offset - window)
        starts = [m.start() for m in _WORD.finditer(text, low, offset)]
        # A match cut by the window's left edge may not be a real word start: widen and retry.
        if starts and (starts[-1] > low or low == 0):
            return starts[-1]
        if low == 0:
            return 0
        window *= 4


def next_word_end(text: str, offset: int) -> int:
    """The end of the word at or after `offset` (or the text's end)."""
    match = _WORD.search(text, offset)
    return len(text) if match is None else match.end()


def prev_word_end(text: str, offset: int, floor: int = 0) -> int | None:
    """The end of the last word that ends before `offset` (looking no further back than
    `floor`); None when there is none."""
    low = max(floor, offset - _LOOKBEHIND)
    while True:
        # A word cut by `offset` ends there and is not before it; one cut by `low` still ends
        # where it ends.
        ends = [m.end() for m in _WORD.finditer(text, low, offset) if m.end() < offset]
        if ends:
            return ends[-1]
        if low == floor:
            return None
        low = max(floor, low - 4 * (offset - low))
