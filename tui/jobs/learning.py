"""The training job of the learned suggester: read a database, train, replace the model.

    python -m tui.jobs.learning DB

This is the process that `tui.suggest.learned.retrain.Retrainer` starts in the background. It
opens the database read-only (never taking the writer's lock), gathers its decisions, trains,
and replaces the model beside the database atomically; at a lower priority, so that the
reader's keys keep the CPU; one such training per model at a time (a lock file in the model
folder), a second one exits at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from pathlib import Path


def train_database(db: Path) -> str:
    """Train the model of `db` from its decisions; a one-line summary."""
    from tui.store import Store
    from tui.suggest.learned.model import model_dir, train_into
    from tui.suggest.learned.training import examples_from_store

    store = Store.open(db, write=False)
    try:
        examples = examples_from_store(store)
    finally:
        store.close()
    folder = model_dir(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".training.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return "another training of this model is under way"
        info = train_into(folder, examples)
    if info is None:
        return "nothing to learn from yet: no span of a learned label"
    return (
        f"trained on {info.spans} spans of {info.documents} documents "
        f"({', '.join(info.labels)}) in {info.seconds:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    """The training process: one line on stderr on failure, exit code 1."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tui.jobs.learning DB", file=sys.stderr)
        return 2
    with contextlib.suppress(OSError):
        os.nice(10)
    from tui.errors import SpantagError

    try:
        print(train_database(Path(args[0])))
    except (SpantagError, OSError) as exc:
        print(f"training failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
