"""What the CRF sees of each token: its form, its neighbours, the cue lists and the rules' view.

The rules' own suggestions are features too ("the rules say B-PLACE here, scored 0.9"), so a
model trained on a few documents starts from what the rules know and learns where this team's
conventions differ from them (a rejected kind of suggestion, a name the rules do not find).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from tui.suggest.base import Suggestion
from tui.suggest.gazetteer import is_place_name
from tui.suggest.learned.tokens import Token
from tui.suggest.name_cues import (
    DEMONYMS,
    NOT_NAMES,
    PLACE_NOUNS,
    PLACE_WORDS,
    ROLES,
    SPEECH_VERBS,
    TITLES,
)

Features = dict[str, str | float]


def shape(word: str) -> str:
    """The word's shape with runs collapsed: "Putin" Xx, "1,000" d,d, "ten-storey" x-x."""
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:8]


def _own(token: Token, initial: bool) -> Features:
    word = token.text
    lower = word.lower()
    bare = word.rstrip(".")
    digits = any(ch.isdigit() for ch in word)
    # A number's own digits say little ("1985" is a year as "1990" is): its shape and length do.
    f: Features = {
        "bias": 1.0,
        "w": f"<{shape(word)}:{len(word)}>" if digits else lower,
        "shape": shape(word),
    }
    if not digits:
        f["suf3"] = lower[-3:]
        f["pre3"] = lower[:3]
    if word[:1].isupper():
        f["cap"] = 1.0
        if initial:
            f["cap_initial"] = 1.0
    if word.isupper() and len(word) > 1:
        f["upper"] = 1.0
    if digits:
        f["digit"] = 1.0
    if bare in TITLES:
        f["title"] = 1.0
    if lower in ROLES:
        f["role"] = 1.0
    if lower in SPEECH_VERBS:
        f["speech"] = 1.0
    if word in PLACE_WORDS:
        f["place_word"] = 1.0
    if lower in PLACE_NOUNS:
        f["place_noun"] = 1.0
    if word in DEMONYMS:
        f["demonym"] = 1.0
    if word in NOT_NAMES:
        f["not_name"] = 1.0
    if word[:1].isupper() and is_place_name(word):
        f["gazetteer"] = 1.0
    return f


def _rule_tags(tokens: Sequence[Token], rules: Sequence[Suggestion]) -> list[list[str]]:
    """For each token, the rules' tags over it ("B-PLACE:9", "I-PERSON:5", "QUOTE")."""
    tags: list[list[str]] = [[] for _ in tokens]
    if not rules or not tokens:
        return tags
    starts = [t.start for t in tokens]
    for s in rules:
        i = bisect.bisect_left(starts, s.start)
        first = True
        while i < len(tokens) and tokens[i].end <= s.end:
            if s.label == "QUOTE":
                tags[i].append("QUOTE")
            elif tokens[i].start >= s.start:
                prefix = "B" if first and tokens[i].start == s.start else "I"
                tags[i].append(f"{prefix}-{s.label}:{int(s.score * 10)}")
                first = False
            i += 1
    return tags


def sequence_features(
    text: str, tokens: Sequence[Token], rules: Sequence[Suggestion]
) -> list[Features]:
    """The features of each token of one sequence, with those of its neighbours."""
    own = []
    for i, token in enumerate(tokens):
        initial = i == 0 or tokens[i - 1].text in {".", "!", "?", "“", '"', ":"}
        own.append(_own(token, initial))
    tags = _rule_tags(tokens, rules)
    out: list[Features] = []
    for i, token in enumerate(tokens):
        f = dict(own[i])
        for tag in tags[i]:
            f[f"rule={tag}"] = 1.0
            f[f"rule={tag.split(':')[0]}"] = 1.0
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if not 0 <= j < len(tokens):
                f[f"{offset}:edge"] = 1.0
                continue
            other = own[j]
            f[f"{offset}:w"] = other["w"]
            f[f"{offset}:shape"] = other["shape"]
            for key in ("cap", "title", "role", "speech", "place_noun", "demonym", "gazetteer"):
                if key in other:
                    f[f"{offset}:{key}"] = 1.0
            if abs(offset) == 1:
                for tag in tags[j]:
                    f[f"{offset}:rule={tag.split(':')[0]}"] = 1.0
        if i + 1 < len(tokens) and tokens[i + 1].start == token.end:
            f["glued_right"] = 1.0
        out.append(f)
    return out
