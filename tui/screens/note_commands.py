"""Command palette entries for the notes and review flags: type "notes" (or "review", or a word
of a note) in ctrl+p to list the documents and spans that have one, Enter opens it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.session import Session
from tui.text.layout import printable


@runtime_checkable
class NoteHost(Protocol):
    """What the palette entries need of the reader: its session and a way to open a place."""

    session: Session

    def open_place(self, doc_id: str, start: int | None = None, end: int | None = None) -> None: ...


def _flat(text: str, limit: int = 60) -> str:
    flat = printable(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def note_entries(host: NoteHost) -> list[tuple[str, str, Callable[[], None]]]:
    """(title, help, open it) for each document with a note or flag and each span with a note."""
    session = host.session
    entries: list[tuple[str, str, Callable[[], None]]] = []
    for doc_id in session.order:
        document = session.documents[doc_id]
        where = printable(doc_id)
        if document.note:
            entries.append(
                (
                    f"Documents with notes: {where} — {_flat(document.note)}",
                    "Open the document",
                    partial(host.open_place, doc_id),
                )
            )
        if document.review:
            entries.append(
                (
                    f"Documents for review: {where}",
                    "Open the document",
                    partial(host.open_place, doc_id),
                )
            )
    for doc_id, start, end, label, text, note in session.noted_spans():
        entries.append(
            (
                f"Spans with notes: {printable(label)} ‹{_flat(text, 30)}› in {printable(doc_id)}"
                f" — {_flat(note)}",
                "Open the document and select the span",
                partial(host.open_place, doc_id, start, end),
            )
        )
    return entries


class NoteCommands(Provider):
    """The documents and spans with notes, and the documents flagged for review."""

    _entries: list[tuple[str, str, Callable[[], None]]]

    async def startup(self) -> None:
        """Gather the entries once per opening of the palette, not once per key typed."""
        host = self.screen
        self._entries = note_entries(host) if isinstance(host, NoteHost) else []

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries:
            yield DiscoveryHit(title, callback, text=title, help=help_text)
