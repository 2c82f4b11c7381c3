"""Issue #7's aim: suggestions save at least half the key presses of a full annotation.

The scripted annotator (tests/support/keypress_annotator.py) annotates gold documents in the real
reader twice, without and with suggestions, and the database must then hold exactly the gold
spans. Two documents by default (the seed and the sample with the most spans), to keep the suite
fast; SPANTAG_KEYPRESS_ALL=1 runs all five, as `make eval` does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.keypress_annotator import count_keys, format_counts, load_gold, quick_pilot

pytestmark = pytest.mark.slow  # types every gold article through the reader twice

DEFAULT_DOCUMENTS = ("000_786e792f34019fa1", "02_drought_kenya_maize")


@pytest.fixture
def _quick() -> Iterator[None]:
    with quick_pilot():
        yield


@pytest.mark.usefixtures("_quick")
async def test_suggestions_save_at_least_half_the_key_presses() -> None:
    documents = load_gold()
    if not os.environ.get("SPANTAG_KEYPRESS_ALL"):
        documents = [d for d in documents if d.id in DEFAULT_DOCUMENTS]
    assert documents
    counts = [await count_keys(d) for d in documents]  # each run checks the database = gold
    without = sum(c.without.keys for c in counts)
    with_suggestions = sum(c.with_suggestions.keys for c in counts)
    print(format_counts(counts))
    for count in counts:
        # Every gold span is tagged with at least its label key (or Enter) either way.
        assert count.with_suggestions.keys >= count.spans
        assert count.without.keys > count.spans
    assert with_suggestions <= without / 2, format_counts(counts)
