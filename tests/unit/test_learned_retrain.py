"""Retraining in the background: a separate process, at most one at a time, after N decisions
or a document marked done; the session without the learn extra works with the rules alone."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("pycrfsuite")

from tests.unit.test_learned import make_db
from tui.store import Store
from tui.suggest.learned.model import model_dir, read_info
from tui.suggest.learned.retrain import Retrainer


@pytest.mark.slow
def test_retrains_in_a_process_after_n_decisions_one_at_a_time(tmp_path: Path) -> None:
    db, _ = make_db(tmp_path)
    calls: list[str] = []
    retrainer = Retrainer(db, every=3, before_training=lambda: calls.append("flush"))
    retrainer.decided(2)
    assert not retrainer.running  # not yet: 2 of 3
    began = time.monotonic()
    retrainer.decided()  # the third: a training starts, in the background
    assert time.monotonic() - began < 0.1  # the caller (a key) does not wait for it
    retrainer.request()  # asked again while it runs: one more after it, not two at once
    retrainer.request()
    assert retrainer.wait(timeout=120)
    assert retrainer.last_error is None
    assert retrainer.trainings == 2 and calls == ["flush", "flush"]
    assert read_info(model_dir(db)).labels == ("FIGURE",)
    retrainer.close()
    retrainer.request()  # closed: nothing more starts
    assert not retrainer.running


@pytest.mark.slow
def test_a_failed_training_is_reported_not_raised(tmp_path: Path) -> None:
    retrainer = Retrainer(tmp_path / "missing.json", every=1)
    retrainer.document_done()
    assert retrainer.wait(timeout=120)
    assert retrainer.last_error is not None and "no database" in retrainer.last_error


def test_session_without_the_extra_suggests_with_the_rules_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.suggest.learned as learned
    from tui.session import Session

    db, _ = make_db(tmp_path)
    store = Store.open(db)
    try:
        monkeypatch.setattr(learned, "learner_available", lambda: False)
        session = Session(store, ["new"])
        assert session.learner is None and session.learned is None
        assert session.learner_note == learned.LEARN_HINT
        assert session.suggestions is not None and session.suggestions.learner is None
        monkeypatch.undo()
        session = Session(store, ["new"])
        assert session.learner is not None and session.learner_note is None
        assert session.learned in session.suggestions.backends  # type: ignore[union-attr]
        session.set_status("new", "done")  # marking a document done asks for a training
        assert session.learner.wait(timeout=120)
        assert session.learner.trainings == 1 and session.learner.last_error is None
        assert Session(store, ["new"], learn=False).learner is None
    finally:
        store.close()
