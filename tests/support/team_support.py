"""Helpers for the team tests: small annotators' databases built from hand-made spans."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from tui.model import Annotation, Change, Document
from tui.store import Store

# (doc_id, start, end, label) or (doc_id, start, end, label, annotator)
Span = tuple[str, int, int, str] | tuple[str, int, int, str, str]


def make_db(
    path: Path,
    texts: dict[str, str],
    spans: Iterable[Span],
    annotator: str = "",
    done: Sequence[str] = (),
) -> Path:
    """A database at `path` with these documents and spans (annotator: the file stem)."""
    name = annotator or path.stem
    with Store.open(path) as store:
        store.add_documents(
            Document(id=doc_id, text=text, status="done" if doc_id in done else "todo")
            for doc_id, text in texts.items()
        )
        changes = []
        for span in spans:
            doc_id, start, end, label = span[:4]
            who = span[4] if len(span) == 5 else name  # type: ignore[misc]
            text = texts[doc_id][start:end]
            changes.append(Change("put", Annotation(doc_id, start, end, label, text, who)))
        if changes:
            store.apply(changes)
    return path


def digest(*paths: Path) -> dict[str, str]:
    """The SHA-256 of each file's bytes (to prove a command left it untouched)."""
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
