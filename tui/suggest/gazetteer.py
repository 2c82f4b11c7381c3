"""The place gazetteer (data/gazetteer.json): exact lookups and a pattern for names with "of"."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from tui.text.grammar.words import WORD_CLASS
from tui.text.trie_regex import trie_pattern

_KEYS = ("countries", "capitals", "cities", "regions")


@cache
def place_names() -> frozenset[str]:
    """Every place name of the gazetteer, exactly as written there."""
    raw = resources.files("tui.suggest").joinpath("data/gazetteer.json").read_text("utf-8")
    data = json.loads(raw)
    return frozenset(name for key in _KEYS for name in data[key])


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
