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
    from tui.formats import Format
    from tui.formats.common import ExportOptions, Parsed, Record
    from tui.jobs.reanchor import ReanchorResult
    from tui.store import Store

SUBCOMMANDS = ("import", "export", "stats", "suggest")
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
    from tui.text.reading import storable

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
            "  spantag import PATH ... [--spans FILE [--format F]]  add documents (and spans)\n"
            "  spantag export [--format F] [-o OUT]                 write the annotations\n"
            "  spantag stats                                        counts per document, label\n"
            "  spantag suggest [--accept-all | --store]             batch pre-annotation\n"
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
    parser.add_argument(
        "--no-suggest", action="store_true", help="do not compute or show suggestions"
    )
    parser.add_argument(
        "--model",
        metavar="NAME",
        help="also suggest from an installed spaCy pipeline (needs spantag[spacy])",
    )
    parser.add_argument("--version", action="version", version=f"spantag {__version__}")
    return parser


def build_command_parser(command: str) -> argparse.ArgumentParser:
    if command == "import":
        parser = _Parser(
            prog="spantag import",
            description="Add documents, and optionally spans in one of the formats below, without"
            " the TUI. Spans whose text does not match their offsets are reported, not shifted.",
            epilog=_formats_epilog(),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.add_argument(
            "paths", nargs="*", type=Path, metavar="PATH", help=".txt/.md files or folders"
        )
        parser.add_argument(
            "--spans",
            type=Path,
            metavar="FILE",
            help="spans to add, in the --format given (default native JSONL, as `spantag export`"
            " writes; a folder for brat): documents matched by id, created from their text when"
            " absent",
        )
        _add_format(parser, "format of --spans")
        parser.add_argument("--annotator", default=None, help="annotator for spans that name none")
        parser.add_argument(
            "--reanchor",
            action="store_true",
            help="for files changed on disk since their import: take the new text and move each "
            "span there by its text (spans that cannot be placed surely are kept out and saved "
            "to a JSONL file beside the database; see docs/reliability.md)",
        )
        parser.add_argument(
            "--as-suggestions",
            action="store_true",
            help="add the spans as pending suggestions (pre-annotations the reader offers to"
            " accept or reject), not as annotations",
        )
    elif command == "suggest":
        from tui.commands import suggest as cli_suggest

        parser = _Parser(
            prog="spantag suggest",
            description="Batch pre-annotation: the built-in suggesters (and a spaCy model) over"
            " the documents. Writes JSONL by default; --accept-all or --store write the database.",
        )
        cli_suggest.add_arguments(parser)
    elif command == "export":
        parser = _Parser(
            prog="spantag export",
            description="Write the annotations in one of the formats below (docs/formats.md).",
            epilog=_formats_epilog(),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _add_format(parser, "output format")
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            metavar="OUT",
            help="file to write (default: stdout); a folder for brat; needed for spacy and brat",
        )
        parser.add_argument(
            "--config",
            type=Path,
            metavar="FILE",
            help="labelstudio: where to write the labelling config (default: beside OUT, as"
            " OUT-stem.label_config.xml)",
        )
    else:
        parser = _Parser(
            prog="spantag stats", description="Counts of annotations per document and label."
        )
    _add_db(parser)
    return parser


def _add_format(parser: argparse.ArgumentParser, what: str) -> None:
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


def _formats_epilog() -> str:
    from tui.formats import FORMATS

    rows = [f"  {f.name:<12} {f.summary}; offsets: {f.offsets}" for f in FORMATS.values()]
    return "formats:\n" + "\n".join(rows)


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db or default_db())


def _progress(total: int, description: str = "reading") -> Callable[[int, int], None] | None:
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
        from tui.text.layout import printable

        message = printable(message)
    print(f"spantag: {message}", file=sys.stderr)


def _check_offsets(args: argparse.Namespace) -> None:
    if args.offsets is not None and args.format != "doccano":
        raise UsageError("--offsets applies to --format doccano only")


def _read_spans(args: argparse.Namespace) -> Parsed:
    """Parse the --spans input in its --format; problems with the file are one-line errors."""
    from tui.formats import FORMATS
    from tui.formats.common import ImportOptions

    fmt = FORMATS[args.format]
    path: Path = args.spans
    if not path.exists():
        raise SpantagError(f"{path}: no such file or folder")
    if fmt.output != "folder" and not path.is_file():
        raise SpantagError(f"{path}: is a folder; --format {fmt.name} reads a file")
    try:
        return fmt.read(path, ImportOptions(offsets=args.offsets))
    except OSError as exc:
        raise SpantagError(f"{path}: cannot read ({exc.strerror})") from None


def cmd_import(args: argparse.Namespace) -> int:
    from tui.jobs.importer import ImportReport, import_files, import_spans
    from tui.store import Store
    from tui.text.reading import expand_paths

    if not args.paths and args.spans is None:
        raise UsageError("nothing to import: give article PATHs and/or --spans FILE")
    _check_offsets(args)
    files = expand_paths(args.paths)
    # The whole span file is parsed before anything is written: a bad file changes nothing.
    parsed = _read_spans(args) if args.spans is not None else None
    report: ImportReport | None = None
    span_report: ImportReport | None = None
    reanchored: ReanchorResult | None = None
    with Store.open(_db_path(args)) as store:
        _report_problems(store)
        with store.batch():  # the whole import is one durable write
            if files:
                report = import_files(store, files, _progress(len(files)), reanchor=args.reanchor)
                if args.reanchor and report.changed_texts:
                    from tui.jobs.reanchor import reanchor_documents, recovery_path

                    reanchored = reanchor_documents(
                        store, report.changed_texts, recovery_path(store.path)
                    )
            if parsed is not None:
                span_report = import_spans(
                    store,
                    parsed.lines,
                    annotator=_annotator(args),
                    as_suggestions=args.as_suggestions,
                )
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
        assert parsed is not None
        for line in parsed.warnings + span_report.warnings + span_report.errors:
            _say(line)
        failed |= bool(span_report.errors)
        _say(
            f"{span_report.spans_added} "
            + ("suggestions stored" if args.as_suggestions else "spans added")
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


def _write_export(
    fmt: Format, records: list[Record], output: Path | None, options: ExportOptions
) -> int:
    """Write the export to `output` (atomically) or to stdout; returns the spans written."""
    import io

    from tui.db.file import write_atomic

    if fmt.write_folder is not None:
        assert output is not None  # cmd_export requires -o for folder formats
        return fmt.write_folder(records, output, options)
    assert fmt.write is not None
    if output is None:
        count = fmt.write(records, sys.stdout.buffer, options)
        sys.stdout.buffer.flush()
        return count
    buffer = io.BytesIO()
    count = fmt.write(records, buffer, options)
    write_atomic(output, buffer.getvalue())
    return count


def _export_native(store: Store, output: Path | None) -> int:
    from tui.formats.native import write_native_store
    from tui.jobs.exporting import export_native_file

    if output is None:
        write_native_store(store, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return 0
    count = export_native_file(store, output)
    _say(f"{count} spans of {len(store.documents)} documents written to {output}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from tui.db.file import write_atomic
    from tui.formats import FORMATS
    from tui.formats.common import ExportOptions, make_records
    from tui.formats.doccano import DEFAULT_UNIT
    from tui.labels import DEFAULT_LABEL_SET
    from tui.store import Store

    fmt = FORMATS[args.format]
    _check_offsets(args)
    if args.config is not None and fmt.config is None:
        raise UsageError("--config applies to --format labelstudio only")
    if args.output is None and fmt.output != "text":
        kind = "a folder" if fmt.output == "folder" else "a binary file"
        raise UsageError(f"--format {fmt.name} writes {kind}: give it with -o OUT")
    store = Store.open(_db_path(args), write=False)
    _settle()
    _report_problems(store)
    if fmt.name == "native":
        # The fast path: straight from the stored records, no objects (docs/performance.md).
        return _export_native(store, args.output)
    records = make_records(store.documents.values(), store.annotations_by_document())
    options = ExportOptions(
        labels=DEFAULT_LABEL_SET,
        offsets=args.offsets or DEFAULT_UNIT,
        progress=_progress(len(records), "writing"),
    )
    count = _write_export(fmt, records, args.output, options)
    if args.output is not None:
        _say(f"{count} spans of {len(records)} documents written to {args.output}")
    if fmt.config is not None:
        config = args.config
        if config is None and args.output is not None:
            config = args.output.with_name(f"{args.output.stem}.label_config.xml")
        if config is None:
            _say("the labelling config was not written: add --config FILE")
        else:
            write_atomic(config, fmt.config(options.labels))
            _say(f"labelling config written to {config}")
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from tui.commands import suggest as cli_suggest

    return cli_suggest.run(
        args,
        _db_path(args),
        _annotator(args),
        _say,
        _progress,
    )


def cmd_stats(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    from tui.jobs.stats import format_stats
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
    import gc

    # Start-up allocates a great many long-lived objects (Textual, the database); the cyclic
    # collector would walk them again and again. It is paused until the first frame is on
    # screen, then everything alive is frozen out of its sight (SpantagApp._first_frame).
    gc.disable()
    from tui.jobs.importer import import_files
    from tui.store import Store
    from tui.text.reading import expand_paths

    files = expand_paths(args.paths)
    store = Store.open(_db_path(args))
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
        from tui.commands.suggest import load_backends

        return run_app(
            store,
            doc_ids=opening or list(store.documents),
            annotator=_annotator(args),
            warnings=warnings + store.problems,
            suggest=not args.no_suggest,
            backends=load_backends(args.model),
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
            handler = {
                "import": cmd_import,
                "export": cmd_export,
                "stats": cmd_stats,
                "suggest": cmd_suggest,
            }[command]
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
