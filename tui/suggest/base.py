"""What every suggester returns: a proposed span with a label, a confidence and a reason."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from tui.model import Extent, SpanKey


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A span the annotator may accept or reject; never an annotation until accepted.

    `score` is in [0, 1]: how likely the suggester thinks the span is right (a year or a date
    suggested as FIGURE scores lower than "1,200"). `reason` says why, in a few words, for the
    reader's status line ("paired quotation marks", "tagged PERSON elsewhere"). `source` says
    which suggester made it: "rules" (the built-in ones), "learned" (the model trained on this
    database), "spacy", "import" (a stored pre-annotation).
    """

    start: int
    end: int
    label: str
    score: float
    reason: str
    source: str = "rules"

    @property
    def key(self) -> SpanKey:
        """(start, end, label): the identity of the span, as for annotations."""
        return (self.start, self.end, self.label)


class SpanLike(Extent, Protocol):
    """An existing span: an Annotation, or anything with these four attributes."""

    @property
    def text(self) -> str: ...


Suggester = Callable[[str], Iterable[Suggestion]]
"""A suggester that needs only the document text (quotes, figures, names, spaCy)."""

Judge = Callable[[str, Sequence[Suggestion]], list[Suggestion]]
"""What a backend's optional `judge` method is: the candidates for a text it keeps."""
