"""Driving `spantag serve` in headless chromium: the server process, the page, the database.

The page's terminal is drawn on a canvas, so what it shows is read from the websocket instead:
an init script records every message the page receives (the terminal's bytes, escape sequences
stripped) with its time, and the tests wait for text to appear after a given mark.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Playwright

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_786e792f34019fa1.txt"
SAMPLES = ROOT / "sample_articles"
CHROMIUM = Path("/usr/bin/chromium")
# A closed network: without these, chromium waits on services it cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
URL_LINE = re.compile(r"at (https?://\S+)")

RECORDER = r"""
(() => {
  const Native = window.WebSocket;
  const state = { text: "", times: [], opened: 0, closed: 0 };
  window.__spantag = state;
  const decoder = new TextDecoder();
  const strip = (s) =>
    s.replace(/\x1b\[[0-9;?<=>$ ]*[A-Za-z~]/g, "").replace(/\x1b[()][A-Z0-9]/g, "");
  function Recorded(url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    ws.addEventListener("open", () => { state.opened = performance.now(); });
    ws.addEventListener("close", () => { state.closed = performance.now(); });
    ws.addEventListener("message", (event) => {
      if (typeof event.data === "string") return;  // pongs and downloads, not the screen
      state.times.push(performance.now());
      state.text += strip(decoder.decode(new Uint8Array(event.data), { stream: true }));
    });
    return ws;
  }
  Recorded.prototype = Native.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Recorded[k] = Native[k];
  window.WebSocket = Recorded;
})();
"""


class Served:
    """A running `spantag serve` (stopped with SIGINT, as Ctrl+C would)."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (open as long as the server)
            mode="w", suffix=".log", delete=False
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("SPANTAG_")}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--port", "0", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env=env,
        )
        self.url = self._read_url()
        # The server relays its sessions' stderr to its stdout: keep reading it, into the log.
        self._drain = threading.Thread(target=self._copy_output, daemon=True)
        self._drain.start()

    def _copy_output(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.write(line)
            self.log.flush()

    def _read_url(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        found = URL_LINE.search(line)
        if found is None:
            self.process.wait(10)
            raise AssertionError(f"spantag serve did not start: {line!r} {self.stderr()}")
        return found.group(1)

    @property
    def base(self) -> str:
        """scheme://host:port, without path or token."""
        return self.url.split("/?")[0].rstrip("/")

    def stderr(self) -> str:
        """What the server and its sessions said so far."""
        with open(self.log.name, encoding="utf-8", errors="replace") as log:
            return log.read()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        return self.process.returncode


@contextmanager
def serving(args: list[str], cwd: Path) -> Iterator[Served]:
    served = Served(args, cwd)
    try:
        yield served
    except BaseException:
        screenshots()  # now, while the server still draws the pages
        print("spantag serve said:\n" + served.stderr())  # shown with the failure
        raise
    finally:
        code = served.stop()
        assert code == 0, f"spantag serve exited {code}: {served.stderr()}"
        assert not session_processes(served.process.pid), "a session outlived its server"


def session_processes(server_pid: int) -> list[int]:
    """The reader processes the server started that still run."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == server_pid and b"tui.commands.served" in cmdline:
            found.append(int(entry.name))
    return found


OPEN_CONTEXTS: list[BrowserContext] = []
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def screenshots() -> None:
    """Save a PNG of every open page (a failing test's evidence) into tests/browser/artifacts."""
    test = os.environ.get("PYTEST_CURRENT_TEST", "test").split(" ")[0].split("::")[-1]
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", test)
    ARTIFACTS.mkdir(exist_ok=True)
    for context in OPEN_CONTEXTS:
        for number, page in enumerate(p for p in context.pages if not p.is_closed()):
            if page.url.startswith("http"):
                page.screenshot(path=str(ARTIFACTS / f"{name}-{number}.png"))


def launch_context(playwright: Playwright, profile: Path) -> BrowserContext:
    """Headless system chromium with a fresh profile, recording every page's websocket."""
    if not CHROMIUM.exists():
        raise AssertionError(f"{CHROMIUM} is missing: make test-browser installs it (apt)")
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 800},
    )
    context.add_init_script(RECORDER)
    OPEN_CONTEXTS.append(context)
    context.on("close", lambda _: OPEN_CONTEXTS.remove(context))
    return context


class Terminal:
    """One page showing the reader: type keys, wait for text on its screen."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self, url: str, expect: str, timeout: float = 30) -> None:
        self.page.goto(url)
        self.wait_for(expect, timeout=timeout)
        self.focus()

    def focus(self) -> None:
        self.page.click(".textual-terminal", position={"x": 200, "y": 200})

    @property
    def mark(self) -> int:
        """Where the screen's text stands now; wait_for(after=mark) sees only what follows."""
        return int(self.page.evaluate("window.__spantag.text.length"))

    @property
    def frames(self) -> int:
        """How many screen messages the page has received so far."""
        return int(self.page.evaluate("window.__spantag.times.length"))

    def text(self, after: int = 0) -> str:
        return str(self.page.evaluate("(n) => window.__spantag.text.slice(n)", after))

    def wait_for(self, text: str, after: int = 0, timeout: float = 20) -> None:
        self.page.wait_for_function(
            "([t, n]) => window.__spantag && window.__spantag.text.slice(n).includes(t)",
            arg=[text, after],
            timeout=timeout * 1000,
        )

    def keys(self, *keys: str) -> None:
        """Each key as typed: one character, or a Playwright key name such as 'Enter'."""
        for key in keys:
            if len(key) == 1:
                self.page.keyboard.type(key)
            else:
                self.page.keyboard.press(key)


def stored_spans(db: Path) -> list[dict[str, Any]]:
    """The annotation records of a database file, read as any other program would."""
    if not db.exists():
        return []
    data = json.loads(db.read_text(encoding="utf-8"))
    return list(data.get("annotations", {}).values())


def wait_until(check: Any, timeout: float = 15, what: str = "") -> Any:
    """Poll `check()` until it returns something true; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        time.sleep(0.1)


def lock_released(db: Path) -> bool:
    """Whether no process holds the database's write lock (tried, and let go at once)."""
    lock = db.with_name(db.name + ".lock")
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)
