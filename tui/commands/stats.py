"""`spantag stats`: counts of annotations per document and label."""

from __future__ import annotations

import argparse
import sys
from typing import IO

from tui.commands.common import db_path, read_labels, report_problems, settle


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`spantag stats` has no options but --db."""


def run(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    from tui.jobs.stats import format_stats
    from tui.store import Store

    store = Store.open(db_path(args), write=False)
    settle()
    report_problems(store)
    print(format_stats(store, read_labels(store)), file=out or sys.stdout)
    return 0
