"""The domain: documents, annotations and the rules their offsets obey. No Textual here.

Offsets are Python `str` indices (code points), start inclusive, end exclusive, into the frozen
document text; every annotation carries its `text` and `text == document.text[start:end]` holds.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal, Protocol

from tui.errors import SpantagError
from tui.labels import DEFAULT_LABEL_SET, LabelSet
from tui.text.reading import sha256_text

Status = Literal["todo", "done", "skipped"]
Source = Literal["manual", "suggestion", "import", "adjudicated"]
STATUSES: tuple[Status, ...] = ("todo", "done", "skipped")
SOURCES: tuple[Source, ...] = ("manual", "suggestion", "import", "adjudicated")


SpanKey = tuple[int, int, str]
"""A span's (start, end, label), its identity; or its (start, -end, label), its place in order."""


class Extent(Protocol):
    """Anything with a start, an end and a label: an Annotation, a Suggestion, a gold span."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


def order_key(start: int, end: int, label: str) -> SpanKey:
    """The span order, (start, -end, label): by start, outer spans before the spans nested at
    the same start, then by label. The one definition; every sorted list of spans uses it."""
    return (start, -end, label)


def span_order(span: Extent) -> SpanKey:
    """The sort key of `span` in the span order (order_key), for sorted(..., key=span_order)."""
    return order_key(span.start, span.end, span.label)


class SpanError(SpantagError, ValueError):
    """A span that breaks the offset rules (out of range, empty, blank, unknown label, bad text)."""


def utc_now() -> str:
    """The current time as ISO 8601 UTC with milliseconds, e.g. 2026-11-25T06:11:58.123Z."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    """A unique annotation id."""
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class Document:
    """An article: its frozen text and what the database stores with it."""

    id: str
    text: str
    path: str = ""
    title: str = ""
    sha256: str = ""
    status: Status = "todo"
    added: str = ""
    note: str = ""
    review: bool = False

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", sha256_text(self.text))
        if not self.added:
            object.__setattr__(self, "added", utc_now())

    def with_status(self, status: Status) -> Document:
        """A copy with another review status."""
        if status not in STATUSES:
            raise SpantagError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        return replace(self, status=status)

    def with_note(self, note: str) -> Document:
        """A copy with another free-text note ("" for none)."""
        return replace(self, note=note)

    def with_review(self, review: bool) -> Document:
        """A copy flagged (or no longer flagged) for review."""
        return replace(self, review=review)


@dataclass(frozen=True, slots=True)
class Annotation:
    """One labelled span of one document, with who made it, how and when."""

    doc_id: str
    start: int
    end: int
    label: str
    text: str
    annotator: str = ""
    source: Source = "manual"
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=utc_now)
    updated: str = ""
    note: str = ""
    # Who had this span, for a span entered into a gold database by `spantag adjudicate`.
    annotators: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.updated:
            object.__setattr__(self, "updated", self.created)

    @property
    def key(self) -> SpanKey:
        """(start, end, label): two annotations with the same key are the same span."""
        return (self.start, self.end, self.label)

    def relabelled(self, label: str) -> Annotation:
        """The same annotation under another label, stamped as updated now."""
        return replace(self, label=label, updated=utc_now())

    def resized(self, start: int, end: int, text: str) -> Annotation:
        """The same annotation (id, label, note) over another extent, stamped as updated now."""
        return replace(self, start=start, end=end, text=text, updated=utc_now())

    def with_note(self, note: str) -> Annotation:
        """The same annotation with another free-text note ("" for none), stamped as updated."""
        return replace(self, note=note, updated=utc_now())


def check_span(
    text: str, start: int, end: int, label: str, labels: LabelSet = DEFAULT_LABEL_SET
) -> None:
    """Raise SpanError unless [start, end) is a non-blank span of `text` with a known label."""
    if label not in labels:
        raise SpanError(f"unknown label {label!r}; expected one of {', '.join(labels.names)}")
    if type(start) is not int or type(end) is not int:  # bool is an int subclass: refused too
        raise SpanError(f"offsets must be integers, got {start!r}..{end!r}")
    if not 0 <= start < end <= len(text):
        raise SpanError(f"offsets {start}..{end} are outside the text (length {len(text)})")
    if not text[start:end].strip():
        raise SpanError(f"span {start}..{end} holds only whitespace")


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so that it neither begins nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True, slots=True)
class Change:
    """One write the store must make: put (insert or replace by id) or delete an annotation."""

    kind: Literal["put", "delete"]
    annotation: Annotation


RelationSource = Literal["manual", "suggestion", "import", "adjudicated"]
RELATION_SOURCES: tuple[RelationSource, ...] = ("manual", "suggestion", "import", "adjudicated")
SPEAKER = "SPEAKER"
"""The default relation: from a QUOTE span (head) to the PERSON span (child) who says it."""


@dataclass(frozen=True, slots=True)
class Relation:
    """A labelled link from one annotation (head) to another (child) of the same document."""

    doc_id: str
    head: str
    child: str
    label: str = SPEAKER
    annotator: str = ""
    source: RelationSource = "manual"
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=utc_now)
    updated: str = ""

    def __post_init__(self) -> None:
        if not self.updated:
            object.__setattr__(self, "updated", self.created)


@dataclass(frozen=True, slots=True)
class RelationChange:
    """One relation write the store must make: put (insert or replace by id) or delete."""

    kind: Literal["put", "delete"]
    relation: Relation


AnyChange = Change | RelationChange
"""What an edit asks the store to write: annotation and relation changes, applied together."""
