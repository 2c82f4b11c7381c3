"""Messages between the reader's parts: from the writer thread and the suggestion workers to the
screen, which owns the document and changes it. (A widget's own messages live in its class.)"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.jobs.saver import SaveState
from tui.suggest.base import Suggestion


@dataclass
class SaveStateChanged(Message):
    """Posted (from the writer thread) when the durable state changes."""

    state: SaveState


@dataclass
class SuggestionsReady(Message):
    """A worker computed a document's suggestions (for its version `version`, in `window`)."""

    doc_id: str
    version: int
    window: tuple[int, int]
    suggestions: list[Suggestion]


@dataclass
class AllSuggestionsReady(Message):
    """A worker computed every `label` suggestion of a long document, to accept them all."""

    doc_id: str
    version: int
    label: str
    suggestions: list[Suggestion]
