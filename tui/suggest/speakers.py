"""Who said it: the suggested SPEAKER of each quote, from the attribution around it.

For each QUOTE span, in document order (docs/suggestions.md, "Speakers"):
1. an attribution cue (said, says, told, added, asked, according to, wrote, ...) in the quote's
   own sentence, after the quote ("...,” said Marieke de Vries") or before it ("Arshad said he
   had “no information”"): the named PERSON nearest the cue (before it, when the cue precedes
   the quote); a pronoun there instead (“...,” he said) is resolved as below;
2. a pronoun attribution: the person who is the subject of the nearest sentence before it that
   has one (a PERSON among its first words, or followed by a cue), else the nearest PERSON
   before it;
3. a quote that opens its sentence with no cue of its own and follows another quote within one
   sentence (“...,” Ghazi said. “They kept on ...”): that quote's speaker;
4. otherwise none (a scare quote, a title, an unnamed or organisational speaker).
The speaker found is then given as its nearest named mention before the quote (or the cue's own
mention); a PERSON mention inside a quotation never speaks. Candidate names that are not tagged
yet (`untagged`) can be proposed too: the suggestion then says the PERSON span must be added.
Domain only; no Textual.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Extent = tuple[int, int]

CUE_WORDS = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "asked",
    "asks",
    "wrote",
    "writes",
    "explained",
    "replied",
    "insisted",
    "warned",
    "noted",
    "recalled",
    "stated",
    "declared",
    "announced",
    "argued",
    "admitted",
    "claimed",
    "shouted",
    "urged",
    "continued",
    "tweeted",
    "posted",
)
_CUES = "|".join(CUE_WORDS)
_CUE = re.compile(rf"\b(?:{_CUES}|according to)\b", re.IGNORECASE)
_CUE_AFTER = re.compile(rf"\s*(?:,[^,.]{{0,80}},\s*)?(?:{_CUES})\b", re.IGNORECASE)
"""A cue right after a name, or after an apposition: "Rukia Yusuf, the director, told"."""
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*[ \t]+(?=\S)|\n+")
_WORD = re.compile(r"\w+")
SUBJECT_WORDS = 5
"""A PERSON with at most this many words before it in its sentence is taken as its subject."""
WINDOW = 1500
"""How far back (in characters) a pronoun or a continued quote looks for its speaker."""


@dataclass(frozen=True, slots=True)
class SpeakerSuggestion:
    """A quote's suggested speaker: the PERSON extent and whether it must be tagged first."""

    quote: Extent
    speaker: Extent
    tagged: bool
    reason: str


class _Context:
    """The text, its sentence boundaries, its quotes and its candidate mentions."""

    def __init__(
        self,
        text: str,
        quotes: Sequence[Extent],
        tagged: Iterable[Extent],
        untagged: Iterable[Extent],
    ) -> None:
        self.text = text
        self.quotes = sorted(quotes)
        self.quote_starts = [q[0] for q in self.quotes]
        self.boundaries = [m.end() for m in _BOUNDARY.finditer(text)]
        self.tagged = set(tagged)
        people = set(self.tagged)
        for extent in untagged:  # a name already tagged (or overlapping a tag) is not doubled
            if not any(s < extent[1] and extent[0] < e for s, e in self.tagged):
                people.add(extent)
        self.people = sorted(p for p in people if not self.inside_quote(p))
        self.people_starts = [p[0] for p in self.people]

    def inside_quote(self, extent: Extent) -> bool:
        """Whether a quote other than `extent` holds it (the last few quotes before it)."""
        i = bisect_left(self.quote_starts, extent[0] + 1) - 1
        for start, end in self.quotes[max(0, i - 3) : i + 1]:
            if start <= extent[0] and extent[1] <= end and (start, end) != extent:
                return True
        return False

    def sentence_start(self, offset: int) -> int:
        i = bisect_left(self.boundaries, offset + 1) - 1
        return self.boundaries[i] if i >= 0 else 0

    def sentence_end(self, offset: int) -> int:
        i = bisect_left(self.boundaries, offset + 1)
        return self.boundaries[i] if i < len(self.boundaries) else len(self.text)

    def people_in(self, start: int, end: int) -> list[Extent]:
        i = bisect_left(self.people_starts, start)
        out = []
        while i < len(self.people) and self.people[i][0] < end:
            if self.people[i][1] <= end:
                out.append(self.people[i])
            i += 1
        return out

    def quote_in(self, start: int, end: int) -> list[Extent]:
        i = bisect_left(self.quote_starts, start)
        out = []
        while i < len(self.quotes) and self.quotes[i][0] < end:
            out.append(self.quotes[i])
            i += 1
        return out

    def alias(self, person: Extent, stop: int) -> Extent:
        """The last of the names given right after `person` in brackets ("山田太郎 (Yamada
        Tarō)"): the same person, named nearer."""
        following = self.people_in(person[1], stop)
        for mention in following:
            if self.text[person[1] : mention[0]].strip() not in ("(", "["):
                break
            person = mention
        return person

    def surname(self, extent: Extent) -> str:
        words = _WORD.findall(self.text[extent[0] : extent[1]])
        return words[-1].casefold() if words else ""

    def nearest_mention(self, person: Extent, before: int) -> Extent:
        """The last mention of the same person (same surname) that ends before `before`."""
        name = self.surname(person)
        i = bisect_left(self.people_starts, before) - 1
        while i >= 0 and self.people[i][0] > before - WINDOW:
            mention = self.people[i]
            if mention[1] <= before and self.surname(mention) == name:
                return mention
            i -= 1
        return person


def _between(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two extents (0 when they touch or overlap)."""
    return max(a[0] - b[1], b[0] - a[1], 0)


class _Attributor:
    """Goes through the quotes in order, remembering each one's speaker for the next ones."""

    def __init__(self, context: _Context, known: Mapping[Extent, Extent]) -> None:
        self.c = context
        self.speakers: dict[Extent, Extent] = dict(known)

    def pronoun(self, at: int) -> Extent | None:
        """The person a pronoun at `at` refers to: the subject of the nearest sentence before it
        that has one, else the nearest PERSON before it."""
        c = self.c
        start = c.sentence_start(at)
        stop = at
        limit = max(0, at - WINDOW)
        while stop > limit:
            subject = self._subject(start, stop)
            if subject is not None:
                return subject
            if start == 0:
                break
            stop, start = start, c.sentence_start(start - 1)
        before = c.people_in(limit, at)
        return before[-1] if before else None

    def _subject(self, start: int, stop: int) -> Extent | None:
        c = self.c
        for person in c.people_in(start, stop):
            words = len(_WORD.findall(c.text[start : person[0]]))
            if words <= SUBJECT_WORDS or _CUE_AFTER.match(c.text, person[1], stop) is not None:
                return c.alias(person, stop)
        for quote in c.quote_in(start, stop):  # “...,” Ghazi said. : the quote's speaker
            if quote in self.speakers:
                return self.speakers[quote]
        return None

    def from_cue(
        self, start: int, end: int, quote: Extent, prefer_before: bool
    ) -> tuple[Extent, str] | None:
        """The speaker named or pronouned nearest the cue nearest the quote in [start, end)."""
        c = self.c
        cues = [m.span() for m in _CUE.finditer(c.text, start, end)]
        cues = [cue for cue in cues if not c.inside_quote(cue)]
        if not cues:
            return None
        cue = cues[-1] if prefer_before else cues[0]
        people = c.people_in(start, end)
        pronouns = [m.span() for m in _PRONOUN.finditer(c.text, start, end)]
        candidates = [(p, False) for p in people] + [(p, True) for p in pronouns]
        if not candidates:
            return None

        def rank(item: tuple[Extent, bool]) -> tuple[int, int]:
            extent = item[0]
            side = 0 if not prefer_before or extent[1] <= cue[0] else 1
            return (side, _between(extent, cue))

        extent, is_pronoun = min(candidates, key=rank)
        word = c.text[cue[0] : cue[1]]
        if not is_pronoun:
            return extent, f"{word} {c.text[extent[0] : extent[1]]}"
        person = self.pronoun(min(extent[0], quote[0]))
        if person is None:
            return None
        mention = c.nearest_mention(person, quote[0])
        return mention, f"{c.text[extent[0] : extent[1]]} {word}: {c.text[mention[0] : mention[1]]}"

    def attribute(self, quote: Extent, previous: Extent | None) -> tuple[Extent, str] | None:
        c = self.c
        before_start = max(c.sentence_start(quote[0]), previous[1] if previous else 0)
        after_end = c.sentence_end(quote[1])
        following = c.quote_in(quote[1], after_end)
        if following:
            after_end = following[0][0]
        found = self.from_cue(quote[1], after_end, quote, prefer_before=False)
        if found is None:
            found = self.from_cue(before_start, quote[0], quote, prefer_before=True)
        if found is not None:
            return found
        if previous is None or previous not in self.speakers:
            return None
        if c.text[c.sentence_start(quote[0]) : quote[0]].strip():
            return None  # mid-sentence without a cue: a scare quote or a title
        between = c.text[previous[1] : quote[0]]
        if len(_BOUNDARY.findall(between)) > 1 or quote[0] - previous[1] > WINDOW:
            return None
        person = self.speakers[previous]
        mention = c.nearest_mention(person, quote[0])
        return mention, f"continues the quote of {c.text[mention[0] : mention[1]]}"


def suggest_speakers(
    text: str,
    quotes: Sequence[Extent],
    people: Iterable[Extent],
    *,
    untagged: Iterable[Extent] = (),
    known: Mapping[Extent, Extent] | None = None,
) -> list[SpeakerSuggestion]:
    """The suggested speaker of every quote that has none in `known` (quote → PERSON extents).

    `people` are the tagged PERSON spans, `untagged` names that could be tagged PERSON (the
    name suggester's), proposed with `tagged=False` when they are the speaker.
    """
    context = _Context(text, quotes, people, untagged)
    known = dict(known or {})
    attributor = _Attributor(context, known)
    out: list[SpeakerSuggestion] = []
    previous: Extent | None = None
    for quote in context.quotes:
        if previous is not None and quote[1] <= previous[1]:
            continue  # a quotation inside another one is not attributed on its own
        if quote not in known:
            found = attributor.attribute(quote, previous)
            if found is not None:
                speaker, reason = found
                attributor.speakers[quote] = speaker
                out.append(SpeakerSuggestion(quote, speaker, speaker in context.tagged, reason))
        previous = quote
    return out
