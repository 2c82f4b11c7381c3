"""Quotations: pairing quotation marks into spans, marks included, across line breaks.

Double-level marks only: curly “…”, straight "…", guillemets «…» (and »…«), low-9 „…“ or „…”,
and Swedish ”…”. Single marks (‘…’, '…', ‹…›) are apostrophes or nested quotes and stay inside.

The scanner reads marks and line breaks left to right with a stack of open quotations:
- a closing mark closes the innermost open quotation it can close (anything opened inside that
  one and never closed is dropped);
- an opening mark of another kind opens a nested quotation (“…« … »…”);
- a single line break does not end a quotation (hard-wrapped text); a blank line does, unless
  the next paragraph opens again with the same kind of mark: that is the multi-paragraph
  convention (a paragraph that opens a quote without closing it, followed by one that reopens
  it), and the whole thing is one quotation from the first opening mark to the last closing one.
  The same holds when paragraphs are single lines: an opening mark of the same kind that begins
  a line continues the open quotation;
- an opening mark of the same kind in the middle of a line, while a quotation opened on an earlier
  line is still open, means that one was never closed: it is dropped and a new one starts;
- straight marks pair by order, so the state of a paragraph depends only on what precedes it;
  a straight mark right after a digit with no straight quotation open is an inch sign.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

OPENING_MARKS = frozenset('“"„«»”')
"""Characters that can open a quotation (» and ” only in the »…« and ”…” conventions)."""
CLOSING_MARKS = frozenset('”"“»«')
"""Characters that can close one (“ closes „…“, « closes »…«)."""

# kind -> (opening mark, closing marks)
_KINDS: dict[str, tuple[str, str]] = {
    "curly": ("“", "”"),
    "straight": ('"', '"'),
    "low9": ("„", "“”"),
    "guillemet": ("«", "»"),
    "reversed": ("»", "«"),
    "swedish": ("”", "”"),
}
_OPENER_KIND = {"“": "curly", '"': "straight", "„": "low9", "«": "guillemet"}
_TOKEN = re.compile(r'(?P<blank>\n(?:[^\S\n]*\n)+)|(?P<nl>\n)|(?P<mark>[“”"„«»])')
_SPACE = re.compile(r"\s")
_OPEN_CONTEXT = frozenset("([{<—–-/‘'")
MAX_LINES = 20
"""Lines of context read before and after the cursor by `quote_at`."""
MAX_CHARS = 25_000
"""Characters of context read on each side of the cursor: 50k in all, fast on a 5 MB article."""


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """One quotation: its extent (marks included), its kind and whether it spans paragraphs."""

    start: int
    end: int
    kind: str
    paragraphs: int = 1


@dataclass(slots=True)
class _Open:
    kind: str
    start: int
    paragraphs: int = 1


def _opening_like(text: str, pos: int) -> bool:
    """A mark after whitespace (or an opening bracket) and before a non-space."""
    before = text[pos - 1] if pos > 0 else "\n"
    after = text[pos + 1] if pos + 1 < len(text) else "\n"
    return (before.isspace() or before in _OPEN_CONTEXT) and not after.isspace()


def _closing_like(text: str, pos: int) -> bool:
    """A mark after a non-space and before whitespace, punctuation or the end."""
    before = text[pos - 1] if pos > 0 else "\n"
    after = text[pos + 1] if pos + 1 < len(text) else "\n"
    return not before.isspace() and not after.isalnum()


def _starts_line(text: str, pos: int, line_start: int) -> bool:
    """Only whitespace between the start of the line and `pos`."""
    i = pos - 1
    while i >= line_start:
        if not text[i].isspace():
            return False
        i -= 1
    return True


def scan_quotes(text: str, lo: int = 0, hi: int | None = None) -> Iterator[QuoteMatch]:
    """Every quotation found by reading text[lo:hi] from a state with no quotation open.

    Quotations are yielded when they close, so an inner one comes before the one around it.
    """
    hi = len(text) if hi is None else hi
    stack: list[_Open] = []
    line_start = lo
    for token in _TOKEN.finditer(text, lo, hi):
        if token.lastgroup == "blank":
            line_start = token.end()
            if stack:
                nxt = text[line_start] if line_start < len(text) else ""
                if nxt != _KINDS[stack[-1].kind][0]:
                    stack.clear()
            continue
        if token.lastgroup == "nl":
            line_start = token.end()
            continue
        pos = token.start()
        mark = text[pos]
        top = stack[-1] if stack else None
        opener, closers = _KINDS[top.kind] if top else ("", "")
        reopened = (
            top is not None and top.start < line_start and _starts_line(text, pos, line_start)
        )
        if top is not None and mark == opener and reopened:
            top.paragraphs += 1  # the multi-paragraph convention
            continue
        if top is not None and mark in closers:
            if mark == opener and top.start < line_start and _opening_like(text, pos):
                stack.pop()  # a straight or Swedish quote left open on an earlier line
                stack.append(_Open(top.kind, pos))
                continue
            stack.pop()
            yield QuoteMatch(top.start, pos + 1, top.kind, top.paragraphs)
            continue
        depth = next(
            (i for i in range(len(stack) - 2, -1, -1) if mark in _KINDS[stack[i].kind][1]), -1
        )
        if depth >= 0 and not (mark in _OPENER_KIND and _opening_like(text, pos)):
            closed = stack[depth]
            del stack[depth:]
            yield QuoteMatch(closed.start, pos + 1, closed.kind, closed.paragraphs)
            continue
        kind = _OPENER_KIND.get(mark)
        if kind is None:
            # » or ” with nothing to close: the »…« and ”…” conventions, or a stray mark.
            if not _opening_like(text, pos) or _closing_like(text, pos):
                continue
            kind = "reversed" if mark == "»" else "swedish"
        elif kind == "straight" and not stack and pos > 0 and text[pos - 1].isdecimal():
            continue  # 5'10": an inch sign
        if top is not None and top.kind == kind:
            if mark == "“" and _closing_like(text, pos) and not _opening_like(text, pos):
                stack.pop()  # “ typed for ”
                yield QuoteMatch(top.start, pos + 1, top.kind, top.paragraphs)
                continue
            stack.pop()  # the open one was never closed
        stack.append(_Open(kind, pos))


def _line_start_before(text: str, offset: int, lines: int, limit: int) -> int:
    """The start of the line `lines` lines above the one holding `offset`, not before `limit`."""
    pos = offset
    for _ in range(lines + 1):
        nl = text.rfind("\n", limit, pos)
        if nl < 0:
            if limit == 0:
                return 0
            # No line start within reach: start after the first whitespace instead.
            match = _SPACE.search(text, limit, offset)
            return match.end() if match else offset
        pos = nl
    return pos + 1


def _begins_with_opener(text: str, line_start: int) -> bool:
    """Whether the line at `line_start` (or the next non-blank one) opens with a quotation mark."""
    end = min(len(text), line_start + 200)
    i = line_start
    while i < end and text[i].isspace():
        i += 1
    return i < end and text[i] in _OPENER_KIND


def window(text: str, offset: int) -> tuple[int, int]:
    """The part of `text` read to find the quotation around `offset` (about 20 lines each way).

    It starts at a line start and, when that line continues a multi-paragraph quotation (it
    begins with an opening mark), further back, up to MAX_CHARS more.
    """
    limit = max(0, offset - MAX_CHARS)
    lo = _line_start_before(text, offset, MAX_LINES, limit)
    far = max(0, offset - 2 * MAX_CHARS)
    while lo > far and _begins_with_opener(text, lo):
        lo = _line_start_before(text, lo - 1, 0, far)
    hi = offset
    for _ in range(MAX_LINES + 1):
        nl = text.find("\n", hi + 1, offset + MAX_CHARS)
        if nl < 0:
            hi = min(len(text), offset + MAX_CHARS)
            break
        hi = nl
    far_hi = min(len(text), offset + 2 * MAX_CHARS)
    while hi < far_hi and _begins_with_opener(text, hi + 1):
        nl = text.find("\n", hi + 1, far_hi)
        hi = far_hi if nl < 0 else nl
    return lo, hi


def quote_match_at(text: str, offset: int) -> QuoteMatch | None:
    """The innermost quotation around `offset` (or ending just before it), with its kind."""
    if not 0 <= offset <= len(text):
        return None
    lo, hi = window(text, offset)
    inside: QuoteMatch | None = None
    adjacent: QuoteMatch | None = None
    for quote in scan_quotes(text, lo, hi):
        if quote.start <= offset < quote.end:
            if inside is None or quote.end - quote.start < inside.end - inside.start:
                inside = quote
        elif quote.end == offset and (
            adjacent is None or quote.end - quote.start < adjacent.end - adjacent.start
        ):
            adjacent = quote
    return inside or adjacent


def quote_at(text: str, offset: int) -> tuple[int, int] | None:
    """The quotation around the cursor at `offset`, marks included, as (start, end).

    The innermost double-level quotation holding `offset`; a cursor on a mark is inside. When no
    quotation holds it, one that ends just before the cursor (start <= offset == end) counts, as
    with `word_at`. A multi-paragraph quotation is one span from its first opening mark to its
    last closing mark. Only about 20 lines (at most 50k characters) around the cursor are read,
    so the cost does not grow with the article. See the module docstring for the pairing rules.
    """
    match = quote_match_at(text, offset)
    return None if match is None else (match.start, match.end)


def iter_quotes(text: str, start: int = 0, end: int | None = None) -> Iterator[QuoteMatch]:
    """Every quotation lying wholly inside text[start:end], in order of start."""
    end = len(text) if end is None else min(end, len(text))
    start = max(start, 0)
    if start >= end:
        return
    lo = 0 if start == 0 else window(text, start)[0]
    found = [q for q in scan_quotes(text, lo, end) if q.start >= start]
    found.sort(key=lambda q: (q.start, -q.end))
    yield from found


def quotes_in(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) of every quotation lying wholly inside text[start:end], in order."""
    return [(q.start, q.end) for q in iter_quotes(text, start, end)]
