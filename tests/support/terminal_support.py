"""What reaches the terminal: the real `spantag` in a pseudo-terminal, and checks of the screen.

`Terminal` runs a command in a pty (as a user's shell would), feeds it keys and keeps every byte
it writes. `foreign_sequences` lists the escape sequences in that stream that Textual itself
does not write, so an escape sequence coming from an article shows up there. `assert_screen_safe`
checks a headless app's composed screen the same way, cell by cell.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from textual.app import App

VENV_BIN = Path(sys.executable).parent
SPANTAG = VENV_BIN / "spantag"


def run_spantag(
    *argv: object, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The installed command in a subprocess, as a user runs it (annotator "tester", no
    $SPANTAG_DB, nothing on stdin), killed after `timeout` (a hang fails the test)."""
    env = {**os.environ, "SPANTAG_ANNOTATOR": "tester"}
    env.pop("SPANTAG_DB", None)
    return subprocess.run(
        [str(SPANTAG), *map(str, argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


# Every escape sequence Textual 8 writes while running the reader: SGR colours, cursor moves,
# private modes (alternate screen, mouse, bracketed paste, sync output), the kitty keyboard
# protocol push/pop, and OSC 22 (pointer shape). Anything else came from somewhere else.
_TEXTUAL_SEQUENCE = re.compile(
    rb"\x1b\[(?:[0-9;]*m|\d+;\d+H|\?\d+[hl]|\?\d+\$p|>\d+u|<u)|\x1b\]22;default\x07"
)
_ANY_SEQUENCE = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|.)", re.S)


def foreign_sequences(stream: bytes) -> list[bytes]:
    """Escape sequences and raw control bytes in `stream` that Textual does not write itself."""
    found = [m for m in _ANY_SEQUENCE.findall(stream) if not _TEXTUAL_SEQUENCE.fullmatch(m)]
    rest = _ANY_SEQUENCE.sub(b"", stream)
    found += [bytes([b]) for b in rest if b < 0x20 and b not in b"\r\n"]
    text = rest.decode("utf-8", "replace")
    found += [c.encode() for c in text if 0x7F <= ord(c) < 0xA0]  # DEL and C1 controls
    return found


class Terminal:
    """A command running in a pseudo-terminal of `size` (columns, rows)."""

    def __init__(
        self,
        argv: list[str],
        cwd: Path,
        size: tuple[int, int] = (120, 40),
        env: dict[str, str] | None = None,
    ) -> None:
        master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        environment.pop("SPANTAG_DB", None)
        environment.update(env or {})
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=environment,
            start_new_session=True,
        )
        os.close(slave)
        self._master = master
        self._output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: the other side closed
                return
            if not chunk:
                return
            with self._lock:
                self._output.extend(chunk)

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._output)

    def wait_for(self, needle: str | bytes, timeout: float = 20.0) -> bool:
        """Wait until `needle` appears in the output (or the process ends)."""
        wanted = needle.encode() if isinstance(needle, str) else needle
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if wanted in self.output:
                return True
            if self.process.poll() is not None:
                time.sleep(0.1)
                return wanted in self.output
            time.sleep(0.02)
        return False

    def send(self, keys: str, delay: float = 0.05) -> None:
        """Type `keys` one character at a time."""
        for char in keys:
            os.write(self._master, char.encode())
            time.sleep(delay)

    def kill(self) -> None:
        """SIGKILL, as a crash or `kill -9` would."""
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def close(self, timeout: float = 10.0) -> int:
        """Quit with ctrl+q, or kill after `timeout`; returns the exit code."""
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                os.write(self._master, b"\x11")
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._reader.join(timeout=2)
        with contextlib.suppress(OSError):
            os.close(self._master)
        return self.process.returncode

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            self.kill()
        self.close()


def screen_lines(app: App[Any]) -> list[str]:
    """The text of every row of the app's composed screen (toasts and side panel included)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def assert_screen_safe(app: App[Any]) -> list[str]:
    """No control character in any cell of the screen, and no link from markup; returns rows."""
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for segment in strip:
            bad = [c for c in segment.text if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0]
            assert not bad, f"row {y}: control characters {bad!r} in {segment.text!r}"
            assert segment.control is None, f"row {y}: a control segment"
            style = segment.style
            assert style is None or not style.link, f"row {y}: a link to {style.link!r}"
    return screen_lines(app)
