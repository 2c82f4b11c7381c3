"""The optional spaCy backend, on a blank English pipeline with an entity ruler (no model)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.suggest_helpers import SEED, texts
from tui.suggest.engine import suggest
from tui.suggest.spacy_backend import LABEL_MAP, SpacySuggester, spacy_available, trim_entity

spacy = pytest.importorskip(
    "spacy", reason="spaCy is not installed (pip install 'spantag[spacy]' to run these tests)"
)


@pytest.fixture(scope="module")
def nlp() -> Any:
    pipeline = spacy.blank("en")
    ruler = pipeline.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "President Pervez Musharraf"},
            {"label": "PERSON", "pattern": [{"TEXT": "Musharraf"}, {"TEXT": "'s"}]},
            {"label": "GPE", "pattern": "Islamabad"},
            {"label": "FAC", "pattern": "the Red Mosque"},
            {"label": "LOC", "pattern": "Peshawar"},
            {
                "label": "CARDINAL",
                "pattern": [{"LOWER": "more"}, {"LOWER": "than"}, {"TEXT": "1,200"}],
            },
            {"label": "QUANTITY", "pattern": "11 hours"},
            {"label": "ORG", "pattern": "AFP"},
            {"label": "DATE", "pattern": "July 3"},
        ]
    )
    return pipeline


def test_labels_map_and_extents_follow_product_rules(nlp: Any) -> None:
    found = SpacySuggester(nlp)(SEED)
    by_label = {label: texts(SEED, found, label) for label in ("PERSON", "PLACE", "FIGURE")}
    assert by_label["PERSON"] == ["Pervez Musharraf", "Musharraf"]  # title and 's outside
    assert by_label["PLACE"] == ["Islamabad", "Red Mosque", "Red Mosque", "Peshawar"]  # "the" out
    assert by_label["FIGURE"] == ["1,200", "11 hours"]  # the hedge "more than" outside
    assert {s.label for s in found} == {"PERSON", "PLACE", "FIGURE"}  # ORG and DATE unmapped
    assert all(s.reason.startswith("spaCy ") for s in found)


def test_offsets_are_document_offsets_across_paragraphs(nlp: Any) -> None:
    text = "🙂 first line\n\nThe envoy left Islamabad.\n北京 then Peshawar."
    found = SpacySuggester(nlp)(text)
    assert texts(text, found) == ["Islamabad", "Peshawar"]


def test_engine_takes_the_backend(nlp: Any) -> None:
    found = suggest(SEED, "seed", {}, backends=[SpacySuggester(nlp)], labels={"PLACE"})
    spans = [(SEED[s.start : s.end], s.reason) for s in found]
    assert ("Peshawar", "in the place gazetteer") in spans  # built-in wins (higher score)
    assert {s.label for s in found} == {"PLACE"}


def test_available_and_label_map() -> None:
    assert spacy_available()
    assert LABEL_MAP["GPE"] == LABEL_MAP["LOC"] == LABEL_MAP["FAC"] == "PLACE"
    assert {LABEL_MAP[k] for k in ("CARDINAL", "QUANTITY", "PERCENT", "MONEY")} == {"FIGURE"}


def test_trim_entity() -> None:
    text = "about 20 said Dr. Aiko Tanaka's aide near the Red Mosque."
    assert trim_entity(text, 0, 8, "FIGURE") == (6, 8)
    start = text.index("Dr.")
    end = text.index("'s") + 2
    assert text[slice(*trim_entity(text, start, end, "PERSON"))] == "Aiko Tanaka"
    start = text.index("the Red")
    assert text[slice(*trim_entity(text, start, len(text), "PLACE"))] == "Red Mosque"
