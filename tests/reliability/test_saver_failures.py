"""The single writer never dies: an unexpected error while saving is reported like a full disk
(and logged), the jobs are kept, and the next attempt saves them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.jobs.saver import Saver, SaveState
from tui.model import Annotation, Change, Document
from tui.store import Store


def test_an_unexpected_error_is_reported_and_retried_not_fatal(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(Saver, "RETRY_DELAYS", (0.02, 0.02))
    document = Document(id="d", text="Ana Díaz met Bo Lin.")
    store.add_documents([document])
    real_apply = store.apply
    failures = {"left": 2}

    def flaky_apply(changes: list[Change]) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("a bug in the store")
        real_apply(changes)

    monkeypatch.setattr(store, "apply", flaky_apply)
    states: list[SaveState] = []
    saver = Saver(store, states.append)
    try:
        saver.submit([Change("put", Annotation("d", 0, 8, "PERSON", "Ana Díaz"))])
        assert saver.flush(5), saver.state
        errors = [s.error for s in states if s.error]
        assert len(errors) == 2
        assert errors[0].startswith("could not save: internal error RuntimeError('a bug in the")
        assert "details in" in errors[0]
        assert (tmp_path / "state" / "spantag" / "crash.log").exists()
        assert states[-1].error is None and states[-1].pending == 0
    finally:
        saver.close()
    assert [a.text for a in store.annotations()] == ["Ana Díaz"]
