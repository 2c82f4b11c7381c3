"""One browser session of `spantag serve`: the reader, in the process textual-serve starts.

Run as `python -m tui.commands.served --db FILE [--owner NAME] ... PATH ...` (the server builds
the command; it is not a command for people). Like `spantag PATH`, it adds the PATHs to the
database and opens the reader, with three differences for a browser tab: a database open in
another session is opened read-only behind a notice instead of refused; a problem that stops
the reader is shown in the tab (there is no terminal to print it on); and the process ends with
the server that started it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tui.commands.common import (
    Parser,
    add_labels,
    report_problems,
    requested_labels,
    store_labels,
)
from tui.db.file import DatabaseLockedError
from tui.errors import SpantagError
from tui.store import Store

LOCK_WAIT = 2.0
"""Seconds to wait for the lock: a reloaded tab's old process is still saving and exiting."""


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m tui.commands.served", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument("--db", type=Path, required=True, metavar="FILE")
    parser.add_argument("--annotator", default=None)
    parser.add_argument("--owner", default="", help="whose database, for the status line")
    parser.add_argument("--no-suggest", action="store_true")
    parser.add_argument("--model", metavar="NAME")
    add_labels(parser)
    return parser


def open_store(path: Path, wait: float = LOCK_WAIT) -> tuple[Store, str | None]:
    """The store for writing, or read-only with the reason when another session writes it."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return Store.open(path), None
        except DatabaseLockedError as exc:
            if time.monotonic() >= deadline:
                # "database X is open in another spantag (pid N on HOST)", without the advice
                # for a terminal that follows.
                holder = str(exc).removeprefix("database ").split(";")[0]
                return Store.open(path, write=False), holder
            time.sleep(0.1)


def die_with_parent() -> None:
    """Ask Linux to send us SIGTERM when the server dies (the reader then saves and exits)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
        if os.getppid() == 1:  # the server is already gone
            os.kill(os.getpid(), signal.SIGTERM)


def run(args: argparse.Namespace) -> int:
    import gc

    gc.disable()  # as in `spantag PATH` (tui/commands/reader.py)
    from tui.commands.reader import documents_to_open
    from tui.commands.suggest import load_backends
    from tui.text.reading import expand_paths, storable

    files = expand_paths(args.paths)
    labels = requested_labels(args)
    store, locked = open_store(args.db)
    try:
        report_problems(store)
        if locked is None:
            store_labels(store, labels)
            opening, warnings = documents_to_open(store, files)
        else:
            opening, warnings = list(store.documents), []
            if not opening:
                raise SpantagError(f"no documents in {store.path} yet")
        from tui.app import run_app
        from tui.config.app_config import AppConfig
        from tui.served_app import ServedApp
        from tui.session import Session

        def make_app(
            store: Store,
            session: Session,
            warnings: list[str],
            keymap: dict[str, str],
            config: AppConfig | None,
        ) -> ServedApp:
            return ServedApp(
                store, session, warnings, keymap, config, owner=args.owner, locked=locked
            )

        return run_app(
            store,
            doc_ids=opening,
            annotator=storable(args.annotator or args.owner or ""),
            warnings=warnings + store.problems,
            suggest=not args.no_suggest and locked is None,
            backends=load_backends(args.model),
            make_app=make_app,
        )
    finally:
        store.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one session; a problem is shown in the browser tab, then the process exits."""
    die_with_parent()
    try:
        return run(build_parser().parse_args(argv))
    except SpantagError as exc:
        from tui.served_app import NoticeApp

        NoticeApp(str(exc)).run()
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
