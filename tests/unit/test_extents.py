"""The word, figure and quotation under the cursor (tui/text/extents.py), on the seed and beyond."""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text.extents import (
    CLOSING_MARKS,
    OPENING_MARKS,
    figure_at,
    figure_match_at,
    figures_in,
    quote_at,
    quote_match_at,
    quotes_in,
    word_at,
)
from tui.text.grammar.words import is_word_char

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "seeds" / "000_786e792f34019fa1.txt").read_text(encoding="utf-8")


def at(text: str, needle: str, nth: int = 0, delta: int = 0) -> int:
    """The offset of the nth occurrence of `needle` in `text`, plus `delta`."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos + delta


def span(text: str, extent: tuple[int, int] | None) -> str | None:
    return None if extent is None else text[extent[0] : extent[1]]


# -- word_at ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("needle", "delta", "expected"),
    [
        ("Musharraf's", 0, "Musharraf"),
        ("Musharraf's", 4, "Musharraf"),
        ("Musharraf's", 9, "Musharraf"),  # on the apostrophe
        ("Musharraf's", 10, "Musharraf"),  # on the s
        ("Musharraf's", 11, "Musharraf"),  # just after
        ("Al-Qaeda", 0, "Al-Qaeda"),
        ("Al-Qaeda", 2, "Al-Qaeda"),  # on the hyphen
        ("Harkatul-Jihad-e-Islami", 15, "Harkatul-Jihad-e-Islami"),
        ("girls'", 2, "girls"),
        ("girls'", 5, "girls"),  # on the trailing apostrophe: the word before it
        ("militants,”", 9, "militants"),  # on the comma
        ("1,200", 2, "1,200"),
        ("300-400", 4, "300-400"),
        ("pro-Taliban", 5, "pro-Taliban"),
        ("Ghazi's brother", 1, "Ghazi"),
        ("ISLAMABAD:", 3, "ISLAMABAD"),
    ],
)
def test_word_at_on_the_seed(needle: str, delta: int, expected: str) -> None:
    assert span(SEED, word_at(SEED, at(SEED, needle, 0, delta))) == expected


def test_word_at_end_of_line_and_text() -> None:
    line_end = SEED.index("\n")  # "Agence France-Presse,\n": the comma, then the newline
    assert span(SEED, word_at(SEED, line_end)) is None  # after a comma, not a word
    first = "ISLAMABAD: Pakistani troops Tuesday launched a huge"
    assert span(SEED, word_at(SEED, at(SEED, first, 0, len(first)))) == "huge"
    assert span(SEED, word_at(SEED, len(SEED) - 1)) == "burqa"  # on the final full stop
    assert word_at(SEED, len(SEED)) is None  # after it
    assert span("the end", word_at("the end", 7)) == "end"


@pytest.mark.parametrize(
    ("text", "offset"),
    [("a  b", 2), ("", 0), ("“ ”", 1), ("—", 0), ("a", 5), ("a", -1), ("🙂 x", 0)],
)
def test_word_at_none(text: str, offset: int) -> None:
    assert word_at(text, offset) is None


def test_word_at_keeps_code_point_offsets_after_wide_and_combining_characters() -> None:
    text = "🙂🙂 北京 cafe\u0301 Nguye\u0302\u0303n said O'Neill’s 日本語テキスト"
    assert span(text, word_at(text, at(text, "cafe"))) == "cafe\u0301"
    assert span(text, word_at(text, at(text, "Nguy", 0, 5))) == "Nguye\u0302\u0303n"
    assert span(text, word_at(text, at(text, "said"))) == "said"
    assert span(text, word_at(text, at(text, "O'Neill"))) == "O'Neill"
    assert span(text, word_at(text, at(text, "北"))) == "北京"
    assert span(text, word_at(text, at(text, "テ"))) == "日本語テキスト"
    assert word_at(text, 0) is None  # on an emoji


# -- figure_at -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("needle", "delta", "expected"),
    [
        ("1,200", 0, "1,200"),
        ("1,200", 1, "1,200"),  # on the comma
        ("1,200", 4, "1,200"),
        ("1,200", 5, "1,200"),  # just after it
        ("300-400", 0, "300-400"),
        ("300-400", 3, "300-400"),  # on the hyphen
        ("300-400", 6, "300-400"),
        ("11 hours", 0, "11 hours"),
        ("11 hours", 5, "11 hours"),
        ("more than three hours", 15, "three hours"),
        ("more than three hours", 10, "three hours"),
        ("Dozens", 2, "Dozens"),
        ("hundreds", 3, "hundreds"),
        ("eight-day", 6, "eight-day"),
        ("24-hour", 4, "24-hour"),
        ("leaving 20 rebels", 8, "20"),
        ("Ghazi, 43,", 7, "43"),
        ("for eight days", 6, "eight days"),
        ("July 3", 5, "July 3"),
        ("since 2001", 8, "2001"),
        ("seven Chinese", 0, "seven"),
    ],
)
def test_figure_at_on_the_seed(needle: str, delta: int, expected: str) -> None:
    assert span(SEED, figure_at(SEED, at(SEED, needle, 0, delta))) == expected


@pytest.mark.parametrize(
    ("needle", "delta"),
    [("more than three", 0), ("more than three", 5), ("at least 20", 3), ("Ghazi", 2), ("AFP", 1)],
)
def test_figure_at_hedges_and_words_are_not_figures(needle: str, delta: int) -> None:
    assert figure_at(SEED, at(SEED, needle, 0, delta)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("up 12% on", "12%"),
        ("up 12 per cent on", "12 per cent"),
        ("a $5m deal", "$5m"),
        ("a £2.5bn deal", "£2.5bn"),
        ("some 2.5 million barrels", "2.5 million barrels"),
        ("US$5 million", "US$5 million"),
        ("300–400 women", "300–400"),
        ("twenty-five men", "twenty-five"),
        ("two hundred and fifty thousand people", "two hundred and fifty thousand"),
        ("hundreds of thousands of people", "hundreds of thousands"),
        ("about a dozen boys", "a dozen"),
        ("two to three hours", "two to three hours"),
        ("a five-year-old girl", "five-year-old"),
        ("30°C outside", "30°C"),
        ("walked 5km home", "5km"),
        ("Rs 500 crore", "Rs 500 crore"),
        ("on July 3, 2007 at", "July 3, 2007"),
        ("at 3pm sharp", "3pm"),
        ("between €8m and €10m a day", "€8m and €10m"),
        ("between 300 and 400 people", "300 and 400"),
        ("rose by more than a third in", "a third"),
        ("a two-thirds majority", "two-thirds"),
        ("three quarters of voters", "three quarters"),
        ("a 90-kilogram bag", "90-kilogram"),
        ("sold for 6,500 shillings on", "6,500 shillings"),
        ("¥80,000 to ¥150,000 a night", "¥80,000 to ¥150,000"),
    ],
)
def test_figure_grammar(text: str, expected: str) -> None:
    start = text.index(expected)
    for offset in range(start, start + len(expected) + 1):
        assert span(text, figure_at(text, offset)) == expected


@pytest.mark.parametrize(
    "text", ["the 3rd day", "an F-16 jet", "G8 summit", "after 9/11", "so", "won a third term"]
)
def test_figure_at_refuses_numbers_inside_words(text: str) -> None:
    assert all(figure_at(text, offset) is None for offset in range(len(text) + 1))


def test_figure_kinds() -> None:
    def kind(text: str, needle: str) -> str | None:
        match = figure_match_at(text, at(text, needle))
        return None if match is None else match.kind

    assert kind(SEED, "July 3") == "date"
    assert kind(SEED, "2001") == "year"
    assert kind(SEED, "1,200") == "number"
    assert kind(SEED, "Dozens") == "words"
    assert kind(SEED, "11 hours") == "quantity"
    assert kind("at 14:30 GMT", "14:30") == "time"
    assert kind("between 2001 and 2005", "2001") == "year"


def test_figures_in_the_seed() -> None:
    found = [SEED[s:e] for s, e in figures_in(SEED)]
    assert found == [
        "20", "three", "hundreds", "eight days", "20", "Dozens", "three hours", "three", "100",
        "300-400", "20", "15", "Three", "15", "eight-day", "24", "43", "1,200", "11 hours",
        "seven", "July 3", "24-hour", "three", "2001",
    ]  # fmt: skip


def test_figures_in_a_range_only_whole_figures() -> None:
    start = at(SEED, "1,200", 0, 2)  # inside "1,200": it is not wholly in the range
    end = at(SEED, "11 hours", 0, 4)  # "11 hours" is cut: not wholly in the range either
    found = [SEED[s:e] for s, e in figures_in(SEED, start, end)]
    assert found == []
    assert [SEED[s:e] for s, e in figures_in(SEED, start, end + 4)] == ["11 hours"]


def test_figures_keep_code_point_offsets() -> None:
    text = "🙂北京e\u0301 paid $5m and 300–400 😀 men for 11 hours"
    assert [text[s:e] for s, e in figures_in(text)] == ["$5m", "300–400", "11 hours"]


# -- quote_at -----------------------------------------------------------------------------------
PUSH = "“It is a final push to clear the mosque of armed militants,”"


def test_quote_at_inside_the_seed_quote() -> None:
    start = SEED.index(PUSH)
    for offset in (start, start + 1, start + 20, start + len(PUSH) - 2, start + len(PUSH) - 1):
        assert quote_at(SEED, offset) == (start, start + len(PUSH))
    # just after the closing mark still counts; one further does not.
    assert quote_at(SEED, start + len(PUSH)) == (start, start + len(PUSH))
    assert quote_at(SEED, start + len(PUSH) + 1) is None


@pytest.mark.parametrize(
    "quote",
    [
        "“no information”",
        "“martyrdom”",
        "“They kept on changing their demands.”",
        "“We are returning in disappointment.”",
        "“The militants are using small arms and grenades. They are in the basement, "
        "we have covered the rooftop,”",
    ],
)
def test_quote_at_other_seed_quotes(quote: str) -> None:
    start = SEED.index(quote)
    assert span(SEED, quote_at(SEED, start + len(quote) // 2)) == quote


def test_quote_at_outside_quotes() -> None:
    assert quote_at(SEED, at(SEED, "Massive blasts")) is None
    assert quote_at(SEED, at(SEED, "military spokesman", 0, 3)) is None


def test_quotes_in_the_seed() -> None:
    assert len(quotes_in(SEED)) == 8
    assert all(SEED[s] == "“" and SEED[e - 1] == "”" for s, e in quotes_in(SEED))


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ('He said "yes" and "no".', "no", '"no"'),
        ('He said "yes" and "no".', "yes", '"yes"'),
        ("«Bonjour “toi” ami»", "Bon", "«Bonjour “toi” ami»"),
        ("«Bonjour “toi” ami»", "toi", "“toi”"),
        ("„Hallo“ sagte er", "all", "„Hallo“"),
        ("„Dzień dobry” – powiedział", "dobry", "„Dzień dobry”"),
        ("”Hej” sa han", "Hej", "”Hej”"),
        ("x »rev« y", "rev", "»rev«"),
        ("She said “it is ‘fine’ now” today", "fine", "“it is ‘fine’ now”"),
        ("a “hard\nwrapped” quote", "wrapped", "“hard\nwrapped”"),
        ('He is 5\'10" and said "hi"', "hi", '"hi"'),
    ],
)
def test_quote_pairing(text: str, needle: str, expected: str) -> None:
    assert span(text, quote_at(text, at(text, needle))) == expected


MULTI = (
    "The minister spoke.\n"
    "“We will not stop. This is the first paragraph of the statement.\n"
    "“And this is the second paragraph, reopened with a mark.\n"
    "“This is the last,” he said.\n"
    "Then “another” quote."
)


def test_multi_paragraph_quote_is_one_span() -> None:
    start = MULTI.index("“We")
    end = MULTI.index("last,”") + len("last,”")
    for needle in ("first paragraph", "second", "“And", "last"):
        assert quote_at(MULTI, at(MULTI, needle)) == (start, end)
    assert quote_match_at(MULTI, at(MULTI, "second")).paragraphs == 3  # type: ignore[union-attr]
    assert span(MULTI, quote_at(MULTI, at(MULTI, "another"))) == "“another”"


def test_multi_paragraph_quote_with_blank_lines_and_straight_marks() -> None:
    text = 'Intro.\n\n"First part of it.\n\n"Second part," she said.\n\nOutro "x".'
    expected = '"First part of it.\n\n"Second part,"'
    assert span(text, quote_at(text, at(text, "Second"))) == expected
    assert span(text, quote_at(text, at(text, "First"))) == expected


def test_unclosed_quote_is_dropped_at_a_paragraph_end() -> None:
    text = "“Never closed.\n\nThen “a real one” here."
    assert quote_at(text, at(text, "Never")) is None
    assert span(text, quote_at(text, at(text, "real"))) == "“a real one”"
    one_per_line = "“Never closed, he said.\nThen “a real one” here."
    assert quote_at(one_per_line, at(one_per_line, "Never")) is None
    assert span(one_per_line, quote_at(one_per_line, at(one_per_line, "real"))) == "“a real one”"


def test_quote_offsets_after_wide_and_combining_characters() -> None:
    text = "🙂🙂 北京 Jose\u0301 said “日本語 🙂 é\u0301 ok” then"
    quote = "“日本語 🙂 é\u0301 ok”"
    assert span(text, quote_at(text, at(text, "本"))) == quote


def test_quote_at_is_fast_and_bounded_on_a_5mb_article() -> None:
    big = "\n".join([SEED] * 1250)
    assert len(big) > 5_000_000
    offset = len(big) // 2
    offset = big.index("final push", offset)
    started = time.perf_counter()
    for _ in range(20):
        result = quote_at(big, offset)
    elapsed = (time.perf_counter() - started) / 20
    assert span(big, result) == PUSH
    assert elapsed < 0.05, f"quote_at took {elapsed * 1000:.1f} ms"


def test_quote_at_on_one_huge_line_stays_bounded() -> None:
    big = "word " * 1_000_000 + "“inside the quote”" + " word" * 1_000_000
    offset = big.index("inside")
    started = time.perf_counter()
    assert span(big, quote_at(big, offset)) == "“inside the quote”"
    assert time.perf_counter() - started < 0.05


def test_quotes_in_a_range() -> None:
    first, second = quotes_in(SEED)[:2]
    assert quotes_in(SEED, first[0], second[1]) == [first, second]
    assert quotes_in(SEED, first[0] + 1, second[1]) == [second]
    assert quotes_in(SEED, first[0], second[1] - 1) == [first]


# -- properties -----------------------------------------------------------------------------------
PIECES = [
    "a", "Bob", "Al-Qaeda", "O'Neill", "Ghazi's", "3", "1,200", "300-400", "12%", "$5m",
    "three", "hours", "per cent", "more than", "“", "”", '"', "„", "«", "»", "‘", "’", "'",
    " ", " ", " ", "\n", "\n\n", ",", ".", "-", "–", "🙂", "北京", "e\u0301", "\u0301", "July",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@st.composite
def text_and_offset(draw: st.DrawFn) -> tuple[str, int]:
    text = draw(texts)
    return text, draw(st.integers(min_value=0, max_value=len(text)))


def assert_clean(text: str, start: int, end: int) -> None:
    assert 0 <= start < end <= len(text)
    assert text[start:end].strip() == text[start:end]


@settings(max_examples=400, deadline=None)
@given(text_and_offset())
def test_word_at_properties(case: tuple[str, int]) -> None:
    text, offset = case
    result = word_at(text, offset)
    if result is None:
        return
    start, end = result
    assert_clean(text, start, end)
    # a word starts and ends with a letter, digit or combining mark, never a joiner or mark
    assert is_word_char(text[start]) and is_word_char(text[end - 1])
    assert start <= offset
    if offset > end:  # only on or just after a possessive suffix
        assert offset <= end + 2 and text[end] in "'’" and text[end + 1] in "sS"


@settings(max_examples=400, deadline=None)
@given(text_and_offset())
def test_figure_at_properties(case: tuple[str, int]) -> None:
    text, offset = case
    result = figure_at(text, offset)
    if result is not None:
        start, end = result
        assert_clean(text, start, end)
        assert start <= offset <= end
        assert result in figures_in(text)
    found = figures_in(text)
    assert found == sorted(found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(found))


@settings(max_examples=400, deadline=None)
@given(text_and_offset())
def test_quote_at_properties(case: tuple[str, int]) -> None:
    text, offset = case
    result = quote_at(text, offset)
    if result is not None:
        start, end = result
        assert end - start >= 2
        assert start <= offset <= end
        assert text[start] in OPENING_MARKS and text[end - 1] in CLOSING_MARKS
        assert result in quotes_in(text)
    found = quotes_in(text)
    for a in found:  # any two quotations are nested or apart, never crossing
        for b in found:
            assert (
                a[1] <= b[0]
                or b[1] <= a[0]
                or (a[0] <= b[0] and b[1] <= a[1])
                or (b[0] <= a[0] and a[1] <= b[1])
            )


def test_extents_import_no_textual() -> None:
    code = "import sys, tui.text.extents; assert 'textual' not in sys.modules, 'textual imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
