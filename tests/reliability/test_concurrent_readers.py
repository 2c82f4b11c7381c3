"""Another program reading the database in a tight loop while spantag writes thousands of changes
never finds invalid JSON or a half state, and never sees time go backwards.

The writer is tests/support/crash_driver.py (the real Store and Saver) making
SPANTAG_READER_OPS edits (default 3,000) as fast as it can; this process reads the file
meanwhile, as any program would
(plain reads and parses, and every 20th read through TinyDB as docs/schema.md shows). Every read
must parse and be one of the states the writer logged, in an order consistent with the log.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from tests.conftest import REPO, SAMPLES
from tests.reliability.test_crash_safety import Run
from tests.support.crash_driver import file_state
from tui import SCHEMA
from tui.jobs.importer import import_files
from tui.store import Store

pytestmark = pytest.mark.slow  # a reader process in a tight loop against a writer

OPS = int(os.environ.get("SPANTAG_READER_OPS", "3000"))


def test_a_reader_in_a_tight_loop_only_ever_sees_whole_acknowledged_states(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.json"
    with Store.open(db) as store:
        import_files(store, sorted(SAMPLES.glob("*.txt")))
    log = tmp_path / "writer.log"
    argv = [sys.executable, "-m", "tests.support.crash_driver", str(db), str(log), "7"]
    writer = subprocess.Popen(
        [*argv, "--ops", str(OPS), "--pause", "0.0005"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    tinydb_reads = 0
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        began = time.monotonic()
        while writer.poll() is None:
            data = db.read_bytes()
            raw = orjson.loads(data)  # never invalid JSON
            assert raw["meta"]["1"]["schema"] == SCHEMA
            seen.append(file_state(raw))
            if len(seen) % 20 == 0:
                with TinyDB(db, access_mode="r", encoding="utf-8") as tiny:
                    assert len(tiny.table("documents")) == 4
                    tiny.table("annotations").all()
                tinydb_reads += 1
        elapsed = time.monotonic() - began
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.wait(timeout=60)
    assert writer.returncode == 0
    run = Run.parse(log)
    assert run.done and run.saved == len(run.subs)
    states = {0: run.start} | {seq: digest for seq, (digest, _) in run.subs.items()}
    positions: dict[str | None, list[int]] = {}
    for seq in sorted(states):
        positions.setdefault(states[seq], []).append(seq)
    # Each state read is one the writer submitted, and the reads move forward in the log.
    at = 0
    for number, digest in enumerate(seen):
        later = [seq for seq in positions.get(digest, []) if seq >= at]
        assert later, f"read {number}: state {digest} was never acknowledged, or is older"
        at = later[0]
    distinct = len(set(seen))
    changes = sum(changes for _, changes in run.subs.values())
    print(
        f"concurrent readers: {len(seen)} reads in {elapsed:.1f} s ({tinydb_reads} through "
        f"TinyDB), {distinct} distinct versions, all whole and acknowledged; writer: "
        f"{len(run.subs)} edits, {changes} changes"
    )
    assert len(run.subs) >= OPS * 0.6  # a few random edits are no-ops (nothing to undo, ...)
    assert len(seen) >= 200 and distinct >= 20
