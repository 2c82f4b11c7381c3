"""The QUOTE and FIGURE suggesters: the grammar of tui/text/extents.py, scored."""

from __future__ import annotations

from tests.support.suggest_helpers import SEED, texts
from tui.suggest.base import Suggestion
from tui.suggest.figures import suggest_figures
from tui.suggest.quotes import suggest_quotes


def test_suggestion_is_a_frozen_value_with_a_key() -> None:
    s = Suggestion(1, 5, "PERSON", 0.9, "why")
    assert s.key == (1, 5, "PERSON")
    assert s == Suggestion(1, 5, "PERSON", 0.9, "why")
    try:
        s.start = 2  # type: ignore[misc]
    except AttributeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("Suggestion must be frozen")


def test_quotes_of_the_seed_with_marks() -> None:
    found = suggest_quotes(SEED)
    assert len(found) == 8
    assert all(s.label == "QUOTE" and s.score >= 0.9 for s in found)
    assert texts(SEED, found)[0] == "“It is a final push to clear the mosque of armed militants,”"


def test_multi_paragraph_quote_is_one_suggestion() -> None:
    text = "He said:\n\n“First part.\n\n“Second part,” he added. Then “short”."
    found = suggest_quotes(text)
    assert texts(text, found) == ["“First part.\n\n“Second part,”", "“short”"]
    assert "2 paragraphs" in found[0].reason


def test_straight_quotes_score_lower_than_curly_and_empty_quotes_lowest() -> None:
    text = 'A "straight" one, a “curly” one and “” nothing.'
    scores = {text[s.start : s.end]: s.score for s in suggest_quotes(text)}
    assert scores['"straight"'] < scores["“curly”"]
    assert scores["“”"] < 0.5


def test_figures_of_the_seed() -> None:
    found = suggest_figures(SEED)
    strong = texts(SEED, [s for s in found if s.score >= 0.5])
    assert "1,200" in strong and "300-400" in strong and "11 hours" in strong
    assert "eight-day" in strong and "24-hour" in strong and "Dozens" in strong
    weak = texts(SEED, [s for s in found if s.score < 0.5])
    assert weak == ["July 3", "2001"]  # a date and a year: suggested, but ranked low
    assert all(s.label == "FIGURE" for s in found)


def test_figures_hedges_outside_and_units_inside() -> None:
    text = "About 20 died, more than 1,200 fled, up 12 per cent, a $5m loan, for 11 hours."
    assert texts(text, suggest_figures(text)) == ["20", "1,200", "12 per cent", "$5m", "11 hours"]


def test_lone_one_and_numbers_in_names_score_low() -> None:
    text = "No one came to Terminal 5 but one lost child and 3 others."
    scores = {text[s.start : s.end]: s.score for s in suggest_figures(text)}
    assert scores["one"] < 0.5
    assert scores["5"] < 0.5
    assert scores["3"] >= 0.5
