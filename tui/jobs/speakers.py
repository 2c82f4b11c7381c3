"""Speakers in batch: the suggested SPEAKER of every stored quote that has none, and the PERSON
spans those speakers need, as store changes (the work behind `spantag suggest --relations`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.model import SPEAKER, Annotation, AnyChange, Change, Relation, RelationChange
from tui.store import Store
from tui.suggest.names import suggest_names
from tui.suggest.speakers import Extent, SpeakerSuggestion, suggest_speakers


@dataclass
class DocumentSpeakers:
    """One document's suggested speakers, with the new PERSON spans and the relations to add."""

    doc_id: str
    suggestions: list[SpeakerSuggestion] = field(default_factory=list)
    new_people: list[Annotation] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def changes(self) -> list[AnyChange]:
        """What accepting them all writes: the PERSON spans first, then the relations."""
        out: list[AnyChange] = [Change("put", a) for a in self.new_people]
        out += [RelationChange("put", r) for r in self.relations]
        return out


def plan_speakers(store: Store, doc_ids: Iterable[str], annotator: str) -> list[DocumentSpeakers]:
    """For each document, the speakers suggested for its quotes without one (names the
    annotator rejected as PERSON suggestions are not proposed)."""
    plans = []
    for doc_id in doc_ids:
        text = store.documents[doc_id].text
        annotations = store.annotations(doc_id)
        by_id = {a.id: a for a in annotations}
        quotes = {(a.start, a.end): a for a in annotations if a.label == "QUOTE"}
        people = {(a.start, a.end): a for a in annotations if a.label == "PERSON"}
        known: dict[Extent, Extent] = {}
        for relation in store.relations(doc_id):
            head, child = by_id[relation.head], by_id[relation.child]
            if relation.label == SPEAKER:
                known[(head.start, head.end)] = (child.start, child.end)
        rejected = {
            (r["start"], r["end"])
            for r in store.suggestion_records(doc_id)
            if r["status"] == "rejected" and r["label"] == "PERSON"
        }
        untagged = [
            (s.start, s.end)
            for s in suggest_names(text)
            if s.label == "PERSON" and (s.start, s.end) not in rejected
        ]
        plan = DocumentSpeakers(doc_id)
        found = suggest_speakers(text, list(quotes), list(people), untagged=untagged, known=known)
        for suggestion in found:
            person = people.get(suggestion.speaker)
            if person is None:
                start, end = suggestion.speaker
                person = Annotation(
                    doc_id, start, end, "PERSON", text[start:end], annotator, "suggestion"
                )
                people[suggestion.speaker] = person
                plan.new_people.append(person)
            quote = quotes[suggestion.quote]
            plan.relations.append(
                Relation(doc_id, quote.id, person.id, SPEAKER, annotator, "suggestion")
            )
            plan.suggestions.append(suggestion)
        plans.append(plan)
    return plans
