"""The reader app of one browser session (`spantag serve`): whose database, and read-only.

A session on a database another session writes opens it read-only and first shows the
`LockedScreen`; `NoticeApp` shows a problem that kept the reader from opening at all, since a
browser tab has no terminal to print a line on.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label

from tui.app import SpantagApp
from tui.config.app_config import AppConfig
from tui.paths import styles_dir
from tui.screens.locked import LockedScreen
from tui.screens.reader import ReaderScreen
from tui.screens.served_reader import ServedReaderScreen
from tui.session import Session
from tui.store import Store
from tui.widgets.bindings import binding


class ServedApp(SpantagApp):
    """SpantagApp whose reader names its owner, and is read-only when `locked` says why."""

    def __init__(
        self,
        store: Store,
        session: Session,
        warnings: list[str] | None = None,
        keymap: dict[str, str] | None = None,
        config: AppConfig | None = None,
        *,
        owner: str = "",
        locked: str | None = None,
    ) -> None:
        super().__init__(store, session, warnings, keymap, config)
        self.owner = owner
        self.locked = locked

    def make_reader(self) -> ReaderScreen:
        return ServedReaderScreen(
            self.session,
            self.saver,
            self.warnings,
            owner=self.owner,
            read_only=self.locked is not None,
        )

    def on_mount(self) -> None:
        # Runs before SpantagApp.on_mount pushes the reader: the notice goes on top of it.
        if self.locked is not None:
            self.call_later(self.push_screen, LockedScreen(self.locked))


class NoticeScreen(Screen[None]):
    """One message and a way out."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("q,ctrl+q,escape,enter", "app.quit", "Close", "notice.close", show=True),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self._message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="notice-box"):
            yield Label("spantag could not open this session", id="locked-title")
            yield Label(self._message, markup=False)
        yield Footer()


class NoticeApp(App[int]):
    """Shows why a served session could not start (a corrupt database, a full disk...)."""

    TITLE = "spantag"
    CSS_PATH = str(styles_dir() / "app.tcss")

    def __init__(self, message: str) -> None:
        super().__init__()
        self._message = message

    def on_mount(self) -> None:
        self.push_screen(NoticeScreen(self._message))
