"""When the rest of the reader follows a key: the status line a couple of frames after it, the
side panel and the suggestions (the costly part) once the keys pause.

A frame redraws the bounding box of everything marked dirty: updating the status line or the
panel in the same frame as the text would stretch that box over the whole screen. So a key's own
effect (cursor, colour) is drawn first; the status line follows a couple of frames later; the
side panel and the suggestions wait until the keys pause, so that a run of keys never waits for
them. (docs/performance.md)
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.dom import DOMNode
from textual.timer import Timer

SIDE_DELAY = 0.03
"""Seconds after a key before the status line follows it (two frame periods)."""
IDLE_DELAY = 0.12
"""Seconds without a key before the side panel and the suggestions are brought up to date."""
MAX_IDLE_WAIT = 1.0
"""...but never later than this after the change, even while keys keep coming."""


class Pacer:
    """Runs `status` a couple of frames after it is asked for, and `idle` once no key has come
    for IDLE_DELAY (at most MAX_IDLE_WAIT after it is asked for)."""

    def __init__(self, node: DOMNode, status: Callable[[], None], idle: Callable[[], None]):
        self._node = node
        self._status = status
        self._idle = idle
        self._status_scheduled = False
        self._idle_timer: Timer | None = None
        self._idle_since = 0.0
        self.last_key = 0.0

    def key_pressed(self) -> None:
        """A key came: the idle work waits for the keys to pause."""
        self.last_key = time.monotonic()

    def status_soon(self) -> None:
        if not self._status_scheduled:
            self._status_scheduled = True
            # Timers, not call_after_refresh: that may run before a frame whose dirty rows the
            # screen has not heard of yet (measured), merging the two frames.
            self._node.set_timer(SIDE_DELAY, self._status_tick)

    def when_idle(self) -> None:
        if self._idle_timer is None:
            self._idle_since = time.monotonic()
            self._idle_timer = self._node.set_timer(IDLE_DELAY, self._idle_tick)

    def after_a_frame(self, callback: Callable[[], None]) -> None:
        """One more frame apart (a worker shares the GIL with the drawing)."""
        self._node.set_timer(SIDE_DELAY, callback)

    def _status_tick(self) -> None:
        self._status_scheduled = False
        self._status()

    def _idle_tick(self) -> None:
        now = time.monotonic()
        quiet = now - self.last_key
        if quiet < IDLE_DELAY and now - self._idle_since < MAX_IDLE_WAIT:
            self._idle_timer = self._node.set_timer(IDLE_DELAY - quiet, self._idle_tick)
            return
        self._idle_timer = None
        self._idle()
