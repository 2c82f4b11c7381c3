"""Moving a span's start or end by a word or a character: where it lands, what is refused,
and that each move is one undoable edit keeping the annotation's id, label and note."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REPO
from tui.document.annotated import AnnotatedDocument
from tui.document.bounds import EDGES, UNITS, moved
from tui.model import Document, SpanError
from tui.text.reading import read_article

SEED = read_article(REPO / "seeds" / "000_786e792f34019fa1.txt")
NAME = "President Pervez Musharraf"


def seed_doc() -> tuple[AnnotatedDocument, int]:
    doc = AnnotatedDocument.load(Document(id="seed", text=SEED), [], annotator="ana")
    start = SEED.index(NAME)
    result = doc.add(start, start + len(NAME), "PERSON")
    assert result is not None
    return doc, start


def test_start_by_word_drops_the_title_and_undo_redo_walk_back_and_forth() -> None:
    doc, _ = seed_doc()
    person = doc.spans.nth(0)
    result = doc.move_boundary(person, "start", "word", 1)
    assert result is not None and result.focus is not None
    assert result.focus.text == "Pervez Musharraf"
    assert (result.focus.id, result.focus.label) == (person.id, "PERSON")
    assert [c.kind for c in result.changes] == ["put"]  # one record rewritten, same id
    assert [a.text for a in doc.spans] == ["Pervez Musharraf"]
    undone = doc.undo()
    assert undone is not None and [a.text for a in doc.spans] == [NAME]
    assert doc.spans.nth(0) == person  # exactly as before, timestamps included
    assert doc.redo() is not None and [a.text for a in doc.spans] == ["Pervez Musharraf"]


@pytest.mark.parametrize(
    ("edge", "unit", "step", "expected"),
    [
        ("start", "word", 1, "Pervez Musharraf"),
        ("start", "char", 1, "resident Pervez Musharraf"),
        ("start", "word", -1, "ambulance.\nPresident Pervez Musharraf"),  # across the line
        ("start", "char", -1, ".\nPresident Pervez Musharraf"),  # over the line break
        ("end", "word", -1, "President Pervez"),
        ("end", "char", -1, "President Pervez Musharra"),
        ("end", "word", 1, "President Pervez Musharraf authorised"),
        ("end", "char", 1, "President Pervez Musharraf a"),
    ],
)
def test_each_move_lands_on_a_word_or_character_boundary(
    edge: str, unit: str, step: int, expected: str
) -> None:
    start = SEED.index(NAME)
    extent = moved(SEED, start, start + len(NAME), edge, unit, step)  # type: ignore[arg-type]
    assert extent is not None
    assert SEED[extent[0] : extent[1]] == expected


def test_a_move_that_would_empty_the_span_or_leave_the_text_is_refused() -> None:
    text = "Ana met Bo."
    assert moved(text, 0, 3, "end", "word", -1) is None  # "Ana": no earlier word inside
    assert moved(text, 0, 3, "start", "word", 1) is None
    assert moved(text, 0, 1, "end", "char", -1) is None
    assert moved(text, 0, 3, "start", "char", -1) is None  # already at the text's start
    assert moved(text, 8, 11, "end", "char", 1) is None  # already at the text's end
    assert moved("Ana   ", 0, 3, "end", "char", 1) is None  # only spaces after it


def test_character_moves_step_over_whitespace() -> None:
    text = "Ana met Bo."
    assert moved(text, 0, 3, "end", "char", 1) == (0, 5)  # "Ana m", not "Ana "
    assert moved(text, 4, 7, "start", "char", -1) == (2, 7)  # "a met", not " met"
    assert moved(text, 0, 5, "end", "char", -1) == (0, 3)


def test_a_move_onto_an_existing_span_of_the_same_label_is_refused_and_changes_nothing() -> None:
    doc, start = seed_doc()
    shorter = doc.add(start + len("President "), start + len(NAME), "PERSON")
    assert shorter is not None
    longer = doc.get(start, start + len(NAME), "PERSON")
    assert longer is not None
    before = list(doc.spans)
    with pytest.raises(SpanError, match="already tagged PERSON"):
        doc.move_boundary(longer, "start", "word", 1)
    assert list(doc.spans) == before


def test_note_is_kept_by_a_move_and_a_note_edit_is_undoable() -> None:
    doc, _ = seed_doc()
    person = doc.spans.nth(0)
    noted = doc.set_note(person, "title or name?")
    assert noted is not None and doc.spans.nth(0).note == "title or name?"
    assert doc.set_note(doc.spans.nth(0), "title or name?") is None  # the same note: no edit
    resized = doc.move_boundary(doc.spans.nth(0), "end", "word", -1)
    assert resized is not None and resized.focus is not None
    assert resized.focus.note == "title or name?"
    doc.undo()
    doc.undo()
    assert doc.spans.nth(0) == person and person.note == ""


words = st.lists(st.sampled_from(["Ana", "Díaz", "met", "“", "”", "12%", "e\u0301", "—", "👍🏽"]))
gaps = st.sampled_from([" ", "\n", "  ", ", ", "\n\n"])


@given(
    pieces=st.lists(st.tuples(words.map("".join), gaps), min_size=1, max_size=12),
    data=st.data(),
)
def test_any_move_keeps_a_non_blank_span_whose_text_matches(
    pieces: list[tuple[str, str]], data: st.DataObject
) -> None:
    text = "".join(word + gap for word, gap in pieces)
    stripped = [(i, c) for i, c in enumerate(text) if not c.isspace()]
    if not stripped:
        return
    start = data.draw(st.sampled_from([i for i, _ in stripped]))
    ends = [i + 1 for i, _ in stripped if i >= start]
    end = data.draw(st.sampled_from(ends))
    for _ in range(data.draw(st.integers(1, 8))):
        edge = data.draw(st.sampled_from(EDGES))
        unit = data.draw(st.sampled_from(UNITS))
        step = data.draw(st.sampled_from([-1, 1]))
        extent = moved(text, start, end, edge, unit, step)
        if extent is None:
            continue
        new_start, new_end = extent
        assert 0 <= new_start < new_end <= len(text)
        assert text[new_start:new_end].strip()
        assert (new_start == start) != (new_end == end)  # exactly one boundary moved
        if step > 0:
            assert (new_end > end) if edge == "end" else (new_start > start)
        else:
            assert (new_end < end) if edge == "end" else (new_start < start)
        start, end = new_start, new_end
