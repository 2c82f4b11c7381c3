"""What a second session on a database sees: it is open in another session; read or close."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from tui.widgets.bindings import binding


class LockedScreen(ModalScreen[bool]):
    """Says who holds the database; `r` dismisses it (read-only viewing), `q` closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("r", "read_only", "Read only", "locked.read_only", show=True),
        binding("q,ctrl+q", "close", "Close", "locked.close", show=True),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self._message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="locked-box"):
            yield Label("This database is open in another session", id="locked-title")
            yield Label(self._message, id="locked-message", markup=False)
            yield Label(
                "Only one session writes a database at a time. You may read it here without"
                " changing anything, or close this session.",
                markup=False,
            )
            with Horizontal(id="locked-buttons"):
                yield Button("Read only (r)", id="read-only", variant="primary")
                yield Button("Close (q)", id="close")

    def action_read_only(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.app.exit(0)

    @on(Button.Pressed, "#read-only")
    def _read_only_pressed(self) -> None:
        self.action_read_only()

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.action_close()
