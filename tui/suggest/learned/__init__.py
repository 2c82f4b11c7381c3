"""The learned suggester: a CRF over token features, trained from the database's own decisions.

Optional (`pip install 'spantag[learn]'`, which brings python-crfsuite); without it the rules
work alone. tokens.py cuts a text into tokens and sequences, features.py describes each token
(its shape, its neighbours, what the rules say of it), training.py gathers examples from a
database, model.py trains, stores and loads a model beside the database, backend.py suggests
from it, retrain.py retrains it in a background process.
"""

from __future__ import annotations

import importlib.util


def learner_available() -> bool:
    """Whether python-crfsuite can be imported (the `learn` extra is installed)."""
    return importlib.util.find_spec("pycrfsuite") is not None


LEARN_HINT = "learned suggestions off: pip install 'spantag[learn]' to learn from your decisions"
"""What is said, once, when the learner is wanted but its extra is not installed."""
