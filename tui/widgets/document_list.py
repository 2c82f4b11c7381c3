"""The side panel's queue of documents: status mark, id, annotation count."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.model import Document
from tui.text_layout import printable

STATUS_MARKS = {"todo": ("·", "dim"), "done": ("✓", "green"), "skipped": ("↷", "yellow")}


def document_prompt(document: Document, count: int, current: bool = False) -> Text:
    mark, style = STATUS_MARKS.get(document.status, ("?", ""))
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{mark} ", style=style)
    text.append(printable(document.id), style="bold" if current else "")
    text.append(f" ({count})", style="dim")
    if document.title:
        text.append(f" {printable(document.title)}", style="dim italic")
    return text


class DocumentList(OptionList):
    """Every document of the session; Enter opens one."""

    def set_documents(self, items: list[tuple[Document, int]], current: str) -> None:
        self.clear_options()
        self.add_options(
            Option(document_prompt(doc, count, doc.id == current), id=doc.id)
            for doc, count in items
        )

    def update_document(self, document: Document, count: int, current: bool) -> None:
        self.replace_option_prompt(document.id, document_prompt(document, count, current))
