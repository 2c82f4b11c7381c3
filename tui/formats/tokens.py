"""Tokens for the Prodigy and spaCy formats: spaCy's English tokenizer, split at span edges.

Both formats need every span to start and end on a token boundary. spaCy's tokenizer is used
as is (spantag does not imitate it: the `spantag[spacy]` extra is required), and a token is
split only where a span starts or ends inside it, so spans always align and tokens elsewhere
are exactly spaCy's. spaCy is imported lazily, on first use.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from tui.formats.common import MissingExtraError
from tui.model import Annotation

if TYPE_CHECKING:
    from spacy.language import Language

SPACY_EXTRA = "spantag[spacy]"


@dataclass(frozen=True, slots=True)
class Token:
    """A token: its code-point offsets and whether one space follows it."""

    start: int
    end: int
    ws: bool


def require_spacy(what: str) -> None:
    """Raise MissingExtraError, naming the extra, unless spaCy can be imported."""
    try:
        import spacy  # noqa: F401
    except ImportError:
        raise MissingExtraError(
            f"{what} needs spaCy, which is not installed: pip install '{SPACY_EXTRA}'"
        ) from None


@functools.cache
def blank_english() -> Language:
    """spaCy's blank English pipeline (tokenizer only), made once per process."""
    require_spacy("tokenising for Prodigy and spaCy")
    import spacy

    nlp = spacy.blank("en")
    nlp.max_length = 2**31 - 1  # only the tokenizer runs; articles are capped elsewhere
    return nlp


def spacy_tokens(text: str) -> list[Token]:
    """spaCy's English tokens of `text`."""
    doc = blank_english().make_doc(text)
    return [Token(t.idx, t.idx + len(t.text), bool(t.whitespace_)) for t in doc]


def split_at(
    tokens: list[Token], starts: Iterable[int], ends: Iterable[int]
) -> tuple[list[Token], int]:
    """Split tokens so that every start begins a token and every end ends one.

    Returns the tokens and how many cuts were made. A start on a token's trailing space, or an
    end just after it, makes that space a token of its own.
    """
    starts, ends = set(starts), set(ends)
    cuts = sorted(starts | ends)
    out: list[Token] = []
    made = 0
    for token in tokens:
        inner = cuts[bisect_right(cuts, token.start) : bisect_left(cuts, token.end)]
        space_cut = token.ws and (token.end in starts or token.end + 1 in ends)
        if not inner and not space_cut:
            out.append(token)
            continue
        out.extend(Token(a, b, False) for a, b in pairwise([token.start, *inner, token.end]))
        if space_cut:
            out.append(Token(token.end, token.end + 1, False))
        elif token.ws:
            out[-1] = Token(out[-1].start, out[-1].end, True)
        made += len(inner) + space_cut
    return out, made


def aligned_tokens(text: str, spans: list[Annotation]) -> tuple[list[Token], int]:
    """spaCy's tokens of `text`, split where needed so that every span aligns to tokens."""
    return split_at(spacy_tokens(text), (s.start for s in spans), (s.end for s in spans))
