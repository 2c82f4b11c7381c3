"""Attributing one quote: the speaker candidates offered, in order, and which one is current.

A plain state class (no Textual): the reader's attribution bar holds one while the annotator
picks a speaker. The suggested speaker comes first (tagged, or a name to tag), then every PERSON
span of the document by its distance from the quote; the quote's present speaker, if any, is
where the cycling starts when it is not the suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.document.annotated import AnnotatedDocument
from tui.model import Annotation
from tui.suggest.speakers import SpeakerSuggestion, suggest_speakers

CONTEXT = 4000
"""Characters before a quote (and a quarter of it after) that its suggestion looks at."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible speaker: a PERSON span, or (person None) a name that linking will tag."""

    start: int
    end: int
    text: str
    person: Annotation | None
    suggested: bool = False
    reason: str = ""


def _distance(quote: Annotation, start: int, end: int) -> int:
    return max(quote.start - end, start - quote.end, 0)


def suggest_for(
    doc: AnnotatedDocument, quote: Annotation, names: list[tuple[int, int]]
) -> SpeakerSuggestion | None:
    """The suggested speaker of one quote, from the text around it (`names`: untagged PERSON
    names the name suggester proposes)."""
    low, high = max(0, quote.start - CONTEXT), min(len(doc.text), quote.end + CONTEXT // 4)
    quotes, people, known = [], [], {}
    for span in doc.spans.overlapping(low, high):
        if span.label == "QUOTE":
            quotes.append((span.start, span.end))
            if span.id != quote.id and (speaker := doc.speaker(span)) is not None:
                known[(span.start, span.end)] = (speaker.start, speaker.end)
        elif span.label == "PERSON":
            people.append((span.start, span.end))
    nearby = [n for n in names if low <= n[0] and n[1] <= high]
    for found in suggest_speakers(doc.text, quotes, people, untagged=nearby, known=known):
        if found.quote == (quote.start, quote.end):
            return found
    return None


class Attribution:
    """The candidates for one quote's speaker and the one the annotator is on."""

    def __init__(
        self, doc: AnnotatedDocument, quote: Annotation, suggestion: SpeakerSuggestion | None
    ) -> None:
        self.quote = quote
        self.current_speaker = doc.speaker(quote)
        self.suggestion = suggestion
        candidates: list[Candidate] = []
        if suggestion is not None:
            start, end = suggestion.speaker
            person = doc.get(start, end, "PERSON")
            candidates.append(
                Candidate(start, end, doc.text[start:end], person, True, suggestion.reason)
            )
        seen = {(c.start, c.end) for c in candidates}
        people = sorted(
            doc.by_label.get("PERSON", ()),
            key=lambda p: (_distance(quote, p.start, p.end), p.start),
        )
        for person in people:
            if (person.start, person.end) not in seen:
                candidates.append(Candidate(person.start, person.end, person.text, person))
        self.candidates = candidates
        self.index = 0
        if self.current_speaker is not None and not (
            candidates and candidates[0].person == self.current_speaker
        ):
            for i, candidate in enumerate(candidates):
                if candidate.person == self.current_speaker:
                    self.index = i

    @property
    def current(self) -> Candidate | None:
        return self.candidates[self.index] if self.candidates else None

    def step(self, by: int) -> Candidate | None:
        """Move to the next (or previous) candidate, wrapping around."""
        if not self.candidates:
            return None
        self.index = (self.index + by) % len(self.candidates)
        return self.current

    def reject(self) -> bool:
        """Drop the suggested candidate (the annotator said no); False if there is none."""
        if not self.candidates or not self.candidates[0].suggested:
            return False
        dropped = self.candidates.pop(0)
        self.suggestion = None
        if dropped.person is not None and all(c.person != dropped.person for c in self.candidates):
            self.candidates.insert(
                0, Candidate(dropped.start, dropped.end, dropped.text, dropped.person)
            )
            self.candidates.sort(key=lambda c: (_distance(self.quote, c.start, c.end), c.start))
        self.index = min(self.index, max(len(self.candidates) - 1, 0))
        return True
