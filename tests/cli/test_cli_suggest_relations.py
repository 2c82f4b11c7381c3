"""`spantag suggest --relations`: speakers in batch, written out or accepted with the PERSON spans
they need; `spantag suggest --accept-all` alone leaves relations alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import assert_one_line_error
from tests.conftest import REPO
from tui.store import Store

GOLD = REPO / "tests" / "data" / "gold" / "000_786e792f34019fa1.jsonl"


@pytest.fixture
def db(tmp_path: Path, spantag: Any) -> Path:
    """The seed with its gold spans, no relations, and "Waheed Arshad" left untagged."""
    line = json.loads(GOLD.read_text(encoding="utf-8"))
    line["relations"] = []
    line["spans"] = [s for s in line["spans"] if s["text"] != "Waheed Arshad"]
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    path = tmp_path / "annotations.json"
    assert spantag("import", "--db", path, "--spans", source).code == 0
    return path


def speakers(db: Path) -> list[tuple[str, str, str]]:
    with Store.open(db, write=False) as store:
        by_id = {a.id: a for a in store.annotations()}
        return sorted(
            (by_id[r.head].text[:20], by_id[r.child].text, r.source) for r in store.relations()
        )


def test_accept_all_adds_every_speaker_and_the_missing_person(db: Path, spantag: Any) -> None:
    run = spantag("suggest", "--db", db, "--relations", "--accept-all")
    assert run.code == 0, run.err
    assert run.err_lines == ["spantag: 8 speakers (1 new PERSON spans) in 1 documents accepted"]
    found = speakers(db)
    assert ("“It is a final push ", "Waheed Arshad", "suggestion") in found
    assert len(found) == 8 and {s for _, _, s in found} == {"suggestion"}
    with Store.open(db, write=False) as store:
        (waheed,) = [a for a in store.annotations() if a.text == "Waheed Arshad"]
        assert waheed.source == "suggestion" and waheed.label == "PERSON"
    again = spantag("suggest", "--db", db, "--relations", "--accept-all")
    assert again.err_lines == ["spantag: 0 speakers (0 new PERSON spans) in 1 documents accepted"]


def test_jsonl_out_is_read_back_by_import(db: Path, tmp_path: Path, spantag: Any) -> None:
    before = db.read_bytes()
    out = tmp_path / "speakers.jsonl"
    run = spantag("suggest", "--db", db, "--relations", "-o", out)
    assert run.code == 0 and db.read_bytes() == before  # only read
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [s["text"] for s in line["spans"]] == ["Waheed Arshad"]
    assert line["relations"][0]["reason"] == "told Waheed Arshad"
    imported = spantag("import", "--db", db, "--spans", out)
    assert imported.code == 0, imported.err
    assert imported.err_lines[-1].endswith("; 8 relations added")
    assert len(speakers(db)) == 8


def test_accept_all_without_relations_does_not_touch_relations(db: Path, spantag: Any) -> None:
    assert spantag("suggest", "--db", db, "--accept-all").code == 0
    assert speakers(db) == []


def test_relations_with_store_is_a_usage_error(db: Path, spantag: Any) -> None:
    run = spantag("suggest", "--db", db, "--relations", "--store")
    assert "--relations does not go with --store" in assert_one_line_error(run, 2)
