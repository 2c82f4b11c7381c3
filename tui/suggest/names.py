"""PERSON and PLACE suggestions from capitalisation, a small gazetteer and context cues.

A capitalised sequence ("President Pervez Musharraf", "Red Mosque", "ISLAMABAD") is split at
titles, which stay outside the span, and trimmed of sentence openers and nationality adjectives.
Each part is then judged by the first rule that applies:
- a title before it, a role noun before it ("negotiator Chaudhry Shujaat Hussain"), an age or a
  role in apposition after it ("Ghazi, 43," / ", the firebrand cleric") make a PERSON;
- the gazetteer (data/gazetteer.json: countries, capitals, cities, regions) makes a PLACE;
- organisation words ("Agence France-Presse", "Osaka University") mean neither;
- place words make a PLACE: in the name ("Red Mosque", "Cerro Alegre"), before it ("the city of
  Peshawar", "south of North Horr") or after it ("the Namba district"), or in an apposition
  ("Valparaíso, a UNESCO World Heritage site");
- a speech verb after it ("Arshad said") makes a PERSON;
- an uncued name of two or more words is a PERSON with a low score; a single capitalised word
  with no cue is not suggested.
Then, within the document, a name found with confidence lends its label to its other mentions
("Musharraf" after "Pervez Musharraf", "VALPARAÍSO" after "mayor of Valparaíso"), and a place
lends its label to the names listed with it ("Hamburg and Bremerhaven").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from tui.suggest.base import Suggestion
from tui.suggest.gazetteer import is_place_name, places_with_lowercase_words
from tui.suggest.name_cues import (
    APPOSITION_PLACES,
    DEMONYMS,
    NAME_PARTICLES,
    NOT_NAMES,
    ORGANISATION_WORDS,
    PLACE_HEADS,
    PLACE_NOUNS,
    PLACE_NOUNS_AFTER,
    PLACE_OF_NOUNS,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    ROLES,
    SPEECH_VERBS,
    TITLE_HEADS,
    TITLES,
)
from tui.text.grammar.words import UPPER_CLASS, WORD_CLASS

PERSON, PLACE = "PERSON", "PLACE"

_W = f"[{WORD_CLASS}]"
_REST = rf"(?:\.(?:[{UPPER_CLASS}]\.)+|{_W}*(?:[-‐'’]{_W}+)*)"  # "U.S.", "Al-Qaeda", "O'Neill"
_TOKEN = rf"(?:(?:al|el|bin|ibn|abu|ul)[-‐])?[{UPPER_CLASS}]{_REST}"  # "al-Zawahiri" inside
_PARTICLES = "|".join(sorted(NAME_PARTICLES))
# The first letter is matched before the boundary test, so that `re` can skip ahead to upper-case
# letters instead of trying the pattern at every position (three times faster).
_SEQUENCE = re.compile(
    rf"[{UPPER_CLASS}](?<![{WORD_CLASS}'’\-‐].){_REST}"
    rf"(?:[ \u00a0](?:(?:{_PARTICLES})[ \u00a0])?{_TOKEN})*"
)
_TOKEN_RE = re.compile(_TOKEN)
_SPEECH_AFTER = re.compile(r"[ \u00a0]+(?:has[ \u00a0]+|had[ \u00a0]+|also[ \u00a0]+)?(\w+)")
_AGE_AFTER = re.compile(r",[ \u00a0]*\d{1,3},")
_APPOSITION = re.compile(
    r",[ \u00a0]+(?:(?:the|a|an|his|her|its)[ \u00a0]+)?((?:[\w’'-]+[ \u00a0]+){0,3}[\w-]+)"
)
_NEXT_WORDS = re.compile(r"[ \u00a0]+([a-z]+)(?:[ \u00a0]+([a-z]+))?")
_LIST_GLUE = frozenset({", ", " and ", ", and ", " or ", " & "})
_NEVER_ALONE = NOT_NAMES | DEMONYMS
_SENTENCE_END = frozenset('.!?:;“"‘(«—\n')


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    word: str


@dataclass(slots=True)
class _Name:
    """A candidate name and, once judged, its label, score and reason."""

    start: int
    end: int
    words: int
    label: str = ""
    score: float = 0.0
    reason: str = ""


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    tokens = [_Token(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, start, end)]
    last = tokens[-1]
    if len(last.word) > 2 and last.word[-2] in "'’" and last.word[-1] in "sS":
        tokens[-1] = _Token(last.start, last.end - 2, last.word[:-2])
    return tokens


def _title_run(tokens: list[_Token], i: int) -> int:
    """How many tokens from i form a title ("Major General"), 0 if none."""
    j = i
    while j < len(tokens) and tokens[j].word.rstrip(".") in TITLES:
        j += 1
    while j > i and tokens[j - 1].word.rstrip(".") not in TITLE_HEADS:
        j -= 1
    return j - i


def _segments(tokens: list[_Token]) -> list[tuple[list[_Token], bool]]:
    """Split a sequence at titles: (tokens, preceded by a title) for each part."""
    out: list[tuple[list[_Token], bool]] = []
    current: list[_Token] = []
    titled = False
    i = 0
    while i < len(tokens):
        run = _title_run(tokens, i)
        if run and i + run < len(tokens):
            if current:
                out.append((current, titled))
            current, titled = [], True
            i += run
            continue
        current.append(tokens[i])
        i += 1
    if current:
        out.append((current, titled))
    return out


def _trim(tokens: list[_Token]) -> list[_Token]:
    """Drop sentence openers, days, months and nationality adjectives from both ends."""
    lo, hi = 0, len(tokens)
    while lo < hi and tokens[lo].word in _NEVER_ALONE:
        lo += 1
    while hi > lo and tokens[hi - 1].word in _NEVER_ALONE:
        hi -= 1
    return tokens[lo:hi]


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _is_organisation(tokens: list[_Token]) -> bool:
    if any(t.word in ORGANISATION_WORDS for t in tokens):
        return True
    # An acronym inside a longer name: "IGAD Climate Prediction", "UNESCO World Heritage".
    return len(tokens) > 1 and any(t.word.isupper() and len(t.word) > 1 for t in tokens)


def _judge(text: str, tokens: list[_Token], titled: bool, initial: bool) -> _Name | None:
    """The first rule that applies to a trimmed name (see the module docstring)."""
    start, end = tokens[0].start, tokens[-1].end
    name = _Name(start, end, len(tokens))

    def verdict(label: str, score: float, reason: str) -> _Name:
        name.label, name.score, name.reason = label, score, reason
        return name

    text_of_name = text[start:end]
    before = text[max(0, start - 40) : start]
    after = text[end : end + 80]
    # The two words before the name, if a space (not punctuation) separates them from it.
    words = before.split() if before[-1:] in (" ", "\u00a0") else []
    prev = words[-1] if words else ""
    prev2 = words[-2].lower() if len(words) > 1 else ""
    apposition = _APPOSITION.match(after)
    appositives = apposition.group(1).split() if apposition else []

    if titled or (prev.endswith(".") and prev[:-1] in TITLE_HEADS):  # "Mr. Blair"
        return verdict(PERSON, 0.9, "name after a title")
    if prev in ROLES:
        return verdict(PERSON, 0.85, f"name after '{prev}'")
    if _AGE_AFTER.match(after):
        return verdict(PERSON, 0.85, "name followed by an age")
    role = next((w for w in appositives if w in ROLES), None)
    if role is not None:
        return verdict(PERSON, 0.85, f"name followed by '{role}'")
    if is_place_name(text_of_name):
        return verdict(PLACE, 0.9, "in the place gazetteer")
    if _is_organisation(tokens):
        return None
    if len(tokens) > 1 and tokens[-1].word in PLACE_WORDS:
        return verdict(PLACE, 0.85, f"name ending in '{tokens[-1].word}'")
    if len(tokens) > 1 and tokens[0].word in PLACE_HEADS:
        return verdict(PLACE, 0.8, f"name beginning with '{tokens[0].word}'")
    if prev in PLACE_NOUNS or (prev == "of" and prev2 in PLACE_OF_NOUNS):
        return verdict(PLACE, 0.8, "name after a place word")
    following = _NEXT_WORDS.match(after)
    if following and (
        following.group(1) in PLACE_NOUNS_AFTER or following.group(2) in PLACE_NOUNS_AFTER
    ):
        return verdict(PLACE, 0.7, "name before a place word")
    place = next((w for w in appositives if w in APPOSITION_PLACES), None)
    if place is not None:
        return verdict(PLACE, 0.75, f"name followed by '{place}'")
    speech = _SPEECH_AFTER.match(after)
    if speech and speech.group(1) in SPEECH_VERBS:
        lone = initial and len(tokens) == 1  # "Traders said": maybe a common noun
        return verdict(PERSON, 0.6 if lone else 0.8, f"name before '{speech.group(1)}'")
    if prev == "said":
        return verdict(PERSON, 0.7, "name after 'said'")
    if text_of_name.isupper() and len(text_of_name) <= 5:
        return None  # an acronym (AFP, UN) not in the gazetteer
    if len(tokens) > 1:
        return verdict(PERSON, 0.5, "capitalised name of several words")
    if not initial and (
        prev.lower() in PLACE_PREPOSITIONS or (prev == "the" and prev2 in PLACE_PREPOSITIONS)
    ):
        return verdict(PLACE, 0.4, "capitalised word after a preposition")
    return name  # unjudged: it may still be another mention of a known name


def _first_pass(text: str) -> list[_Name]:
    """Every candidate name, judged on its own context, in order."""
    names: list[_Name] = []
    places = places_with_lowercase_words(text)  # "Horn of Africa"
    for start, end in places:
        names.append(_Name(start, end, 3, PLACE, 0.9, "in the place gazetteer"))
    for sequence in _SEQUENCE.finditer(text):
        if sequence.group() in _NEVER_ALONE:
            continue  # "The", "He", "Pakistani": the commonest case, decided without tokenising
        if places and any(s <= sequence.start() and sequence.end() <= e for s, e in places):
            continue
        tokens = _tokens(text, sequence.start(), sequence.end())
        for segment, titled in _segments(tokens):
            kept = _trim(segment)
            if not kept:
                continue
            if len(kept) < len(segment) and is_place_name(text[segment[0].start : kept[-1].end]):
                kept = segment[: segment.index(kept[-1]) + 1]  # "The Hague", "The Gambia"
            initial = kept[0].start == sequence.start() and _sentence_initial(text, kept[0].start)
            judged = _judge(text, kept, titled, initial)
            if judged is not None:
                names.append(judged)
    names.sort(key=lambda n: n.start)
    return names


def _other_mentions(text: str, names: list[_Name]) -> None:
    """Give weakly judged names the label of the same name found with confidence elsewhere."""
    known: dict[str, tuple[str, str]] = {}
    for name in names:
        if name.score < 0.7:
            continue
        string = text[name.start : name.end]
        known.setdefault(string.casefold(), (name.label, f"{name.label} as {string} elsewhere"))
        parts = string.split()
        if name.label == PERSON and len(parts) > 1 and len(parts[-1]) > 2:
            surname = parts[-1]
            if surname not in NOT_NAMES:
                known.setdefault(surname.casefold(), (PERSON, f"surname of {string}"))
    for name in names:
        if name.score < 0.7:
            found = known.get(text[name.start : name.end].casefold())
            if found is not None:
                name.label, name.reason = found
                name.score = 0.75


def _listed_together(text: str, names: list[_Name]) -> None:
    """Names listed with a confident one share its label: "Marsabit, Turkana, Wajir and Mandera"."""
    changed = True
    while changed:
        changed = False
        for a, b in itertools.pairwise(names):
            if text[a.end : b.start] not in _LIST_GLUE:
                continue
            for known, other in ((a, b), (b, a)):
                # Only unjudged names or weak ones of the same label: "Nipponbashi, Keiko Mori"
                # is an apposition, not a list.
                weak = not other.label or (other.label == known.label and other.score < 0.6)
                if known.score >= 0.6 and weak and other.words <= known.words + 1:
                    other.label, other.score = known.label, 0.6
                    other.reason = f"listed with {text[known.start : known.end]}"
                    changed = True


def suggest_names(text: str) -> list[Suggestion]:
    """PERSON and PLACE suggestions for every capitalised name in `text`."""
    names = _first_pass(text)
    _other_mentions(text, names)
    _listed_together(text, names)
    return [Suggestion(n.start, n.end, n.label, n.score, n.reason) for n in names if n.label]
