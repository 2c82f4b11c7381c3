"""Keystroke latency, headless: from a key entering the app to the frame that shows it.

The time is taken in the app's own display hook (`App._display`, called once the compositor
has rendered the update), so it covers the key's handling, the widgets' rendering and the
screen update, exactly what a user waits for. A do-nothing Textual app is measured the same
way in the same run, as the yardstick.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

from tui.app import SpantagApp
from tui.document.tagging import extent_for_key
from tui.screens.reader import ReaderScreen
from tui.session import Session
from tui.store import Store


class FrameClock:
    """Records when each frame is displayed."""

    def __init__(self, app: App[Any]) -> None:
        self.event = asyncio.Event()
        self.last = 0.0
        original = app._display

        def display(screen: object, renderable: object) -> None:
            original(screen, renderable)  # type: ignore[arg-type]
            if renderable is not None:
                self.last = time.perf_counter()
                self.event.set()

        app._display = display  # type: ignore[method-assign]


async def key_to_frame(app: App[Any], clock: FrameClock, key: str) -> float:
    """Milliseconds from posting `key` to the next displayed frame."""
    await asyncio.sleep(
        0.05
    )  # keys 50 ms apart: earlier frames (e.g. the status line) go out first
    clock.event.clear()
    assert app._driver is not None
    character = key if len(key) == 1 else None
    start = time.perf_counter()
    app._driver.send_message(events.Key(key, character))
    await asyncio.wait_for(clock.event.wait(), 10)
    return (clock.last - start) * 1000


class NullApp(App[None]):
    """The yardstick: a key changes one line of text."""

    BINDINGS: ClassVar[list[BindingType]] = [("down", "bump", "bump"), ("p", "bump", "bump")]

    def compose(self) -> ComposeResult:
        yield Static("0", id="count")

    def action_bump(self) -> None:
        label = self.query_one("#count", Static)
        label.update(str(int(str(label.render())) + 1))


async def null_app_keys(presses: int) -> list[float]:
    app = NullApp()
    async with app.run_test(size=(120, 40)) as pilot:
        clock = FrameClock(app)
        await pilot.pause()
        return [await key_to_frame(app, clock, "down") for _ in range(presses)]


async def reader_keys(db: Path, presses: int) -> dict[str, list[float]]:
    """Movement ('down', 'w') and tagging ('p' on the word under the cursor) latencies."""
    store = Store.open(db)
    app = SpantagApp(store, Session(store, annotator="bench"))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            clock = FrameClock(app)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            # Start in the middle of the article, as a reader would be.
            screen.view.move_to(len(screen.doc.text) // 2)
            screen.view.scroll_to_cursor(center=True)
            # Steady state: a long article is wrapped in the background after it opens.
            while not screen.view.layout_complete:
                await asyncio.sleep(0.05)
            await pilot.pause()
            times: dict[str, list[float]] = {"move": [], "tag": []}
            for _ in range(presses):
                times["move"].append(await key_to_frame(app, clock, "down"))
                times["move"].append(await key_to_frame(app, clock, "w"))
                # A label the word does not have yet, so that the key changes the text's colour.
                keys = []
                for label in screen.session.labels:
                    extent = extent_for_key(screen.doc.text, screen.view.cursor, label.name)
                    if extent is not None and not screen.doc.with_extent(*extent):
                        keys.append(label.key)  # a new span: the row visibly changes
                if keys:
                    times["tag"].append(await key_to_frame(app, clock, keys[0]))
            app.saver.flush(30)
    finally:
        app.saver.close(30)
        store.close()
    return times


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
