"""spantag's native JSONL: one line per document with its text, meta and sorted spans.

It is also valid Prodigy input (`text` + `spans`). See docs/formats.md.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, Protocol

from tui.formats.common import FormatError, SpanLine, iter_json_lines, json_line
from tui.model import SOURCES, Annotation, Document, span_order

SPAN_FIELDS = ("start", "end", "label", "text", "annotator", "source")
__all__ = ["FormatError", "document_line", "read_native", "write_native"]


def document_meta(document: Document) -> dict[str, Any]:
    """The `meta` object of a document's native JSONL line."""
    meta: dict[str, Any] = {
        "path": document.path,
        "title": document.title,
        "sha256": document.sha256,
        "status": document.status,
    }
    if document.note:
        meta["note"] = document.note
    if document.review:
        meta["review"] = True
    return meta


def span_object(span: Annotation) -> dict[str, Any]:
    """A span of a native JSONL line (`annotators` and `note` only when it has them)."""
    out = {name: getattr(span, name) for name in SPAN_FIELDS}
    if span.annotators:
        out["annotators"] = list(span.annotators)
    if span.note:
        out["note"] = span.note
    return out


def document_line(document: Document, spans: Iterable[Annotation]) -> dict[str, Any]:
    """The native JSONL object of one document."""
    return {
        "id": document.id,
        "text": document.text,
        "meta": document_meta(document),
        "spans": [span_object(span) for span in sorted(spans, key=span_order)],
    }


def write_native(
    documents: Iterable[Document],
    spans_by_doc: dict[str, list[Annotation]],
    out: IO[bytes],
) -> int:
    """Write every document as one JSONL line; returns the number of spans written."""
    count = 0
    for document in documents:
        spans = spans_by_doc.get(document.id, [])
        count += len(spans)
        out.write(json_line(document_line(document, spans)))
    return count


def read_native(lines: Iterable[bytes | str]) -> Iterator[SpanLine]:
    """Parse native (or Prodigy-style) JSONL lines; FormatError names the bad line."""
    for number, value in iter_json_lines(lines):
        doc_id, text = value.get("id"), value.get("text")
        meta = value.get("meta") if isinstance(value.get("meta"), dict) else {}
        if doc_id is None and isinstance(meta, dict):
            doc_id = meta.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            raise FormatError(f"line {number}: missing document 'id'")
        if text is not None and not isinstance(text, str):
            raise FormatError(f"line {number}: 'text' must be a string")
        spans = value.get("spans", [])
        if not isinstance(spans, list) or not all(isinstance(s, dict) for s in spans):
            raise FormatError(f"line {number}: 'spans' must be a list of objects")
        yield SpanLine(number, doc_id, text, meta or {}, spans)


def _source(value: object) -> str:
    return value if isinstance(value, str) and value in SOURCES else "import"


def _record_span(r: dict[str, Any]) -> dict[str, Any]:
    span = {
        "start": r["start"],
        "end": r["end"],
        "label": r["label"],
        "text": r["text"],
        "annotator": str(r.get("annotator") or ""),
        "source": _source(r.get("source", "manual")),
    }
    if r.get("annotators"):
        span["annotators"] = r["annotators"]
    if r.get("note"):
        span["note"] = r["note"]
    return span


class RecordSource(Protocol):
    """What an export reads: the documents and each one's checked annotation records."""

    @property
    def documents(self) -> Mapping[str, Document]: ...

    def annotation_records(self, doc_id: str) -> list[dict[str, Any]]: ...


_by_start, _by_end, _by_label = (operator.itemgetter(k) for k in ("start", "end", "label"))


def write_native_store(store: RecordSource, out: IO[bytes]) -> int:
    """Write a whole store as native JSONL straight from its records; returns spans written.

    The export path: no Annotation objects are built (the store has already checked every
    record), which is what makes 100,000 spans export in a fraction of a second.
    """
    count = 0
    for document in store.documents.values():
        records = store.annotation_records(document.id)
        # The span order (tui.model.span_order) by three stable C-level sorts, label, end
        # descending, start, instead of a key tuple per record.
        records.sort(key=_by_label)
        records.sort(key=_by_end, reverse=True)
        records.sort(key=_by_start)
        count += len(records)
        line = {
            "id": document.id,
            "text": document.text,
            "meta": document_meta(document),
            "spans": [_record_span(r) for r in records],
        }
        out.write(json_line(line))
    return count
