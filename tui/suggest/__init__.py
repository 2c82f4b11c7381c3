"""Suggestions: spans proposed to the annotator, who accepts or rejects them (issue #7).

Pure domain code, no Textual. Each built-in suggester is a small module returning `Suggestion`s
for a document text: quotes.py (QUOTE), figures.py (FIGURE), names.py (PERSON, PLACE), and
propagation.py (any label, from what has been tagged); spacy_backend.py adds an optional spaCy
pipeline. engine.py combines them; evaluate.py measures them against gold spans.
"""

from __future__ import annotations

from tui.suggest.base import Suggestion
from tui.suggest.engine import suggest

__all__ = ["Suggestion", "suggest"]
