"""One writer per database, with the real programs: the reader open in a terminal, then a second
`spantag` (import, or another reader) on the same file gets one clear line and changes nothing;
after the reader is killed with SIGKILL its stale lock is taken over at once.

(The lock itself, in one process and against a killed `Store` holder, is tested in
test_store.py; this is the same promise through the installed command and the TUI.)
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from tests.conftest import SAMPLES, SEEDS
from tests.support.terminal_support import SPANTAG, Terminal, run_spantag

pytestmark = pytest.mark.slow  # real terminals (pty) running the installed command

SEED = sorted(SEEDS.glob("*.txt"))[0]


def spans(db: Path) -> list[tuple[str, str]]:
    records = orjson.loads(db.read_bytes())["annotations"].values()
    return sorted((r["text"], r["label"]) for r in records)


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_open_reader_keeps_others_out_and_its_lock_is_taken_over_after_a_kill(
    tmp_path: Path,
) -> None:
    db = tmp_path / "annotations.json"
    lock = tmp_path / "annotations.json.lock"
    assert run_spantag("import", SEED, "--db", db, cwd=tmp_path).returncode == 0
    with Terminal([str(SPANTAG), "--db", str(db)], cwd=tmp_path) as reader:
        assert reader.wait_for("doc 1/1"), reader.output[-1000:]
        holder = f"pid {reader.process.pid} on {socket.gethostname()}"
        assert lock.read_text() == holder
        before = db.read_bytes()
        refusal = (
            f"spantag: database annotations.json is open in another spantag ({holder}); close "
            "that one first or use another --db\n"
        )
        # A second writer, from a script: `spantag import`.
        second = run_spantag("import", SAMPLES, "--db", db, cwd=tmp_path)
        assert (second.returncode, second.stderr, second.stdout) == (3, refusal, "")
        # A second reader, in its own terminal: the line, and no full-screen app at all.
        with Terminal([str(SPANTAG), str(SAMPLES), "--db", str(db)], cwd=tmp_path) as other:
            other.process.wait(timeout=30)
            assert other.process.returncode == 3
            assert other.output.replace(b"\r\n", b"\n") == refusal.encode()
        assert db.read_bytes() == before
        # Reading needs no lock.
        assert "TOTAL (1 docs)" in run_spantag("stats", "--db", db, cwd=tmp_path).stdout
        # The open reader tags, and it is on disk...
        reader.send("/Ghazi\rp")
        assert wait_until(lambda: spans(db) == [("Ghazi", "PERSON")])
        # ...then it is killed: its lock file stays behind, naming a dead process.
        reader.kill()
    assert lock.read_text() == holder
    took_over = run_spantag("import", SAMPLES, "--db", db, cwd=tmp_path)
    assert took_over.returncode == 0, took_over.stderr
    assert took_over.stderr == "spantag: 4 documents added, 0 already present\n"
    assert not lock.exists()  # released by the new writer, which found the old one stale
    assert spans(db) == [("Ghazi", "PERSON")]
    # A stale lock file with any content (copied, or from another host) is no obstacle either.
    lock.write_text("pid 999999 on elsewhere")
    with Terminal([str(SPANTAG), "--db", str(db)], cwd=tmp_path) as again:
        assert again.wait_for("doc 1/5"), again.output[-1000:]
        assert lock.read_text() == f"pid {again.process.pid} on {socket.gethostname()}"
        assert again.close() == 0
    assert not lock.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
