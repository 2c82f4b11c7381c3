"""The reader of a served session: says whose database it is, and can be read-only.

Read-only is for a database another session writes: every edit (tag, remove, undo, redo, a
document's status) is refused with a message before anything changes, so what is on screen is
always what is stored. The session is opened without suggestions then (nothing to accept).
"""

from __future__ import annotations

from tui.jobs.saver import Saver
from tui.model import Status
from tui.screens.reader import ReaderScreen
from tui.session import Session

READ_ONLY_MESSAGE = "Read only: this database is open in another session; nothing was changed"


class ServedReaderScreen(ReaderScreen):
    """ReaderScreen with an owner on the status line and an optional read-only mode."""

    def __init__(
        self,
        session: Session,
        saver: Saver,
        warnings: list[str] | None = None,
        *,
        owner: str = "",
        read_only: bool = False,
    ) -> None:
        super().__init__(session, saver, warnings)
        self.read_only = read_only
        shown = [part for part in (owner, "read only" if read_only else "") if part]
        self.info.owner = " · ".join(shown)

    def _refused(self) -> bool:
        if self.read_only:
            self.notify(READ_ONLY_MESSAGE, severity="warning", timeout=3)
        return self.read_only

    def action_tag(self, label: str) -> None:
        if not self._refused():
            super().action_tag(label)

    def action_remove(self) -> None:
        if not self._refused():
            super().action_remove()

    def action_undo(self) -> None:
        if not self._refused():
            super().action_undo()

    def action_redo(self) -> None:
        if not self._refused():
            super().action_redo()

    def action_toggle_status(self, status: Status) -> None:
        if not self._refused():
            super().action_toggle_status(status)
