"""`spantag stats`: counts of annotations per document and label."""

from __future__ import annotations

import argparse
import sys
from typing import IO

from tui.commands.common import db_path, report_problems, settle

EXAMPLES = (
    "spantag stats                      # documents, labels, time spent, per document",
    "spantag stats --json > stats.json  # the same figures as JSON (docs/stats.md)",
    "spantag stats --db team.json",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`spantag stats` has no options but --db."""


def run(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    from tui.jobs.stats import format_stats
    from tui.store import Store

    store = Store.open(db_path(args), write=False)
    settle()
    report_problems(store)
    print(format_stats(store), file=out or sys.stdout)
    return 0
