"""Gather several databases into one: documents matched by text, annotations kept as they were.

A source document whose text DEST already has is matched to DEST's document; a new one is added
(its id suffixed `-2`, `-3`, ... if DEST already uses the id for another text). Every annotation
keeps its annotator, source, timestamps and id (a new id only if DEST already uses it); the
same span (start, end, label) of the same annotator in the same document is stored once. The
whole merge is one durable write of DEST; the sources are only read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from tui.db.records import annotation_from_record
from tui.model import Annotation, Change, Document, new_id
from tui.store import Store

MergeKey = tuple[str, int, int, str, str]  # doc_id, start, end, label, annotator


@dataclass
class SourceReport:
    """What one source brought into DEST."""

    path: str
    documents_added: int = 0
    documents_matched: int = 0
    spans_added: int = 0
    spans_skipped: int = 0  # already in DEST (or given by an earlier source)


@dataclass
class MergeReport:
    """What a merge added and skipped, per source."""

    sources: list[SourceReport] = field(default_factory=list)

    @property
    def spans_added(self) -> int:
        return sum(s.spans_added for s in self.sources)

    @property
    def documents_added(self) -> int:
        return sum(s.documents_added for s in self.sources)


def free_id(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`, ... whichever is not taken."""
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"


def merge_key(annotation: Annotation, doc_id: str) -> MergeKey:
    return (doc_id, annotation.start, annotation.end, annotation.label, annotation.annotator)


def plan_merge(
    sources: Sequence[Store], dest: Store
) -> tuple[list[Document], list[Change], MergeReport]:
    """The documents to add and the annotations to put into DEST, and the report."""
    by_sha = {document.sha256: doc_id for doc_id, document in dest.documents.items()}
    doc_ids = set(dest.documents)
    existing = dest.annotations()
    ann_ids = {a.id for a in existing}
    keys = {merge_key(a, a.doc_id) for a in existing}
    new_documents: list[Document] = []
    changes: list[Change] = []
    report = MergeReport()
    for store in sources:
        row = SourceReport(str(store.path))
        report.sources.append(row)
        target: dict[str, str] = {}
        for document in store.documents.values():
            known = by_sha.get(document.sha256)
            if known is not None:
                target[document.id] = known
                row.documents_matched += 1
                continue
            doc_id = free_id(document.id, doc_ids)
            doc_ids.add(doc_id)
            by_sha[document.sha256] = doc_id
            target[document.id] = doc_id
            new_documents.append(replace(document, id=doc_id))
            row.documents_added += 1
        for src_doc, group in store.records_by_document().items():
            doc_id = target[src_doc]
            for record in group:
                annotation = annotation_from_record(record)
                key = merge_key(annotation, doc_id)
                if key in keys:
                    row.spans_skipped += 1
                    continue
                keys.add(key)
                ann_id = annotation.id if annotation.id not in ann_ids else new_id()
                ann_ids.add(ann_id)
                changes.append(Change("put", replace(annotation, doc_id=doc_id, id=ann_id)))
                row.spans_added += 1
    return new_documents, changes, report


def merge(sources: Sequence[Store], dest: Store) -> MergeReport:
    """Copy the sources' documents and annotations into DEST in one durable write."""
    documents, changes, report = plan_merge(sources, dest)
    if documents or changes:
        with dest.batch():
            if documents:
                dest.add_documents(documents)
            if changes:
                dest.apply(changes)
    return report
