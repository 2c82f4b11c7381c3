"""`spantag stats`: documents by status, spans per document, label and annotator, time spent."""

from __future__ import annotations

import argparse
import sys
from typing import IO

from tui.commands.common import db_path, read_labels, report_problems, settle

EXAMPLES = (
    "spantag stats                      # documents, labels, time spent, per document",
    "spantag stats --json > stats.json  # the same figures as JSON (docs/stats.md)",
    "spantag stats --db team.json",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`spantag stats [--json]`."""
    parser.add_argument(
        "--json", action="store_true", help="print the figures as one JSON object (docs/stats.md)"
    )


def run(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    import orjson

    from tui.jobs.stats import format_progress, store_progress
    from tui.store import Store

    store = Store.open(db_path(args), write=False)
    settle()
    report_problems(store)
    progress = store_progress(store, read_labels(store))
    if args.json:
        text = orjson.dumps(progress.as_json(), option=orjson.OPT_INDENT_2).decode()
    else:
        text = format_progress(progress)
    print(text, file=out or sys.stdout)
    return 0
