"""The search line on its own: it owns what is typed and reports with messages."""

from __future__ import annotations

import asyncio

from textual import events, on
from textual.app import App, ComposeResult
from textual.message import Message

from tui.widgets.search_line import SearchLine


class Host(App[None]):
    """Records the search line's messages, as the reader screen reacts to them."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[Message] = []

    def compose(self) -> ComposeResult:
        yield SearchLine(id="search")

    @on(SearchLine.Changed)
    @on(SearchLine.Submitted)
    @on(SearchLine.Cancelled)
    def _seen(self, event: Message) -> None:
        self.seen.append(event)
        self.query_one(SearchLine).handled()


def key(name: str, character: str | None = None) -> events.Key:
    return events.Key(name, character if character is not None else name)


async def test_typing_posts_changed_then_enter_submits_and_closes() -> None:
    app = Host()
    async with app.run_test() as pilot:
        line = app.query_one(SearchLine)
        assert not line.take_key(key("a"))  # closed: the key is not the line's
        line.open()
        assert line.display and line.active
        for name, char in (("B", "B"), ("o", "o"), ("x", "x"), ("backspace", None)):
            assert line.take_key(key(name, char))
        assert line.take_paste(" Chen\nsecond line")
        assert line.text == "Bo Chen"
        assert line.take_key(key("enter", "\r"))
        assert not line.active and not line.display
        await line.settled()  # returns once the host has handled every message
        await pilot.pause()
        submitted = app.seen[-1]
        assert isinstance(submitted, SearchLine.Submitted)
        assert submitted.pattern is not None and submitted.pattern.search("Ana met Bo Chen")
        changed = [m for m in app.seen if isinstance(m, SearchLine.Changed)]
        assert len(changed) == 1 + 4 + 1  # open, four keys, the paste
        assert changed[0].pattern is None  # nothing typed yet: nothing to find


async def test_escape_cancels_and_settled_waits_for_the_handler() -> None:
    app = Host()
    async with app.run_test():
        line = app.query_one(SearchLine)
        line.open()
        line.take_key(key("escape", "\x1b"))
        waiting = asyncio.ensure_future(line.settled())
        await asyncio.wait_for(waiting, 5)
        assert isinstance(app.seen[-1], SearchLine.Cancelled)
        assert not line.active
