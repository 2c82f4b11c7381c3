"""Extents under the cursor: the word, the figure or the quotation a label key applies to.

Pure functions on the frozen document text (no Textual). Offsets are Python str indices (code
points), start inclusive, end exclusive, so `text[start:end]` is the span text. Used by the
reader when a label key is pressed with no selection, and by the suggesters (tui/suggest/),
which enumerate the same figures and quotations with `figures_in` and `quotes_in`.

The rules live in tui/text/grammar/ (words.py, figures.py, quotes.py), one file each; this module is
the public face.
"""

from __future__ import annotations

from tui.text.grammar.figures import (
    FigureKind,
    FigureMatch,
    figure_at,
    figure_match_at,
    figures_in,
    iter_figures,
)
from tui.text.grammar.quotes import (
    CLOSING_MARKS,
    OPENING_MARKS,
    QuoteMatch,
    iter_quotes,
    quote_at,
    quote_match_at,
    quotes_in,
)
from tui.text.grammar.words import word_at

__all__ = [
    "CLOSING_MARKS",
    "OPENING_MARKS",
    "FigureKind",
    "FigureMatch",
    "QuoteMatch",
    "figure_at",
    "figure_match_at",
    "figures_in",
    "iter_figures",
    "iter_quotes",
    "quote_at",
    "quote_match_at",
    "quotes_in",
    "word_at",
]
