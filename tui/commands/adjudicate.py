"""`spantag adjudicate`: resolve the annotators' disagreements into a gold database."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.agree import split_list
from tui.commands.common import annotator, db_path, report_problems, say

EXAMPLES = (
    "spantag adjudicate ana.json ben.json --db gold.json  # resolve in the reader",
    "spantag adjudicate team/*.json --db gold.json --only ana,ben  # between these two only",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `spantag adjudicate` (--db is the gold database)."""
    parser.add_argument("dbs", nargs="+", type=Path, metavar="DB", help="annotators' databases")
    parser.add_argument(
        "--annotator", default=None, help="the adjudicator's name, stored with the gold spans"
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="adjudicate between these annotators only (repeat, or a comma list)",
    )


def run(args: argparse.Namespace) -> int:
    import gc

    from tui.store import Store
    from tui.team.corpus import check_annotators, check_distinct, load_corpus, open_inputs
    from tui.team.gold import prepare_gold

    gold_path = db_path(args)
    check_distinct(args.dbs, gold_path, "gold (--db)")
    stores = open_inputs(args.dbs)
    for store in stores:
        report_problems(store)
    corpus = load_corpus(stores)
    names = split_list(args.only) or corpus.annotators
    check_annotators(corpus, names)
    gc.disable()  # as the reader: paused until the first frame (SpantagApp._first_frame)
    gold = Store.open(gold_path)
    try:
        report_problems(gold)
        setup = prepare_gold(corpus, names, gold, annotator(args))
        say(
            f"{len(setup.order)} documents, {setup.agreed_added} agreed spans entered the gold, "
            f"{setup.state.total_open} disagreements open"
        )
        from tui.adjudicating import run_adjudication

        return run_adjudication(
            gold, setup.state, setup.order, annotator(args), warnings=gold.problems
        )
    finally:
        gold.close()
