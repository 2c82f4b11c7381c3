"""The learned model as a suggestion backend: it judges the rules' suggestions and suggests
the labels that no rule covers.

Measured on the tuning set (docs/suggestions.md), a CRF trained on a few documents mostly
finds again what the rules find, and adding its own spans of those labels only adds wrong ones;
what it adds is knowing where this team rejects the rules. So for the rules' labels it vetoes
the suggestions it is nearly sure are wrong (and any string rejected elsewhere and never
tagged with that label), and for any other label (a custom one) it
suggests its own spans. The model is reloaded when a training replaces it; one that cannot be
read is ignored and said once in `problem`.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from tui.suggest.base import Suggestion

VETO = 0.05
"""A rule suggestion the model gives less than this probability is left out (chosen on the
tuning set, docs/suggestions.md)."""
SURE = 0.6
"""Rule suggestions scored at least this are never left out (chosen on the tuning set: the
model is right more often than the rules where the rules themselves are unsure)."""
RULE_LABELS: frozenset[str] = frozenset({"PERSON", "PLACE", "QUOTE", "FIGURE"})
_CACHE = 8


class LearnedSuggester:
    """Suggestions from the model in `folder` (`annotations.model/`), when there is one."""

    def __init__(self, folder: Path, rule_labels: Collection[str] = RULE_LABELS) -> None:
        self.folder = folder
        self.rule_labels = frozenset(rule_labels)
        self.problem: str | None = None
        self._lock = threading.Lock()
        self._signature: tuple[int, int, int] | None = None
        self._model: Any = None
        self._cache: OrderedDict[tuple[str, str], tuple[list[Suggestion], dict[Any, float]]]
        self._cache = OrderedDict()

    def _pointer_signature(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.folder / "current.json")
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def model(self) -> Any:
        """The current model (reloaded when replaced), or None when there is none usable."""
        from tui.suggest.learned.model import DamagedModel, load

        signature = self._pointer_signature()
        with self._lock:
            if signature != self._signature:
                self._signature = signature
                self._model = None
                self._cache.clear()
                if signature is not None:
                    try:
                        self._model = load(self.folder)
                        self.problem = None
                    except FileNotFoundError:
                        pass
                    except DamagedModel as exc:
                        self.problem = f"learned model ignored: {exc}"
            return self._model

    def _predict(self, text: str) -> tuple[list[Suggestion], dict[Any, float]]:
        """The model's own spans and its judgement of the rules' suggestions (cached)."""
        model = self.model()
        if model is None:
            return [], {}
        key = (model.info.file, text)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        from tui.suggest.engine import builtin_suggestions

        # Tagging costs the most: only when the model knows a label that no rule covers.
        own = (
            [s for s in model.suggest(text) if s.label not in self.rule_labels]
            if set(model.info.labels) - self.rule_labels
            else []
        )
        judged = {s.key: p for s, p in model.judge(text, builtin_suggestions(text))}
        with self._lock:
            self._cache[key] = (own, judged)
            while len(self._cache) > _CACHE:
                self._cache.popitem(last=False)
        return own, judged

    def __call__(self, text: str) -> list[Suggestion]:
        """The model's spans of the labels the rules do not cover."""
        return self._predict(text)[0]

    def judge(self, text: str, candidates: Sequence[Suggestion]) -> list[Suggestion]:
        """The candidates, less what was rejected elsewhere and never tagged so, and less the
        rules' suggestions the model is nearly sure are wrong."""
        model = self.model()
        if model is None:
            return list(candidates)
        judged = self._predict(text)[1]
        rejected = model.rejected
        return [
            c
            for c in candidates
            if c.source != "rules"
            or c.score >= SURE
            or (
                (text[c.start : c.end], c.label) not in rejected
                and not 0.0 <= judged.get(c.key, 1.0) < VETO
            )
        ]
