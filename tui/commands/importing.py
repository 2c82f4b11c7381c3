"""`spantag import`: add documents, and optionally spans in any format, without the reader."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.common import (
    add_format,
    add_labels,
    annotator,
    check_offsets,
    db_path,
    progress,
    report_problems,
    requested_labels,
    say,
    store_labels,
)
from tui.errors import SpantagError, UsageError

if TYPE_CHECKING:
    from tui.formats.common import Parsed
    from tui.jobs.reanchor import ReanchorResult


EXAMPLES = (
    "spantag import news/                               # add the .txt/.md files of news/",
    "spantag import --spans corpus.jsonl                # documents and spans (native JSONL)",
    "spantag import --spans model.jsonl --as-suggestions # pre-annotations to review",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `spantag import`."""
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
    add_format(parser, "format of --spans")
    parser.add_argument("--annotator", default=None, help="annotator for spans that name none")
    add_labels(parser)
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


def run(args: argparse.Namespace) -> int:
    from tui.jobs.importer import ImportReport, import_files, import_spans
    from tui.store import Store
    from tui.text.reading import expand_paths

    if not args.paths and args.spans is None and args.labels is None:
        raise UsageError("nothing to import: give article PATHs, --spans FILE or --labels FILE")
    check_offsets(args)
    files = expand_paths(args.paths)
    # The whole span file is parsed before anything is written: a bad file changes nothing.
    parsed = _read_spans(args) if args.spans is not None else None
    labels = requested_labels(args)
    report: ImportReport | None = None
    span_report: ImportReport | None = None
    reanchored: ReanchorResult | None = None
    with Store.open(db_path(args)) as store:
        report_problems(store)
        with store.batch():  # the whole import is one durable write
            store_labels(store, labels)
            if files:
                report = import_files(store, files, progress(len(files)), reanchor=args.reanchor)
                if args.reanchor and report.changed_texts:
                    from tui.jobs.reanchor import reanchor_documents, recovery_path

                    reanchored = reanchor_documents(
                        store, report.changed_texts, recovery_path(store.path)
                    )
            if parsed is not None:
                span_report = import_spans(
                    store,
                    parsed.lines,
                    annotator=annotator(args),
                    labels=store.labels,
                    as_suggestions=args.as_suggestions,
                )
    failed = False
    if report is not None:
        for line in report.warnings + report.errors:
            say(line)
        failed |= bool(report.errors)
        if reanchored is not None:
            _report_reanchored(reanchored)
        if len(report.errors) < len(files):  # when every file was refused, the errors say it all
            say(
                f"{len(report.added)} documents added, {len(report.unchanged)} already present"
                + (f", {len(report.changed_on_disk)} re-anchored" if reanchored else "")
                + (f", {len(report.errors)} refused" if report.errors else "")
            )
    if span_report is not None:
        assert parsed is not None
        for line in parsed.warnings + span_report.warnings + span_report.errors:
            say(line)
        failed |= bool(span_report.errors)
        say(
            f"{span_report.spans_added} "
            + ("suggestions stored" if args.as_suggestions else "spans added")
            + (
                f", {span_report.spans_existing} already present"
                if span_report.spans_existing
                else ""
            )
            + (f", {len(span_report.errors)} skipped" if span_report.errors else "")
            + (f"; {len(span_report.added)} documents created" if span_report.added else "")
            + (
                f"; {span_report.relations_added} relations added"
                + (
                    f" ({span_report.relations_existing} already present)"
                    if span_report.relations_existing
                    else ""
                )
                if span_report.relations_added or span_report.relations_existing
                else ""
            )
        )
    return 1 if failed else 0


def _report_reanchored(result: ReanchorResult, limit: int = 20) -> None:
    """Per document: what moved and what was kept out (each kept-out span listed)."""
    listed = 0
    for plan in result.plans:
        say(
            f"{plan.doc_id}: new text taken; {len(plan.moved)} spans moved "
            f"({len(plan.by_context)} in unchanged text, {len(plan.by_unique_text)} by unique "
            f"text), {len(plan.kept_out)} kept out"
        )
        for kept in plan.kept_out:
            listed += 1
            if listed <= limit:
                span = kept.annotation
                say(
                    f"  kept out: {span.label} {span.start}..{span.end} {span.text!r}: "
                    f"{kept.reason}"
                )
    if listed > limit:
        say(f"  ... and {listed - limit} more kept out")
    if result.recovery is not None:
        say(
            f"kept-out spans saved to {result.recovery} (native JSONL with the old text; "
            "'spantag import --spans' it into another --db to see them)"
        )
