"""spantag's native JSONL: one line per document with its text, meta, sorted spans and the
relations between them (each naming its head and child span by start, end and label).

It is also valid Prodigy input (`text` + `spans`). See docs/formats.md.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, Protocol

from tui.formats.common import (
    FormatError,
    Record,
    SpanLine,
    iter_json_lines,
    json_line,
    span_ref,
)
from tui.model import RELATION_SOURCES, SOURCES, Annotation, Document, Relation, span_order

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


def relation_object(relation: Relation, head: Any, child: Any) -> dict[str, Any]:
    """A relation of a native line: its spans by start, end and label, and who made it."""
    return {
        "head": span_ref(head),
        "child": span_ref(child),
        "label": relation.label,
        "annotator": relation.annotator,
        "source": relation.source,
    }


def document_line(
    document: Document, spans: Iterable[Annotation], relations: Iterable[Relation] = ()
) -> dict[str, Any]:
    """The native JSONL object of one document."""
    record = Record(document, sorted(spans, key=span_order), tuple(relations))
    return {
        "id": document.id,
        "text": document.text,
        "meta": document_meta(document),
        "spans": [span_object(span) for span in record.spans],
        "relations": [
            relation_object(r, record.spans[h], record.spans[c]) for r, h, c in record.linked()
        ],
    }


def write_native(records: Iterable[Record], out: IO[bytes]) -> int:
    """Write every document as one JSONL line; returns the number of spans written."""
    count = 0
    for record in records:
        count += len(record.spans)
        out.write(json_line(document_line(*record)))
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
        relations = value.get("relations", [])
        if not isinstance(relations, list) or not all(isinstance(r, dict) for r in relations):
            raise FormatError(f"line {number}: 'relations' must be a list of objects")
        yield SpanLine(number, doc_id, text, meta or {}, spans, relations=relations)


def _source(value: object, known: tuple[str, ...] = SOURCES) -> str:
    return value if isinstance(value, str) and value in known else "import"


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

    def relation_records(self, doc_id: str) -> list[dict[str, Any]]: ...


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
            "relations": _relations(records, store.relation_records(document.id)),
        }
        out.write(json_line(line))
    return count


def _relations(
    spans: list[dict[str, Any]], relations: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The relations of a native line from stored records (spans already in export order)."""
    if not relations:
        return []
    index = {r["id"]: i for i, r in enumerate(spans)}
    linked = sorted(
        (
            (index[r["head"]], index[r["child"]], r["label"], r)
            for r in relations
            if r["head"] in index and r["child"] in index
        ),
        key=lambda item: item[:3],
    )
    return [
        {
            "head": span_ref(spans[h]),
            "child": span_ref(spans[c]),
            "label": label,
            "annotator": str(r.get("annotator") or ""),
            "source": _source(r.get("source", "manual"), RELATION_SOURCES),
        }
        for h, c, label, r in linked
    ]
