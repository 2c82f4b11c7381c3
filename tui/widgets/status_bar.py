"""The status line: document i/N, cursor offset, selection length, what is under the cursor,
whether every change is on disk, and progress through the documents."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from tui.jobs.saver import SaveState
from tui.text.layout import printable


@dataclass
class StatusInfo:
    """Everything the status line shows; the screen owns it and passes it down."""

    position: int = 0
    total: int = 0
    doc_id: str = ""
    offset: int = 0
    length: int = 0
    selection: int = 0
    under: str = ""
    done: int = 0
    save: SaveState | None = None
    note: str = ""
    suggestions: int = 0
    adjudication: str = ""  # open disagreements, in adjudication mode
    owner: str = ""
    """Whose database this is, shown first (a served team session: the annotator's name)."""


def save_text(save: SaveState | None) -> Text:
    """✓ saved / ● saving… / ✗ not saved, coloured."""
    if save is None or (save.submitted == 0 and save.error is None):
        return Text("✓ saved", style="green")
    if save.error is not None:
        return Text(f"✗ NOT SAVED ({save.pending}): {save.error} – retrying", style="bold red")
    if save.pending:
        return Text(f"● saving {save.pending}…", style="yellow")
    when = time.strftime("%H:%M:%S", time.localtime(save.saved_at)) if save.saved_at else ""
    return Text(f"✓ saved {when}".rstrip(), style="green")


class StatusBar(Static):
    """One line of state at the bottom of the reader."""

    _shown: Text | None = None

    def show_info(self, info: StatusInfo) -> None:
        parts: list[Text | str] = [
            Text(f" {printable(info.owner)} ", style="bold reverse") if info.owner else "",
            Text(f" doc {info.position}/{info.total} ", style="bold"),
            f"│ offset {info.offset}/{info.length} ",
        ]
        if info.selection:
            parts.append(Text(f"│ sel {info.selection} ", style="bold"))
        if info.under:
            parts.append(f"│ {printable(info.under)} ")
        parts.append("│ ")
        parts.append(save_text(info.save))
        parts.append(f" │ done {info.done}/{info.total}")
        if info.adjudication:
            parts.append(Text(f" │ {info.adjudication}", style="bold magenta"))
        if info.suggestions:
            parts.append(Text(f" │ {info.suggestions} suggested (Tab)", style="cyan"))
        if info.note:
            parts.append(Text(f" │ {printable(info.note)}", style="italic"))
        text = Text.assemble(*parts, no_wrap=True, overflow="ellipsis")
        if text != self._shown:
            # Fixed height: no layout pass, which would repaint the whole screen.
            self._shown = text
            self.update(text, layout=False)
