"""Suggestions: spans proposed to the annotator, who accepts or rejects them.

Pure domain code, no Textual. Each built-in suggester is a small module returning `Suggestion`s
for a document text: quotes.py (QUOTE), figures.py (FIGURE), names.py (PERSON, PLACE), and
propagation.py (any label, from what has been tagged); spacy_backend.py adds an optional spaCy
pipeline. engine.py combines them; evaluate.py measures them against gold spans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.suggest.base import Suggestion

if TYPE_CHECKING:
    from tui.suggest.engine import suggest

__all__ = ["Suggestion", "suggest"]


def __getattr__(name: str) -> Any:
    # The engine compiles its grammars on import (~80 ms); importing the package must not.
    if name == "suggest":
        from tui.suggest.engine import suggest

        return suggest
    raise AttributeError(name)
