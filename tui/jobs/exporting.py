"""Writing an export file from a store: shared by `spantag export -o` and the reader's palette."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tui.db.file import write_atomic
from tui.errors import SpantagError
from tui.formats.native import RecordSource, write_native_store
from tui.model import Document
from tui.store import Store


class AnnotatorRecords:
    """One annotator's spans of a shared database, read as if they were the whole database."""

    def __init__(self, store: Store, annotator: str) -> None:
        names = {str(r.get("annotator") or "") for r in self._all(store)}
        if annotator not in names:
            found = ", ".join(repr(n) for n in sorted(names)) or "nobody"
            raise SpantagError(
                f"annotator {annotator!r} has no span in {store.path} (found: {found})"
            )
        self.store = store
        self.annotator = annotator

    @staticmethod
    def _all(store: Store) -> list[dict[str, Any]]:
        return [r for group in store.records_by_document().values() for r in group]

    @property
    def documents(self) -> Mapping[str, Document]:
        return self.store.documents

    def annotation_records(self, doc_id: str) -> list[dict[str, Any]]:
        return [
            r
            for r in self.store.annotation_records(doc_id)
            if str(r.get("annotator") or "") == self.annotator
        ]


def export_native_file(store: RecordSource, path: Path) -> int:
    """Write every document and span as native JSONL to `path` (atomically); returns spans."""
    buffer = io.BytesIO()
    count = write_native_store(store, buffer)
    write_atomic(path, buffer.getvalue())
    return count
