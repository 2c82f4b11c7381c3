"""Tokens for Prodigy and spaCy: spaCy's own, split only where a span edge falls inside one."""

from __future__ import annotations

from tests.formats.conftest import need
from tests.formats.seed_spans import seed_spans
from tui.formats.common import Record
from tui.formats.tokens import Token, aligned_tokens, spacy_tokens, split_at
from tui.model import Annotation


def test_split_inside_a_token() -> None:
    tokens = [Token(0, 7, True), Token(8, 12, False)]  # "mosques" "were"
    assert split_at(tokens, [0], [6]) == (
        [Token(0, 6, False), Token(6, 7, True), Token(8, 12, False)],
        1,
    )


def test_no_split_when_spans_align() -> None:
    tokens = [Token(0, 3, True), Token(4, 8, False)]
    assert split_at(tokens, [0, 4], [3, 8]) == (tokens, 0)


def test_a_span_that_ends_after_the_trailing_space_makes_the_space_a_token() -> None:
    tokens = [Token(0, 3, True), Token(4, 8, False)]  # "Ana " "Díaz"
    assert split_at(tokens, [0], [4]) == (
        [Token(0, 3, False), Token(3, 4, False), Token(4, 8, False)],
        1,
    )


def test_a_span_that_starts_on_the_trailing_space() -> None:
    tokens = [Token(0, 3, True), Token(4, 8, False)]
    result, cuts = split_at(tokens, [3], [8])
    assert result == [Token(0, 3, False), Token(3, 4, False), Token(4, 8, False)] and cuts == 1


def test_tokens_are_spacys_wherever_spans_align(records: list[Record]) -> None:
    need("spacy")
    seed, spans = records[0]
    assert spans and len(spans) == len(seed_spans(seed.text))
    tokens, cuts = aligned_tokens(seed.text, spans)
    assert cuts == 0 and tokens == spacy_tokens(seed.text)


def test_tokens_rebuild_the_text_after_cuts() -> None:
    need("spacy")
    text = "The mosques were  stormed 🇵🇰Islamabad-based"
    spans = [Annotation("d", 4, 10, "PLACE", "mosque"), Annotation("d", 26, 29, "PLACE", "🇵🇰I")]
    tokens, cuts = aligned_tokens(text, spans)
    assert cuts >= 1
    rebuilt = "".join(text[t.start : t.end] + (" " if t.ws else "") for t in tokens)
    assert rebuilt == text
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    assert all(s.start in starts and s.end in ends for s in spans)
