"""Writing an export file from a store: shared by `spantag export -o` and the reader's palette."""

from __future__ import annotations

import io
from pathlib import Path

from tui.dbfile import write_atomic
from tui.formats.native import write_native
from tui.store import Store


def export_native_file(store: Store, path: Path) -> int:
    """Write every document and span as native JSONL to `path` (atomically); returns spans."""
    buffer = io.BytesIO()
    count = write_native(store.documents.values(), store.annotations_by_document(), buffer)
    write_atomic(path, buffer.getvalue())
    return count
