"""What every subcommand shares: the database and annotator defaults, the argument parser that
reports usage errors as one line, progress bars, and the one-line messages on stderr."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.errors import UsageError

if TYPE_CHECKING:
    from tui.labels import LabelSet
    from tui.store import Store

DEFAULT_DB = "annotations.json"
PROGRESS_THRESHOLD = 20


def default_db() -> str:
    """--db's default: $SPANTAG_DB or ./annotations.json."""
    return os.environ.get("SPANTAG_DB") or DEFAULT_DB


def default_annotator() -> str:
    """--annotator's default: $SPANTAG_ANNOTATOR, the config file's annotator, the user name."""
    from tui.config.app_config import load_config

    try:
        return os.environ.get("SPANTAG_ANNOTATOR") or load_config().annotator or getpass.getuser()
    except (KeyError, OSError):
        return ""


def annotator(args: argparse.Namespace) -> str:
    """--annotator or the default, storable in JSON (bytes that are not UTF-8 become U+FFFD)."""
    from tui.text.reading import storable

    return storable(args.annotator or default_annotator())


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors raise instead of exiting, so main() prints one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="FILE",
        default=None,
        help=f"the database file (default: $SPANTAG_DB or ./{DEFAULT_DB})",
    )


def add_format(parser: argparse.ArgumentParser, what: str) -> None:
    from tui.formats import NAMES
    from tui.formats.doccano import DEFAULT_UNIT, UNITS

    parser.add_argument(
        "--format", default="native", choices=NAMES, help=f"{what} (default: native)"
    )
    parser.add_argument(
        "--offsets",
        choices=UNITS,
        default=None,
        help=f"doccano only: offsets in UTF-16 code units, as doccano counts them (default:"
        f" {DEFAULT_UNIT}), or in code points",
    )


def formats_epilog() -> str:
    from tui.formats import FORMATS

    rows = [f"  {f.name:<12} {f.summary}; offsets: {f.offsets}" for f in FORMATS.values()]
    return "formats:\n" + "\n".join(rows)


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db or default_db())


def progress(total: int, description: str = "reading") -> Callable[[int, int], None] | None:
    """A rich progress bar on stderr for long runs on a terminal; None otherwise."""
    if total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    task = progress.add_task(description, total=total)
    progress.start()

    def advance(done: int, total: int) -> None:
        progress.update(task, completed=done)
        if done >= total:
            progress.stop()

    return advance


def settle() -> None:
    """Move everything loaded so far out of the garbage collector's sight (gc.freeze).

    The database's records live as long as the process; without this, every full collection
    walks all of them again (a pause that grows with the database, felt as a stall in the app).
    """
    import gc

    gc.freeze()


def say(message: str) -> None:
    """One line on stderr; control characters (from a file name, say) shown as symbols, so an
    escape sequence in a name never reaches the terminal and a newline never splits the line."""
    if not message.isprintable():
        from tui.text.layout import printable

        message = printable(message)
    print(f"spantag: {message}", file=sys.stderr)


def check_offsets(args: argparse.Namespace) -> None:
    if args.offsets is not None and args.format != "doccano":
        raise UsageError("--offsets applies to --format doccano only")


def report_problems(store: object) -> None:
    problems: list[str] = getattr(store, "problems", [])
    for line in problems[:20]:
        say(f"warning: {line}")
    if len(problems) > 20:
        say(f"warning: ... and {len(problems) - 20} more bad records (left untouched in the file)")


def add_labels(parser: argparse.ArgumentParser) -> None:
    """The --labels option of the commands that write the database (docs/labels.md)."""
    parser.add_argument(
        "--labels",
        type=Path,
        metavar="FILE",
        default=None,
        help="a TOML label file (docs/labels.md): stored in the database, replacing its label"
        " set (default: the database's set, else the config file's, else PERSON PLACE QUOTE"
        " FIGURE)",
    )


@dataclass(frozen=True)
class LabelRequest:
    """The label sets a writing command may store: the --labels file's, and the config
    file's default label file (for a database without a set of its own)."""

    given: LabelSet | None = None
    fallback: LabelSet | None = None
    fallback_path: Path | None = None


def requested_labels(args: argparse.Namespace) -> LabelRequest:
    """The --labels file and the config file's label file, read and checked before the
    database is opened, so that a bad one writes nothing (not even a new database)."""
    from tui.config.app_config import load_config

    path: Path | None = getattr(args, "labels", None)
    if path is None:
        path = load_config().labels
        if path is None:
            return LabelRequest()  # the label file module (Rich's colours) is not even imported
        from tui.config.label_file import read_label_file

        return LabelRequest(fallback=read_label_file(path), fallback_path=path)
    from tui.config.label_file import read_label_file

    return LabelRequest(given=read_label_file(path))


def store_labels(store: Store, request: LabelRequest) -> None:
    """Give the database the requested label set, saying what changes (or, for a database
    without a set, the config file's); afterwards `store.labels` is the set to use."""
    from tui.labels import DEFAULT_LABEL_SET, describe_changes

    requested = request.given
    if requested is None and not store.has_label_set and request.fallback is not None:
        requested = request.fallback
        say(f"label set from {request.fallback_path} (the config file's default label file)")
    if requested is None or (store.has_label_set and requested == store.labels):
        return
    old = store.labels if store.has_label_set else DEFAULT_LABEL_SET
    requested = requested.keeping_colors(old)
    if store.has_label_set and requested == store.labels:
        return
    if store.has_label_set:
        say(f"replacing the label set of {store.path}:")
        for line in describe_changes(old, requested) or ["nothing but the order"]:
            say(f"  {line}")
    else:
        say(f"label set stored in {store.path}: {', '.join(requested.names)}")
    store.set_labels(requested)


def read_labels(store: Store) -> LabelSet:
    """The label set a command that only reads uses: the database's, else the config file's
    default label file, else the default set (nothing is written)."""
    if store.has_label_set:
        return store.labels
    from tui.config.app_config import load_config
    from tui.config.label_file import read_label_file

    config = load_config()
    return read_label_file(config.labels) if config.labels is not None else store.labels
