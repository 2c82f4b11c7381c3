"""The scripted annotator's sequential mode: documents annotated one after another in ONE
database, each marked done, the learner retrained in between; every document ends equal to its
gold."""

from __future__ import annotations

import pytest

from tests.support.keypress_annotator import annotate_sequence, format_curve, quick_pilot
from tui.suggest.evaluate import GoldDocument, GoldSpan


def gold(doc_id: str, text: str, spans: list[tuple[str, str]]) -> GoldDocument:
    out, start = [], 0
    for piece, label in spans:
        start = text.index(piece, start)
        out.append(GoldSpan(start, start + len(piece), label, piece))
        start += len(piece)
    return GoldDocument(doc_id, text, tuple(out))


DOCS = [
    gold(
        "a",
        "Arthur Penhaligon visited Nairobi in 1995 with 12 friends.\n\n"
        "Penhaligon said the trip cost $5m.",
        [("Arthur Penhaligon", "PERSON"), ("Nairobi", "PLACE"), ("12", "FIGURE"),
         ("Penhaligon", "PERSON"), ("$5m", "FIGURE")],
    ),
    gold(
        "b",
        "Mara Quillfeather flew to Nairobi in 2001 with 30 pupils.\n\n"
        "Quillfeather said Penhaligon paid 40%.",
        [("Mara Quillfeather", "PERSON"), ("Nairobi", "PLACE"), ("30", "FIGURE"),
         ("Quillfeather", "PERSON"), ("Penhaligon", "PERSON"), ("40%", "FIGURE")],
    ),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("learn", [False, True])
async def test_sequential_mode_carries_decisions_over(learn: bool) -> None:
    if learn:
        pytest.importorskip("pycrfsuite")
    with quick_pilot():
        steps = await annotate_sequence(DOCS, learn=learn)  # checks the database against gold
    assert [(s.before, s.doc_id, s.spans) for s in steps] == [(0, "a", 5), (1, "b", 6)]
    assert all(s.run.keys >= s.spans for s in steps)
    # "Penhaligon", tagged in the first document, is propagated into the second.
    assert "Penhaligon" in " ".join(
        line for line in steps[1].run.steps if "suggested: enter" in line
    )
    from tests.support.keypress_annotator import Count, Run

    counts = [Count(s.doc_id, s.spans, Run(4 * s.spans), s.run) for s in steps]
    table = format_curve(counts, steps, steps if learn else None)
    assert table.splitlines()[1].split()[:2] == ["0", "a"]
