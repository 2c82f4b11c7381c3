"""The real reader typing random keys until it is killed, for the crash tests.

    python -m tests.support.app_crash_driver DB LOG SEED

The SpantagApp of `spantag --db DB` runs headless; random keys (moves, selections, the label
keys, remove, undo, redo, next/previous annotation and document, done/skip) arrive through the
driver's event queue as a fast typist's would. Its saver's submissions and reports are logged in
the format of tests/support/crash_driver.py, with the state computed from the reader's own session.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import unicodedata
from pathlib import Path
from typing import Any

from textual import events

from tests.support.crash_driver import Log, state_hash
from tui.app import SpantagApp
from tui.db.records import annotation_record
from tui.jobs.saver import SaveState
from tui.model import AnyChange, Status
from tui.session import Session
from tui.store import Store

KEYS = (
    ["w", "w", "b", "right", "left", "down", "up", "pagedown", "home", "end"]
    + ["p", "l", "q", "f", "1", "2", "3", "4"] * 3
    + ["x", "x", "u", "u", "U", "right_square_bracket", "left_square_bracket"]
    + ["v", "shift+right", "shift+right", "escape"]
    + ["greater_than_sign", "less_than_sign", "d", "s"]
)
CHARACTERS = {"right_square_bracket": "]", "left_square_bracket": "[", "greater_than_sign": ">"}
CHARACTERS["less_than_sign"] = "<"


class LoggedApp(SpantagApp):
    """The reader, logging what its saver is given and reports."""

    def __init__(self, store: Store, session: Session, log: Log) -> None:
        super().__init__(store, session)
        self.crash_log = log
        saver = self.saver
        submit, submit_status = saver.submit, saver.submit_status

        def logged_submit(changes: list[AnyChange]) -> int:
            self._log_submission(len(changes))
            return submit(changes)

        def logged_status(doc_id: str, status: Status) -> int:
            self._log_submission(1)
            return submit_status(doc_id, status)

        saver.submit = logged_submit  # type: ignore[method-assign]
        saver.submit_status = logged_status  # type: ignore[method-assign]

    def state(self) -> str:
        """The state of the reader's session: what the database should hold once saved."""
        session = self.session
        records: list[Any] = []
        for doc_id in session.documents:
            loaded = session._loaded.get(doc_id)
            if loaded is not None:
                records += [annotation_record(a) for a in loaded.spans]
            else:
                records += session._stored.get(doc_id, [])
        return state_hash(records, {d: doc.status for d, doc in session.documents.items()})

    def _log_submission(self, changes: int) -> None:
        self.crash_log(f"sub {self.saver.state.submitted + 1} {self.state()} {changes}")

    def _save_state_changed(self, state: SaveState) -> None:
        self.crash_log(f"error {state.error}" if state.error else f"saved {state.saved}")
        super()._save_state_changed(state)


async def drive(app: LoggedApp, rng: random.Random) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.crash_log(f"start {app.state()}")
        os.write(1, b"ready\n")  # print() goes to Textual inside run_test
        driver = app._driver
        assert driver is not None
        while True:
            key = rng.choice(KEYS)
            char = CHARACTERS.get(key) or (key if len(key) == 1 else None)
            if key == "escape":
                char = unicodedata.lookup("ESCAPE")
            driver.send_message(events.Key(key, char))
            await asyncio.sleep(rng.uniform(0, 0.01))


def main() -> int:
    db, log_path, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    store = Store.open(db)
    session = Session(store, list(store.documents), annotator="crash")
    asyncio.run(drive(LoggedApp(store, session, Log(log_path)), random.Random(seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
