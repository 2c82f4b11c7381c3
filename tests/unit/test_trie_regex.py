"""The trie-shaped alternation used to find many literal strings in one pass."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text.trie_regex import TRIE_MAX_LENGTH, trie_pattern

words = st.text(alphabet="ab .\\[]^-", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(words, min_size=1, max_size=8), st.text(alphabet="ab .\\[]^-", max_size=10))
def test_matches_exactly_the_strings_longest_first(strings: list[str], probe: str) -> None:
    pattern = re.compile(trie_pattern(strings))
    assert all(pattern.fullmatch(s) for s in strings)
    assert bool(pattern.fullmatch(probe)) == (probe in strings)
    match = pattern.match(probe)
    prefixes = [s for s in strings if probe.startswith(s)]
    assert (match.group(0) if match else None) == (max(prefixes, key=len) if prefixes else None)


def test_examples() -> None:
    assert trie_pattern(["Red", "Red Mosque"]) == r"Red(?:\ Mosque)?"
    assert trie_pattern([]) == "(?!)"
    long = "x" * (TRIE_MAX_LENGTH + 10)
    pattern = re.compile(trie_pattern([long, "x", "xy"]))
    assert pattern.match(long + "y").group(0) == long  # type: ignore[union-attr]
    assert pattern.match("xy").group(0) == "xy"  # type: ignore[union-attr]
