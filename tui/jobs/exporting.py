"""Writing an export file from a store: shared by `spantag export -o` and the reader's palette."""

from __future__ import annotations

import io
from pathlib import Path

from tui.db.file import write_atomic
from tui.formats.native import write_native_store
from tui.store import Store


def export_native_file(store: Store, path: Path) -> int:
    """Write every document and span as native JSONL to `path` (atomically); returns spans."""
    buffer = io.BytesIO()
    count = write_native_store(store, buffer)
    write_atomic(path, buffer.getvalue())
    return count
