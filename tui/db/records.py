"""The records of the database's tables: their fields, their stored form, and the checks that
a file read from disk must pass before the store trusts it (docs/schema.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui import SCHEMA, __version__
from tui.db.file import DatabaseError, Raw
from tui.db.suggestions import SUGGESTIONS
from tui.model import RELATION_SOURCES, SOURCES, STATUSES, Annotation, Document, Relation

DOCUMENTS, ANNOTATIONS, META, RELATIONS = "documents", "annotations", "meta", "relations"
TABLES = (DOCUMENTS, ANNOTATIONS, META, SUGGESTIONS, RELATIONS)
RELATION_FIELDS = (
    "id",
    "doc_id",
    "head",
    "child",
    "label",
    "annotator",
    "source",
    "created",
    "updated",
)
ANNOTATION_FIELDS = (
    "id",
    "doc_id",
    "start",
    "end",
    "label",
    "text",
    "annotator",
    "source",
    "created",
    "updated",
)
DOCUMENT_FIELDS = ("id", "path", "title", "text", "sha256", "status", "added")
# Optional fields, stored only when set: a database written before them, or by a program that
# does not know them, reads the same (docs/schema.md).
ANNOTATION_OPTIONAL = ("note",)
DOCUMENT_OPTIONAL = ("note", "review")


def annotation_record(annotation: Annotation) -> dict[str, Any]:
    """The stored form of an annotation, fields in schema order (`annotators`, `note` only when
    set)."""
    record = {name: getattr(annotation, name) for name in ANNOTATION_FIELDS}
    if annotation.annotators:
        record["annotators"] = list(annotation.annotators)
    if annotation.note:
        record["note"] = annotation.note
    return record


def document_record(document: Document) -> dict[str, Any]:
    """The stored form of a document, fields in schema order."""
    record = {name: getattr(document, name) for name in DOCUMENT_FIELDS}
    if document.note:
        record["note"] = document.note
    if document.review:
        record["review"] = True
    return record


def relation_record(relation: Relation) -> dict[str, Any]:
    """The stored form of a relation, fields in schema order."""
    return {name: getattr(relation, name) for name in RELATION_FIELDS}


def check_relation_record(record: Any, annotations: dict[str, dict[str, Any]]) -> str | None:
    """Why a stored relation record is unusable (malformed or dangling), or None.

    `annotations` maps the ids of the valid annotation records to those records.
    """
    if type(record) is not dict:
        return "not an object"
    rel_id = record.get("id")
    if type(rel_id) is not str or not rel_id:
        return "missing or non-string 'id'"
    label = record.get("label")
    if type(label) is not str or not label:
        return f"relation {rel_id}: missing 'label'"
    doc_id = record.get("doc_id")
    for end in ("head", "child"):
        ann_id = record.get(end)
        if type(ann_id) is not str or not ann_id:
            return f"relation {rel_id}: missing or non-string {end!r}"
        target = annotations.get(ann_id)
        if target is None:
            return f"relation {rel_id}: its {end} annotation {ann_id} is missing (dangling)"
        if target["doc_id"] != doc_id:
            return f"relation {rel_id}: its {end} annotation {ann_id} is in another document"
    if record["head"] == record["child"]:
        return f"relation {rel_id}: head and child are the same annotation"
    return None


def relation_from_record(record: dict[str, Any]) -> Relation:
    """The Relation of a record that passed `check_relation_record`."""
    source = record.get("source", "manual")
    created = str(record.get("created") or "")
    return Relation(
        doc_id=record["doc_id"],
        head=record["head"],
        child=record["child"],
        label=record["label"],
        annotator=str(record.get("annotator") or ""),
        source=source if source in RELATION_SOURCES else "import",
        id=record["id"],
        created=created,
        updated=str(record.get("updated") or created),
    )


def parse_document(record: Any) -> Document:
    """A Document from a stored record; ValueError saying what is wrong."""
    if not isinstance(record, dict):
        raise ValueError("not an object")
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, str) or not doc_id:
        raise ValueError("missing or non-string 'id'")
    if not isinstance(text, str):
        raise ValueError(f"document {doc_id!r} has no 'text' string")
    status = record.get("status", "todo")
    if status not in STATUSES:
        raise ValueError(f"document {doc_id!r} has unknown status {status!r}")
    note, review = record.get("note", ""), record.get("review", False)
    if not isinstance(note, str):
        raise ValueError(f"document {doc_id!r} has a non-string 'note'")
    if not isinstance(review, bool):
        raise ValueError(f"document {doc_id!r} has a non-boolean 'review'")
    return Document(
        id=doc_id,
        text=text,
        path=str(record.get("path") or ""),
        title=str(record.get("title") or ""),
        sha256=str(record.get("sha256") or ""),
        status=status,
        added=str(record.get("added") or ""),
        note=note,
        review=review,
    )


def check_annotation_record(record: Any, documents: dict[str, Document]) -> str | None:
    """Why a stored annotation record is unusable, or None when it is valid.

    Cheap enough to run over every record on open (no objects are built): 100,000 records in
    about 0.1 s.
    """
    if type(record) is not dict:
        return "not an object"
    ann_id = record.get("id")
    if type(ann_id) is not str or not ann_id:
        return "missing or non-string 'id'"
    start, end, label = record.get("start"), record.get("end"), record.get("label")
    if type(label) is not str or not label:
        return f"annotation {ann_id}: missing 'label'"
    if type(start) is not int or type(end) is not int:
        return f"annotation {ann_id}: 'start' and 'end' must be integers"
    doc_id = record.get("doc_id")
    document = documents.get(doc_id) if type(doc_id) is str else None
    if document is None:
        return f"annotation {ann_id}: its document {doc_id!r} is missing"
    text = document.text
    if not 0 <= start < end <= len(text):
        return (
            f"annotation {ann_id}: offsets {start}..{end} outside document {doc_id!r} "
            f"(length {len(text)})"
        )
    if type(record.get("note", "")) is not str:
        return f"annotation {ann_id}: 'note' must be a string"
    if text[start:end] != record.get("text"):
        return (
            f"annotation {ann_id}: its text {record.get('text')!r} does not match document "
            f"{doc_id!r} at {start}..{end}"
        )
    annotators = record.get("annotators", [])
    if type(annotators) is not list or not all(type(name) is str for name in annotators):
        return f"annotation {ann_id}: 'annotators' must be a list of names"
    return None


def annotation_from_record(record: dict[str, Any]) -> Annotation:
    """The Annotation of a record that passed `check_annotation_record`."""
    source = record.get("source", "manual")
    created = str(record.get("created") or "")
    return Annotation(
        doc_id=record["doc_id"],
        start=record["start"],
        end=record["end"],
        label=record["label"],
        text=record["text"],
        annotator=str(record.get("annotator") or ""),
        source=source if source in SOURCES else "import",
        id=record["id"],
        created=created,
        updated=str(record.get("updated") or created),
        note=record.get("note") or "",
        annotators=tuple(record.get("annotators") or ()),
    )


def check_meta(raw: Raw, path: Path) -> None:
    """Refuse files that are not spantag databases, or are of a newer schema."""
    meta = raw.get(META)
    records = list(meta.values()) if isinstance(meta, dict) else []
    schema = records[0].get("schema") if records and isinstance(records[0], dict) else None
    if schema == SCHEMA:
        return
    if schema is None:
        if set(raw) <= {*TABLES, "_default"} and not any(raw.values()):
            return  # an empty TinyDB file ({} or empty tables): initialised on open
        raise DatabaseError(
            f"{path} is a JSON/TinyDB file but not a spantag database (no meta.schema); it was "
            "left untouched"
        )
    if isinstance(schema, str) and schema.startswith("spantag/"):
        raise DatabaseError(
            f"{path} has schema {schema!r}, newer than this spantag ({SCHEMA}, version "
            f"{__version__}); upgrade spantag to open it"
        )
    raise DatabaseError(f"{path} has unknown schema {schema!r}; it was left untouched")


def check_record_keys(raw: Raw, path: Path) -> dict[str, int]:
    """The highest record key of each table; refuses keys that are not numbers (TinyDB fails
    on them at the first write)."""
    highest: dict[str, int] = {}
    for name in TABLES:
        try:
            highest[name] = max(map(int, raw.get(name, {})), default=0)
        except ValueError:
            key = next(k for k in raw.get(name, {}) if not k.strip().lstrip("-").isdigit())
            raise DatabaseError(
                f"{path}: record key {key!r} in table {name!r} is not a number, so TinyDB "
                "cannot update it; it was left untouched"
            ) from None
    return highest
