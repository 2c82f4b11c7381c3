"""The scripted annotator's planner finds a plan for any span, also one inside a hyphenated or
nested expression far from the cursor (the fallback: search for text just before it, then
character motions and `v`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.keypress_plan import Screen, plan_tag
from tui.text.layout import TextLayout

FILLER = ("Scores of 1 and 1 and 1 and 1 were seen. " * 3 + "\n") * 30


def plan(text: str, start: int, end: int, label: str, key: str) -> tuple[str, ...]:
    return plan_tag(Screen(text, TextLayout(text, 118)), (0, None), start, end, label, key).keys


def test_a_figure_inside_a_score_far_away() -> None:
    text = FILLER + "\nChelsea won 1–0 on Sunday."
    start = text.rindex("1–0")
    keys = plan(text, start, start + 1, "FIGURE", "f")
    assert keys[0] == "slash" and keys[-1] == "f"
    assert len(keys) <= 10


def test_a_person_inside_a_longer_name() -> None:
    text = FILLER + "\nShe worked at the Warhol Factory for years; Warhol paid her."
    start = text.index("Warhol")
    keys = plan(text, start, start + len("Warhol"), "PERSON", "p")
    assert keys[-1] == "p" and len(keys) <= 8


@pytest.mark.slow
async def test_the_reader_agrees_with_the_fallback_plans(tmp_path: Path) -> None:
    """Annotated for real (Pilot, the reader's keys), the plans come true: the annotator checks
    the cursor and the selection before each label key, and the database after."""
    from tests.support.keypress_annotator import annotate, quick_pilot
    from tui.suggest.evaluate import GoldDocument, GoldSpan

    text = FILLER + "\nChelsea won 1–0 at the Warhol Factory; Warhol paid."
    figure = text.rindex("1–0")
    person = text.index("Warhol")
    spans = (
        GoldSpan(figure, figure + 1, "FIGURE", "1"),
        GoldSpan(person, person + 6, "PERSON", "Warhol"),
    )
    with quick_pilot():
        run = await annotate(GoldDocument("fallback", text, spans), tmp_path, suggest=False)
    assert run.by_hand == 2 and run.keys <= 18
