"""The command line: `spantag [PATH ...]` opens the reader; import, export and stats need no TUI.

Subcommands never import Textual, so scripts start fast. Every failure the user can act on is
one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from tui import __version__
from tui.errors import SpantagError, UsageError

if TYPE_CHECKING:
    from tui.importer import SpanLine
    from tui.reanchor import ReanchorResult

SUBCOMMANDS = ("import", "export", "stats")
DEFAULT_DB = "annotations.json"
PROGRESS_THRESHOLD = 20


def default_db() -> str:
    return os.environ.get("SPANTAG_DB") or DEFAULT_DB


def default_annotator() -> str:
    try:
        return os.environ.get("SPANTAG_ANNOTATOR") or getpass.getuser()
    except (KeyError, OSError):
        return ""


def _annotator(args: argparse.Namespace) -> str:
    """--annotator or the default, storable in JSON (bytes that are not UTF-8 become U+FFFD)."""
    from tui.textio import storable

    return storable(args.annotator or default_annotator())


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors raise instead of exiting, so main() prints one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="FILE",
        default=None,
        help=f"the database file (default: $SPANTAG_DB or ./{DEFAULT_DB})",
    )


def build_open_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="spantag",
        description="Read news articles and tag spans as PERSON, PLACE, QUOTE or FIGURE.",
        epilog=(
            "subcommands:\n"
            "  spantag import PATH ... [--spans FILE.jsonl]   add documents (and spans)\n"
            "  spantag export [--format F] [-o OUT]           write annotations as JSONL\n"
            "  spantag stats                                  counts per document and label\n"
            "Run 'spantag SUBCOMMAND --help' for their options."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=".txt/.md files or folders to add and open (default: the documents in the database)",
    )
    _add_db(parser)
    parser.add_argument(
        "--annotator", default=None, help="name stored with every tag (default: $USER)"
    )
    parser.add_argument("--version", action="version", version=f"spantag {__version__}")
    return parser


def build_command_parser(command: str) -> argparse.ArgumentParser:
    if command == "import":
        parser = _Parser(
            prog="spantag import",
            description="Add documents, and optionally spans from native JSONL, without the TUI.",
        )
        parser.add_argument(
            "paths", nargs="*", type=Path, metavar="PATH", help=".txt/.md files or folders"
        )
        parser.add_argument(
            "--spans",
            type=Path,
            metavar="FILE.jsonl",
            help="native JSONL (as `spantag export` writes): documents matched by id, created from"
            " their text when absent",
        )
        parser.add_argument("--annotator", default=None, help="annotator for spans that name none")
        parser.add_argument(
            "--reanchor",
            action="store_true",
            help="for files changed on disk since their import: take the new text and move each "
            "span there by its text (spans that cannot be placed surely are kept out and saved "
            "to a JSONL file beside the database; see docs/reliability.md)",
        )
    elif command == "export":
        parser = _Parser(prog="spantag export", description="Write the annotations.")
        parser.add_argument("--format", default="native", choices=["native"], help="output format")
        parser.add_argument(
            "-o", "--output", type=Path, metavar="OUT", help="file to write (default: stdout)"
        )
    else:
        parser = _Parser(
            prog="spantag stats", description="Counts of annotations per document and label."
        )
    _add_db(parser)
    return parser


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db or default_db())


def _progress(total: int) -> Callable[[int, int], None] | None:
    """A rich progress bar on stderr for long runs on a terminal; None otherwise."""
    if total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    task = progress.add_task("reading", total=total)
    progress.start()

    def advance(done: int, total: int) -> None:
        progress.update(task, completed=done)
        if done >= total:
            progress.stop()

    return advance


def _settle() -> None:
    """Move everything loaded so far out of the garbage collector's sight (gc.freeze).

    The database's records live as long as the process; without this, every full collection
    walks all of them again (a pause that grows with the database, felt as a stall in the app).
    """
    import gc

    gc.freeze()


def _say(message: str) -> None:
    """One line on stderr; control characters (from a file name, say) shown as symbols, so an
    escape sequence in a name never reaches the terminal and a newline never splits the line."""
    if not message.isprintable():
        from tui.text_layout import printable

        message = printable(message)
    print(f"spantag: {message}", file=sys.stderr)


def _read_span_file(path: Path) -> list[SpanLine]:
    """Parse a whole native JSONL file before anything is written (a bad line changes nothing)."""
    from tui.formats.native import read_native

    try:
        with path.open("rb") as handle:
            return list(read_native(handle))
    except FileNotFoundError:
        raise SpantagError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SpantagError(f"{path}: is a folder, expected a JSONL file") from None
    except OSError as exc:
        raise SpantagError(f"{path}: cannot read ({exc.strerror})") from None


def cmd_import(args: argparse.Namespace) -> int:
    from tui.importer import ImportReport, import_files, import_spans
    from tui.store import Store
    from tui.textio import expand_paths

    if not args.paths and args.spans is None:
        raise UsageError("nothing to import: give article PATHs and/or --spans FILE.jsonl")
    files = expand_paths(args.paths)
    span_lines = _read_span_file(args.spans) if args.spans is not None else None
    report: ImportReport | None = None
    span_report: ImportReport | None = None
    reanchored: ReanchorResult | None = None
    with Store.open(_db_path(args)) as store:
        _report_problems(store)
        with store.batch():  # the whole import is one durable write
            if files:
                report = import_files(store, files, _progress(len(files)), reanchor=args.reanchor)
                if args.reanchor and report.changed_texts:
                    from tui.reanchor import reanchor_documents, recovery_path

                    reanchored = reanchor_documents(
                        store, report.changed_texts, recovery_path(store.path)
                    )
            if span_lines is not None:
                span_report = import_spans(store, span_lines, annotator=_annotator(args))
    failed = False
    if report is not None:
        for line in report.warnings + report.errors:
            _say(line)
        failed |= bool(report.errors)
        if reanchored is not None:
            _report_reanchored(reanchored)
        if len(report.errors) < len(files):  # when every file was refused, the errors say it all
            _say(
                f"{len(report.added)} documents added, {len(report.unchanged)} already present"
                + (f", {len(report.changed_on_disk)} re-anchored" if reanchored else "")
                + (f", {len(report.errors)} refused" if report.errors else "")
            )
    if span_report is not None:
        for line in span_report.warnings + span_report.errors:
            _say(line)
        failed |= bool(span_report.errors)
        _say(
            f"{span_report.spans_added} spans added"
            + (
                f", {span_report.spans_existing} already present"
                if span_report.spans_existing
                else ""
            )
            + (f", {len(span_report.errors)} skipped" if span_report.errors else "")
            + (f"; {len(span_report.added)} documents created" if span_report.added else "")
        )
    return 1 if failed else 0


def _report_reanchored(result: ReanchorResult, limit: int = 20) -> None:
    """Per document: what moved and what was kept out (each kept-out span listed)."""
    listed = 0
    for plan in result.plans:
        _say(
            f"{plan.doc_id}: new text taken; {len(plan.moved)} spans moved "
            f"({len(plan.by_context)} in unchanged text, {len(plan.by_unique_text)} by unique "
            f"text), {len(plan.kept_out)} kept out"
        )
        for kept in plan.kept_out:
            listed += 1
            if listed <= limit:
                span = kept.annotation
                _say(
                    f"  kept out: {span.label} {span.start}..{span.end} {span.text!r}: "
                    f"{kept.reason}"
                )
    if listed > limit:
        _say(f"  ... and {listed - limit} more kept out")
    if result.recovery is not None:
        _say(
            f"kept-out spans saved to {result.recovery} (native JSONL with the old text; "
            "'spantag import --spans' it into another --db to see them)"
        )


def cmd_export(args: argparse.Namespace) -> int:
    from tui.formats.native import write_native_store
    from tui.store import Store

    store = Store.open(_db_path(args), write=False)
    _settle()
    _report_problems(store)
    if args.output is None:
        write_native_store(store, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return 0
    from tui.exporting import export_native_file

    count = export_native_file(store, args.output)
    _say(f"{count} spans of {len(store.documents)} documents written to {args.output}")
    return 0


def cmd_stats(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    from tui.stats import format_stats
    from tui.store import Store

    store = Store.open(_db_path(args), write=False)
    _settle()
    _report_problems(store)
    print(format_stats(store), file=out or sys.stdout)
    return 0


def _report_problems(store: object) -> None:
    problems: list[str] = getattr(store, "problems", [])
    for line in problems[:20]:
        _say(f"warning: {line}")
    if len(problems) > 20:
        _say(f"warning: ... and {len(problems) - 20} more bad records (left untouched in the file)")


def cmd_open(args: argparse.Namespace) -> int:
    from tui.importer import import_files
    from tui.store import Store
    from tui.textio import expand_paths

    files = expand_paths(args.paths)
    store = Store.open(_db_path(args))
    _settle()
    try:
        _report_problems(store)
        if files:
            report = import_files(store, files, _progress(len(files)))
            if report.errors:
                for line in report.errors:
                    _say(line)
                if len(report.errors) > 1:
                    _say(f"{len(report.errors)} files could not be read; fix or remove them")
                return 1
            opening = [*report.added, *report.unchanged, *report.changed_on_disk]
            warnings = report.warnings
        else:
            opening = list(store.documents)
            warnings = []
        if not store.documents:
            raise SpantagError(
                f"no documents in {store.path}: give article files or folders, "
                "e.g. 'spantag sample_articles/'"
            )
        from tui.app import run_app

        return run_app(
            store,
            doc_ids=opening or list(store.documents),
            annotator=_annotator(args),
            warnings=warnings + store.problems,
        )
    finally:
        store.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `spantag` and `python -m tui`; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            command = argv[0]
            args = build_command_parser(command).parse_args(argv[1:])
            handler = {"import": cmd_import, "export": cmd_export, "stats": cmd_stats}[command]
            return handler(args)
        return cmd_open(build_open_parser().parse_args(argv))
    except SpantagError as exc:
        _say(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
