"""A regular expression matching any of a set of literal strings, shaped as a trie.

Python's `re` tries the branches of `a|b|c` one after another at every position, so a flat
alternation of n strings costs O(n) per position. Sharing prefixes (`Red(?: Mosque)?`) makes the
cost per position depend on the length of the strings instead, and a greedy optional tail means
the longest string matching at a position is tried first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TRIE_MAX_LENGTH = 64
"""Longer strings (rare: whole quotations) go in a plain alternation before the trie."""

_END = ""
_Node = dict[str, "_Node"]


def _build(strings: Iterable[str]) -> _Node:
    root: _Node = {}
    for string in strings:
        node = root
        for ch in string:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return root


def _pattern(node: _Node) -> str:
    """The pattern of what may follow `node` (recursion depth <= the longest string)."""
    branches = [(ch, child) for ch, child in node.items() if ch != _END]
    if not branches:
        return ""
    singles: list[str] = []
    parts: list[str] = []
    for ch, child in branches:
        # Follow a chain of single children as one literal run.
        run = [re.escape(ch)]
        while len(child) == 1 and _END not in child:
            (next_ch, child), *_ = child.items()
            run.append(re.escape(next_ch))
        if len(run) == 1 and list(child) == [_END]:
            singles.append(run[0])
        else:
            parts.append("".join(run) + _pattern(child))
    if len(singles) == 1:
        parts.append(singles[0])
    elif singles:
        parts.append("[" + "".join(singles) + "]")
    if len(parts) == 1 and _END not in node:
        return parts[0]
    body = "(?:" + "|".join(parts) + ")"
    return body + "?" if _END in node else body


def trie_pattern(strings: Iterable[str]) -> str:
    """A pattern (no flags, no anchors) matching exactly the given non-empty strings.

    At any position the longest string that matches there is tried first, so wrapping the
    pattern in boundary assertions still finds the longest acceptable string.
    """
    unique = {s for s in strings if s}
    if not unique:
        return "(?!)"
    long = sorted((s for s in unique if len(s) > TRIE_MAX_LENGTH), key=lambda s: (-len(s), s))
    short = sorted(s for s in unique if len(s) <= TRIE_MAX_LENGTH)
    parts = [re.escape(s) for s in long]
    if short:
        parts.append(_pattern(_build(short)))
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
