"""The annotation database: a TinyDB file with the schema of PRODUCT.md (docs/schema.md).

One `Store` per process and per file. Opening for writing takes the write lock, loads and
validates the whole file (TinyDB itself only fails on the first read), and initialises a new or
empty file. Every public write is one durable, atomic file replacement before it returns.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from tui import SCHEMA, __version__
from tui.dbfile import (
    AtomicJSONStorage,
    DatabaseError,
    Raw,
    WriteLock,
    encode,
    load_raw,
    remove_stale_temporaries,
    write_atomic,
)
from tui.history import Change
from tui.model import STATUSES, Annotation, Document, Status

DOCUMENTS, ANNOTATIONS, META = "documents", "annotations", "meta"
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


def annotation_record(annotation: Annotation) -> dict[str, Any]:
    """The stored form of an annotation, fields in schema order."""
    return {name: getattr(annotation, name) for name in ANNOTATION_FIELDS}


def document_record(document: Document) -> dict[str, Any]:
    """The stored form of a document, fields in schema order."""
    return {name: getattr(document, name) for name in DOCUMENT_FIELDS}


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
    return Document(
        id=doc_id,
        text=text,
        path=str(record.get("path") or ""),
        title=str(record.get("title") or ""),
        sha256=str(record.get("sha256") or ""),
        status=status,
        added=str(record.get("added") or ""),
    )


def parse_annotation(record: Any, documents: dict[str, Document]) -> Annotation:
    """An Annotation from a stored record, checked against its document; ValueError if bad."""
    if not isinstance(record, dict):
        raise ValueError("not an object")
    ann_id, doc_id = record.get("id"), record.get("doc_id")
    start, end, label, text = (record.get(k) for k in ("start", "end", "label", "text"))
    if not isinstance(ann_id, str) or not ann_id:
        raise ValueError("missing or non-string 'id'")
    if not isinstance(label, str) or not label:
        raise ValueError(f"annotation {ann_id}: missing 'label'")
    if type(start) is not int or type(end) is not int:
        raise ValueError(f"annotation {ann_id}: 'start' and 'end' must be integers")
    document = documents.get(doc_id) if isinstance(doc_id, str) else None
    if document is None:
        raise ValueError(f"annotation {ann_id}: its document {doc_id!r} is missing")
    if not 0 <= start < end <= len(document.text):
        raise ValueError(
            f"annotation {ann_id}: offsets {start}..{end} outside document {doc_id!r} "
            f"(length {len(document.text)})"
        )
    if document.text[start:end] != text:
        raise ValueError(
            f"annotation {ann_id}: its text {text!r} does not match document {doc_id!r} at "
            f"{start}..{end}"
        )
    source = record.get("source", "manual")
    created = str(record.get("created") or "")
    return Annotation(
        doc_id=doc_id,  # type: ignore[arg-type]
        start=start,
        end=end,
        label=label,
        text=text,
        annotator=str(record.get("annotator") or ""),
        source=source if source in ("manual", "suggestion", "import") else "import",
        id=ann_id,
        created=created,
        updated=str(record.get("updated") or created),
    )


def check_meta(raw: Raw, path: Path) -> None:
    """Refuse files that are not spantag databases, or are of a newer schema."""
    meta = raw.get(META)
    records = list(meta.values()) if isinstance(meta, dict) else []
    schema = records[0].get("schema") if records and isinstance(records[0], dict) else None
    if schema == SCHEMA:
        return
    if schema is None:
        if set(raw) <= {DOCUMENTS, ANNOTATIONS, META, "_default"} and not any(raw.values()):
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


def check_record_keys(raw: Raw, path: Path) -> None:
    """Refuse tables whose record keys are not numbers: TinyDB fails on them at the first write."""
    for name in (DOCUMENTS, ANNOTATIONS, META):
        for key in raw.get(name, {}):
            try:
                int(key)
            except ValueError:
                raise DatabaseError(
                    f"{path}: record key {key!r} in table {name!r} is not a number, so TinyDB "
                    "cannot update it; it was left untouched"
                ) from None


class Store:
    """The database of documents and annotations, read and written through TinyDB."""

    def __init__(self, path: Path, *, write: bool = True) -> None:
        self.path = path
        self.writable = write
        self.problems: list[str] = []
        self.documents: dict[str, Document] = {}
        self._annotations: dict[str, Annotation] = {}
        self._doc_keys: dict[str, int] = {}
        self._ann_keys: dict[str, int] = {}
        self._lock = threading.RLock()
        self._write_lock = WriteLock(path) if write else None
        self._storage: AtomicJSONStorage
        self._db: TinyDB

    # -- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, write: bool = True) -> Store:
        """Open (and for writing, lock and if needed initialise) the database at `path`."""
        store = cls(Path(path), write=write)
        if store._write_lock is not None:
            store._write_lock.acquire()
        try:
            store._load()
        except BaseException:
            store.close()
            raise
        return store

    def _load(self) -> None:
        if self.path.is_dir():
            raise DatabaseError(f"database {self.path} is a folder, not a file")
        raw = load_raw(self.path)
        if raw is None and not self.writable:
            raise DatabaseError(f"no database at {self.path} (import some articles first)")
        raw = raw if raw is not None else {}
        check_meta(raw, self.path)
        check_record_keys(raw, self.path)
        fresh = META not in raw
        if fresh:
            raw[META] = {"1": {"schema": SCHEMA, "version": __version__}}
        elif self.writable:
            # meta.version records the spantag that last wrote the file (carried by the next write).
            for record in raw[META].values():
                if isinstance(record, dict):
                    record["version"] = __version__
        raw.setdefault(DOCUMENTS, {})
        raw.setdefault(ANNOTATIONS, {})
        if "_default" in raw and not raw["_default"]:
            del raw["_default"]  # TinyDB's unused default table
        if self.writable:
            remove_stale_temporaries(self.path)
            if fresh:
                write_atomic(self.path, encode(raw))
        self._storage = AtomicJSONStorage(self.path, raw)
        self._db = TinyDB(storage=lambda: self._storage)
        self._index(raw)

    def _index(self, raw: Raw) -> None:
        """Parse and check every record; bad ones are reported in `problems` and left on disk."""
        self.problems = []
        self.documents, self._doc_keys = {}, {}
        for key, record in raw[DOCUMENTS].items():
            try:
                document = parse_document(record)
            except ValueError as exc:
                self.problems.append(f"document record {key}: {exc}")
                continue
            if document.id in self.documents:
                self.problems.append(f"document record {key}: duplicate id {document.id!r}")
                continue
            self.documents[document.id] = document
            self._doc_keys[document.id] = int(key)
        self._annotations, self._ann_keys = {}, {}
        seen: set[tuple[str, int, int, str]] = set()
        for key, record in raw[ANNOTATIONS].items():
            try:
                annotation = parse_annotation(record, self.documents)
            except ValueError as exc:
                self.problems.append(f"annotation record {key}: {exc}")
                continue
            identity = (annotation.doc_id, *annotation.key)
            if annotation.id in self._annotations or identity in seen:
                self.problems.append(f"annotation record {key}: duplicate of another annotation")
                continue
            seen.add(identity)
            self._annotations[annotation.id] = annotation
            self._ann_keys[annotation.id] = int(key)

    def close(self) -> None:
        """Release the write lock; the file is always complete, so nothing is flushed here."""
        if self._write_lock is not None:
            self._write_lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------------------
    def annotations(self, doc_id: str | None = None) -> list[Annotation]:
        """The valid annotations, of one document or of all, in stored order."""
        with self._lock:
            values = list(self._annotations.values())
        if doc_id is None:
            return values
        return [a for a in values if a.doc_id == doc_id]

    def annotations_by_document(self) -> dict[str, list[Annotation]]:
        """Every valid annotation grouped by document id (documents without any included)."""
        grouped: dict[str, list[Annotation]] = {doc_id: [] for doc_id in self.documents}
        with self._lock:
            for annotation in self._annotations.values():
                grouped[annotation.doc_id].append(annotation)
        return grouped

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Make every write inside the block one durable file write (all or nothing)."""
        self._require_writable()
        with self._lock:
            try:
                with self._storage.batch():
                    yield
            except BaseException:
                self._reset_after_failure()
                raise

    @property
    def file_writes(self) -> int:
        """How many times the file has been replaced by this process."""
        return self._storage.writes

    # -- writing ------------------------------------------------------------------------------
    def _require_writable(self) -> None:
        if not self.writable:
            raise DatabaseError(f"{self.path} was opened read-only")

    def _reset_after_failure(self) -> None:
        """After a failed write the storage holds the last good file: re-derive our maps."""
        self._db = TinyDB(storage=lambda: self._storage)
        self._index(self._storage.read())

    def add_documents(self, documents: Iterable[Document]) -> None:
        """Insert or replace documents by id, in one durable write."""
        self._require_writable()
        with self._lock:
            table = self._db.table(DOCUMENTS)
            try:
                with self._storage.batch():
                    # Known documents are updated in place (keeping their order); new ones are
                    # inserted in one call, since each TinyDB call rebuilds the whole table.
                    new: dict[str, Document] = {}
                    for document in documents:
                        key = self._doc_keys.get(document.id)
                        if key is None:
                            new[document.id] = document
                        else:
                            table.update(document_record(document), doc_ids=[key])
                        self.documents[document.id] = document
                    keys = table.insert_multiple(document_record(d) for d in new.values())
                    self._doc_keys.update(zip(new, keys, strict=True))
            except BaseException:
                self._reset_after_failure()
                raise

    def set_status(self, doc_id: str, status: Status) -> Document:
        """Change a document's review status (durably) and return the updated document."""
        document = self.documents[doc_id].with_status(status)
        self.add_documents([document])
        return document

    def apply(self, changes: Iterable[Change]) -> None:
        """Put or delete annotations by id, all in one durable write; repeating is harmless.

        The changes are folded into their final effect per annotation id, then written with one
        TinyDB removal and one bulk insert: TinyDB rebuilds a whole table per call, so calling it
        once per change would make a batch quadratic in the table's size.
        """
        self._require_writable()
        final: dict[str, Change] = {}
        for change in changes:
            final[change.annotation.id] = change
        puts = [c.annotation for c in final.values() if c.kind == "put"]
        for annotation in puts:
            if annotation.doc_id not in self.documents:
                raise DatabaseError(
                    f"annotation {annotation.id} refers to unknown document {annotation.doc_id!r}"
                )
        with self._lock:
            table = self._db.table(ANNOTATIONS)
            stale = [self._ann_keys[ann_id] for ann_id in final if ann_id in self._ann_keys]
            try:
                with self._storage.batch():
                    if stale:
                        table.remove(doc_ids=stale)
                    keys = table.insert_multiple(annotation_record(a) for a in puts) if puts else []
            except BaseException:
                self._reset_after_failure()
                raise
            for ann_id in final:
                self._ann_keys.pop(ann_id, None)
                self._annotations.pop(ann_id, None)
            for annotation, key in zip(puts, keys, strict=True):
                self._ann_keys[annotation.id] = key
                self._annotations[annotation.id] = annotation
