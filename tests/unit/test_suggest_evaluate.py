"""The gold files are consistent, and the built-in suggesters meet their aims against them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.suggest_helpers import GOLD, ROOT, SEED
from tui.suggest.evaluate import Score, evaluate, format_table, gold_files, main, read_gold

FILES = gold_files([GOLD])
DOCUMENTS = [d for path in FILES for d in read_gold(path)]


def test_gold_files_are_valid_native_jsonl() -> None:
    assert len(FILES) == 5
    for document in DOCUMENTS:
        assert document.spans
        keys = [(s.start, -s.end, s.label) for s in document.spans]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
        for span in document.spans:
            assert 0 <= span.start < span.end <= len(document.text)
            assert document.text[span.start : span.end] == span.text
            assert span.text == span.text.strip()
            assert span.label in {"PERSON", "PLACE", "QUOTE", "FIGURE"}
    seed = next(d for d in DOCUMENTS if d.id == "000_786e792f34019fa1")
    assert seed.text == SEED


def test_gold_span_text_mismatch_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    span = {"start": 0, "end": 2, "label": "PLACE", "text": "zz"}
    bad.write_text(json.dumps({"id": "x", "text": "abc", "spans": [span]}) + "\n")
    with pytest.raises(ValueError, match="does not match"):
        read_gold(bad)


def scores_by_label(min_score: float = 0.5) -> dict[str, Score]:
    return {s.label: s for s in evaluate(DOCUMENTS, min_score=min_score)}


def test_aims_of_issue_7_are_met() -> None:
    scores = scores_by_label()
    assert scores["QUOTE"].recall >= 0.95
    assert scores["FIGURE"].recall >= 0.9
    assert scores["FIGURE"].precision >= 0.8
    # Not an aim of the issue, but a guard against regressions of the name heuristics.
    assert scores["PERSON"].f1 >= 0.85
    assert scores["PLACE"].f1 >= 0.85


def test_score_arithmetic_and_table() -> None:
    score = Score("X", 8, 2, 2)
    assert (score.precision, score.recall) == (0.8, 0.8)
    assert abs(score.f1 - 0.8) < 1e-9
    assert Score("X", 0, 0, 0).precision == 1.0
    table = format_table([score])
    assert table.splitlines()[1].split()[:3] == ["X", "0.800", "0.800"]


def test_main_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(GOLD / "000_786e792f34019fa1.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "QUOTE" in out and "precision" in out
    assert main([str(GOLD / "missing.jsonl")]) == 1


def test_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui.suggest.evaluate", "tests/data/gold/", "--min-score", "0"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "5 document(s)" in done.stdout


def test_the_held_out_set_is_kept_apart_and_comes_first(tmp_path: Path) -> None:
    from tui.suggest.evaluate import gold_sets

    sets = gold_sets([GOLD])
    assert [s.name for s in sets] == ["held-out", "tuning"]
    heldout, tuning = sets
    assert all(f.parent.name == "heldout" for f in heldout.files) and len(heldout.files) == 8
    assert all(f.parent == GOLD for f in tuning.files) and len(tuning.files) == 5
    ids = [{d.id for d in s.documents()} for s in sets]
    assert not ids[0] & ids[1]  # no document in both
    # `relations` (another key of the gold lines) is ignored by the reader of gold files.
    assert any(b"relations" in f.read_bytes() for f in heldout.files)
    # The held-out folder named alone is the held-out set; files named one by one, "given";
    # a file named twice (directly and through its folder) is scored once, in its folder's set.
    assert [s.name for s in gold_sets([GOLD / "heldout"])] == ["held-out"]
    one = GOLD / "000_786e792f34019fa1.jsonl"
    assert [(s.name, len(s.files)) for s in gold_sets([GOLD, one])] == [
        ("held-out", 8), ("tuning", 5)
    ]  # fmt: skip
    assert [s.name for s in gold_sets([one])] == ["given"]
    assert gold_sets([tmp_path]) == []


def test_main_prints_the_held_out_set_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(GOLD)]) == 0
    out = capsys.readouterr().out
    assert out.index("held-out set: 8 document(s)") < out.index("tuning set: 5 document(s)")
    assert out.count("precision") == 2
