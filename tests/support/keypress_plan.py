"""The keys a person would type to tag one span in the reader, planned from what the reader
shows: its text, its line layout (the rows on screen) and the cursor.

Pure functions (no Textual), mirroring the reader's keys: the motions of ArticleView (`w`, `b`,
arrows, Home/End, each also with shift to select), search (`/` + text + Enter, `n`), `v` select
mode, `Esc`, and the label keys with their default extents (tui/document/tagging.py
`extent_for_key`).
Used by tests/support/keypress_annotator.py, which presses the planned keys and checks the
outcome, so a
wrong prediction fails loudly instead of being counted.

A plan is the cheapest (fewest keys) of:
- moving into the span's default extent (the word, the figure, the quotation) and pressing the
  label key;
- moving to one end of the span, selecting to the other with shift+motions, and the label key;
- searching for the shortest prefix of the span (or of its first word, after the quotation
  marks) that the search finds from the cursor, then the label key (the whole span found),
  `Esc` and the label key (the default extent), `v` and motions, or more motions;
- when none of these is found (a span inside a hyphenated or nested expression, far from the
  cursor, whose own text the search cannot single out): searching for text that begins
  shortly before the span, then character motions, `v` and motions.
Each key press counts one, a shifted key too (it is one chord).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tui.document.tagging import extent_for_key
from tui.model import trim_whitespace
from tui.text.layout import TextLayout
from tui.text.motion import move_cursor
from tui.text.search import compile_search, find_next

State = tuple[int, int | None]
"""(cursor, goal column): the column vertical moves aim for, kept across them as the view does."""

MOVES: dict[str, str] = {
    "w": "word_right",
    "b": "word_left",
    "right": "right",
    "left": "left",
    "down": "down",
    "up": "up",
    "end": "line_end",
    "home": "line_start",
}
"""Keys that move the cursor (ArticleView bindings) and the motion each makes."""

SHIFT_MOVES: dict[str, str] = {
    "ctrl+shift+right": "word_right",
    "ctrl+shift+left": "word_left",
    "shift+right": "right",
    "shift+left": "left",
    "shift+down": "down",
    "shift+up": "up",
    "shift+end": "line_end",
    "shift+home": "line_start",
}
"""The same motions, extending the selection from where the cursor was."""

MAX_PREFIX = 24
"""The longest search text typed (a longer one is never the cheapest plan)."""


def typeable(char: str) -> bool:
    """A character typed into the search line: letters, digits, ASCII punctuation and space
    (not typographic quotation marks, dashes or currency signs, which few keyboards have)."""
    return char.isalnum() or (char.isascii() and char.isprintable())


@dataclass(frozen=True, slots=True)
class Screen:
    """What the planner reads of the reader: the text and how it is wrapped into rows."""

    text: str
    layout: TextLayout

    def move(self, state: State, motion: str) -> State:
        """Where a motion takes the cursor: the article view's own function."""
        return move_cursor(self.text, self.layout, state[0], state[1], motion)


@dataclass(frozen=True, slots=True)
class Plan:
    """Keys to press, the last one a label key, and what the reader should show before it."""

    keys: tuple[str, ...]
    cursor: int
    selection: tuple[int, int] | None
    """The selection the label key tags, or None when it tags the default extent."""

    def __len__(self) -> int:
        return len(self.keys)


def _reachable(
    screen: Screen, start: State, moves: dict[str, str], bound: int
) -> Iterator[tuple[State, tuple[str, ...]]]:
    """Every state reachable in at most `bound` keys with a shortest path, nearest first."""
    seen = {start}
    frontier: list[tuple[State, tuple[str, ...]]] = [(start, ())]
    yield start, ()
    for _ in range(bound):
        following = []
        for state, path in frontier:
            for key, motion in moves.items():
                new = screen.move(state, motion)
                if new not in seen:
                    seen.add(new)
                    step = (new, (*path, key))
                    following.append(step)
                    yield step
        frontier = following


class _Target:
    """One span to tag: where its label key's default extent matches, where selections end."""

    def __init__(self, screen: Screen, start: int, end: int, label: str, key: str) -> None:
        self.screen = screen
        self.span = (start, end)
        self.label = label
        self.key = key
        self._defaults: dict[int, bool] = {}
        text = screen.text
        anchors = {start, end}
        low, high = start, end
        while low > 0 and text[low - 1].isspace() and start - low < 3:
            low -= 1
            anchors.add(low)
        while high < len(text) and text[high].isspace() and high - end < 3:
            high += 1
            anchors.add(high)
        self.anchors = frozenset(anchors)

    def default_at(self, offset: int) -> bool:
        """Whether the label key with no selection tags exactly the span from `offset`."""
        start, end = self.span
        if not start - 1 <= offset <= end + 1:
            return False
        hit = self._defaults.get(offset)
        if hit is None:
            hit = extent_for_key(self.screen.text, offset, self.label) == self.span
            self._defaults[offset] = hit
        return hit

    def selects(self, anchor: int, cursor: int) -> bool:
        low, high = min(anchor, cursor), max(anchor, cursor)
        return low < high and trim_whitespace(self.screen.text, low, high) == self.span


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a <= b else (b, a)


def _select(
    target: _Target, state: State, moves: dict[str, str], bound: int
) -> tuple[tuple[str, ...], int] | None:
    """Motions from `state` (the anchor) to a cursor that selects exactly the span."""
    anchor = state[0]
    for (cursor, _), path in _reachable(target.screen, state, moves, bound):
        if target.selects(anchor, cursor):
            return path, cursor
    return None


def _from_free(target: _Target, state: State, bound: int) -> Plan | None:
    """The cheapest plan (at most `bound` keys) from a cursor with no selection."""
    best: Plan | None = None
    for (cursor, goal), path in _reachable(target.screen, state, MOVES, bound - 1):
        limit = len(best) if best is not None else bound + 1
        if len(path) + 1 >= limit:
            break
        if target.default_at(cursor):
            best = Plan((*path, target.key), cursor, None)
            continue
        if cursor in target.anchors:
            found = _select(target, (cursor, goal), SHIFT_MOVES, limit - len(path) - 2)
            if found is not None:
                keys, end = found
                best = Plan((*path, *keys, target.key), end, _ordered(cursor, end))
    return best


def _search_landings(target: _Target, cursor: int) -> Iterator[tuple[tuple[str, ...], int, int]]:
    """(keys, where the match starts, where it ends) of each search that lands in the span:
    the shortest prefix found from the cursor, with `n` pressed up to twice more, and each
    longer prefix (the whole span, found, is tagged by the label key at once)."""
    text = target.screen.text
    start, end = target.span
    first_word = next((i for i in range(start, end) if text[i].isalnum()), start)
    for begin in dict.fromkeys((start, first_word)):
        for length in range(1, min(end - begin, MAX_PREFIX) + 1):
            if not typeable(text[begin + length - 1]):
                break
            needle = text[begin : begin + length]
            pattern = compile_search(needle)
            assert pattern is not None
            match, _ = find_next(pattern, text, cursor - 1)
            presses = 0
            while match is not None and match.start() != begin and presses < 2:
                match, _ = find_next(pattern, text, match.start())
                presses += 1
            if match is not None and match.start() == begin:
                yield ("slash", *needle, "enter", *("n",) * presses), begin, match.end()


def plan_tag(screen: Screen, state: State, start: int, end: int, label: str, key: str) -> Plan:
    """The fewest keys that tag [start, end) with `label` (its key `key`) from `state`."""
    target = _Target(screen, start, end, label, key)
    best: Plan | None = None
    continuations: dict[int, Plan | None] = {}
    for keys, begin, match_end in _search_landings(target, state[0]):
        limit = len(best) if best is not None else 64
        if len(keys) + 1 >= limit:
            continue
        if (begin, match_end) == target.span:
            best = Plan((*keys, key), begin, target.span)
            continue
        if begin not in continuations:
            continuations[begin] = _after_search(target, begin, limit - len(keys))
        after = continuations[begin]
        if after is not None and len(keys) + len(after) < limit:
            best = Plan((*keys, *after.keys), after.cursor, after.selection)
    # Motions alone, searched only as far as the best search plan (the search keeps it cheap).
    moved = _from_free(target, state, len(best) - 1 if best is not None else 16)
    if moved is not None and (best is None or len(moved) < len(best)):
        best = moved
    if best is None:
        best = _fallback(target, state[0])
    if best is None:
        raise ValueError(f"no plan found for {label} {start}..{end} from {state}")
    return best


FALLBACK_REACH = 40
"""How far before a span the fallback looks for text to search for."""


def _fallback(target: _Target, cursor: int) -> Plan | None:
    """For a span that no search of its own text reaches and that motions do not reach soon
    (a "1" inside "1–0" among many other "1"s, a name inside a longer name far away): search
    for text that begins shortly before it, then from that match move with character motions,
    `v` and more motions (or the label key's own extent)."""
    text = target.screen.text
    start = target.span[0]
    best: Plan | None = None
    for begin in range(start - 1, max(-1, start - FALLBACK_REACH), -1):
        if best is not None and len(best) <= 4 + (start - begin):
            break
        for length in range(1, MAX_PREFIX + 1):
            if begin + length > len(text) or not typeable(text[begin + length - 1]):
                break
            needle = text[begin : begin + length]
            pattern = compile_search(needle)
            assert pattern is not None
            match, _ = find_next(pattern, text, cursor - 1)
            presses = 0
            while match is not None and match.start() != begin and presses < 2:
                match, _ = find_next(pattern, text, match.start())
                presses += 1
            if match is None or match.start() != begin:
                continue
            keys = ("slash", *needle, "enter", *("n",) * presses)
            after = _after_search(target, begin, 48)
            if after is not None and (best is None or len(keys) + len(after) < len(best)):
                best = Plan((*keys, *after.keys), after.cursor, after.selection)
            break
    return best


def _after_search(target: _Target, begin: int, bound: int) -> Plan | None:
    """From a search match at `begin` (selected): `v` and motions, or `Esc` (unless a motion,
    which drops the selection, comes first) and a plan from there."""
    best: Plan | None = None
    if begin in target.anchors:
        found = _select(target, (begin, None), MOVES, bound - 2)
        if found is not None:
            keys, cursor = found
            best = Plan(("v", *keys, target.key), cursor, _ordered(begin, cursor))
    free = _from_free(target, (begin, None), bound - 1)
    if free is not None:
        keys = free.keys if free.keys[0] in MOVES else ("escape", *free.keys)
        if best is None or len(keys) < len(best):
            best = Plan(keys, free.cursor, free.selection)
    return best
