"""Crash safety: spantag killed with SIGKILL at random moments, again and again, on one database.

The writer is `tests/support/crash_driver.py` (the real Store and Saver, edits made by the
reader's own model) and, in fewer rounds, the real Textual app driven by random keys
(`tests/support/app_crash_driver.py`). Both log every state they submit and every save the
saver reports
(see crash_driver.py). After each kill the database must:

1. parse, and open with no bad record;
2. be a state the writer acknowledged: the state after some job N with
   last reported save <= N <= last submitted job (no half-applied edit, nothing invented);
3. so hold every change reported saved before the kill (N >= last reported save);
and the next run, on the same file, takes over the dead writer's lock and finds that state.

Every fifth round of the driver has a disk that fills up and frees itself (writes fail with
ENOSPC after a partial write): errors must be reported, and saving must resume.

SPANTAG_CRASH_KILLS (default 60) and SPANTAG_APP_KILLS (default 6) set the number of kills;
`make stress` runs 500 and 50.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest

from tests.conftest import REPO, SAMPLES, SEEDS
from tests.support.crash_driver import file_state
from tui.jobs.importer import import_files
from tui.store import Store

pytestmark = pytest.mark.slow  # kill loops: dozens of writer and app processes killed at random

KILLS = int(os.environ.get("SPANTAG_CRASH_KILLS", "60"))
APP_KILLS = int(os.environ.get("SPANTAG_APP_KILLS", "6"))


@dataclass
class Run:
    """What one writer process logged before it died."""

    start: str | None = None
    subs: dict[int, tuple[str, int]] = field(default_factory=dict)
    saved: int = 0
    errors: int = 0
    saved_after_error: bool = False
    done: bool = False

    @classmethod
    def parse(cls, log: Path) -> Run:
        run = cls()
        for line in log.read_text(encoding="utf-8").splitlines():
            kind, _, rest = line.partition(" ")
            if kind == "start":
                run.start = rest
            elif kind == "sub":
                seq, digest, changes = rest.split(" ")
                run.subs[int(seq)] = (digest, int(changes))
            elif kind == "saved":
                run.saved = max(run.saved, int(rest))
                run.saved_after_error |= run.errors > 0
            elif kind == "error":
                run.errors += 1
            elif kind == "done":
                run.done = True
        return run

    def acknowledged(self) -> set[str]:
        """The states the file may hold: after any job from the last reported save on."""
        assert self.start is not None
        states = {0: self.start} | {seq: digest for seq, (digest, _) in self.subs.items()}
        last = max(states)
        return {states[seq] for seq in range(self.saved, last + 1) if seq in states}

    @property
    def changes_saved(self) -> int:
        return sum(changes for seq, (_, changes) in self.subs.items() if seq <= self.saved)


@dataclass
class Tally:
    """The figures reported in docs/reliability.md."""

    kills: int = 0
    edits_submitted: int = 0
    jobs_saved: int = 0
    changes_saved: int = 0
    interrupted_writes: int = 0
    full_disk_errors: int = 0
    recoveries: int = 0

    def report(self, name: str) -> str:
        return (
            f"{name}: {self.kills} kills survived; {self.edits_submitted} edits submitted, "
            f"{self.jobs_saved} saves reported and verified ({self.changes_saved} changes); "
            f"{self.interrupted_writes} kills left a half-written temporary file; "
            f"{self.full_disk_errors} full-disk errors reported, {self.recoveries} recovered"
        )


@pytest.fixture
def corpus_db(tmp_path: Path) -> Iterator[Path]:
    """A database holding the sample articles and one seed, not yet annotated."""
    db = tmp_path / "db.json"
    with Store.open(db) as store:
        import_files(store, [*sorted(SAMPLES.glob("*.txt")), sorted(SEEDS.glob("*.txt"))[0]])
    yield db


def temporaries(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.*.tmp"))


def check_after_kill(db: Path, run: Run, before: str) -> str:
    """The three promises after a kill; returns the file's state."""
    raw = orjson.loads(db.read_bytes())  # 1. parses...
    with Store.open(db, write=False) as store:
        assert store.problems == [], store.problems[:3]  # ...and every record is valid
    state = file_state(raw)
    if run.start is None:  # killed while opening: nothing was submitted
        assert state == before
        return state
    assert run.start == before, "the next writer did not find the state the last one left"
    assert state in run.acknowledged(), (  # 2. and 3.
        f"state {state} is not one acknowledged after save {run.saved} "
        f"(last submitted {max(run.subs, default=0)})"
    )
    return state


def kill_at_random(process: subprocess.Popen[str], rng: random.Random, longest: float) -> None:
    """SIGKILL: mostly while editing, sometimes while still starting up and opening."""
    assert process.stdout is not None
    if rng.random() < 0.9:
        assert process.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0.0, longest))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def kill_once(
    driver: list[str],
    log: Path,
    rng: random.Random,
    longest: float,
    db: Path,
    state: str,
    tally: Tally,
) -> tuple[Run, str]:
    """Run `python -m *driver`, kill it at a random moment, check the file and count what the
    run did; returns the run (from its log) and the file's state now."""
    argv = [sys.executable, "-m", *driver]
    process = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.PIPE, text=True)
    kill_at_random(process, rng, longest)
    tally.interrupted_writes += bool(temporaries(db))
    run = Run.parse(log) if log.exists() else Run()
    state = check_after_kill(db, run, state)
    tally.kills += 1
    tally.edits_submitted += len(run.subs)
    tally.jobs_saved += run.saved
    tally.changes_saved += run.changes_saved
    return run, state


def test_sigkill_at_random_moments_never_loses_a_saved_change(
    corpus_db: Path, tmp_path: Path
) -> None:
    rng = random.Random(int(os.environ.get("SPANTAG_CRASH_SEED", "6")))
    tally = Tally()
    state = file_state(orjson.loads(corpus_db.read_bytes()))
    for kill in range(KILLS):
        full_disk = kill % 5 == 4
        options = ["--full-disk"] if full_disk else []
        log = tmp_path / f"run-{kill}.log"
        driver = ["tests.support.crash_driver", str(corpus_db), str(log), str(kill), *options]
        run, state = kill_once(driver, log, rng, 0.6 if full_disk else 0.3, corpus_db, state, tally)
        tally.full_disk_errors += run.errors
        tally.recoveries += run.saved_after_error
    # A last writer runs to the end: it finds the last state, and leaves exactly its own.
    log = tmp_path / "final.log"
    argv = [sys.executable, "-m", "tests.support.crash_driver", str(corpus_db), str(log), "999"]
    subprocess.run([*argv, "--ops", "100"], cwd=REPO, check=True, capture_output=True)
    final = Run.parse(log)
    assert final.done and final.start == state
    assert file_state(orjson.loads(corpus_db.read_bytes())) == final.subs[max(final.subs)][0]
    assert temporaries(corpus_db) == [] and not corpus_db.with_name("db.json.lock").exists()
    print(tally.report("crash driver"))
    assert tally.kills == KILLS
    assert tally.edits_submitted > 20 * KILLS and tally.jobs_saved > 10 * KILLS
    if KILLS >= 10:
        assert tally.full_disk_errors > 0 and tally.recoveries > 0


def test_the_real_app_killed_at_random_moments(corpus_db: Path, tmp_path: Path) -> None:
    """The Textual reader itself (headless, in a subprocess) typing random keys."""
    rng = random.Random(int(os.environ.get("SPANTAG_CRASH_SEED", "6")) + 1)
    tally = Tally()
    state = file_state(orjson.loads(corpus_db.read_bytes()))
    for kill in range(APP_KILLS):
        log = tmp_path / f"app-{kill}.log"
        driver = ["tests.support.app_crash_driver", str(corpus_db), str(log), str(kill)]
        _, state = kill_once(driver, log, rng, 1.5, corpus_db, state, tally)
    print(tally.report("real app"))
    assert tally.edits_submitted > 3 * APP_KILLS and tally.jobs_saved > 0
