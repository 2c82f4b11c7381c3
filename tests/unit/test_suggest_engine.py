"""The suggestion engine: built-in suggesters and propagation combined, filtered, ordered, fast."""

from __future__ import annotations

import subprocess
import sys
import time

from tests.support.suggest_helpers import ROOT, SEED, Span, at, texts
from tui.model import Annotation
from tui.suggest import Suggestion, suggest
from tui.suggest.engine import builtin_suggestions


def annotation(text: str, needle: str, label: str, nth: int = 0, doc: str = "seed") -> Annotation:
    start, end = at(text, needle, nth)
    return Annotation(doc, start, end, label, needle)


def test_all_four_labels_sorted_and_unique() -> None:
    found = suggest(SEED, "seed", {})
    assert {s.label for s in found} == {"PERSON", "PLACE", "QUOTE", "FIGURE"}
    keys = [(s.start, -s.end, s.label) for s in found]
    assert keys == sorted(keys)
    assert len({s.key for s in found}) == len(found)
    assert all(0 <= s.start < s.end <= len(SEED) for s in found)


def test_existing_and_rejected_spans_are_dropped() -> None:
    push = annotation(SEED, "“It is a final push", "QUOTE")
    quote_end = SEED.index("militants,”") + len("militants,”")
    push = Annotation("seed", push.start, quote_end, "QUOTE", SEED[push.start : quote_end])
    rejected = {(*at(SEED, "1,200"), "FIGURE")}
    found = {s.key for s in suggest(SEED, "seed", {"seed": [push]}, rejected)}
    assert push.key not in found
    assert next(iter(rejected)) not in found
    assert (*at(SEED, "300-400"), "FIGURE") in found


def test_same_extent_other_label_and_same_label_overlap_are_dropped() -> None:
    # The annotator tagged "Peshawar" as PERSON (wrongly, but it is their call) and "Abdul Rashi"
    # as PERSON: no PLACE on "Peshawar", no PERSON "Abdul Rashi Ghazi" overlapping it.
    peshawar = annotation(SEED, "Peshawar", "PERSON")
    abdul = annotation(SEED, "Abdul Rashi", "PERSON")
    found = {
        (SEED[s.start : s.end], s.label) for s in suggest(SEED, "seed", {"seed": [peshawar, abdul]})
    }
    assert ("Peshawar", "PLACE") not in found
    assert ("Abdul Rashi Ghazi", "PERSON") not in found
    assert ("Abdul Aziz", "PERSON") in found


def test_propagation_from_other_documents_and_labels_filter() -> None:
    other = "The Islamic republic and the Islamic republic again."
    tagged = Annotation("other", *at(other, "Islamic republic"), "PLACE", "Islamic republic")
    found = suggest(SEED, "seed", {"other": [tagged]}, labels={"PLACE"})
    assert ("Islamic republic", "tagged PLACE once") in [
        (SEED[s.start : s.end], s.reason) for s in found
    ]
    assert {s.label for s in found} == {"PLACE"}


def test_figures_and_quotes_are_not_propagated_unless_asked() -> None:
    text = "It cost 12% more at 3 a.m. for 12 people."
    tagged = {"other": [Span(0, 2, "FIGURE", "12")]}
    assert [s.reason for s in suggest(text, "d", tagged, labels={"FIGURE"})] == [
        "number with its unit, currency or %",
        "a time of day, not usually a figure",
        "number",
    ]
    found = suggest(text, "d", tagged, labels={"FIGURE"}, propagate={"FIGURE"})
    assert "tagged FIGURE once" in {s.reason for s in found}


def test_custom_label_is_propagated() -> None:
    tagged = Span(*at(SEED, "Al-Qaeda"), "ORG", "Al-Qaeda")
    found = suggest(SEED + " Al-Qaeda.", "seed", {"seed": [tagged]}, labels={"ORG"})
    assert texts(SEED + " Al-Qaeda.", found) == ["Al-Qaeda"]


def test_duplicates_keep_the_best_score_and_bad_backend_spans_are_dropped() -> None:
    start, end = at(SEED, "Peshawar")
    space = SEED.index(" ")

    def backend(text: str) -> list[Suggestion]:
        return [
            Suggestion(start, end, "PLACE", 0.1, "weak"),
            Suggestion(5, 3, "PLACE", 1.0, "backwards"),
            Suggestion(len(text), len(text) + 4, "PLACE", 1.0, "outside"),
            Suggestion(space, space + 1, "PLACE", 1.0, "blank"),
        ]

    found = suggest(SEED, "seed", {}, backends=[backend], labels={"PLACE"})
    peshawar = [s for s in found if (s.start, s.end) == (start, end)]
    assert len(peshawar) == 1 and peshawar[0].reason == "in the place gazetteer"
    assert all(0 <= s.start < s.end <= len(SEED) for s in found)
    assert not any(s.reason in {"backwards", "outside", "blank"} for s in found)


def test_min_score() -> None:
    found = suggest(SEED, "seed", {}, min_score=0.5)
    assert "July 3" not in texts(SEED, found) and "2001" not in texts(SEED, found)


def test_builtin_suggestions_are_cached_per_text() -> None:
    assert builtin_suggestions(SEED) is builtin_suggestions(SEED)


def test_fast_on_the_seed_and_on_a_megabyte() -> None:
    annotations = {"seed": [annotation(SEED, "Ghazi", "PERSON", 1)]}
    big = "\n".join([SEED] * 250)  # about 1 MB
    for text, budget in ((SEED, 0.2), (big, 5.0)):
        builtin_suggestions.cache_clear()
        started = time.perf_counter()
        found = suggest(text, "seed", annotations)
        first = time.perf_counter() - started
        started = time.perf_counter()
        suggest(text, "seed", annotations)  # after a tag: only propagation runs again
        again = time.perf_counter() - started
        assert found
        assert first < budget, f"{len(text)} chars: {first:.3f}s"
        assert again < budget / 2, f"{len(text)} chars, cached: {again:.3f}s"


def test_suggest_imports_no_textual() -> None:
    code = "import sys, tui.suggest; assert 'textual' not in sys.modules, 'textual imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
