"""A one-line question in a modal: the export file name, a note."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PromptScreen(ModalScreen[str | None]):
    """Ask for a line of text; Enter answers, Esc cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel", tooltip="Cancel"),
    ]

    def __init__(self, question: str, value: str = "", *, allow_empty: bool = False) -> None:
        super().__init__()
        self._question = question
        self._value = value
        self._allow_empty = allow_empty  # Enter on an empty line answers "" (e.g. clear a note)

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(self._question, markup=False)
            yield Input(self._value, id="prompt-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        answer = event.value.strip()
        self.dismiss(answer if answer or self._allow_empty else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
