"""The annotation database: a TinyDB file with the schema of docs/contracts.md (docs/schema.md).

One `Store` per process and per file. Opening for writing takes the write lock, loads and
validates the whole file (TinyDB itself only fails on the first read), and initialises a new or
empty file. Every public write is one durable, atomic file replacement before it returns.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from tui import SCHEMA, __version__
from tui.db.file import (
    AtomicJSONStorage,
    DatabaseError,
    Raw,
    WriteLock,
    check_writable,
    database_path,
    encode,
    load_raw,
    remove_stale_temporaries,
    write_atomic,
)
from tui.db.records import (
    ANNOTATIONS,
    DOCUMENT_OPTIONAL,
    DOCUMENTS,
    META,
    RELATIONS,
    annotation_from_record,
    annotation_record,
    check_annotation_record,
    check_meta,
    check_record_keys,
    document_record,
    parse_document,
    relation_from_record,
)
from tui.db.relations import RelationIndex
from tui.db.suggestions import SUGGESTIONS, SuggestionIndex
from tui.labels import DEFAULT_LABEL_SET, LabelSet
from tui.model import (
    Annotation,
    AnyChange,
    Change,
    Document,
    Relation,
    RelationChange,
    SpanKey,
    Status,
)

LABEL_SET = "label_set"
"""The meta record's field holding the database's own label set (docs/schema.md)."""


class Store:
    """The database of documents and annotations, read and written through TinyDB."""

    def __init__(self, path: Path, *, write: bool = True) -> None:
        self.path = path
        self.writable = write
        self.problems: list[str] = []
        self.documents: dict[str, Document] = {}
        # Valid annotation records by id, with their TinyDB record key, and grouped by document.
        self._records: dict[str, tuple[str, dict[str, Any]]] = {}
        self._by_doc: dict[str, dict[str, dict[str, Any]]] = {}
        self._next_key = 1
        self._suggestions = SuggestionIndex()
        self._relations = RelationIndex()
        self._doc_keys: dict[str, int] = {}
        self.labels: LabelSet = DEFAULT_LABEL_SET
        self.has_label_set = False
        self._lock = threading.RLock()
        self._write_lock = WriteLock(path) if write else None
        self._storage: AtomicJSONStorage
        self._db: TinyDB

    # -- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, write: bool = True) -> Store:
        """Open (and for writing, lock and if needed initialise) the database at `path`."""
        store = cls(database_path(path), write=write)
        if store._write_lock is not None:
            store._write_lock.acquire()
        try:
            if write:
                check_writable(store.path)
            store._load()
        except BaseException:
            store.close()
            raise
        return store

    def _load(self) -> None:
        # Parsing builds millions of objects at once; the cyclic GC would walk all of them
        # again and again while they are created (measured: a third of the load time).
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._load_unpaused()
        finally:
            if enabled:
                gc.enable()

    def _load_unpaused(self) -> None:
        if self.path.is_dir():
            raise DatabaseError(f"database {self.path} is a folder, not a file")
        raw = load_raw(self.path)
        if raw is None and not self.writable:
            raise DatabaseError(f"no database at {self.path} (import some articles first)")
        raw = raw if raw is not None else {}
        check_meta(raw, self.path)
        self._next_key = check_record_keys(raw, self.path)[ANNOTATIONS] + 1
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
        self._read_label_set(raw)

    def _read_label_set(self, raw: Raw) -> None:
        """The label set the meta record carries; a broken one is reported, the default used."""
        self.labels, self.has_label_set = DEFAULT_LABEL_SET, False
        for record in raw[META].values():
            stored = record.get(LABEL_SET) if isinstance(record, dict) else None
            if stored is None:
                continue
            try:
                if not isinstance(stored, dict):
                    raise ValueError("not an object")
                self.labels, self.has_label_set = LabelSet.from_record(stored), True
            except ValueError as exc:
                self.problems.append(
                    f"meta record: label_set is unusable ({exc}); the default labels are used"
                )
            return

    def set_labels(self, labels: LabelSet) -> None:
        """Store `labels` as the database's label set (one durable write)."""
        self._require_writable()
        with self._lock:
            try:
                with self._storage.batch():
                    raw = self._storage.read()
                    record = next(iter(raw[META].values()))
                    record[LABEL_SET] = labels.to_record()
                    self._storage.write(raw, tables=[META])
            except BaseException:
                self._reset_after_failure()
                raise
            self.labels, self.has_label_set = labels, True

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
        records: dict[str, tuple[str, dict[str, Any]]] = {}
        by_doc: dict[str, dict[str, dict[str, Any]]] = {doc_id: {} for doc_id in self.documents}
        texts = {doc_id: document.text for doc_id, document in self.documents.items()}
        # Annotators sharing one database may each have the same span: one per annotator.
        seen: set[tuple[str, int, int, str, str]] = set()
        for key, record in raw[ANNOTATIONS].items():
            # The common case in one cheap expression; the full check names what is wrong.
            try:
                ann_id, doc_id = record["id"], record["doc_id"]
                start, end, label = record["start"], record["end"], record["label"]
                text = texts[doc_id]
                valid = (
                    type(start) is int
                    and type(end) is int
                    and type(ann_id) is str
                    and type(label) is str
                    and 0 <= start < end <= len(text)
                    and bool(ann_id)
                    and bool(label)
                    and text[start:end] == record["text"]
                    and type(record.get("note", "")) is str
                    and "annotators" not in record
                )
            except (KeyError, TypeError):
                valid = False
            if not valid and type(record) is dict and "annotators" in record:
                valid = check_annotation_record(record, self.documents) is None
            if not valid:
                problem = check_annotation_record(record, self.documents) or "invalid record"
                self.problems.append(f"annotation record {key}: {problem}")
                continue
            identity = (doc_id, start, end, label, str(record.get("annotator") or ""))
            if ann_id in records or identity in seen:
                self.problems.append(f"annotation record {key}: duplicate of another annotation")
                continue
            seen.add(identity)
            records[ann_id] = (key, record)
            by_doc[doc_id][ann_id] = record
        self._records, self._by_doc = records, by_doc
        self._suggestions.load(raw.get(SUGGESTIONS, {}), texts, self.problems)
        self._relations.load(raw.get(RELATIONS, {}), records, self.problems)

    def close(self) -> None:
        """Release the write lock; the file is always complete, so nothing is flushed here."""
        if self._write_lock is not None:
            self._write_lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------------------
    def annotation_records(self, doc_id: str) -> list[dict[str, Any]]:
        """The valid stored records of one document's annotations (treat them as read-only)."""
        with self._lock:
            return list(self._by_doc.get(doc_id, {}).values())

    def records_by_document(self) -> dict[str, list[dict[str, Any]]]:
        """A snapshot of every valid record grouped by document (records are never mutated)."""
        with self._lock:
            return {doc_id: list(group.values()) for doc_id, group in self._by_doc.items()}

    def annotations(self, doc_id: str | None = None) -> list[Annotation]:
        """The valid annotations, of one document or of all, in stored order."""
        if doc_id is not None:
            return [annotation_from_record(r) for r in self.annotation_records(doc_id)]
        with self._lock:
            records = [record for _, record in self._records.values()]
        return [annotation_from_record(r) for r in records]

    def annotations_by_document(self) -> dict[str, list[Annotation]]:
        """Every valid annotation grouped by document id (documents without any included)."""
        return {
            doc_id: [annotation_from_record(r) for r in group]
            for doc_id, group in self.records_by_document().items()
        }

    def relation_records(self, doc_id: str) -> list[dict[str, Any]]:
        """The valid stored relation records of one document (treat them as read-only)."""
        with self._lock:
            return list(self._relations.by_doc.get(doc_id, {}).values())

    def relation_records_by_document(self) -> dict[str, list[dict[str, Any]]]:
        """A snapshot of every valid relation record grouped by document."""
        with self._lock:
            return {
                doc_id: list(group.values()) for doc_id, group in self._relations.by_doc.items()
            }

    def relations(self, doc_id: str | None = None) -> list[Relation]:
        """The valid relations, of one document or of all, in stored order."""
        if doc_id is not None:
            return [relation_from_record(r) for r in self.relation_records(doc_id)]
        with self._lock:
            records = [record for _, record in self._relations.records.values()]
        return [relation_from_record(r) for r in records]

    @property
    def relation_count(self) -> int:
        return len(self._relations.records)

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
        raw = self._storage.read()
        self._index(raw)
        self._read_label_set(raw)

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
                            table.update(_updated_to(document_record(document)), doc_ids=[key])
                        self.documents[document.id] = document
                        self._by_doc.setdefault(document.id, {})
                    keys = table.insert_multiple(document_record(d) for d in new.values())
                    self._doc_keys.update(zip(new, keys, strict=True))
            except BaseException:
                self._reset_after_failure()
                raise

    # -- suggestions (tui/db/suggestions.py) --------------------------------------------------
    def suggestion_records(self, doc_id: str) -> list[dict[str, Any]]:
        """The stored suggestions of a document: pending pre-annotations and rejections."""
        with self._lock:
            return self._suggestions.records(doc_id)

    def suggestion_records_by_document(self) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            return {
                doc_id: self._suggestions.records(doc_id) for doc_id in self._suggestions.by_doc
            }

    def put_suggestions(self, records: Iterable[dict[str, Any]]) -> None:
        """Insert or replace suggestion records (by document and start, end, label)."""
        self._write_suggestions(lambda table: self._suggestions.upsert(table, records))

    def remove_suggestions(self, doc_id: str, keys: Iterable[SpanKey]) -> None:
        """Delete a document's suggestion records with these (start, end, label) keys."""
        self._write_suggestions(lambda table: self._suggestions.remove(table, doc_id, keys))

    def _write_suggestions(self, change: Any) -> None:
        self._require_writable()
        with self._lock:
            try:
                with self._storage.batch():
                    raw = self._storage.read()
                    touched = change(raw.setdefault(SUGGESTIONS, {}))
                    if touched:
                        self._storage.write(raw, records={SUGGESTIONS: touched})
            except BaseException:
                self._reset_after_failure()
                raise

    def set_status(self, doc_id: str, status: Status) -> Document:
        """Change a document's review status (durably) and return the updated document."""
        document = self.documents[doc_id].with_status(status)
        self.add_documents([document])
        return document

    def set_document_note(self, doc_id: str, note: str) -> Document:
        """Write (or with "" clear) a document's free-text note, durably."""
        document = self.documents[doc_id].with_note(note)
        self.add_documents([document])
        return document

    def set_review(self, doc_id: str, review: bool) -> Document:
        """Flag a document for review (or clear the flag), durably."""
        document = self.documents[doc_id].with_review(review)
        self.add_documents([document])
        return document

    def apply(self, changes: Iterable[AnyChange]) -> None:
        """Put or delete annotations and relations by id, all in one durable write; repeating
        is harmless. Deleting an annotation deletes its relations too; a relation put whose
        annotations would not exist is refused (DatabaseError) before anything is written.

        The hot path of every tag. It edits the storage's data directly, one record per change,
        instead of going through TinyDB's Table API: each Table call rebuilds the whole table in
        memory (twice), which measured 212 ms per tag at 100,000 annotations against the file
        write itself. The file stays a plain TinyDB file: numeric string keys, one object each.
        """
        self._require_writable()
        final: dict[str, Change] = {}
        links: dict[str, RelationChange] = {}
        for change in changes:
            if isinstance(change, RelationChange):
                links[change.relation.id] = change
            else:
                final[change.annotation.id] = change
        for change in final.values():
            if change.kind == "put" and change.annotation.doc_id not in self.documents:
                raise DatabaseError(
                    f"annotation {change.annotation.id} refers to unknown document "
                    f"{change.annotation.doc_id!r}"
                )
        with self._lock:
            if links:
                self._relations.check(links.values(), lambda ann_id: self._doc_after(ann_id, final))
            try:
                with self._storage.batch():
                    raw = self._storage.read()
                    touched = self._apply_annotations(raw[ANNOTATIONS], final)
                    records: dict[str, Iterable[str]] = {ANNOTATIONS: touched}
                    deleted = [i for i, c in final.items() if c.kind == "delete"]
                    if links or any(i in self._relations.by_annotation for i in deleted):
                        table = raw.setdefault(RELATIONS, {})
                        records[RELATIONS] = self._relations.apply(table, links.values(), deleted)
                    self._storage.write(raw, records=records)
            except BaseException:
                self._reset_after_failure()
                raise

    def _doc_after(self, ann_id: str, final: dict[str, Change]) -> str | None:
        """The document of an annotation once `final` is applied (None: it will not exist)."""
        change = final.get(ann_id)
        if change is not None:
            return change.annotation.doc_id if change.kind == "put" else None
        found = self._records.get(ann_id)
        return found[1]["doc_id"] if found is not None else None

    def _apply_annotations(self, table: dict[str, Any], final: dict[str, Change]) -> list[str]:
        touched: list[str] = []
        for ann_id, change in final.items():
            old = self._records.pop(ann_id, None)
            if old is not None:
                key, record = old
                self._by_doc[record["doc_id"]].pop(ann_id, None)
                if change.kind == "delete":
                    del table[key]
                    touched.append(key)
                    continue
            elif change.kind == "delete":
                continue
            else:
                key = str(self._next_key)
                self._next_key += 1
            record = annotation_record(change.annotation)
            table[key] = record  # an existing key keeps its place in the file
            touched.append(key)
            self._records[ann_id] = (key, record)
            self._by_doc.setdefault(record["doc_id"], {})[ann_id] = record
        return touched


def _updated_to(record: dict[str, Any]) -> Any:
    """A TinyDB update to a document record: its fields written, an optional field that is no
    longer set (a cleared note) removed, and fields of other programs kept."""

    def update(stored: dict[str, Any]) -> None:
        stored.update(record)
        for name in DOCUMENT_OPTIONAL:
            if name not in record:
                stored.pop(name, None)

    return update
