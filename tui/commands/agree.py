"""`spantag agree`: how far the annotators of the given databases agree (docs/team.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.commands.common import report_problems, settle

if TYPE_CHECKING:
    from tui.team.agreement import Agreement, PairAgreement
    from tui.team.corpus import TeamCorpus


EXAMPLES = (
    "spantag agree ana.json ben.json            # span F1 per label and alpha",
    "spantag agree ana.json ben.json --json     # the same as JSON",
    "spantag agree ana.json ben.json --worst 5  # the documents they disagree on most",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `spantag agree`."""
    parser.add_argument("dbs", nargs="+", type=Path, metavar="DB", help="annotators' databases")
    parser.add_argument(
        "--label",
        action="append",
        metavar="L",
        help="only this label (repeat, or give a comma list); ALL is then over these labels",
    )
    parser.add_argument(
        "--doc", action="append", metavar="ID", help="only this document (id or sha256; repeat)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument(
        "--worst", type=int, default=10, metavar="N", help="list the N worst documents (10)"
    )


def split_list(values: list[str] | None) -> list[str] | None:
    """Repeated options and comma lists as one list (None when not given)."""
    if values is None:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def run(args: argparse.Namespace) -> int:
    import gc

    from tui.team.agreement import agree
    from tui.team.corpus import check_distinct, load_corpus, open_inputs

    check_distinct(args.dbs)
    # Loading builds a great many objects that live until the end: the cyclic collector would
    # walk them again and again (as in the reader's start-up).
    gc.disable()
    stores = open_inputs(args.dbs)
    settle()
    for store in stores:
        report_problems(store)
    corpus = load_corpus(stores)
    result = agree(corpus, split_list(args.label), split_list(args.doc))
    if args.json:
        import orjson

        payload = result.to_json(corpus, max(args.worst, 0))
        sys.stdout.buffer.write(orjson.dumps(payload) + b"\n")
        sys.stdout.buffer.flush()
    else:
        print_tables(result, corpus, max(args.worst, 0))
    return 0


def cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def print_tables(result: Agreement, corpus: TeamCorpus, worst: int) -> None:
    """The figures as Rich tables: one per pair, its worst documents and label confusions."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tui.text.layout import printable

    console = Console()
    console.print(
        Text(
            f"{len(result.annotators)} annotators ({', '.join(map(printable, result.annotators))})"
            f", {result.documents} shared documents"
        )
    )
    for pair in result.pairs:
        console.print(pair_table(pair, Table, Text))
        rows = pair.worst(corpus, worst)
        if rows:
            table = Table(title="worst documents", title_justify="left")
            table.add_column("document")
            table.add_column("ALL F1", justify="right")
            for row in rows:
                table.add_row(Text(printable(row["id"])), cell(row["f1"]))
            console.print(table)
        if pair.confusion:
            table = Table(title="same extent, other label", title_justify="left")
            table.add_column(Text(printable(pair.a)))
            table.add_column(Text(printable(pair.b)))
            table.add_column("spans", justify="right")
            for (la, lb), count in sorted(pair.confusion.items()):
                table.add_row(Text(printable(la)), Text(printable(lb)), str(count))
            console.print(table)
    if len(result.pairs) > 1:
        from tui.team.agreement import METRICS, mean_figures

        table = Table(title=f"mean over {len(result.pairs)} pairs", title_justify="left")
        table.add_column("label")
        for header in ("P", "R", "F1", "ovl F1", "alpha"):
            table.add_column(header, justify="right", no_wrap=True)
        for label, figures in mean_figures(result.pairs).items():
            table.add_row(Text(printable(label)), *(cell(figures[m]) for m in METRICS))
        console.print(table)


def pair_table(pair: PairAgreement, table_type: Any, text_type: Any) -> Any:
    """One pair's figures per label and ALL."""
    from tui.text.layout import printable

    title = f"{printable(pair.a)} (A) vs {printable(pair.b)} (B): {len(pair.documents)} documents"
    caption = "P, R: precision, recall (A as reference); ovl F1: overlap F1; alpha over characters"
    table = table_type(title=title, title_justify="left", caption=caption, caption_justify="left")
    columns = ["label", "both", "only_a", "only_b", "precision", "recall", "f1", "overlap_f1"]
    headers = ["label", "both", "only A", "only B", "P", "R", "F1", "ovl F1", "alpha"]
    for name in headers:
        table.add_column(name, justify="left" if name == "label" else "right", no_wrap=True)
    for label, counts in pair.labels.items():
        figures = counts.figures()
        table.add_row(
            text_type(printable(label)),
            *(cell(figures[c]) for c in columns[1:]),
            cell(figures["alpha"]),
        )
    return table
