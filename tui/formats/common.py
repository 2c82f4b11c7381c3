"""What the format modules share: export records and options, read results, JSON lines, ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson

from tui.errors import SpantagError
from tui.labels import DEFAULT_LABEL_SET, LabelSet
from tui.model import Annotation, Document, span_order
from tui.text.reading import sha256_text

OffsetUnit = Literal["utf16", "codepoints"]
Progress = Callable[[int, int], None]
Record = tuple[Document, list[Annotation]]
"""One document and its spans, in the span order (tui.model.span_order)."""

__all__ = [
    "ExportOptions",
    "FormatError",
    "ImportOptions",
    "MissingExtraError",
    "OffsetUnit",
    "Parsed",
    "Record",
    "iter_json_lines",
    "make_records",
    "mapping",
    "string_id",
    "text_id",
]


@dataclass
class SpanLine:
    """One parsed line of span input: its document and the spans it proposes.

    `where` names the item in messages when "line N" would not (a brat file, a DocBin doc);
    `span_where` names each span when spans have places of their own (brat: file and line);
    `problems` holds what a reader already found wrong with a span (by index), such as a
    UTF-16 offset inside a surrogate pair, so it is reported like every other bad span.
    `by_text` says the id was made up from the text (the input had none): a stored document
    with the same text is then used instead of creating a copy under the made-up id.
    """

    line: int
    doc_id: str
    text: str | None
    meta: dict[str, object]
    spans: list[dict[str, object]]
    where: str = ""
    span_where: list[str] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)
    by_text: bool = False

    def place(self) -> str:
        """How messages name this item, e.g. 'line 3' or 'doc1.txt'."""
        return self.where or f"line {self.line}"

    def span_place(self, index: int) -> str:
        """How messages name the span at `index` (0-based)."""
        if index < len(self.span_where):
            return self.span_where[index]
        return f"{self.place()}, span {index + 1}"


class FormatError(SpantagError):
    """An input file that is not in the expected format."""


class MissingExtraError(SpantagError):
    """A format needs an optional dependency that is not installed."""


@dataclass(frozen=True)
class ExportOptions:
    """How to write an export: the label set, doccano's offset unit, a progress callback."""

    labels: LabelSet = DEFAULT_LABEL_SET
    offsets: OffsetUnit = "utf16"
    progress: Progress | None = None


@dataclass(frozen=True)
class ImportOptions:
    """How to read an import: doccano's offset unit, when the user named one."""

    offsets: OffsetUnit | None = None


@dataclass
class Parsed:
    """What a reader found: the documents with their proposed spans, and what it ignored."""

    lines: list[SpanLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def make_records(
    documents: Iterable[Document], spans_by_doc: Mapping[str, list[Annotation]]
) -> list[Record]:
    """Pair each document with its spans in export order."""
    return [
        (document, sorted(spans_by_doc.get(document.id, []), key=span_order))
        for document in documents
    ]


def report_progress(options: ExportOptions, done: int, total: int) -> None:
    """Tell the progress callback, if any, that `done` of `total` documents are written."""
    if options.progress is not None:
        options.progress(done, total)


def iter_json_lines(lines: Iterable[bytes | str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Line-numbered JSON objects of a JSONL input; FormatError names the first bad line."""
    for number, line in enumerate(lines, 1):
        if number == 1:
            # A UTF-8 byte-order mark, as some Windows editors write, is not part of the JSON.
            line = (
                line.removeprefix(b"\xef\xbb\xbf")
                if isinstance(line, bytes)
                else line.removeprefix("\ufeff")
            )
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise FormatError(f"line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(value, dict):
            raise FormatError(f"line {number}: expected a JSON object")
        yield number, value


_LINE_BREAKERS = (
    (b"\xe2\x80\xa8", b"\\u2028"),
    (b"\xe2\x80\xa9", b"\\u2029"),
    (b"\xc2\x85", b"\\u0085"),
)


def json_line(value: Any) -> bytes:
    """One JSONL line (newline included). U+2028, U+2029 and U+0085 are written escaped: they
    are valid in JSON strings, but str.splitlines() and some editors break lines at them."""
    data = orjson.dumps(value)
    for raw, escaped in _LINE_BREAKERS:
        if raw in data:
            data = data.replace(raw, escaped)
    return data + b"\n"


def mapping(value: dict[str, Any], key: str) -> dict[str, Any]:
    """`value[key]` if it is a JSON object, else an empty one."""
    found = value.get(key)
    return found if isinstance(found, dict) else {}


def text_id(text: str) -> str:
    """The id given to a document that arrives without one: stable, derived from its text."""
    return "doc-" + sha256_text(text)[:12]


def string_id(*candidates: object) -> str | None:
    """The first candidate that is a usable document id (a non-empty string or an integer)."""
    for value in candidates:
        if isinstance(value, str) and value:
            return value
        if type(value) is int:
            return str(value)
    return None
