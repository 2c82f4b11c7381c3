"""The grammar of numeric figures: digits or number words with their unit, currency or % sign.

One compiled regular expression serves `figure_at` (the figure under the cursor) and
`figures_in` (every figure in a range), so the reader's `f` key and the FIGURE suggester agree.

What a figure is (docs/contracts.md: "20", "300-400", "11 hours", "12%", "$5m"):
- a number in digits ("20", "1,200", "2.5") or in words ("three", "twenty-five",
  "two hundred and fifty", "a dozen", "Dozens", "hundreds of thousands");
- with a scale: "2.5 million", "$5m", "£2.5bn", "10k", "Rs 3 crore";
- with a currency before it ("$", "£", "€", "¥", "₹", "US$", "Rs") or after it ("dollars",
  "euros", "rupees", ...), a percentage ("12%", "12 per cent", "3 percentage points"), or a
  unit of measure after it: time ("11 hours", "eight days"), distance, area, weight, volume,
  temperature, speed, power. Adjectival forms are one figure too: "24-hour", "eight-day",
  "five-year-old".
- a range is one figure: "300-400", "300–400", "$5-$10", "two to three hours".
Counted nouns are not units: "20 rebels" gives "20" and "hundreds of people" gives "hundreds"
(docs/contracts.md's "20" example), so "people", "troops" and the like stay outside. Hedges
("about",
"more than", "at least", "around", "nearly", "up to") are never part of the grammar, so they stay
outside. A figure never crosses a line break, and never starts or ends inside a word ("3rd",
"F-16", "G8" and "9/11" are not figures).

Dates ("July 3", "3 July 2007", "July 2007"), clock times ("14:30", "3pm") and bare years
("2001", "1990s") are recognised too, as kinds "date", "time" and "year", so that the suggester can
rank them lower; `figure_at` returns them like any other figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from tui.text.trie_regex import trie_pattern

FigureKind = Literal["quantity", "number", "words", "year", "date", "time"]

_SP = r"[^\S\n]+"  # horizontal whitespace: a figure never crosses a line break
_HY = r"[-\u2010\u2011]"
_DASH = r"[-\u2010\u2011\u2012\u2013\u2014]"

_UNITS_1_19 = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_SCALES = "hundred|thousand|million|billion|trillion|lakh|crore|dozen"

_BASIC = rf"(?:(?:{_TENS})(?:(?:{_HY}|{_SP})(?:{_ONES}))?|(?:{_UNITS_1_19}))"
_WORD_CARDINAL = rf"{_BASIC}(?:{_SP}(?:{_SCALES})(?:{_SP}(?:and{_SP})?{_BASIC})?)*"
# "a dozen", "a hundred", "half a million": the singular scale words need their article.
_WORD_ARTICLE = rf"(?:half{_SP})?an?{_SP}(?:{_SCALES})"
_WORD_VAGUE = (
    rf"(?:dozens|hundreds|thousands|millions|billions)(?:{_SP}of{_SP}(?:thousands|millions|billions))?"
    rf"|(?:tens|scores)(?={_SP}of\b)(?:{_SP}of{_SP}(?:thousands|millions|billions))?"
)
_FRACTIONS = (
    "halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?|hundredths?"
)
# "two-thirds", "three quarters", and "a third" / "one fifth" when not an ordinal ("a third term"):
# then "of", a preposition or punctuation must follow.
_WORD_FRACTION = (
    rf"(?:{_ONES}|ten){_HY}(?:{_FRACTIONS})"
    rf"|(?:two|three|four|five|six|seven|eight|nine|ten){_SP}"
    r"(?:halves|thirds|quarters|fifths|sixths|sevenths|eighths|ninths|tenths)"
    rf"|(?:an?|one){_SP}(?:half|third|quarter|fifth|sixth|tenth)"
    rf"(?=[^\S\n]+(?:of|as|in|on|to|since|from|than|and|or|over|between|compared)\b|[^\w\s-]|$)"
)
_WORD_NUMBER = rf"(?i:{_WORD_FRACTION}|{_WORD_CARDINAL}|{_WORD_ARTICLE}|{_WORD_VAGUE})"
_WORD_START = r"(?<![\w\u2010\u2011'\u2019-])"

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CURRENCY_PREFIX = r"(?:(?:US|A|C|HK|NZ|S)?\$|[£€¥₹₩₽]|(?:Rs\.?|USD|EUR|GBP|INR|PKR)[^\S\n]?)"
_SCALE_ABBR = r"(?i:mn|m|bn|tn|trn|k)(?!\w)"
_DIGIT_NUMBER = (
    rf"{_CURRENCY_PREFIX}?{_DIGITS}(?:{_SCALE_ABBR}|{_SP}(?i:{_SCALES}|hundred))?"
    r"(?:[^\S\n]?%)?"
)
# A number in digits may not follow a letter, digit, currency sign, or "F-", "1,", "2.".
_DIGIT_START = r"(?<![\w$£€¥₹₩₽/])(?<!\w[-\u2010\u2011\u2013])(?<!\d[,.])(?<![A-Za-z]\.)(?<!\$\s)"
_NUMBER = rf"(?:{_DIGIT_START}{_DIGIT_NUMBER}|{_WORD_START}{_WORD_NUMBER})"
_RANGE_END = rf"(?:{_DIGIT_NUMBER}|{_WORD_NUMBER})"  # after "300-", no start rule applies

_TIME_UNITS = (
    r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|"
    r"years?|yrs?|decades?|centuries|century"
)
_LENGTH = (
    r"(?:kilo|centi|milli)?(?:metres?|meters?)|km|cm|mm|miles?|yards?|feet|foot|ft|inch(?:es)?"
)
_MASS = r"(?:kilo|milli)?gram(?:me)?s?|kg|mg|tonnes?|tons?|pounds?|lbs?|ounces?|oz"
_VOLUME = (
    r"(?:milli)?(?:litres?|liters?)|gallons?|barrels?|bpd|cubic[^\S\n]+(?:metres?|meters?|feet)"
)
_OTHER = (
    r"degrees(?:[^\S\n]+(?:Celsius|Fahrenheit|C|F))?|knots|mph|kph|km/h|"
    r"(?:kilo|mega|giga)?watts?|kW|MW|GW|kWh|MWh|(?:kilo|mega|giga|tera)bytes?|"
    r"hectares?|acres?|(?:square|sq\.?)[^\S\n]+(?:kilometres?|kilometers?|km|miles?|metres?|meters?|feet|ft)"
)
_MONEY = (
    r"(?:US[^\S\n]+)?dollars?|euros?|pounds[^\S\n]+sterling|sterling|yen|yuan|renminbi|rupees?|"
    r"francs?|dinars?|dirhams?|riyals?|rials?|pesos?|roubles?|rubles?|lira|shekels?|cents?|"
    r"pence|taka|afghanis?|shillings?|kwacha|cedis?|birr|baht|ringgit|rupiah|dong|zloty|zlotys|"
    r"forint|kronor|krona|kronur|krone|kroner|lei|leu|leva|hryvnias?|manat|tenge|lari|naira|"
    r"leones|kyat|riels|reais|bolivars?|quetzals?|dalasi|ouguiya"
)
_PERCENT = r"per[^\S\n]?cent|percent|percentage[^\S\n]+points?"
_UNIT_WORD = rf"(?i:{_PERCENT}|{_TIME_UNITS}|{_LENGTH}|{_MASS}|{_VOLUME}|{_OTHER}|{_MONEY})"
_ADJ_UNIT = (
    r"(?i:second|minute|hour|day|night|week|month|year|decade|century|mile|kilometre|kilometer|"
    r"km|metre|meter|foot|inch|tonne|ton|pound|point|percent|per-cent|storey|story|kilogram|"
    r"kilogramme|kilo|kg|gram|gramme|litre|liter|hectare|acre|degree|megawatt|gallon|barrel|"
    r"carat|cm|mm)"
)
_SUFFIX = (
    rf"(?:{_SP}(?:{_UNIT_WORD})(?!\w)"
    rf"|{_HY}{_ADJ_UNIT}(?:{_HY}old)?(?![\w\u2010\u2011-])"
    r"|[^\S\n]?°[CF]?(?!\w)"
    r"|(?i:km/h|km|cm|mm|kg|mg|ft|lbs?|mph|kph|bpd|kWh|MWh|kW|MW|GW|GB|MB|TB)(?![\w/]))"
)
_RANGE_SEP = rf"(?:[^\S\n]?{_DASH}[^\S\n]?|{_SP}to{_SP})"
_FIGURE = (
    # "between €8m and €10m" is one range (docs/contracts.md: a range is one span); "between" stays
    # out.
    rf"(?<=[Bb]etween[^\S\n]){_NUMBER}{_SP}and{_SP}{_RANGE_END}{_SUFFIX}?(?![\w/])"
    rf"|{_NUMBER}(?:{_RANGE_SEP}{_RANGE_END})?{_SUFFIX}?(?![\w/])"
)

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?<!\w)(?:{_MONTH}[^\S\n]+{_DAY}(?:(?:,[^\S\n]*|[^\S\n]+)\d{{4}})?(?![\w/]|,\d)"
    rf"|{_DAY}(?:[^\S\n]+of)?[^\S\n]+{_MONTH}(?:[^\S\n]+\d{{4}})?(?![\w/])"
    rf"|{_MONTH}[^\S\n]+\d{{4}}(?![\w/]))"
)
_TIME = (
    r"(?<![\w.,:])(?:\d{1,2}:\d{2}(?::\d{2})?(?:[^\S\n]?[ap]\.?m\b\.?)?"
    r"|\d{1,2}(?:[.:]\d{2})?[^\S\n]?[ap]\.?m\b\.?)(?![\w/])"
)
_DECADE = r"(?<![\w$£€¥₹])(?:1[5-9]|20)\d0s(?!\w)"

FIGURE_PATTERN = re.compile(
    rf"(?P<date>{_DATE})|(?P<time>{_TIME})|(?P<decade>{_DECADE})|(?P<figure>{_FIGURE})"
)

# Where a figure can begin: a digit, a currency sign or code, a number word, a month name. The
# full pattern is tried only there; scanning with it at every position costs ten times more.
_START_WORDS = (
    f"{_UNITS_1_19}|{_TENS}|dozens|hundreds|thousands|millions|billions|tens|scores|half|a|an"
).split("|")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_START_LITERALS = {
    w for word in _START_WORDS for w in (word, word.capitalize(), word.upper())
} | set(_MONTHS.split("|"))
_CANDIDATE = re.compile(
    r"[\d$£€¥₹₩₽]|(?<!\w)(?:(?:US|A|C|HK|NZ|S)\$|Rs|USD|EUR|GBP|INR|PKR)"
    rf"|(?<!\w)(?:{trie_pattern(_START_LITERALS)})(?!\w)"
)
_YEAR = re.compile(
    r"(?:1[89]\d\d|20\d\d)"
    r"(?:(?:[^\S\n]?[-\u2013][^\S\n]?|[^\S\n]+(?:to|and)[^\S\n]+)(?:1[89]\d\d|20\d\d|\d\d))?"
)
_HAS_DIGIT = re.compile(r"\d")
_PLAIN_NUMBER = re.compile(rf"{_NUMBER}(?:(?:{_RANGE_SEP}|{_SP}and{_SP}){_RANGE_END})?")
_WINDOW = 256
"""How far around the cursor (or outside a range) a figure is looked for; none is that long."""


@dataclass(frozen=True, slots=True)
class FigureMatch:
    """One figure: its extent and what kind of figure it is."""

    start: int
    end: int
    kind: FigureKind


def _kind(text: str, match: re.Match[str]) -> FigureKind:
    if match.group("date") is not None:
        return "date"
    if match.group("time") is not None:
        return "time"
    if match.group("decade") is not None:
        return "year"
    value = match.group(0)
    if _YEAR.fullmatch(value):
        return "year"
    plain = _PLAIN_NUMBER.match(text, match.start())
    if (
        plain is not None
        and plain.end() == match.end()
        and not _has_currency(value)
        and "%" not in value
    ):
        return "number" if _HAS_DIGIT.search(value) else "words"
    return "quantity"


def _has_currency(value: str) -> bool:
    return any(ch in "$£€¥₹₩₽" for ch in value) or value.startswith(("Rs", "USD", "EUR", "GBP"))


def _scan(text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """What FIGURE_PATTERN.finditer(text, lo, hi) finds, trying only where a figure can begin."""
    last_end = lo
    for candidate in _CANDIDATE.finditer(text, lo, hi):
        pos = candidate.start()
        if pos < last_end:
            continue
        match = FIGURE_PATTERN.match(text, pos, hi)
        if match is not None and match.end() > pos:
            last_end = match.end()
            yield match


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole lines, but by at most _WINDOW characters on each side."""
    lo = max(text.rfind("\n", 0, start) + 1, start - _WINDOW, 0)
    nl = text.find("\n", end)
    hi = min(len(text) if nl < 0 else nl, end + _WINDOW)
    return lo, hi


def iter_figures(text: str, start: int = 0, end: int | None = None) -> Iterator[FigureMatch]:
    """Every figure lying wholly inside text[start:end], in order, with its kind."""
    end = len(text) if end is None else min(end, len(text))
    start = max(start, 0)
    if start >= end:
        return
    lo, hi = _line_bounds(text, start, end)
    for match in _scan(text, lo, hi):
        if match.start() < start:
            continue
        if match.end() > end:
            break
        yield FigureMatch(match.start(), match.end(), _kind(text, match))


def figures_in(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) of every figure lying wholly inside text[start:end], in order."""
    return [(m.start, m.end) for m in iter_figures(text, start, end)]


def figure_match_at(text: str, offset: int) -> FigureMatch | None:
    """The figure under `offset` (or ending just before it), with its kind."""
    if not 0 <= offset <= len(text):
        return None
    lo, hi = _line_bounds(text, offset, offset)
    adjacent: FigureMatch | None = None
    for match in _scan(text, lo, hi):
        if match.start() > offset:
            break
        if offset < match.end():
            return FigureMatch(match.start(), match.end(), _kind(text, match))
        if offset == match.end():
            adjacent = FigureMatch(match.start(), match.end(), _kind(text, match))
    return adjacent


def figure_at(text: str, offset: int) -> tuple[int, int] | None:
    """The whole figure under the cursor at `offset`, as (start, end); None when not on one.

    "1,200", "300-400", "12%", "12 per cent", "$5m", "£2.5bn", "2.5 million", "11 hours",
    "three", "Dozens", "twenty-five", "24-hour"; hedges ("about", "more than") stay outside and
    counted nouns are not units ("20 rebels" gives "20"). See the module docstring for the full
    grammar. As with `word_at`, a cursor just after a figure (start <= offset <= end) counts.
    """
    match = figure_match_at(text, offset)
    return None if match is None else (match.start, match.end)
