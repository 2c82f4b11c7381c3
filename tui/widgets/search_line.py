"""The reader's search line: `/`, the text, Enter or Esc. It owns what is typed and reports with
messages (Changed, Submitted, Cancelled); the screen owns the document and reacts.

The search line is not an Input: it takes its keys from the one ordered stream of key presses
that also runs every binding (the app hands each key to the screen first, which hands it here).
An Input would take keys in its own queue, so in a burst (fast typing, a paste, keys batched by
a slow SSH link) keys typed after `/` or after Enter could land on the wrong side. For the same
reason each message is acknowledged by its handler (`handled`) and the next key waits for it
(`settled`): a key typed after Enter must find the match already selected.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

from tui.text.layout import printable
from tui.text.search import compile_search


class SearchLine(Static):
    """One line at the bottom of the reader, shown while a search is typed."""

    @dataclass
    class Changed(Message):
        """The typed text changed: `pattern` is what it finds (None for nothing yet)."""

        pattern: re.Pattern[str] | None

    @dataclass
    class Submitted(Message):
        """Enter: go to the first match of `pattern` after the cursor."""

        pattern: re.Pattern[str] | None

    @dataclass
    class Cancelled(Message):
        """Esc: the search is abandoned (no pattern any more)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.active = False
        self.text = ""
        self._unhandled = 0
        self._settled = asyncio.Event()
        self._settled.set()

    def open(self) -> None:
        """Start a new search (the line appears, empty)."""
        self.active = True
        self.text = ""
        self.display = True
        self._changed()

    def take_key(self, event: events.Key) -> bool:
        """Handle one key while the line is open; True when it was consumed."""
        if not self.active:
            return False
        if event.key == "escape":
            self._close()
            self._post(self.Cancelled())
        elif event.key == "enter":
            self._close()
            self._post(self.Submitted(compile_search(self.text)))
        elif event.key in ("backspace", "ctrl+h"):
            self.text = self.text[:-1]
            self._changed()
        elif event.key in ("ctrl+u", "ctrl+w"):
            self.text = ""
            self._changed()
        elif event.is_printable and event.character:
            self.text += event.character
            self._changed()
        return True

    def take_paste(self, text: str) -> bool:
        """Text pasted while searching: the first line of it joins the search."""
        if not self.active:
            return False
        self.text += text.splitlines()[0] if text.strip() else ""
        self._changed()
        return True

    def handled(self) -> None:
        """Called by the handler of each of this line's messages, once it is applied."""
        self._unhandled -= 1
        if self._unhandled <= 0:
            self._unhandled = 0
            self._settled.set()

    async def settled(self) -> None:
        """Wait until every message posted so far is handled (at once when none is pending)."""
        if self._unhandled:
            await self._settled.wait()

    def _post(self, message: Message) -> None:
        self._unhandled += 1
        self._settled.clear()
        self.post_message(message)

    def _changed(self) -> None:
        line = Text("/", style="bold")
        line.append(printable(self.text))
        line.append("▏", style="blink")
        line.append("   Enter: next match · Esc: cancel", style="dim")
        self.update(line, layout=False)
        self._post(self.Changed(compile_search(self.text)))

    def _close(self) -> None:
        self.active = False
        self.display = False
