"""Where a span's start or end goes when it is moved by a word or a character.

Pure functions of the text. A moved boundary never lands inside whitespace: a span neither
begins nor ends with a space after a move, and a move that would empty the span is refused.
"""

from __future__ import annotations

from typing import Literal

from tui.text.motion import (
    next_char,
    next_word_end,
    next_word_start,
    prev_char,
    prev_word_end,
    prev_word_start,
)

Edge = Literal["start", "end"]
Unit = Literal["word", "char"]
EDGES: tuple[Edge, ...] = ("start", "end")
UNITS: tuple[Unit, ...] = ("word", "char")


def _skip_space_forward(text: str, offset: int, limit: int) -> int:
    while offset < limit and text[offset].isspace():
        offset += 1
    return offset


def _skip_space_back(text: str, offset: int, floor: int) -> int:
    while offset > floor and text[offset - 1].isspace():
        offset -= 1
    return offset


def moved(
    text: str, start: int, end: int, edge: Edge, unit: Unit, step: int
) -> tuple[int, int] | None:
    """[start, end) with one boundary moved a word or character left (-1) or right (+1);
    None when it cannot move (the text's edge, or the span would be empty)."""
    length = len(text)
    if edge == "end":
        if step > 0:
            if end >= length:
                return None
            if unit == "word":
                new = _skip_space_back(text, next_word_end(text, end), end)
            else:
                ahead = _skip_space_forward(text, end, length)
                if ahead >= length:
                    return None
                new = next_char(text, ahead)
        else:
            if unit == "word":
                found = prev_word_end(text, end, start)
                new = start if found is None else found
            else:
                new = _skip_space_back(text, prev_char(text, end), start)
        return (start, new) if start < new <= length and new != end else None
    if step < 0:
        if start <= 0:
            return None
        if unit == "word":
            new = _skip_space_forward(text, prev_word_start(text, start), start)
        else:
            behind = _skip_space_back(text, start, 0)
            if behind <= 0:
                return None
            new = prev_char(text, behind)
    else:
        if unit == "word":
            new = next_word_start(text, start)
        else:
            new = _skip_space_forward(text, next_char(text, start), end)
    return (new, end) if 0 <= new < end and new != start else None
