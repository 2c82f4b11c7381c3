"""Offsets in UTF-16 code units (what JavaScript tools count) versus code points (Python).

A character outside the Basic Multilingual Plane (most emoji, some CJK) is one code point but
two UTF-16 code units, so every offset after it differs by one per such character.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Converts offsets into one text between code points and UTF-16 code units."""

    def __init__(self, text: str) -> None:
        astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        self._astral = astral
        # UTF-16 offset just past the surrogate pair of the k-th astral character.
        self._pair_ends = [index + k + 2 for k, index in enumerate(astral)]

    @property
    def identical(self) -> bool:
        """True when both units agree everywhere (no character outside the BMP)."""
        return not self._astral

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of a code-point offset."""
        return offset + bisect_left(self._astral, offset)

    def to_codepoints(self, offset: int) -> int | None:
        """The code-point offset of a UTF-16 offset; None if it falls inside a surrogate pair."""
        k = bisect_right(self._pair_ends, offset)
        if k < len(self._astral) and offset == self._astral[k] + k + 1:
            return None
        return offset - k
