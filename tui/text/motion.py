"""Cursor motion over text offsets: by character (never stopping inside a combining sequence),
by word, and by the rows of a layout. Pure functions, shared by the article view and by
whatever plans its keys (tests/support/keypress_plan.py)."""

from __future__ import annotations

import re

from tui.text.layout import TextLayout, is_zero_width

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


def move_cursor(
    text: str,
    layout: TextLayout | None,
    cursor: int,
    goal: int | None,
    motion: str,
    page: int = 1,
) -> tuple[int, int | None]:
    """Where `motion` (one of the article view's: left, right, word_right, word_left,
    line_start, line_end, up, down, page_up, page_down, doc_start, doc_end) takes the cursor,
    and the goal column afterwards (None after a horizontal motion); `page` rows per page."""
    if motion == "left":
        return prev_char(text, cursor), None
    if motion == "right":
        return next_char(text, cursor), None
    if motion == "word_right":
        return next_word_start(text, cursor), None
    if motion == "word_left":
        return prev_word_start(text, cursor), None
    if motion == "doc_start":
        return 0, None
    if motion == "doc_end":
        return len(text), None
    steps = {"up": -1, "down": 1, "page_up": -page, "page_down": page}.get(motion)
    if steps is None and motion not in ("line_start", "line_end"):
        raise ValueError(f"unknown motion {motion!r}")
    if layout is None:
        return cursor, goal if steps is not None else None
    row = layout.row_of(cursor)
    if steps is None:
        start, end, last = layout.row_bounds(row)
        if motion == "line_start":
            return start, None
        return (end if last else max(start, end - 1)), None
    target_row = min(max(row + steps, 0), layout.row_count - 1)
    if target_row == row:
        # Up on the first row goes to the text's start; page down on the last to its end.
        return (0 if steps < 0 else len(text) if motion == "page_down" else cursor), goal
    column = layout.column_of(cursor) if goal is None else goal
    return layout.offset_at(target_row, column), column
