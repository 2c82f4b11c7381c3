"""merge and split as functions: one write, ids that clash, a deterministic deal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.team_support import make_db
from tui.model import Document
from tui.store import Store
from tui.team.corpus import TeamError
from tui.team.merging import merge
from tui.team.splitting import split

TEXT = "Ana Diaz met Ben Ruiz in Lima."
OTHER = "Eva Soto left Cusco."


def test_merge_is_one_write_and_renames_a_clashing_id(tmp_path: Path) -> None:
    ana = make_db(tmp_path / "ana.json", {"d1": TEXT}, [("d1", 0, 8, "PERSON")])
    ben = make_db(
        tmp_path / "ben.json",
        {"d1": OTHER, "x": TEXT},
        [("d1", 0, 8, "PERSON"), ("x", 25, 29, "PLACE")],
    )
    with Store.open(tmp_path / "dest.json") as dest:
        writes = dest.file_writes
        report = merge([Store.open(ana, write=False), Store.open(ben, write=False)], dest)
        assert dest.file_writes == writes + 1
        # ben's d1 is another text: it becomes d1-2; ben's x is ana's d1 by its text
        assert sorted(dest.documents) == ["d1", "d1-2"]
        assert dest.documents["d1-2"].text == OTHER
        by_doc = {
            d: sorted((a.annotator, a.label) for a in dest.annotations(d)) for d in dest.documents
        }
        assert by_doc == {"d1": [("ana", "PERSON"), ("ben", "PLACE")], "d1-2": [("ben", "PERSON")]}
        assert [r.documents_added for r in report.sources] == [1, 1]
        assert [r.documents_matched for r in report.sources] == [0, 1]
        again = merge([Store.open(ana, write=False)], dest)
        assert again.spans_added == 0 and again.sources[0].spans_skipped == 1
        assert dest.file_writes == writes + 1  # nothing new: nothing written


def test_split_deals_evenly_and_is_deterministic() -> None:
    documents = [Document(id=f"d{i}", text=f"Article number {i}.") for i in range(10)]
    first = split(documents, ["ana", "ben", "cy"], 0.3, seed=4)
    assert first == split(documents, ["ana", "ben", "cy"], 0.3, seed=4)
    assert len(first.shared) == 3
    assert sorted(len(v) for v in first.own.values()) == [2, 2, 3]
    dealt = set(first.shared).union(*first.own.values())
    assert dealt == {d.id for d in documents}
    assert split(documents, ["ana", "ben", "cy"], 0.3, seed=5) != first
    with pytest.raises(TeamError):
        split(documents, ["ana"], -0.1, seed=1)
    assert split(documents, ["ana", "ben"], 1.0, seed=1).own == {"ana": (), "ben": ()}
