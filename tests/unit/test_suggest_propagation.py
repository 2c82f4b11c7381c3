"""Propagation: every other whole-word occurrence of a string already tagged, longest first."""

from __future__ import annotations

import time

from tests.support.suggest_helpers import SEED, Span, at, texts
from tui.model import Annotation
from tui.suggest.propagation import Lexicon, matcher, suggest_propagated


def span(text: str, needle: str, label: str, nth: int = 0) -> Span:
    start, end = at(text, needle, nth)
    return Span(start, end, label, needle)


def test_every_other_occurrence_in_this_document() -> None:
    ghazi = span(SEED, "Ghazi", "PERSON", 1)  # "Ghazi, 43,"
    found = suggest_propagated(SEED, Lexicon.build({"seed": [ghazi]}), [ghazi])
    assert texts(SEED, found) == ["Ghazi"] * 7  # 8 whole-word "Ghazi", one already tagged
    assert (ghazi.start, ghazi.end) not in {(s.start, s.end) for s in found}
    assert all(s.label == "PERSON" and s.reason == "tagged PERSON once" for s in found)
    # "Ghazi's brother": the possessive stays outside, the name is found.
    assert at(SEED, "Ghazi's")[0] in {s.start for s in found}


def test_longest_match_first_and_no_overlap_with_same_label_spans() -> None:
    full = span(SEED, "Pervez Musharraf", "PERSON")
    short = span(SEED, "Musharraf", "PERSON", 2)  # "kill Musharraf."
    lexicon = Lexicon.build({"other-doc": [full, short]})
    found = suggest_propagated(SEED, lexicon, [])
    assert texts(SEED, found) == ["Pervez Musharraf", "Musharraf", "Musharraf", "Musharraf"]
    # Once "Pervez Musharraf" is tagged here, "Musharraf" inside it is not suggested.
    found = suggest_propagated(SEED, Lexicon.build({"seed": [full]}), [full])
    assert found == []


def test_whole_words_only_case_sensitive() -> None:
    text = "Taliban, pro-Taliban, taliban, Talibans, the Taliban's base, O'Taliban."
    tagged = Span(0, 7, "ORG", "Taliban")
    found = suggest_propagated(text, Lexicon.build({"d": [tagged]}), [tagged])
    assert [(s.start, s.end) for s in found] == [at(text, "Taliban", 3)]  # "the Taliban's"


def test_several_labels_are_scored_by_share() -> None:
    text = "Jordan met Jordan."
    lexicon = Lexicon.build(
        {"a": [Span(0, 6, "PERSON", "Jordan")], "b": [Span(0, 6, "PLACE", "Jordan")] * 3}
    )
    found = suggest_propagated(text, lexicon, [])
    scores = {(s.start, s.label): s.score for s in found}
    assert scores[(0, "PLACE")] > scores[(0, "PERSON")]
    assert scores[(11, "PLACE")] == round(0.9 * 3 / 4, 2)


def test_an_extent_already_tagged_with_another_label_is_not_suggested() -> None:
    text = "Jordan and Jordan"
    person = Span(0, 6, "PERSON", "Jordan")
    lexicon = Lexicon.build({"b": [Span(0, 6, "PLACE", "Jordan")]})
    found = suggest_propagated(text, lexicon, [person])
    assert [(s.start, s.label) for s in found] == [(11, "PLACE")]


def test_annotations_from_the_model_are_accepted() -> None:
    a = Annotation("seed", *at(SEED, "Red Mosque"), "PLACE", "Red Mosque")
    found = suggest_propagated(SEED, Lexicon.build({"seed": [a]}), [a])
    assert texts(SEED, found) == ["Red Mosque", "Red Mosque"]


def test_labels_filter_and_blank_strings_ignored() -> None:
    spans = [Span(0, 3, "PERSON", "Bob"), Span(4, 5, "PLACE", " ")]
    assert set(Lexicon.build({"d": spans}).counts) == {"Bob"}
    assert not Lexicon.build({"d": spans}, labels={"QUOTE"})


def test_one_pattern_for_many_strings_is_fast_and_cached() -> None:
    names = [f"Name{i} Surname{i}" for i in range(5000)]
    big = " ".join(f"{n} said." for n in names[:2000]) * 5  # about 250 kB
    spans = [Span(0, len(n), "PERSON", n) for n in names]
    lexicon = Lexicon.build({"other": spans})
    started = time.perf_counter()
    found = suggest_propagated(big, lexicon, [])
    elapsed = time.perf_counter() - started
    assert len(found) == 10_000
    assert elapsed < 2.0, f"{elapsed:.2f}s"
    assert matcher(lexicon.counts) is matcher(dict(lexicon.counts))  # compiled once
