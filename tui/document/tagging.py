"""What a label key does at the cursor: which extent it tags, and whether that adds a span,
relabels one, or finds it already there. Pure functions, shared by the reader and its tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tui.document.annotated import AnnotatedDocument, EditResult
from tui.model import Annotation, trim_whitespace
from tui.text.extents import figure_at, quote_at, word_at


def extent_for_key(text: str, offset: int, label: str) -> tuple[int, int] | None:
    """With no selection: the quotation (QUOTE), the figure (FIGURE) or the word at `offset`."""
    if label == "QUOTE":
        return quote_at(text, offset)
    if label == "FIGURE":
        return figure_at(text, offset) or word_at(text, offset)
    return word_at(text, offset)


@dataclass(frozen=True, slots=True)
class TagOutcome:
    """The result of pressing a label key."""

    kind: Literal["added", "relabelled", "exists", "nothing", "blank"]
    start: int = 0
    end: int = 0
    result: EditResult | None = None
    annotation: Annotation | None = None


def tag(
    doc: AnnotatedDocument, label: str, cursor: int, selection: tuple[int, int] | None
) -> TagOutcome:
    """Tag the selection (trimmed of surrounding whitespace) or the extent under the cursor.

    An existing span with exactly this extent but another label is relabelled rather than
    doubled, so pressing another label key on a span (e.g. after `]`) changes its label.
    """
    if selection is not None:
        start, end = trim_whitespace(doc.text, *selection)
        if start >= end:
            return TagOutcome("blank")
    else:
        extent = extent_for_key(doc.text, cursor, label)
        if extent is None:
            return TagOutcome("nothing")
        start, end = extent
    same = doc.get(start, end, label)
    if same is not None:
        return TagOutcome("exists", start, end, annotation=same)
    others = doc.with_extent(start, end)
    if others:
        result = doc.relabel(others[-1], label)
        if result is not None:
            return TagOutcome("relabelled", start, end, result, result.focus)
    result = doc.add(start, end, label)
    assert result is not None
    return TagOutcome("added", start, end, result, result.focus)
