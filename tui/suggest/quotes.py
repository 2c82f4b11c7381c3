"""QUOTE suggestions: paired quotation marks, marks included, multi-paragraph quotes as one span."""

from __future__ import annotations

from tui.suggest.base import Suggestion
from tui.text.extents import iter_quotes

LABEL = "QUOTE"
_SCORES = {"curly": 0.95, "low9": 0.95, "guillemet": 0.95, "straight": 0.85}
_OTHER_SCORE = 0.7  # the rarer »…« and ”…” conventions are likelier to be stray marks


def suggest_quotes(text: str, label: str = LABEL) -> list[Suggestion]:
    """Every quotation of `text` (see tui/text/grammar/quotes.py for the pairing rules)."""
    out = []
    for quote in iter_quotes(text):
        score = _SCORES.get(quote.kind, _OTHER_SCORE)
        reason = "paired quotation marks"
        if quote.paragraphs > 1:
            reason = f"quotation over {quote.paragraphs} paragraphs"
            score -= 0.05
        if quote.end - quote.start <= 3:  # “”, “x”: marks around almost nothing
            score = min(score, 0.3)
        out.append(Suggestion(quote.start, quote.end, label, round(score, 2), reason))
    return out
