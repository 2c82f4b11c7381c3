"""`spantag export`: write the annotations in one of the formats (docs/formats.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.common import (
    add_format,
    check_offsets,
    db_path,
    progress,
    read_labels,
    report_problems,
    say,
    settle,
)
from tui.errors import UsageError

if TYPE_CHECKING:
    from tui.formats import Format
    from tui.formats.common import ExportOptions, Record
    from tui.formats.native import RecordSource


EXAMPLES = (
    "spantag export -o corpus.jsonl                  # native JSONL",
    "spantag export --format labelstudio -o ls.json  # Label Studio tasks",
    "spantag export --format brat -o brat/           # a brat folder (.txt + .ann)",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `spantag export`."""
    add_format(parser, "output format")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="file to write (default: stdout); a folder for brat; needed for spacy and brat",
    )
    parser.add_argument(
        "--annotator",
        metavar="NAME",
        help="only this annotator's spans (of a database several annotators share)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="labelstudio and doccano: where to write the labelling config / the label types"
        " (default: beside OUT, as OUT-stem.label_config.xml / OUT-stem.labels.json)",
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


def _export_native(store: RecordSource, output: Path | None) -> int:
    from tui.formats.native import write_native_store
    from tui.jobs.exporting import export_native_file

    if output is None:
        write_native_store(store, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return 0
    count = export_native_file(store, output)
    say(f"{count} spans of {len(store.documents)} documents written to {output}")
    return 0


def run(args: argparse.Namespace) -> int:
    from tui.db.file import write_atomic
    from tui.formats import FORMATS
    from tui.formats.common import ExportOptions, make_records
    from tui.formats.doccano import DEFAULT_UNIT
    from tui.model import Relation
    from tui.store import Store

    fmt = FORMATS[args.format]
    check_offsets(args)
    if args.config is not None and fmt.config is None:
        raise UsageError("--config applies to --format labelstudio and doccano only")
    if args.output is None and fmt.output != "text":
        kind = "a folder" if fmt.output == "folder" else "a binary file"
        raise UsageError(f"--format {fmt.name} writes {kind}: give it with -o OUT")
    from tui.jobs.exporting import AnnotatorRecords

    store = Store.open(db_path(args), write=False)
    settle()
    report_problems(store)
    source: RecordSource = store
    if args.annotator is not None:
        source = AnnotatorRecords(store, args.annotator)
    if fmt.name == "native":
        # The fast path: straight from the stored records, no objects (docs/performance.md).
        return _export_native(source, args.output)
    spans = store.annotations_by_document()
    if args.annotator is not None:
        spans = {
            doc_id: [a for a in group if a.annotator == args.annotator]
            for doc_id, group in spans.items()
        }
    relations: dict[str, list[Relation]] = {}
    for relation in store.relations():
        relations.setdefault(relation.doc_id, []).append(relation)
    # A relation whose spans are not exported (another annotator's) is left out (Record.linked).
    records = make_records(store.documents.values(), spans, relations)
    # Spans of labels outside the set are exported too, and their configs declare them.
    labels = read_labels(store).including(a.label for r in records for a in r.spans)
    options = ExportOptions(
        labels=labels,
        offsets=args.offsets or DEFAULT_UNIT,
        progress=progress(len(records), "writing"),
    )
    count = _write_export(fmt, records, args.output, options)
    if args.output is not None:
        say(f"{count} spans of {len(records)} documents written to {args.output}")
    if fmt.config is not None:
        config = args.config
        if config is None and args.output is not None:
            config = args.output.with_name(f"{args.output.stem}{fmt.config_suffix}")
        what = "labelling config" if fmt.name == "labelstudio" else "label types file"
        if config is None:
            if fmt.name == "labelstudio":  # a doccano file is usable without its label types
                say(f"the {what} was not written: add --config FILE")
        else:
            write_atomic(config, fmt.config(options.labels))
            say(f"{what} written to {config}")
    return 0
