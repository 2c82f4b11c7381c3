"""The reader in the browser against the reader in a terminal, side by side in one run.

    python -m tests.browser.speed [--presses 15] [--rounds 3] [--out FILE]   (make bench-browser)

Start-up: from spawning `spantag serve` to the article's first frame in headless chromium, and
from opening the page of a running server to that frame; against spawning `spantag` on a
pseudo-terminal to its first frame. A key: from the keydown in the page to the first screen
bytes the websocket brings back (and to the next animation frame, when xterm.js draws them);
against writing the key to the pseudo-terminal and reading the first bytes back. The same
article in both; both readers run at once and the keys (down) alternate between them, 200 ms
apart, and the start-ups alternate too, since this machine's load changes by the minute; medians.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from playwright.sync_api import BrowserContext, sync_playwright

from tests.browser.support import SEED, Served, Terminal, launch_context

MARKER = b"ISLAMABAD"
CSI = re.compile(rb"\x1b\[[0-9;?<=>$ ]*[A-Za-z~]")
COLUMNS, ROWS = 120, 40
GAP = 0.2

KEY_PROBE = """
(() => {
  const s = window.__spantag;
  s.keys = [];
  s.paints = [];
  s.sends = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    s.sends.push(performance.now());
    return send.call(this, data);
  };
  document.addEventListener("keydown", () => s.keys.push(performance.now()), true);
  const times = s.times;
  const push = times.push.bind(times);
  times.push = (t) => {
    requestAnimationFrame(() => s.paints.push(performance.now()));
    return push(t);
  };
})();
"""


class PtyReader:
    """`spantag` on a pseudo-terminal of COLUMNS x ROWS, as in a terminal emulator."""

    def __init__(self, db: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SPANTAG_")}
        env.update(TERM="xterm-256color", COLORTERM="truecolor")
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        start = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "--db", str(db), str(SEED)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        seen = b""
        while MARKER not in CSI.sub(b"", seen):
            if not select.select([self.master], [], [], 30)[0]:
                raise RuntimeError(f"the terminal reader drew nothing in 30 s: {seen[-300:]!r}")
            seen = (seen + os.read(self.master, 65536))[-200_000:]
        self.startup = (time.perf_counter() - start) * 1000

    def key(self) -> float:
        """Milliseconds from writing `down` to the first bytes of the frame that follows."""
        drain(self.master, GAP)
        sent = time.perf_counter()
        os.write(self.master, b"\x1b[B")
        select.select([self.master], [], [], 10)
        return (time.perf_counter() - sent) * 1000

    def close(self) -> None:
        os.write(self.master, b"\x11")  # ctrl+q
        drain(self.master, 1.0)
        self.process.wait(20)
        os.close(self.master)

    def kill(self) -> None:
        """End the reader whatever state it is in (a reader whose terminal is gone without a
        hangup keeps running: the measurement must never leave one behind)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(20)


def drain(fd: int, seconds: float) -> None:
    """Read and drop output until `seconds` pass without any."""
    while select.select([fd], [], [], seconds)[0]:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def open_page(context: BrowserContext, url: str) -> tuple[Terminal, float]:
    """A new tab on the reader, and milliseconds from opening it to the article's first frame."""
    term = Terminal(context.new_page())
    opened = time.perf_counter()
    term.open(url, MARKER.decode(), timeout=60)
    return term, (time.perf_counter() - opened) * 1000


def measure(workdir: Path, presses: int, rounds: int) -> dict[str, list[float]]:
    """Both readers side by side: start-ups alternated, keys alternated one by one."""
    found: dict[str, list[float]] = {k: [] for k in ("terminal", "cold", "warm")}
    with sync_playwright() as driver:
        context = launch_context(driver, workdir / "profile")
        served = Served([str(SEED), "--db", str(workdir / "browser.json")], workdir)
        readers: list[PtyReader] = []
        try:
            term, _ = open_page(context, served.url)
            found["cold"].append((time.perf_counter() - served.started) * 1000)
            term.page.close()
            for _ in range(rounds):
                time.sleep(1.5)  # the last session saves and exits
                reader = PtyReader(workdir / "terminal.json")
                readers.append(reader)
                found["terminal"].append(reader.startup)
                reader.close()
                term, warm = open_page(context, served.url)
                found["warm"].append(warm)
                term.page.close()
            time.sleep(1.5)
            term, _ = open_page(context, served.url)
            reader = PtyReader(workdir / "terminal.json")
            readers.append(reader)
            time.sleep(1.5)  # both settled: panels mounted, suggestions computed
            term.page.evaluate(KEY_PROBE)
            found["key_terminal"] = []
            for _ in range(presses):
                found["key_terminal"].append(reader.key())
                time.sleep(GAP)
                term.page.keyboard.press("ArrowDown")
                time.sleep(GAP)
            time.sleep(0.5)
            keys, messages, paints, sends = term.page.evaluate(
                "[window.__spantag.keys, window.__spantag.times.slice(),"
                " window.__spantag.paints, window.__spantag.sends]"
            )
            reader.close()
            term.page.close()
        finally:
            for reader in readers:
                reader.kill()
            served.stop()
            context.close()
    found["key_bytes"] = after_each(keys, messages)
    found["key_paint"] = after_each(keys, paints)
    found["key_send"] = after_each(keys, sends)
    return found


def after_each(starts: list[float], ends: list[float]) -> list[float]:
    """For each start, the time to the first end after it."""
    return [min(e for e in ends if e > s) - s for s in starts if any(e > s for e in ends)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3, help="start-ups of each")
    parser.add_argument("--out", type=Path, default=None, help="also write the figures as JSON")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="spantag-speed-"))
    try:
        found = measure(workdir, args.presses, args.rounds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    median = {name: statistics.median(values) for name, values in found.items()}
    figures = {
        "startup_ms_terminal": median["terminal"],
        "startup_ms_browser_serve_to_frame": median["cold"],
        "startup_ms_browser_page_to_frame": median["warm"],
        "key_ms_terminal": median["key_terminal"],
        "key_ms_browser_to_bytes": median["key_bytes"],
        "key_ms_browser_to_paint": median["key_paint"],
        "key_ms_browser_keydown_to_send": median["key_send"],
        "key_ratio_browser_terminal": median["key_bytes"] / median["key_terminal"],
        "key_ratio_paint_terminal": median["key_paint"] / median["key_terminal"],
        "startup_ratio_page_terminal": median["warm"] / median["terminal"],
    }
    for name, value in figures.items():
        print(f"  {name:<36} {value:10.2f}")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
