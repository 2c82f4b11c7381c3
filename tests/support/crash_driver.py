"""A headless spantag writer for the crash and concurrency tests: random edits, real Saver/Store.

    python -m tests.support.crash_driver DB LOG SEED [--ops N] [--full-disk]

It opens DB for writing as the reader does (the write lock, validation, stale temporary files
cleared), loads each document's annotations into an `AnnotatedDocument` (the reader's model) and
edits at random the way the reader does: tag (the word, figure or quotation at a random cursor,
or a random selection) which also relabels, remove, undo, redo, add several at once (as accepting
suggestions does), and toggle a document's status. Each edit's changes go to the `Saver` exactly
as the reader submits them. Without --ops it runs until it is killed.

LOG gets one line per event, each in a single write() on an O_APPEND file, so a SIGKILL never
leaves half a line and no line is lost once written:

    start H         the state found on opening (H: `state_hash`)
    sub N H C       job N with C changes is being submitted; after it the state is H
    saved N         the saver reported every job up to N durable
    error MESSAGE   the saver reported a failed write
    done            (--ops only) every job is durable and the store is closed

--full-disk makes the disk "fill up" (writes fail with ENOSPC after a partial write) for random
stretches of 20-80 ms, then frees it and tells the saver to retry at once.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import os
import random
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import orjson

from tui.db import file as dbfile
from tui.db.records import ANNOTATION_FIELDS, annotation_from_record, annotation_record
from tui.document.annotated import AnnotatedDocument, EditResult
from tui.document.tagging import tag
from tui.jobs.saver import Saver, SaveState
from tui.model import Status
from tui.store import Store

LABELS = ("PERSON", "PLACE", "QUOTE", "FIGURE")
MAX_SPANS = 250
"""Past this many annotations the driver removes more than it adds (keeps the file small)."""


def state_hash(records: Iterable[Mapping[str, Any]], statuses: Mapping[str, str]) -> str:
    """A digest of every annotation (all fields) and every document status."""
    rows = sorted(tuple(record.get(name) for name in ANNOTATION_FIELDS) for record in records)
    payload = orjson.dumps([rows, sorted(statuses.items())])
    return hashlib.blake2b(payload, digest_size=10).hexdigest()


def file_state(raw: Mapping[str, Any]) -> str:
    """`state_hash` of a parsed database file."""
    statuses = {d["id"]: d["status"] for d in raw["documents"].values()}
    return state_hash(raw["annotations"].values(), statuses)


class Log:
    """Appends whole lines to the log file, one write() each."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def __call__(self, line: str) -> None:
        os.write(self._fd, (line.replace("\n", " ") + "\n").encode())


class FullDisk:
    """The `os` module as tui.db.file sees it, whose writes fail with ENOSPC while `full`."""

    def __init__(self) -> None:
        self.full = False

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        if name != "write":
            return real

        def write(fd: int, data: Any) -> int:
            if self.full:
                real(fd, bytes(data[:4096]))  # part of the file, then the disk is full
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return int(real(fd, data))

        return write


class Driver:
    """Random reader-like edits on every document of a store."""

    def __init__(self, store: Store, log: Log, rng: random.Random) -> None:
        self.store, self.log, self.rng = store, log, rng
        records = store.records_by_document()
        self.docs = {
            doc_id: AnnotatedDocument.load(
                document,
                [annotation_from_record(r) for r in records.get(doc_id, [])],
                annotator="crash",
            )
            for doc_id, document in store.documents.items()
        }
        self.statuses: dict[str, Status] = {d: doc.status for d, doc in store.documents.items()}
        self.saver = Saver(store, self._state_changed)
        self.submitted = 0
        self.changes = 0

    def _state_changed(self, state: SaveState) -> None:
        # On the writer thread, after the file was replaced (or a write failed).
        if state.error is not None:
            self.log(f"error {state.error}")
        else:
            self.log(f"saved {state.saved}")

    def state(self) -> str:
        records = (annotation_record(a) for doc in self.docs.values() for a in doc.spans)
        return state_hash(records, self.statuses)

    def _submit_changes(self, result: EditResult | None) -> None:
        if result is None or not result.changes:
            return
        self.submitted += 1
        self.changes += len(result.changes)
        self.log(f"sub {self.submitted} {self.state()} {len(result.changes)}")
        seq = self.saver.submit(result.changes)
        assert seq == self.submitted

    def step(self) -> None:
        """One random edit."""
        rng = self.rng
        doc = self.docs[rng.choice(list(self.docs))]
        text = doc.text
        crowded = sum(len(d.spans) for d in self.docs.values()) > MAX_SPANS
        roll = rng.random()
        if roll < (0.25 if crowded else 0.45):  # tag at a cursor, or a selection
            label = rng.choice(LABELS)
            cursor = rng.randrange(len(text))
            selection = None
            if rng.random() < 0.4:
                end = min(len(text), cursor + rng.randint(1, 40))
                selection = (cursor, end)
            outcome = tag(doc, label, cursor, selection)
            self._submit_changes(outcome.result)
        elif roll < 0.65:  # remove the span under a cursor, or any
            if doc.spans:
                victim = doc.spans.nth(rng.randrange(len(doc.spans)))
                self._submit_changes(doc.remove(victim))
        elif roll < 0.82:
            self._submit_changes(doc.undo())
        elif roll < 0.9:
            self._submit_changes(doc.redo())
        elif roll < 0.95:  # several spans as one edit, as accepting suggestions does
            starts = sorted(rng.sample(range(len(text) - 12), 4))
            annotations = []
            for start in starts:
                end = start + rng.randint(2, 12)
                if text[start:end].strip():
                    annotations.append(doc.make_annotation(start, end, rng.choice(LABELS)))
            if annotations:
                self._submit_changes(doc.add_many(annotations, "accept suggestions"))
        else:
            doc_id = doc.id
            status: Status = "done" if self.statuses[doc_id] != "done" else "todo"
            self.statuses[doc_id] = status
            self.submitted += 1
            self.changes += 1
            self.log(f"sub {self.submitted} {self.state()} 1")
            self.saver.submit_status(doc_id, status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("log", type=Path)
    parser.add_argument("seed", type=int)
    parser.add_argument("--ops", type=int, default=0, help="stop after this many edits")
    parser.add_argument("--full-disk", action="store_true")
    parser.add_argument("--pause", type=float, default=0.002, help="longest pause between edits")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    log = Log(args.log)
    Saver.RETRY_DELAYS = (0.005, 0.01, 0.02, 0.02, 0.02)
    disk = FullDisk()
    setattr(dbfile, "os", disk)  # noqa: B010 (the module attribute tui.db.file writes through)
    store = Store.open(args.db)
    driver = Driver(store, log, rng)
    log(f"start {driver.state()}")
    print("ready", flush=True)
    if args.full_disk:

        def weather() -> None:
            while True:
                time.sleep(rng.uniform(0.02, 0.08))
                disk.full = not disk.full
                if not disk.full:
                    driver.saver.retry_now()

        threading.Thread(target=weather, daemon=True).start()
    done = 0
    while not args.ops or done < args.ops:
        driver.step()
        done += 1
        if args.pause:
            time.sleep(rng.uniform(0, args.pause))
    disk.full = False
    driver.saver.retry_now()
    ok = driver.saver.close(timeout=60)
    store.close()
    log("done" if ok else "unsaved")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
