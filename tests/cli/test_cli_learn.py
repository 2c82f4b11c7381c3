"""`spantag learn`: trains beside the database (which it only reads), prints cross-validated
figures over the done documents; `spantag suggest` then uses the model; errors are one line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pycrfsuite")

from tests.unit.test_learned import make_db
from tui.model import Document
from tui.store import Store
from tui.suggest.learned.model import model_dir


def test_learn_trains_beside_the_database_and_never_writes_it(tmp_path: Path, spantag: Any) -> None:
    db, _ = make_db(tmp_path)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    run = spantag("learn", "--db", db)
    assert run.code == 0, run.err
    assert "cross-validation needs 2 documents marked done (1 now)" in run.err
    assert "model " in run.out and "FIGURE" in run.out
    assert (model_dir(db) / "current.json").is_file()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_learn_cross_validates_over_done_documents(tmp_path: Path, spantag: Any) -> None:
    db, text = make_db(tmp_path)
    store = Store.open(db)
    try:  # a second done document, with the same decisions moved along
        from tui.model import Annotation, Change

        store.add_documents([Document(id="copy", text=text + "\n", title="copy")])
        store.apply(
            [Change("put", Annotation("copy", a.start, a.end, a.label, a.text, "a"))
             for a in store.annotations("done")]
        )  # fmt: skip
        store.set_status("copy", "done")
    finally:
        store.close()
    run = spantag("learn", "--db", db, "--folds", "2")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].startswith("cross-validated over 2 done documents (2 folds)")
    assert lines[1].split()[:3] == ["label", "rules", "P"]
    assert any(line.startswith("FIGURE") for line in lines)


def test_suggest_uses_the_model_and_learn_errors_are_one_line(
    tmp_path: Path, spantag: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = make_db(tmp_path)
    plain = spantag("suggest", "--db", db, "--doc", "new", "--min-score", "0")
    assert plain.code == 0
    assert spantag("learn", "--db", db, "--no-cv").code == 0
    learned = spantag("suggest", "--db", db, "--doc", "new", "--min-score", "0")
    assert learned.code == 0

    def spans(out: str) -> set[tuple[int, str]]:
        return {(s["start"], s["text"]) for s in json.loads(out)["spans"]}

    # The new document's "1995" was rejected in the done one (and never tagged): left out.
    assert (3, "1995") in spans(plain.out) and (3, "1995") not in spans(learned.out)
    ignored = spantag("suggest", "--db", db, "--doc", "new", "--min-score", "0", "--no-learned")
    assert spans(ignored.out) == spans(plain.out)
    # A damaged model: said in one line, the rules work alone.
    (model_dir(db) / "current.json").write_text("{broken")
    damaged = spantag("suggest", "--db", db, "--doc", "new", "--min-score", "0")
    assert damaged.code == 0 and spans(damaged.out) == spans(plain.out)
    assert "learned model ignored" in damaged.err
    # Without the extra: `learn` stops with one line; `suggest` says it once and goes on.
    import tui.suggest.learned as learned_module

    monkeypatch.setattr(learned_module, "learner_available", lambda: False)
    missing = spantag("learn", "--db", db)
    assert missing.code == 1 and missing.err_lines == [
        "spantag: spantag learn needs the learner: pip install 'spantag[learn]'"
    ]
    assert spantag("learn", "--db", tmp_path / "none.json").code == 1
    monkeypatch.undo()
    assert spantag("learn", "--db", tmp_path / "none.json").err.count("\n") == 1
