"""Retraining in the background: a separate process (`python -m tui.jobs.learning DB`), at most
one at a time.

The process reads the database (read-only, so it never takes the writer's lock), trains on its
decisions and replaces the model beside it atomically; it runs at a lower priority, so the
reader's keys keep the CPU. `Retrainer` starts it after every `every` new decisions and when a
document is marked done, from a thread of its own, so that no key ever waits for it; a request
made while a training runs starts one more when it ends.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

DECISIONS_PER_TRAINING = 20
"""New decisions (tags, acceptances, rejections, removals) between two trainings."""
GATHER = 0.2
"""Seconds between a request and the training: the writes of that moment are flushed first."""


class Retrainer:
    """Starts the training process when enough has been decided."""

    def __init__(
        self,
        db: Path,
        every: int = DECISIONS_PER_TRAINING,
        *,
        before_training: Callable[[], object] | None = None,
        on_trained: Callable[[], object] | None = None,
    ) -> None:
        self.db = db
        self.every = every
        self.before_training = before_training
        """Called first on the training thread: the reader makes its pending writes durable."""
        self.on_trained = on_trained
        self.trainings = 0
        self.last_error: str | None = None
        self._count = 0
        self._lock = threading.Condition()
        self._running = False
        self._again = False
        self._process: subprocess.Popen[bytes] | None = None
        self._closed = False

    def decided(self, count: int = 1) -> None:
        """Count new decisions; every `every` of them, a training."""
        self._count += count
        if self.every > 0 and self._count >= self.every:
            self._count = 0
            self.request()

    def document_done(self) -> None:
        """A document was marked done: train now."""
        self._count = 0
        self.request()

    def request(self) -> None:
        """Train soon: now, or after the training under way."""
        with self._lock:
            if self._closed:
                return
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._loop, name="spantag-retrain", daemon=True).start()

    def _loop(self) -> None:
        while True:
            # The decision that asked for this training is queued for the disk just after it
            # asks: let it (and any others made at the same moment) reach the queue first.
            time.sleep(GATHER)
            if self.before_training is not None:
                with contextlib.suppress(Exception):
                    self.before_training()
            self._train_once()
            if self.on_trained is not None:
                with contextlib.suppress(Exception):
                    self.on_trained()
            with self._lock:
                if self._again and not self._closed:
                    self._again = False
                    continue
                self._running = False
                self._lock.notify_all()
                return

    def _train_once(self) -> None:
        command = [sys.executable, "-m", "tui.jobs.learning", str(self.db)]
        try:
            with self._lock:
                if self._closed:
                    return
                self._process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            _, err = self._process.communicate()
            code = self._process.returncode
        except OSError as exc:
            self.last_error = f"could not start the training: {exc}"
            return
        finally:
            with self._lock:
                self._process = None
        self.trainings += 1
        lines = err.decode("utf-8", "replace").strip().splitlines()
        self.last_error = (lines[-1] if lines else f"exit code {code}") if code else None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no training runs or is asked for; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            while self._running:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._lock.wait(remaining)
        return True

    @property
    def running(self) -> bool:
        with self._lock:
            return self._running

    def close(self) -> None:
        """Stop: no new training, and the one under way is ended (the model it would have
        written is not, and the current one stays as it was)."""
        with self._lock:
            self._closed = True
            process = self._process
        if process is not None:
            with contextlib.suppress(OSError):
                process.terminate()
