"""An annotation session: the documents being worked on, loaded on demand, in a fixed order.

Domain only (no Textual): the reader app drives one of these, and tests can drive it directly.
The store is read once when the session starts; afterwards the in-memory documents are the
truth and every change reaches the store through the `Saver`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tui.db.records import annotation_from_record, relation_from_record
from tui.document.annotated import AnnotatedDocument
from tui.labels import LabelSet
from tui.model import Document, Status
from tui.store import Store
from tui.suggest.base import Suggester
from tui.suggest.live import LiveSuggestions

if TYPE_CHECKING:
    from tui.jobs.stats import Progress
    from tui.suggest.learned.backend import LearnedSuggester
    from tui.suggest.learned.retrain import Retrainer


class Session:
    """The ordered documents of one run of the reader and their annotated state."""

    def __init__(
        self,
        store: Store,
        doc_ids: Sequence[str] | None = None,
        *,
        annotator: str = "",
        labels: LabelSet | None = None,
        suggest: bool = True,
        backends: Sequence[Suggester] = (),
        learn: bool = True,
    ) -> None:
        # The database's own label set unless another is given (docs/labels.md).
        self.labels = labels if labels is not None else store.labels
        self.annotator = annotator
        self.documents: dict[str, Document] = dict(store.documents)
        order = [d for d in (doc_ids or list(store.documents)) if d in self.documents]
        self.order: list[str] = list(dict.fromkeys(order)) or list(self.documents)
        # Records are read once, now (the writer thread owns the store afterwards); a document's
        # Annotation objects and indexes are only built when it is opened.
        self._stored: dict[str, list[dict[str, Any]]] = store.records_by_document()
        self.learner: Retrainer | None = None
        self.learned: LearnedSuggester | None = None
        self.learner_note: str | None = None
        """Said once when the learner was wanted but its extra is not installed."""
        if suggest and learn:
            backends = self._start_learner(store, backends)
        self._stored_relations = store.relation_records_by_document()
        self.suggestions: LiveSuggestions | None = (
            LiveSuggestions(
                self._stored,
                store.suggestion_records_by_document(),
                self.labels.names,
                backends,
                self.learner,
            )
            if suggest
            else None
        )
        self._loaded: dict[str, AnnotatedDocument] = {}
        self.cursors: dict[str, int] = {}

    def _start_learner(self, store: Store, backends: Sequence[Suggester]) -> list[Suggester]:
        """The learned model as one more backend, and its retrainer (docs/suggestions.md)."""
        from tui.suggest.learned import LEARN_HINT, learner_available

        if not learner_available():
            self.learner_note = LEARN_HINT
            return list(backends)
        from tui.suggest.learned.backend import LearnedSuggester
        from tui.suggest.learned.model import model_dir
        from tui.suggest.learned.retrain import Retrainer

        self.learned = LearnedSuggester(model_dir(store.path))
        self.learner = Retrainer(store.path)
        return [*backends, self.learned]

    def __len__(self) -> int:
        return len(self.order)

    def position(self, doc_id: str) -> int:
        return self.order.index(doc_id)

    def load(self, doc_id: str) -> AnnotatedDocument:
        """The annotated document, built from the store's annotations the first time."""
        doc = self._loaded.get(doc_id)
        if doc is None:
            doc = AnnotatedDocument.load(
                self.documents[doc_id],
                [annotation_from_record(r) for r in self._stored.pop(doc_id, [])],
                self.labels,
                self.annotator,
                [relation_from_record(r) for r in self._stored_relations.pop(doc_id, [])],
            )
            self._loaded[doc_id] = doc
        return doc

    def count(self, doc_id: str) -> int:
        """How many annotations a document has (without building its indexes)."""
        loaded = self._loaded.get(doc_id)
        return len(loaded.spans) if loaded is not None else len(self._stored.get(doc_id, []))

    def label_counts(self, doc_id: str) -> Counter[str]:
        loaded = self._loaded.get(doc_id)
        if loaded is not None:
            return Counter({name: len(index) for name, index in loaded.by_label.items()})
        return Counter(r["label"] for r in self._stored.get(doc_id, []))

    def set_status(self, doc_id: str, status: Status) -> Document:
        """Record a new status in memory (the caller queues the durable write)."""
        document = self.replace_document(self.documents[doc_id].with_status(status))
        if status == "done" and self.learner is not None:
            self.learner.document_done()
        return document

    def replace_document(self, document: Document) -> Document:
        """Record a changed document (status, note, review flag) in memory; the caller queues
        the durable write (`Store.add_documents`)."""
        self.documents[document.id] = document
        loaded = self._loaded.get(document.id)
        if loaded is not None:
            loaded.document = document
        return document

    def progress(self) -> Progress:
        """The figures of the progress screen, from what is in memory now (the same as
        `spantag stats` once every change is saved)."""
        from tui.db.records import annotation_record
        from tui.jobs.stats import compute_progress

        records: dict[str, list[dict[str, Any]]] = {}
        for doc_id in self.order:
            loaded = self._loaded.get(doc_id)
            if loaded is not None:
                records[doc_id] = [annotation_record(a) for a in loaded.spans]
            else:
                records[doc_id] = self._stored.get(doc_id, [])
        return compute_progress((self.documents[d] for d in self.order), records, self.labels)

    def noted_spans(self) -> list[tuple[str, int, int, str, str, str]]:
        """Every span with a note, in document order: (doc_id, start, end, label, text, note)."""
        out: list[tuple[str, int, int, str, str, str]] = []
        for doc_id in self.order:
            loaded = self._loaded.get(doc_id)
            if loaded is not None:
                out += [(doc_id, *a.key, a.text, a.note) for a in loaded.spans if a.note]
            else:
                out += [
                    (doc_id, r["start"], r["end"], r["label"], r["text"], r["note"])
                    for r in self._stored.get(doc_id, [])
                    if r.get("note")
                ]
        return out

    @property
    def done_count(self) -> int:
        return sum(1 for d in self.order if self.documents[d].status == "done")
