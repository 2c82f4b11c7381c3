"""Reading article files: decoding, newlines, refusals, ids and titles."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import HARD_ARTICLE, SAMPLES
from tui.text import reading as textio
from tui.text.reading import (
    ArticleError,
    decode_article,
    doc_id_from_path,
    expand_paths,
    normalise_newlines,
    read_article,
    sha256_text,
    title_of,
)


def test_utf8_bom_is_dropped() -> None:
    assert decode_article("\ufeffAna Díaz".encode()) == "Ana Díaz"
    # Only the leading BOM: one inside the text is content.
    assert decode_article(b"\xef\xbb\xbfa\xef\xbb\xbfb") == "a\ufeffb"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"one\r\ntwo\r\n", "one\ntwo\n"),
        (b"one\rtwo\r", "one\ntwo\n"),
        (b"one\r\rtwo", "one\n\ntwo"),
        (b"one\n\r\ntwo\r\n\r", "one\n\ntwo\n\n"),
        (b"tab\there\n", "tab\there\n"),
    ],
)
def test_crlf_and_lone_cr_become_lf(raw: bytes, text: str) -> None:
    assert decode_article(raw) == text


@given(st.text(alphabet=st.sampled_from("ab \r\n\té"), min_size=1))
def test_newline_normalisation_matches_the_rule(text: str) -> None:
    normalised = normalise_newlines(text)
    assert "\r" not in normalised
    assert normalised == text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_accepted(codec: str) -> None:
    text = "Café “東京” 👩‍🔬\r\nline two\n"
    data = text.encode(codec)
    if codec != "utf-16":
        data = "\ufeff".encode(codec) + data
    assert decode_article(data) == "Café “東京” 👩‍🔬\nline two\n"


def test_nul_bytes_are_refused_as_binary() -> None:
    with pytest.raises(ArticleError, match="binary"):
        decode_article(b"PK\x03\x04\x00\x00 zip", "x.txt")
    with pytest.raises(ArticleError, match="binary"):
        decode_article(b"a" * 70000 + b"\x00")  # past the first 64 KiB too
    with pytest.raises(ArticleError, match="binary"):
        decode_article("a\x00b".encode("utf-16"))


@pytest.mark.parametrize("data", [b"caf\xe9 au lait", b"ok \xc3", b"\xff\xfe"[1:] + b"abc"])
def test_invalid_utf8_is_refused_with_the_byte_named(data: bytes) -> None:
    with pytest.raises(ArticleError, match=r"x\.txt: not UTF-8 text \(invalid byte 0x"):
        decode_article(data, "x.txt")


def test_invalid_utf16_is_refused() -> None:
    with pytest.raises(ArticleError, match="not valid UTF-16"):
        decode_article(b"\xff\xfe\x00\xd8")  # a lone high surrogate


@pytest.mark.parametrize(
    "data", [b"", b"   ", b"\n\r\n\t \n", b"\xef\xbb\xbf \n", "\u3000".encode()]
)
def test_empty_or_blank_files_are_refused(data: bytes) -> None:
    with pytest.raises(ArticleError, match="empty"):
        decode_article(data, "blank.txt")


def test_huge_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 300)
    monkeypatch.setattr(textio, "MAX_ARTICLE_BYTES", 1000)
    with pytest.raises(ArticleError, match="larger than"):
        read_article(path)
    path.write_text("word " * 200)
    assert read_article(path).startswith("word")


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="is a folder"):
        read_article(tmp_path)


def test_the_hard_article_keeps_every_code_point_and_only_loses_cr() -> None:
    raw = HARD_ARTICLE.read_bytes()
    assert b"\r\n" in raw, "the sample must keep its CRLF line endings (see .gitattributes)"
    text = read_article(HARD_ARTICLE)
    assert "\r" not in text
    assert text == raw.decode("utf-8").replace("\r\n", "\n")
    assert len(text) == len(raw.decode("utf-8")) - raw.count(b"\r\n")
    # No Unicode normalisation: the decomposed accents stay two code points.
    assert "Rene\u0301e" in text and "Garci\u0301a" in text
    assert "\U0001f469\u200d\U0001f52c" in text  # woman scientist, a ZWJ sequence
    assert "\U0001f44d\U0001f3fd" in text  # thumbs up, medium skin tone
    assert "\t" in text and "山田太郎" in text and "“" in text
    # Offsets are code points: a name after the emoji is found where str indexing says.
    start = text.index("Dr Aiko Tanaka")
    assert text[start : start + 14] == "Dr Aiko Tanaka"
    assert sha256_text(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_every_sample_article_is_readable_and_substantial() -> None:
    files = sorted(SAMPLES.glob("*.txt"))
    assert len(files) >= 4
    for path in files:
        text = read_article(path)
        assert 1500 <= len(text.encode()) <= 6000, path
        assert "“" in text and "”" in text, path


@pytest.mark.parametrize(
    ("name", "doc_id"),
    [
        ("01_port_strike.txt", "01_port_strike"),
        ("Red Mosque (AFP) #2.md", "Red-Mosque-AFP-2"),
        ("reportage-día.txt", "reportage-día"),
        ("...txt", "doc"),
        ("!!!.txt", "doc"),
        (".hidden.txt", "hidden"),
    ],
)
def test_ids_come_from_file_names(name: str, doc_id: str) -> None:
    assert doc_id_from_path(Path("/some/folder") / name) == doc_id


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("\n\n  # Red Mosque siege  \nbody", "Red Mosque siege"),
        ("### \n## Second heading\n", "Second heading"),
        ("Plain first line\nsecond", "Plain first line"),
        ("x" * 150, "x" * 99 + "…"),
        ("   \n\t\n", ""),
    ],
)
def test_titles_are_the_first_non_blank_line(text: str, title: str) -> None:
    assert title_of(text) == title


def test_expand_paths_reads_folders_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "b/1.md", "a.TXT", "c.txt", "notes.pdf", "b/image.png"):
        (tmp_path / name).write_text("text")
    single = tmp_path / "notes.pdf"
    found = expand_paths([tmp_path, single])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.TXT",
        "b/1.md",
        "b/2.txt",
        "c.txt",
        "notes.pdf",  # a file named explicitly is taken whatever its suffix
    ]
    with pytest.raises(ArticleError, match="no such file or folder"):
        expand_paths([tmp_path / "missing"])


def test_expand_paths_skips_hidden_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "description.txt").write_text("junk")
    (tmp_path / ".~lock.article.txt").write_text("junk")
    (tmp_path / "article.txt").write_text("news")
    assert expand_paths([tmp_path]) == [tmp_path / "article.txt"]
