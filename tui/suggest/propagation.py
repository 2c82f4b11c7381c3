"""Propagation: every other occurrence of a string the annotator has already tagged.

If "Ghazi" was tagged PERSON once (in this document or another), each other whole-word,
case-sensitive "Ghazi" is suggested as PERSON. All tagged strings go into one trie-shaped
regular expression (tui/text/trie_regex.py), compiled once per set of strings and cached, so one
pass over the text finds them all, the longest first ("Pervez Musharraf" rather than "Musharraf"
inside it). "Whole word" is word_at's notion: not glued to a letter or digit, nor joined by a
hyphen or apostrophe ("Taliban" is not found in "pro-Taliban"), but a possessive may follow
("Musharraf" is found in "Musharraf's").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from tui.document.span_index import SpanIndex
from tui.suggest.base import SpanLike, Suggestion
from tui.text.trie_regex import trie_pattern

_BEFORE = r"(?<!\w)(?<!\w[-\u2010\u2011'\u2019])"
_AFTER = r"(?=['\u2019][sS](?!\w)|(?!\w|[-\u2010\u2011'\u2019]\w))"
_TOP_SCORE = 0.9


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The tagged strings of a corpus: for each, how many times it was tagged with each label."""

    counts: Mapping[str, Mapping[str, int]]
    base: frozenset[str] | None = None
    """Strings whose matcher is compiled once and kept (a session's starting lexicon): only
    strings tagged since get a new, small matcher, instead of recompiling one over thousands
    of names after every tag. Matches of strings no longer in `counts` are ignored."""

    @classmethod
    def build(
        cls,
        annotations_by_doc: Mapping[str, Iterable[SpanLike]],
        labels: Collection[str] | None = None,
    ) -> Lexicon:
        """Count the (text, label) pairs of every annotation, optionally of some labels only."""
        counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for spans in annotations_by_doc.values():
            for span in spans:
                if (labels is None or span.label in labels) and span.text.strip():
                    counts[span.text][span.label] += 1
        return cls(counts)

    def __bool__(self) -> bool:
        return bool(self.counts)


@lru_cache(maxsize=8)
def _compiled(strings: frozenset[str]) -> re.Pattern[str]:
    return re.compile(_BEFORE + "(?:" + trie_pattern(strings) + ")" + _AFTER)


def matcher(strings: Iterable[str]) -> re.Pattern[str]:
    """One compiled pattern finding any of `strings` as a whole word, longest first (cached)."""
    return _compiled(frozenset(strings))


def _matches(text: str, lexicon: Lexicon) -> Iterator[re.Match[str]]:
    if lexicon.base is None:
        yield from matcher(lexicon.counts).finditer(text)
        return
    if lexicon.base:
        yield from matcher(lexicon.base).finditer(text)
    added = [string for string in lexicon.counts if string not in lexicon.base]
    if added:
        yield from matcher(added).finditer(text)


def suggest_propagated(
    text: str, lexicon: Lexicon, existing: Iterable[SpanLike] = ()
) -> list[Suggestion]:
    """Each whole-word occurrence in `text` of a tagged string, with the label(s) it was given.

    A string tagged with several labels is suggested with each, scored by the share of its tags
    that label has. An occurrence is left out when the document already has a span with exactly
    that extent (whatever its label: the annotator has decided there), or a span of the same
    label overlapping it (the annotator tagged that place otherwise).
    """
    if not lexicon:
        return []
    existing = list(existing)
    extents = {(s.start, s.end) for s in existing}
    by_label: dict[str, SpanIndex[SpanLike]] = {
        label: SpanIndex(s for s in existing if s.label == label)
        for label in {s.label for s in existing}
    }
    out: list[Suggestion] = []
    for match in _matches(text, lexicon):
        start, end = match.span()
        if (start, end) in extents:
            continue
        counts = lexicon.counts.get(match.group())
        if not counts:
            continue
        total = sum(counts.values())
        for label, count in counts.items():
            same_label = by_label.get(label)
            if same_label is not None and same_label.overlapping(start, end):
                continue
            times = "once" if count == 1 else f"{count} times"
            out.append(
                Suggestion(
                    start,
                    end,
                    label,
                    round(_TOP_SCORE * count / total, 2),
                    f"tagged {label} {times}",
                )
            )
    return out
