"""The reader's search line: `/` text Enter, `n` / `N`. Mixed into ReaderScreen.

The search line is not an Input: its keys are handled by the app, in the one ordered stream of
key presses that also runs every binding (SpantagApp._on_key calls `search_key`). An Input
would take keys in its own queue, so in a burst (fast typing, a paste, keys batched by a slow
SSH link) keys typed after `/` or after Enter could land on the wrong side.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.widgets import Static

from tui.text.layout import printable
from tui.text.search import compile_search, find_next, find_previous

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen


class SearchKeys:
    """State and actions of the search line."""

    pattern: re.Pattern[str] | None = None
    search_active = False
    search_text = ""

    def action_search(self: ReaderScreen) -> None:  # type: ignore[misc]
        self.search_active = True
        self.search_text = ""
        self.query_one("#search", Static).display = True
        self._show_search()

    def _show_search(self: ReaderScreen) -> None:  # type: ignore[misc]
        line = Text("/", style="bold")
        line.append(printable(self.search_text))
        line.append("▏", style="blink")
        line.append("   Enter: next match · Esc: cancel", style="dim")
        self.query_one("#search", Static).update(line, layout=False)
        self.pattern = compile_search(self.search_text)
        self.view.set_search(self.pattern)

    def search_key(self: ReaderScreen, event: events.Key) -> bool:  # type: ignore[misc]
        """Handle one key while the search line is open; True when it was consumed."""
        if not self.search_active:
            return False
        if event.key == "escape":
            self._close_search()
            self.pattern = None
            self.view.set_search(None)
        elif event.key == "enter":
            self._close_search()
            if self.pattern is not None:
                self._jump(1, start=self.view.cursor - 1)
        elif event.key in ("backspace", "ctrl+h"):
            self.search_text = self.search_text[:-1]
            self._show_search()
        elif event.key in ("ctrl+u", "ctrl+w"):
            self.search_text = ""
            self._show_search()
        elif event.is_printable and event.character:
            self.search_text += event.character
            self._show_search()
        return True

    def search_paste(self: ReaderScreen, text: str) -> None:  # type: ignore[misc]
        """Text pasted while searching: the first line of it joins the search."""
        if self.search_active:
            self.search_text += text.splitlines()[0] if text.strip() else ""
            self._show_search()

    def _close_search(self: ReaderScreen) -> None:  # type: ignore[misc]
        self.search_active = False
        self.query_one("#search", Static).display = False

    def action_search_next(self: ReaderScreen) -> None:  # type: ignore[misc]
        self._jump(1)

    def action_search_previous(self: ReaderScreen) -> None:  # type: ignore[misc]
        self._jump(-1)

    def _jump(self: ReaderScreen, step: int, start: int | None = None) -> None:  # type: ignore[misc]
        if self.pattern is None:
            self.notify("No search yet: press / to search", timeout=2)
            return
        offset = self.view.cursor if start is None else start
        finder = find_next if step > 0 else find_previous
        match, wrapped = finder(self.pattern, self.doc.text, offset)
        if match is None:
            self.notify(
                f"Not found: {self.pattern.pattern!r}", severity="warning", timeout=3, markup=False
            )
            return
        if wrapped:
            self.notify("Search wrapped to the " + ("top" if step > 0 else "bottom"), timeout=2)
        self.view.select(match.start(), match.end(), cursor_at_start=True)
