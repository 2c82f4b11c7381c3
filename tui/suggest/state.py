"""The suggestions of the open document, as the reader sees them: which are shown, which one
Tab selected, where Tab goes next, what a decision takes away. No Textual: tested on its own."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from tui.document.span_index import SpanIndex
from tui.model import SpanKey
from tui.suggest.base import Suggestion


@dataclass(frozen=True)
class Step:
    """Where Tab (or shift+Tab) goes: a suggestion, or the edge of the computed window (compute
    the next window, then step again), or nowhere (the document has none)."""

    target: Suggestion | None = None
    wrapped: bool = False
    fetch_from: int | None = None


class SuggestionState:
    """The shown suggestions of one document: an index of them, the one Tab selected, the window
    of the text they were computed for."""

    shown: SpanIndex[Suggestion] | None
    selected: Suggestion | None
    window: tuple[int, int]
    requested: tuple[int, int]
    step_when_ready: int

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Another document is open: nothing is shown until its suggestions are computed."""
        self.shown = None
        self.selected = None
        self.window = (0, 0)
        self.requested = (0, 0)
        self.step_when_ready = 0
        self._by_key: dict[SpanKey, Suggestion] = {}

    def __len__(self) -> int:
        return len(self.shown) if self.shown is not None else 0

    def apply(
        self, found: Iterable[Suggestion], window: tuple[int, int], rejected: Collection[SpanKey]
    ) -> set[SpanKey]:
        """Show a computation's result (less what was rejected meanwhile); returns the keys of
        the suggestions that appeared or went (after a tag, a few: only their rows change)."""
        suggestions = [s for s in found if s.key not in rejected]
        new = {s.key: s for s in suggestions}
        old = self._by_key
        if self.shown is None or window != self.window:
            self.shown = SpanIndex(suggestions)
            changed = old.keys() ^ new.keys()
        else:
            removed = old.keys() - new.keys()
            added = new.keys() - old.keys()
            for key in removed:
                self.shown.remove(old[key])
            for key in added:
                self.shown.add(new[key])
            changed = removed | added
        self._by_key = new
        self.window = window
        return changed

    def drop(self, suggestions: Iterable[Suggestion]) -> list[Suggestion]:
        """Stop showing decided suggestions; returns those that were shown."""
        gone = [s for s in suggestions if self._by_key.pop(s.key, None) is not None]
        if self.shown is not None:
            gone = [s for s in gone if self.shown.remove(s)]
        return gone

    def decided_by(self, start: int, end: int, label: str) -> list[Suggestion]:
        """What a new `label` span on [start, end) decides: the same extent under any label and
        the overlapping suggestions of its label (the engine would leave them out)."""
        if self.shown is None:
            return []
        return [
            s
            for s in self.shown.overlapping(start, end)
            if (s.start, s.end) == (start, end) or s.label == label
        ]

    def at(self, selection: tuple[int, int] | None) -> Suggestion | None:
        """The suggestion exactly selected, if any (the one Tab selected first)."""
        if selection is None or self.shown is None:
            return None
        current = self.selected
        if (
            current is not None
            and (current.start, current.end) == selection
            and current in self.shown
        ):
            return current
        for suggestion in self.shown.overlapping(*selection):
            if (suggestion.start, suggestion.end) == selection:
                return suggestion
        return None

    def covers(self, length: int) -> bool:
        """True when the computed window is the whole text (of `length` characters)."""
        return self.window == (0, length)

    def near_edge(self, offset: int, length: int) -> bool:
        """True when the cursor nears the edge of the requested window of a long article."""
        low, high = self.requested
        margin = (high - low) // 4
        return (low > 0 and offset < low + margin) or (high < length and offset > high - margin)

    def step(self, step: int, cursor: int, selection: tuple[int, int] | None, length: int) -> Step:
        """Where Tab (step 1) or shift+Tab (step -1) goes from the cursor or the selection."""
        if self.shown is None:
            self.shown = SpanIndex()
        shown = self.shown
        current = self.at(selection)
        if current is not None:
            rank = shown.rank(current) + step
            target = shown.nth(rank) if 0 <= rank < len(shown) else None
        elif step > 0:
            target = shown.first_starting_after(cursor - 1)
        else:
            target = shown.last_starting_before(cursor)
        low, high = self.window
        if target is None and ((step > 0 and high < length) or (step < 0 and low > 0)):
            return Step(fetch_from=high if step > 0 else low)
        if target is None:
            if not shown:
                return Step()
            return Step(shown.nth(0 if step > 0 else -1), wrapped=True)
        return Step(target)

    def following(self, decided: Suggestion) -> Suggestion | None:
        """After a decision (the decided one already dropped): the suggestion that followed it,
        by rank, so that one at the same start that Tab passed over is not selected again."""
        shown = self.shown
        if not shown:
            return None
        rank = shown.rank(decided)
        return shown.nth(rank) if rank < len(shown) else None
