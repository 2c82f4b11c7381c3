"""Finding text: smart-case literal patterns and the next/previous match from an offset."""

from __future__ import annotations

import re


def compile_search(needle: str) -> re.Pattern[str] | None:
    """A literal pattern; case-insensitive unless the needle has an upper-case letter."""
    if not needle:
        return None
    flags = 0 if any(c.isupper() for c in needle) else re.IGNORECASE
    return re.compile(re.escape(needle), flags)


def find_next(
    pattern: re.Pattern[str], text: str, offset: int
) -> tuple[re.Match[str] | None, bool]:
    """The first match starting after `offset`, wrapping to the top; (match, wrapped)."""
    match = pattern.search(text, offset + 1)
    if match is not None:
        return match, False
    match = pattern.search(text, 0)
    return match, match is not None


def find_previous(
    pattern: re.Pattern[str], text: str, offset: int
) -> tuple[re.Match[str] | None, bool]:
    """The last match starting before `offset`, wrapping to the bottom; (match, wrapped)."""
    match = _last_before(pattern, text, offset)
    if match is not None:
        return match, False
    match = _last_before(pattern, text, len(text) + 1)
    return match, match is not None


def _last_before(pattern: re.Pattern[str], text: str, offset: int) -> re.Match[str] | None:
    window = 4096
    while True:
        low = max(0, offset - window)
        found = None
        for match in pattern.finditer(text, low):
            if match.start() >= offset:
                break
            found = match
        if found is not None or low == 0:
            return found
        window *= 8
