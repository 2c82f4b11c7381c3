"""Prepare a gold database for adjudication: its documents, the agreed spans, the state.

The documents of the inputs are added to the gold (matched by text; a new one keeps its id,
suffixed if the gold uses it for another text). Spans that every annotator of a document has
enter the gold at once with source `adjudicated` and the list of those annotators, unless the
gold already has them or the adjudicator rejected them before. All of it is one durable write.
Decisions already made are read back from the gold (docs/team.md), so a second run resumes; a
document with nothing left to decide is marked done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from tui.db.suggestions import suggestion_record
from tui.model import Annotation, Change, Document
from tui.store import Store
from tui.team.adjudication import AdjudicationState, DocumentPlan, plan_document
from tui.team.corpus import SpanKey, TeamCorpus, TeamError
from tui.team.merging import free_id

SOURCE = "adjudicate"
"""The `source` of the suggestion records that keep the adjudicator's rejections."""


@dataclass
class GoldSetup:
    """What `prepare_gold` did: the documents to open, in order, and the adjudication state."""

    order: list[str]
    state: AdjudicationState
    documents_added: int
    agreed_added: int


def rejected_keys(gold: Store, doc_id: str) -> set[SpanKey]:
    return {
        (r["start"], r["end"], r["label"])
        for r in gold.suggestion_records(doc_id)
        if r.get("status") == "rejected"
    }


def rejection_records(document: Document, keys: Sequence[SpanKey], by: str) -> list[dict[str, Any]]:
    """The suggestion records that keep these disagreements rejected in the gold."""
    return [
        suggestion_record(document, *key, "rejected", source=SOURCE, annotator=by) for key in keys
    ]


def prepare_gold(
    corpus: TeamCorpus, names: Sequence[str], gold: Store, adjudicator: str
) -> GoldSetup:
    """Add the documents and the agreed spans to the gold; the state of what is left to decide."""
    by_sha = {d.sha256: doc_id for doc_id, d in gold.documents.items()}
    taken = set(gold.documents)
    new_documents: list[Document] = []
    order: list[str] = []
    shas: dict[str, str] = {}
    for sha, shared in corpus.documents.items():
        if not any(sha in corpus.annotated(name) for name in names):
            continue
        doc_id = by_sha.get(sha)
        if doc_id is None:
            doc_id = free_id(shared.id, taken)
            taken.add(doc_id)
            new_documents.append(replace(shared.document, id=doc_id, status="todo"))
        order.append(doc_id)
        shas[doc_id] = sha
    if not order:
        raise TeamError("the inputs hold no annotated document to adjudicate")
    plans: list[DocumentPlan] = []
    accepted: dict[str, set[SpanKey]] = {}
    rejected: dict[str, set[SpanKey]] = {}
    changes: list[Change] = []
    for doc_id in order:
        plan = plan_document(corpus, shas[doc_id], doc_id, names)
        plans.append(plan)
        text = corpus.documents[shas[doc_id]].text
        have = {a.key for a in gold.annotations(doc_id)} if doc_id in gold.documents else set()
        refused = rejected_keys(gold, doc_id) if doc_id in gold.documents else set()
        for key, who in plan.agreed.items():
            if key in have or key in refused:
                continue
            start, end, label = key
            annotation = Annotation(
                doc_id,
                start,
                end,
                label,
                text[start:end],
                annotator=adjudicator,
                source="adjudicated",
                annotators=who,
            )
            changes.append(Change("put", annotation))
            have.add(key)
        accepted[doc_id], rejected[doc_id] = have, refused
    state = AdjudicationState(plans, accepted, rejected)
    # A document with nothing left to decide is done (the adjudicator may still reopen it).
    new_ids = {d.id for d in new_documents}
    documents = [
        d.with_status("done") if state.open_count(d.id) == 0 and d.status == "todo" else d
        for d in new_documents
    ]
    documents += [
        gold.documents[doc_id].with_status("done")
        for doc_id in order
        if doc_id not in new_ids
        and state.open_count(doc_id) == 0
        and gold.documents[doc_id].status == "todo"
    ]
    if documents or changes:
        with gold.batch():
            if documents:
                gold.add_documents(documents)
            if changes:
                gold.apply(changes)
    return GoldSetup(order, state, len(new_documents), len(changes))
