"""The side panel's queue of documents: status mark, review flag, id, annotation count, note
and title."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.strip import Strip

from tui.model import Document
from tui.text.layout import printable
from tui.widgets.virtual_list import VirtualList

STATUS_MARKS = {"todo": ("·", "dim"), "done": ("✓", "green"), "skipped": ("↷", "yellow")}


def document_prompt(document: Document, count: int, current: bool = False) -> Text:
    mark, style = STATUS_MARKS.get(document.status, ("?", ""))
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{mark} ", style=style)
    if document.review:
        text.append("⚑ ", style="bold red")
    text.append(printable(document.id), style="bold underline" if current else "")
    text.append(f" ({count})", style="dim")
    if document.note:
        text.append(f" ✎ {printable(' '.join(document.note.split()))}", style="italic")
    if document.title:
        text.append(f" {printable(document.title)}", style="dim italic")
    return text


class DocumentList(VirtualList):
    """Every document of the session, in order; Enter opens one."""

    @dataclass
    class Chosen(Message):
        doc_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._order: list[str] = []
        self._row: Callable[[str], tuple[Document, int, bool]] | None = None

    def set_documents(
        self, order: list[str], row: Callable[[str], tuple[Document, int, bool]]
    ) -> None:
        """The document ids in order, and how to read one row's (document, count, is-current)."""
        self._order = order
        self._row = row
        self.count_changed()

    def update_document(self, doc_id: str) -> None:
        """Redraw one document's row."""
        if doc_id in self._order:
            self.refresh_lines(self._order.index(doc_id))

    @property
    def count(self) -> int:
        return len(self._order)

    def choose(self, index: int) -> None:
        self.post_message(self.Chosen(self._order[index]))

    def render_row(self, index: int, width: int, style: Style) -> Strip:
        assert self._row is not None
        document, count, current = self._row(self._order[index])
        prompt = document_prompt(document, count, current)
        segments = list(prompt.render(self.app.console))
        return Strip(segments).apply_style(style)
