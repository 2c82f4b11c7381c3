"""Where each character of an article goes on screen: wrapping, and offset <-> (row, column).

The one place that converts between text offsets and screen positions. Offsets never come from
screen cells: wide characters (CJK, emoji) take two cells, combining marks none, tabs up to
TAB_SIZE, and control or format characters are drawn as one visible symbol, but each is still
exactly one code point of the stored text.

Wrapping is per paragraph (text between newlines) and lazy: a paragraph is wrapped the first
time it is needed, and until then counts an estimate of its rows. A Fenwick tree of row counts
maps rows to paragraphs in O(log P), so nothing per keystroke depends on the article's length.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from rich.cells import get_character_cell_size

TAB_SIZE = 4
EAGER_WRAP_CHARS = 200_000
"""Articles up to this length are wrapped whole when laid out; longer ones lazily."""

_MARKER = "·"
"""Drawn for invisible format characters (zero-width joiners and spaces, bidi controls)."""
_C1_MARKER = "␦"
_INVISIBLE = frozenset({"Cf", "Zl", "Zp"})


def _is_variation_selector(code: int) -> bool:
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _build_single_cells() -> frozenset[str]:
    """Characters that are always one plain cell: the fast path of wrapping and drawing."""
    ranges = [(0x20, 0x7E), (0xA0, 0x2FF), (0x370, 0x482), (0x2010, 0x205E), (0x20A0, 0x20C0)]
    cells = set()
    for low, high in ranges:
        for code in range(low, high + 1):
            char = chr(code)
            category = unicodedata.category(char)
            if category[0] in "CM" or category in _INVISIBLE:
                continue
            if get_character_cell_size(char) == 1:
                cells.add(char)
    return frozenset(cells)


SINGLE_CELLS = _build_single_cells()
_is_simple = SINGLE_CELLS.issuperset


def is_simple(text: str) -> bool:
    """True when every character of `text` is drawn as itself in exactly one cell."""
    return _is_simple(text)


def char_cells(char: str, column: int) -> tuple[str, int]:
    """How one character is drawn at `column` of its row: (what to draw, cells it takes)."""
    if char in SINGLE_CELLS:
        return char, 1
    code = ord(char)
    if char == "\t":
        width = TAB_SIZE - column % TAB_SIZE
        return " " * width, width
    if code < 0x20:
        return chr(0x2400 + code), 1  # Control Pictures: ␀ ␉ ␛ ...
    if code == 0x7F:
        return "␡", 1
    if 0x80 <= code < 0xA0:
        return _C1_MARKER, 1
    if _is_variation_selector(code):
        return "", 0
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate (an undecodable file name): not drawable
        return "\ufffd", 1
    if unicodedata.category(char) in _INVISIBLE:
        return _MARKER, 1
    return char, get_character_cell_size(char)


def is_visible_marker(char: str) -> bool:
    """True for characters drawn as a stand-in symbol (controls, invisible format characters)."""
    if char in SINGLE_CELLS or char == "\t":
        return False
    code = ord(char)
    return code < 0x20 or 0x7F <= code < 0xA0 or unicodedata.category(char) in _INVISIBLE


def is_zero_width(char: str) -> bool:
    """True for characters that attach to the previous one (combining marks, selectors)."""
    if char in SINGLE_CELLS:
        return False
    return char_cells(char, 0)[1] == 0


def wrap_paragraph(text: str, start: int, end: int, width: int) -> list[int]:
    """Row start offsets of the paragraph text[start:end] word-wrapped to `width` cells.

    A row breaks after a space when the next word would not fit, between two wide characters
    (CJK has no spaces), or anywhere in a word longer than the row. The space at a break stays
    at the end of its row and may hang one cell past `width`, so every offset belongs to exactly
    one row; views wrap to one cell less than they have, which also leaves room for the cursor
    after a full last row.
    """
    width = max(width, 2)
    if end - start <= width and is_simple(text[start:end]):
        return [start]
    if is_simple(text[start:end]):
        return _wrap_simple(text, start, end, width)
    return _wrap_general(text, start, end, width)


def _wrap_simple(text: str, start: int, end: int, width: int) -> list[int]:
    rows = [start]
    position = start
    rfind = text.rfind
    while end - position > width:
        # A row holds `width` cells plus, hanging in the view's spare column, its break space.
        space = rfind(" ", position, position + width + 1)
        position = space + 1 if space > position else position + width
        rows.append(position)
    return rows


def _wrap_general(text: str, start: int, end: int, width: int) -> list[int]:
    rows = [start]
    row_start = start
    column = 0
    last_break = -1  # offset where a new row may begin
    prev_wide = False
    index = start
    while index < end:
        char = text[index]
        _, cells = char_cells(char, column)
        if cells == 0:
            index += 1
            continue
        wide = cells == 2
        if wide and prev_wide:
            last_break = index
        if column + cells > width and index > row_start:
            if char == " ":
                # The space itself ends this row.
                index += 1
                column += cells
                last_break = index
                if index < end:
                    row_start = index
                    rows.append(row_start)
                    column = 0
                    last_break = -1
                    prev_wide = False
                continue
            cut = last_break if last_break > row_start else index
            row_start = cut
            rows.append(cut)
            # Re-measure the carried-over part of the row.
            column = 0
            prev_wide = False
            last_break = -1
            index = cut
            continue
        column += cells
        index += 1
        if char == " ":
            last_break = index
        prev_wide = wide
    return rows


class Fenwick:
    """Prefix sums of row counts per paragraph, updatable in O(log n)."""

    def __init__(self, values: list[int]) -> None:
        self._n = len(values)
        tree = [0, *values]
        for i in range(1, self._n + 1):
            parent = i + (i & -i)
            if parent <= self._n:
                tree[parent] += tree[i]
        self._tree = tree
        self.total = sum(values)

    def add(self, index: int, delta: int) -> None:
        self.total += delta
        i = index + 1
        tree = self._tree
        while i <= self._n:
            tree[i] += delta
            i += i & -i

    def prefix(self, index: int) -> int:
        """Sum of values[0:index]."""
        total = 0
        i = index
        tree = self._tree
        while i > 0:
            total += tree[i]
            i -= i & -i
        return total

    def find(self, target: int) -> tuple[int, int]:
        """(index, remainder): the index whose running sum passes `target` (0 <= target < total)."""
        position = 0
        remainder = target
        step = 1 << self._n.bit_length()
        tree = self._tree
        while step:
            nxt = position + step
            if nxt <= self._n and tree[nxt] <= remainder:
                position = nxt
                remainder -= tree[nxt]
            step >>= 1
        return position, remainder


_NEWLINE = re.compile("\n")


class TextLayout:
    """The wrapped rows of one text at one width, computed lazily per paragraph."""

    def __init__(self, text: str, width: int, *, eager: bool | None = None) -> None:
        self.text = text
        self.width = max(width, 2)
        starts = [0]
        starts.extend(match.end() for match in _NEWLINE.finditer(text))
        self.para_starts = starts
        self._rows: list[list[int] | None] = [None] * len(starts)
        self._counts = [self._estimate(i) for i in range(len(starts))]
        self._fenwick = Fenwick(self._counts)
        self._next_unwrapped = 0
        if eager if eager is not None else len(text) <= EAGER_WRAP_CHARS:
            self.wrap_some(len(starts))

    # -- paragraphs -----------------------------------------------------------------------------
    def paragraph_end(self, para: int) -> int:
        """Offset just past the paragraph's last character (its newline, or the text's end)."""
        if para + 1 < len(self.para_starts):
            return self.para_starts[para + 1] - 1
        return len(self.text)

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.para_starts, offset) - 1

    def _estimate(self, para: int) -> int:
        length = self.paragraph_end(para) - self.para_starts[para]
        return max(1, -(-length // self.width))

    def rows_of(self, para: int) -> list[int]:
        """Row start offsets of a paragraph, wrapping it now if needed."""
        rows = self._rows[para]
        if rows is None:
            rows = wrap_paragraph(
                self.text, self.para_starts[para], self.paragraph_end(para), self.width
            )
            self._rows[para] = rows
            delta = len(rows) - self._counts[para]
            if delta:
                self._counts[para] = len(rows)
                self._fenwick.add(para, delta)
        return rows

    @property
    def complete(self) -> bool:
        """True once every paragraph is wrapped (row counts exact)."""
        return self._next_unwrapped >= len(self.para_starts)

    def wrap_some(self, paragraphs: int) -> list[tuple[int, int]]:
        """Wrap up to `paragraphs` not yet wrapped; returns (paragraph, row delta) of changes."""
        changes: list[tuple[int, int]] = []
        para = self._next_unwrapped
        limit = min(len(self.para_starts), para + paragraphs)
        rows_cache = self._rows
        while para < limit:
            if rows_cache[para] is None:
                before = self._counts[para]
                after = len(self.rows_of(para))
                if after != before:
                    changes.append((para, after - before))
            para += 1
        self._next_unwrapped = para
        return changes

    # -- rows -----------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return self._fenwick.total

    def locate(self, row: int) -> tuple[int, int]:
        """(paragraph, row within it) of a global row; wraps that paragraph if needed."""
        row = min(max(row, 0), self.row_count - 1)
        para, local = self._fenwick.find(row)
        rows = self.rows_of(para)
        # Wrapping may have changed the count; clamp to the paragraph's real rows.
        return para, min(local, len(rows) - 1)

    def row_bounds(self, row: int) -> tuple[int, int, bool]:
        """(start, end, last): the offsets a row shows; `last` when it ends its paragraph.

        For the last row of a paragraph, `end` is the paragraph end, where the cursor can sit
        (on the newline or after the last character of the text).
        """
        para, local = self.locate(row)
        return self._bounds(para, local)

    def _bounds(self, para: int, local: int) -> tuple[int, int, bool]:
        rows = self.rows_of(para)
        start = rows[local]
        if local + 1 < len(rows):
            return start, rows[local + 1], False
        return start, self.paragraph_end(para), True

    def row_of(self, offset: int) -> int:
        """The global row that shows `offset`."""
        offset = min(max(offset, 0), len(self.text))
        para = self.paragraph_of(offset)
        rows = self.rows_of(para)
        local = bisect.bisect_right(rows, offset) - 1
        return self._fenwick.prefix(para) + local

    def column_of(self, offset: int) -> int:
        """Cells between the start of its row and `offset`."""
        row_start, _, _ = self.row_bounds(self.row_of(offset))
        return self.cells_between(row_start, offset)

    def cells_between(self, row_start: int, offset: int) -> int:
        segment = self.text[row_start:offset]
        if is_simple(segment):
            return len(segment)
        column = 0
        for char in segment:
            column += char_cells(char, column)[1]
        return column

    def offset_at(self, row: int, column: int) -> int:
        """The offset drawn at `column` of `row` (the row's end when the column is past it)."""
        start, end, last = self.row_bounds(row)
        limit = end if last else max(start, end - 1)
        segment = self.text[start:limit]
        if is_simple(segment):
            return start + min(column, len(segment))
        cells = 0
        for index, char in enumerate(segment):
            _, width = char_cells(char, cells)
            if width and cells + width > column:
                return start + index
            cells += width
        return limit


def printable(text: str) -> str:
    """`text` made safe for one UI line: controls as symbols, newlines as ⏎, tabs as spaces."""
    if is_simple(text):
        return text
    out = []
    for char in text:
        if char == "\n":
            out.append("⏎")
        elif char == "\t":
            out.append(" ")
        else:
            out.append(char_cells(char, 0)[0])
    return "".join(out)
