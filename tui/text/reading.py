"""Reading article files into frozen text: decoding, newline normalisation, ids and titles.

docs/contracts.md: a file is decoded as UTF-8 (a BOM dropped), its line endings become `\\n`, and no
Unicode normalisation is applied, since that would shift the offsets of spans made elsewhere.
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

from tui.errors import SpantagError

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
"""Larger files are refused: the database is rewritten whole on every save (docs/performance.md)."""

_NEWLINES = re.compile(r"\r\n?")
_ID_UNSAFE = re.compile(r"[^\w.\-]+")


class ArticleError(SpantagError):
    """An article file that cannot be read as text."""


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF; nothing else changes."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def _looks_like_utf16(data: bytes) -> bool:
    """Mostly-ASCII UTF-16 without a BOM: every other byte of the start is NUL."""
    head = data[:4096]
    half = len(head) // 2
    return half >= 2 and max(head[0::2].count(0), head[1::2].count(0)) >= half * 0.9


def decode_article(data: bytes, name: str = "<input>") -> str:
    """Decode the bytes of an article file into the text that offsets refer to."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A UTF-16 file announces itself unambiguously with its BOM; decoding it beats refusing it.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(f"{name}: not valid UTF-16 text ({exc.reason})") from None
    else:
        if b"\x00" in data[:65536] or b"\x00" in data:
            if _looks_like_utf16(data):
                raise ArticleError(
                    f"{name}: binary file (contains NUL bytes), or UTF-16 text without a "
                    "byte-order mark; save it as UTF-8"
                )
            raise ArticleError(f"{name}: binary file (contains NUL bytes), not an article")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ArticleError(
                f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at byte "
                f"{exc.start}); convert it to UTF-8 first"
            ) from None
    if "\x00" in text:
        raise ArticleError(f"{name}: binary file (contains NUL characters), not an article")
    text = normalise_newlines(text)
    if not text.strip():
        raise ArticleError(f"{name}: empty file, nothing to annotate")
    return text


def read_article(path: Path) -> str:
    """Read one article file, refusing missing, huge, binary, undecodable or empty files."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            # A pipe would block the read forever and a device (/dev/zero) never end.
            raise ArticleError(f"{path}: not a regular file (a pipe, device or socket)")
        size = info.st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(
                f"{path}: {size / 1e6:.0f} MB is larger than the {MAX_ARTICLE_BYTES // 2**20} MiB "
                "limit for one article; split it into several files"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ArticleError(f"{path}: is a folder, expected a file") from None
    except PermissionError:
        raise ArticleError(f"{path}: permission denied") from None
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror})") from None
    return decode_article(data, str(path))


def sha256_text(text: str) -> str:
    """The SHA-256 of the text's UTF-8 bytes, as stored with every document."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def storable(text: str) -> str:
    """`text` without lone surrogates, which JSON cannot hold: Python decodes bytes that are not
    UTF-8 in file names, arguments and environment variables into them; each becomes U+FFFD."""
    if text.isascii():
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def doc_id_from_path(path: Path) -> str:
    """A stable document id from a file name: its stem, with unsafe characters replaced."""
    stem = _ID_UNSAFE.sub("-", path.stem).strip("-.")
    return stem or "doc"


def title_of(text: str, limit: int = 100) -> str:
    """The first non-blank line, without Markdown heading marks, cut to `limit` characters."""
    for line in text.split("\n", 50):
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders as their (non-hidden) .txt/.md files in sorted order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in ARTICLE_SUFFIXES
                # Hidden files and folders (.git, editor locks) are not articles.
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.is_file()
            )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise ArticleError(f"{path}: no such file or folder")
    return files
