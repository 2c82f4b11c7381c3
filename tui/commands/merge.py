"""`spantag merge`: gather the documents and annotations of several databases into one."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.common import report_problems, say, settle

EXAMPLES = (
    "spantag merge ana.json ben.json --into all.json  # every annotator in one database",
    "spantag merge team/*.json --into all.json",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `spantag merge`."""
    parser.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="databases to read")
    parser.add_argument(
        "--into",
        type=Path,
        required=True,
        metavar="DEST",
        help="the database to add them to (created if missing)",
    )


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tui.store import Store
    from tui.team.corpus import check_distinct, open_inputs
    from tui.team.merging import merge
    from tui.text.layout import printable

    check_distinct(args.sources, args.into, "--into")
    sources = open_inputs(args.sources)
    for store in sources:
        report_problems(store)
    with Store.open(args.into) as dest:
        settle()
        report_problems(dest)
        report = merge(sources, dest)
    table = Table(title=f"merged into {printable(str(args.into))}", title_justify="left")
    for name in ("source", "documents added", "matched", "spans added", "skipped"):
        table.add_column(name, justify="left" if name == "source" else "right")
    for row in report.sources:
        table.add_row(
            Text(printable(row.path)),
            str(row.documents_added),
            str(row.documents_matched),
            str(row.spans_added),
            str(row.spans_skipped),
        )
    Console().print(table)
    say(
        f"{report.documents_added} documents and {report.spans_added} spans added to "
        f"{args.into}; spans already there skipped: "
        f"{sum(r.spans_skipped for r in report.sources)}"
    )
    return 0
