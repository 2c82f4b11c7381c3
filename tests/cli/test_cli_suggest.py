"""`spantag suggest`: JSONL out (read back by `import --spans --as-suggestions`), --accept-all,
--store, --label, --doc, --min-score, --model; errors are one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import assert_one_line_error
from tests.conftest import SEEDS
from tui.db.suggestions import suggestion_record
from tui.store import Store
from tui.suggest.engine import suggest

SEED = SEEDS / "000_786e792f34019fa1.txt"
DOC = "000_786e792f34019fa1"


@pytest.fixture
def db(tmp_path: Path, spantag: Any) -> Path:
    path = tmp_path / "annotations.json"
    assert spantag("import", SEED, "--db", path).code == 0
    return path


def table(db: Path, name: str) -> list[dict[str, Any]]:
    data = json.loads(db.read_text(encoding="utf-8"))
    return list(data.get(name, {}).values())


def keys(records: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    return sorted((r["start"], r["end"], r["label"]) for r in records)


def expected(min_score: float = 0.5, labels: list[str] | None = None) -> list[tuple[int, int, str]]:
    text = SEED.read_text(encoding="utf-8")
    return sorted(s.key for s in suggest(text, DOC, {}, labels=labels, min_score=min_score))


def test_jsonl_out_round_trips_through_import_as_suggestions(
    tmp_path: Path, db: Path, spantag: Any
) -> None:
    out = tmp_path / "suggested.jsonl"
    run = spantag("suggest", "--db", db, "-o", out)
    assert run.code == 0 and run.out == ""
    assert run.err_lines[-1].startswith(f"spantag: {len(expected())} suggestions for 1 documents")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [DOC]
    spans = lines[0]["spans"]
    assert keys(spans) == expected()
    text = SEED.read_text(encoding="utf-8")
    for span in spans:
        assert span["text"] == text[span["start"] : span["end"]]
        assert 0.5 <= span["score"] <= 1 and span["reason"]
    assert table(db, "annotations") == [] and table(db, "suggestions") == []

    run = spantag("import", "--db", db, "--spans", out, "--as-suggestions")
    assert run.code == 0
    assert f"{len(spans)} suggestions stored" in run.err
    stored = table(db, "suggestions")
    assert keys(stored) == keys(spans)
    assert {r["status"] for r in stored} == {"pending"}
    scores = {(s["start"], s["end"], s["label"]): s["score"] for s in spans}
    assert all(r["score"] == scores[(r["start"], r["end"], r["label"])] for r in stored)
    assert table(db, "annotations") == []


def test_jsonl_goes_to_stdout_by_default(db: Path, spantag: Any) -> None:
    run = spantag("suggest", "--db", db)
    assert run.code == 0
    (line,) = run.out.splitlines()
    assert keys(json.loads(line)["spans"]) == expected()
    assert "Traceback" not in run.err


def test_accept_all_adds_annotations_with_source_suggestion(db: Path, spantag: Any) -> None:
    run = spantag("suggest", "--db", db, "--accept-all", "--annotator", "ana")
    assert run.code == 0
    assert f"{len(expected())} suggestions accepted as annotations" in run.err
    records = table(db, "annotations")
    assert keys(records) == expected()
    assert {(r["source"], r["annotator"]) for r in records} == {("suggestion", "ana")}
    # Done: a second run finds nothing new (what is tagged is not suggested again).
    again = spantag("suggest", "--db", db, "--accept-all")
    assert again.code == 0 and "0 suggestions accepted" in again.err
    assert len(table(db, "annotations")) == len(records)


def test_store_keeps_pending_suggestions_that_accept_all_then_settles(
    db: Path, spantag: Any
) -> None:
    assert spantag("suggest", "--db", db, "--store", "--label", "FIGURE").code == 0
    pending = table(db, "suggestions")
    assert keys(pending) == expected(labels=["FIGURE"])
    assert {(r["status"], r["source"]) for r in pending} == {("pending", "spantag suggest")}
    assert table(db, "annotations") == []
    assert spantag("suggest", "--db", db, "--accept-all", "--label", "FIGURE").code == 0
    assert keys(table(db, "annotations")) == keys(pending)
    assert table(db, "suggestions") == []  # accepted: no longer pending


def test_label_limits_the_labels(tmp_path: Path, db: Path, spantag: Any) -> None:
    out = tmp_path / "out.jsonl"
    run = spantag("suggest", "--db", db, "--label", "QUOTE", "--label", "PERSON", "-o", out)
    assert run.code == 0
    spans = json.loads(out.read_text(encoding="utf-8"))["spans"]
    assert {s["label"] for s in spans} == {"QUOTE", "PERSON"}
    assert keys(spans) == expected(labels=["QUOTE", "PERSON"])
    assert "PLACE" not in run.err_lines[-1]


def test_min_score_and_rejections(tmp_path: Path, db: Path, spantag: Any) -> None:
    out = tmp_path / "out.jsonl"
    assert spantag("suggest", "--db", db, "--min-score", "0", "-o", out).code == 0
    everything = json.loads(out.read_text(encoding="utf-8"))["spans"]
    low = [s for s in everything if s["score"] < 0.5]
    assert {s["text"] for s in low} >= {"July 3", "2001"}  # dates and years: low scores
    assert keys(everything) == expected(min_score=0)
    # A rejected suggestion is not suggested again.
    first = everything[0]
    with Store.open(db) as store:
        document = store.documents[DOC]
        key = (first["start"], first["end"], first["label"])
        store.put_suggestions([suggestion_record(document, *key, "rejected")])
    assert spantag("suggest", "--db", db, "-o", out).code == 0
    spans = json.loads(out.read_text(encoding="utf-8"))["spans"]
    assert keys(spans) == [k for k in expected() if k != key]


def test_unknown_document_is_a_one_line_error(db: Path, spantag: Any) -> None:
    before = db.read_bytes()
    run = spantag("suggest", "--db", db, "--doc", "nope", "--accept-all")
    assert "no document 'nope'" in assert_one_line_error(run)
    assert db.read_bytes() == before
    assert spantag("suggest", "--db", db, "--doc", DOC).code == 0


def test_output_with_accept_all_is_a_usage_error(tmp_path: Path, db: Path, spantag: Any) -> None:
    run = spantag("suggest", "--db", db, "--accept-all", "-o", tmp_path / "x.jsonl")
    assert_one_line_error(run)
    assert table(db, "annotations") == []


def test_model_without_spacy_is_a_one_line_error(
    db: Path, spantag: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.suggest.spacy_backend.spacy_available", lambda: False)
    run = spantag("suggest", "--db", db, "--model", "en_core_web_sm")
    assert "spantag[spacy]" in assert_one_line_error(run)


def test_missing_model_is_a_one_line_error(db: Path, spantag: Any) -> None:
    pytest.importorskip("spacy")
    before = db.read_bytes()
    run = spantag("suggest", "--db", db, "--model", "no_such_pipeline_xx", "--accept-all")
    assert "cannot load spaCy model 'no_such_pipeline_xx'" in assert_one_line_error(run)
    assert db.read_bytes() == before
