"""The database's `suggestions` table: spans proposed but not (yet) annotations.

Two kinds of record, keyed by (doc_id, start, end, label):
- `pending`: a pre-annotation imported with `spantag import --as-suggestions` (or written by
  `spantag suggest --store`); the reader offers it until it is accepted or rejected;
- `rejected`: a suggestion the annotator turned down, so that it does not come back.
Accepting a suggestion makes it an annotation (source `suggestion`) and deletes its record.
The built-in suggesters' proposals are computed when needed and never stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from tui.model import Document, SpanKey, utc_now

SUGGESTIONS = "suggestions"
SuggestionStatus = Literal["pending", "rejected"]


def suggestion_record(
    document: Document,
    start: int,
    end: int,
    label: str,
    status: SuggestionStatus,
    *,
    score: float = 1.0,
    source: str = "import",
    annotator: str = "",
) -> dict[str, Any]:
    """A record of the suggestions table (offsets as in annotations: code points)."""
    return {
        "doc_id": document.id,
        "start": start,
        "end": end,
        "label": label,
        "text": document.text[start:end],
        "status": status,
        "score": score,
        "source": source,
        "annotator": annotator,
        "updated": utc_now(),
    }


def check_suggestion_record(record: Any, texts: dict[str, str]) -> str | None:
    """Why a stored suggestion record is unusable, or None."""
    if type(record) is not dict:
        return "not an object"
    doc_id, start, end = record.get("doc_id"), record.get("start"), record.get("end")
    text = texts.get(doc_id) if type(doc_id) is str else None
    if text is None:
        return f"suggestion of missing document {doc_id!r}"
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
        return f"suggestion offsets {start!r}..{end!r} outside document {doc_id!r}"
    if text[start:end] != record.get("text"):
        return f"suggestion text does not match document {doc_id!r} at {start}..{end}"
    if type(record.get("label")) is not str or record.get("status") not in ("pending", "rejected"):
        return "suggestion without a label or with an unknown status"
    score = record.get("score", 1.0)
    if type(score) not in (int, float) or not 0 <= score <= 1:
        return f"suggestion score {score!r} is not a number from 0 to 1"
    return None


class SuggestionIndex:
    """The valid suggestion records, by document and key, with their record keys."""

    def __init__(self) -> None:
        self.by_doc: dict[str, dict[SpanKey, tuple[str, dict[str, Any]]]] = {}
        self.next_key = 1

    def load(self, table: dict[str, Any], texts: dict[str, str], problems: list[str]) -> None:
        self.by_doc = {}
        highest = 0
        for key, record in table.items():
            highest = max(highest, int(key))
            problem = check_suggestion_record(record, texts)
            if problem is not None:
                problems.append(f"suggestion record {key}: {problem}")
                continue
            ident = (record["start"], record["end"], record["label"])
            self.by_doc.setdefault(record["doc_id"], {})[ident] = (key, record)
        self.next_key = highest + 1

    def records(self, doc_id: str) -> list[dict[str, Any]]:
        return [record for _, record in self.by_doc.get(doc_id, {}).values()]

    def upsert(self, table: dict[str, Any], records: Iterable[dict[str, Any]]) -> list[str]:
        """Put records (replacing the same doc/key); returns the record keys touched."""
        touched = []
        for record in records:
            ident = (record["start"], record["end"], record["label"])
            group = self.by_doc.setdefault(record["doc_id"], {})
            old = group.get(ident)
            key = old[0] if old is not None else str(self.next_key)
            if old is None:
                self.next_key += 1
            table[key] = record
            group[ident] = (key, record)
            touched.append(key)
        return touched

    def remove(self, table: dict[str, Any], doc_id: str, idents: Iterable[SpanKey]) -> list[str]:
        """Delete records by document and key; returns the record keys touched."""
        touched = []
        group = self.by_doc.get(doc_id, {})
        for ident in idents:
            old = group.pop(ident, None)
            if old is not None:
                del table[old[0]]
                touched.append(old[0])
        return touched
