"""The single writer: a background thread that makes every change durable, in order.

The reader never waits for the disk. It submits jobs (annotation changes, status changes, an
export) and goes on; the thread applies everything pending in one atomic store write, reports
the new state through a callback, and on failure (a full disk, say) keeps the jobs and retries,
so nothing acknowledged on screen is dropped. Jobs are idempotent (put/delete by id), so a retry
after a failed write is safe.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tui.crash import write_crash_log
from tui.errors import SpantagError
from tui.model import AnyChange, Status
from tui.store import Store


@dataclass(frozen=True, slots=True)
class SaveState:
    """What the status line shows: how many submitted jobs are durable, and the last error."""

    submitted: int
    saved: int
    error: str | None = None
    saved_at: float | None = None

    @property
    def pending(self) -> int:
        return self.submitted - self.saved


@dataclass
class _Job:
    seq: int
    changes: list[AnyChange] = field(default_factory=list)
    ops: list[Callable[[Store], object]] = field(default_factory=list)
    task: Callable[[Store], object] | None = None
    done: Callable[[object | BaseException], None] | None = None


class Saver:
    """Applies submitted jobs to the store on one background thread."""

    RETRY_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0)

    def __init__(self, store: Store, on_state: Callable[[SaveState], None] | None = None) -> None:
        self.store = store
        self._on_state = on_state
        self._jobs: list[_Job] = []
        self._cond = threading.Condition()
        self._submitted = 0
        self._saved = 0
        self._error: str | None = None
        self._saved_at: float | None = None
        self._closing = False
        self._failures = 0
        self._thread = threading.Thread(target=self._run, name="spantag-saver", daemon=True)
        self._thread.start()

    # -- submitting -----------------------------------------------------------------------------
    def _submit(self, job_factory: Callable[[int], _Job]) -> int:
        with self._cond:
            if self._closing:
                raise SpantagError("the database is closed")
            self._submitted += 1
            self._jobs.append(job_factory(self._submitted))
            self._cond.notify_all()
            return self._submitted

    def submit(self, changes: list[AnyChange]) -> int:
        """Queue annotation and relation changes; returns their sequence number."""
        return self._submit(lambda seq: _Job(seq, changes=list(changes)))

    def submit_status(self, doc_id: str, status: Status) -> int:
        """Queue a document status change."""
        return self.submit_op(lambda store: store.set_status(doc_id, status))

    def submit_op(self, op: Callable[[Store], object]) -> int:
        """Queue another store write (suggestion records, ...), saved with the changes."""
        return self._submit(lambda seq: _Job(seq, ops=[op]))

    def submit_task(
        self,
        task: Callable[[Store], object],
        done: Callable[[object | BaseException], None] | None = None,
    ) -> int:
        """Run `task(store)` on the writer thread after everything queued before it."""
        return self._submit(lambda seq: _Job(seq, task=task, done=done))

    @property
    def state(self) -> SaveState:
        with self._cond:
            return SaveState(self._submitted, self._saved, self._error, self._saved_at)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every job submitted so far is durable; False on timeout or lasting error."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            target = self._submitted
            self._cond.notify_all()
            while self._saved < target:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True

    def retry_now(self) -> None:
        """Wake the thread to retry a failed write at once (e.g. after space was freed)."""
        with self._cond:
            self._failures = 0
            self._cond.notify_all()

    def close(self, timeout: float | None = 10.0) -> bool:
        """Flush, then stop the thread; False when some jobs could not be saved."""
        flushed = self.flush(timeout)
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout=1.0)
        return flushed

    # -- the writer thread ----------------------------------------------------------------------
    def _notify(self) -> None:
        if self._on_state is not None:
            # A UI callback must never kill the writer.
            with contextlib.suppress(Exception):
                self._on_state(self.state)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._jobs and not self._closing:
                    self._cond.wait()
                if not self._jobs and self._closing:
                    return
                batch = list(self._jobs)
            # Tasks (exports) run alone, after the saves queued before them.
            batch = batch[:1] if batch[0].task is not None else _until_task(batch)
            error = self._apply(batch)
            with self._cond:
                if error is None:
                    del self._jobs[: len(batch)]
                    self._saved = batch[-1].seq
                    self._saved_at = time.time()
                    self._error = None
                    self._failures = 0
                else:
                    self._error = error
                    self._failures += 1
                self._cond.notify_all()
            self._notify()
            if error is not None:
                delay = self.RETRY_DELAYS[min(self._failures, len(self.RETRY_DELAYS)) - 1]
                with self._cond:
                    if not self._closing:
                        self._cond.wait(delay)
                    elif self._failures > 3:
                        return

    def _apply(self, batch: list[_Job]) -> str | None:
        job = batch[0]
        if job.task is not None:
            try:
                result: object | BaseException = job.task(self.store)
            except Exception as exc:
                result = exc
            if job.done is not None:
                job.done(result)
            return None
        try:
            with self.store.batch():
                changes = [change for item in batch for change in item.changes]
                if changes:
                    self.store.apply(changes)
                for item in batch:
                    for op in item.ops:
                        op(self.store)
        except SpantagError as exc:
            return str(exc)
        except OSError as exc:
            return f"could not save: {exc}"
        except Exception as exc:
            # A bug must not kill the only writer (nothing would ever be saved again): report it
            # like a failed write, log it, keep the jobs and retry.
            return f"could not save: internal error {exc!r} (details in {write_crash_log(exc)})"
        return None


def _until_task(jobs: list[_Job]) -> list[_Job]:
    out: list[_Job] = []
    for job in jobs:
        if job.task is not None:
            break
        out.append(job)
    return out
