"""Optional suggestions from a spaCy pipeline (`pip install 'spantag[spacy]'`).

Any installed pipeline will do (`SpacySuggester.load("en_core_web_sm")`); this module imports
spaCy only when a suggester is made, so spantag runs without it. Entity labels map onto
spantag's: PERSON to PERSON; GPE, LOC and FAC to PLACE; CARDINAL, QUANTITY, PERCENT and MONEY to
FIGURE. The extents are then brought to the label rules of docs/contracts.md: titles ("President")
and a leading
"the" come off names, hedges ("about", "more than") off figures, a possessive "'s" off the end.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator, Mapping
from typing import Any

from tui.suggest.base import Suggestion
from tui.suggest.name_cues import TITLES

LABEL_MAP: Mapping[str, str] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "CARDINAL": "FIGURE",
    "QUANTITY": "FIGURE",
    "PERCENT": "FIGURE",
    "MONEY": "FIGURE",
}
"""spaCy (OntoNotes, and WikiNER's PER/LOC) entity labels to spantag labels."""

_HEDGE = re.compile(
    r"(?i:about|around|approximately|roughly|nearly|almost|some|over|under|only|just|"
    r"more than|less than|fewer than|at least|at most|up to|as many as|as much as|"
    r"an estimated|estimated|close to|upwards of)\s+"
)
_THE = re.compile(r"(?:the|The|THE)\s+")
_TITLE = re.compile(r"([\w.]+)\s+")
_POSSESSIVE = re.compile(r"['’][sS]$")
_EDGE_PUNCTUATION = " \t\n\u00a0,.;:!?()[]\"“”‘’'"


def spacy_available() -> bool:
    """Whether spaCy can be imported (a pipeline must still be installed to `load` one)."""
    return importlib.util.find_spec("spacy") is not None


def trim_entity(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """Bring an entity's extent to the label rules of docs/contracts.md for `label` (spantag's
    name)."""
    while start < end and text[start] in _EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCTUATION:
        end -= 1
    if label == "FIGURE":
        while (hedge := _HEDGE.match(text, start, end)) is not None and hedge.end() < end:
            start = hedge.end()
    else:
        if (the := _THE.match(text, start, end)) is not None and the.end() < end:
            start = the.end()
        while (
            label == "PERSON"
            and (title := _TITLE.match(text, start, end)) is not None
            and title.group(1).rstrip(".") in TITLES
            and title.end() < end
        ):
            start = title.end()
        if _POSSESSIVE.search(text, start, end) and end - start > 2:
            end -= 2
    return start, end


class SpacySuggester:
    """Suggestions from the entities of a spaCy pipeline, paragraph by paragraph."""

    def __init__(self, nlp: Any, label_map: Mapping[str, str] = LABEL_MAP, score: float = 0.7):
        self.nlp = nlp
        self.label_map = dict(label_map)
        self.score = score

    @classmethod
    def load(cls, model: str) -> SpacySuggester:
        """A suggester on an installed pipeline, by name or path (spacy.load)."""
        import spacy  # optional dependency: imported only when asked for

        return cls(spacy.load(model))

    def _paragraphs(self, text: str) -> Iterator[tuple[int, str]]:
        start = 0
        for line in text.split("\n"):
            if line.strip():
                yield start, line
            start += len(line) + 1

    def __call__(self, text: str) -> list[Suggestion]:
        """Suggestions for `text`; paragraphs are parsed separately (bounded memory)."""
        paragraphs = list(self._paragraphs(text))
        out: list[Suggestion] = []
        docs = self.nlp.pipe(line for _, line in paragraphs)
        for (offset, _), doc in zip(paragraphs, docs, strict=True):
            for ent in doc.ents:
                label = self.label_map.get(ent.label_)
                if label is None:
                    continue
                start, end = trim_entity(
                    text, offset + ent.start_char, offset + ent.end_char, label
                )
                if start < end:
                    reason = f"spaCy {ent.label_}"
                    out.append(Suggestion(start, end, label, self.score, reason, "spacy"))
        return out
