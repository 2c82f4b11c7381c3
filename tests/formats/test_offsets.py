"""UTF-16 code units versus code points."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.formats.offsets import Utf16Offsets


def test_ascii_and_bmp_text_needs_no_conversion() -> None:
    offsets = Utf16Offsets("Ana Díaz “quoted” ✅")
    assert offsets.identical
    assert offsets.to_utf16(7) == 7 and offsets.to_codepoints(7) == 7


def test_offsets_after_an_emoji_differ_by_one_per_emoji() -> None:
    text = "🇵🇰 Ana 🎉 Díaz"
    offsets = Utf16Offsets(text)
    assert not offsets.identical
    assert offsets.to_utf16(text.index("Ana")) == text.index("Ana") + 2
    assert offsets.to_utf16(text.index("Díaz")) == text.index("Díaz") + 3
    assert offsets.to_codepoints(5) == 3  # "Ana" in UTF-16 units
    assert offsets.to_codepoints(1) is None  # inside the first flag letter
    assert offsets.to_codepoints(3) is None  # inside the second
    assert offsets.to_codepoints(2) == 1


@given(st.text(st.sampled_from(["a", "é", "\n", "🎉", "𝐀", "中"]), max_size=30))
def test_conversion_agrees_with_utf16_encoding_and_inverts(text: str) -> None:
    offsets = Utf16Offsets(text)
    for index in range(len(text) + 1):
        units = len(text[:index].encode("utf-16-le")) // 2
        assert offsets.to_utf16(index) == units
        assert offsets.to_codepoints(units) == index
    inside = {
        len(text[:i].encode("utf-16-le")) // 2 + 1 for i, ch in enumerate(text) if ord(ch) > 0xFFFF
    }
    for unit in inside:
        assert offsets.to_codepoints(unit) is None
