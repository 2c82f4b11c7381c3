"""Run in a subprocess by the benchmark: start-up to first paint, and peak memory.

    python -m tests.bench.child startup DB      # spantag as the CLI starts it, headless
    python -m tests.bench.child null            # a minimal Textual app, the yardstick
    python -m tests.bench.child rss DB          # open, read through, print peak RSS (MB)

Each prints one line when its first frame is painted (or when done) and exits.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App


def _first_paint_exits(app_class: type[App[Any]], screen_name: str | None) -> None:
    """Make the app print 'painted' and exit at its first frame (of `screen_name`, if given)."""
    original = app_class._display  # Textual's private paint hook

    def display(self, screen, renderable):  # type: ignore[no-untyped-def]
        original(self, screen, renderable)
        if renderable is not None and (screen_name is None or type(screen).__name__ == screen_name):
            print("painted", flush=True)
            self.exit(0)

    setattr(app_class, "_display", display)  # noqa: B010 (a private attribute, patched)
    app_run = app_class.run

    def run(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["headless"] = True
        return app_run(self, *args, **kwargs)

    setattr(app_class, "run", run)  # noqa: B010 (patching a method of the class)


def startup(db: str) -> None:
    from tui.app import SpantagApp
    from tui.cli import main

    _first_paint_exits(SpantagApp, "ReaderScreen")
    raise SystemExit(main(["--db", db]))


def null() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Null(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")

    _first_paint_exits(Null, None)
    Null().run()


def rss(db: str) -> None:
    import asyncio

    from tui.app import SpantagApp
    from tui.session import Session
    from tui.store import Store

    async def read_through() -> None:
        store = Store.open(db)
        app = SpantagApp(store, Session(store))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            view = app.screen.view  # type: ignore[attr-defined]
            while not view.layout_complete:
                await asyncio.sleep(0.05)
            for key in ("G", "pageup", "pageup", "g", "pagedown", "pagedown", "w", "p", "u"):
                await pilot.press(key)
        app.saver.close(30)
        store.close()

    asyncio.run(read_through())
    print(f"rss_mb {peak_rss_mb():.1f}", flush=True)


def peak_rss_mb() -> float:
    """This process's peak resident memory. On Linux, VmHWM: getrusage's ru_maxrss survives
    exec(), so a child spawned by a big parent would report the parent's peak."""
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "startup":
        startup(sys.argv[2])
    elif command == "null":
        null()
    elif command == "rss":
        rss(sys.argv[2])
