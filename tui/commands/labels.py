"""`spantag labels`: print the database's label set (or write it as a label file)."""

from __future__ import annotations

import argparse
import sys
from typing import IO, TYPE_CHECKING

from tui.commands.common import db_path, read_labels, report_problems

if TYPE_CHECKING:
    from tui.labels import LabelSet


EXAMPLES = (
    "spantag labels                     # the database's labels, keys and colours",
    "spantag labels --toml > labels.toml  # the set as a label file, to edit",
    "spantag import --labels labels.toml  # then give the database the edited set",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `spantag labels`."""
    parser.add_argument(
        "--toml",
        action="store_true",
        help="print the set as a label file (a start for --labels FILE)",
    )


def describe(labels: LabelSet, source: str) -> str:
    """The set as a table: name, keys, colour, what it marks; then relations and span key."""
    from tui.text.layout import printable

    header = ("label", "keys", "colour")
    rows = [
        (label.name, "/".join(label.keys), label.color, label.description or label.guideline)
        for label in labels
    ]
    width = [max(len(row[i]) for row in [(*header, ""), *rows]) for i in range(3)]
    lines = [f"label set ({source}):"]
    titles = [h.ljust(w) for h, w in zip(header, width, strict=True)]
    lines.append("  " + "  ".join(titles) + "  description")
    for row in rows:
        cells = [cell.ljust(w) for cell, w in zip(row[:3], width, strict=True)]
        lines.append(printable(("  " + "  ".join(cells) + "  " + row[3]).rstrip()))
    for relation in labels.relations:
        lines.append(
            f"relation {relation.name}: {', '.join(relation.heads)} -> "
            f"{', '.join(relation.children)}"
        )
    entities = [name for name in labels.names if name in labels.entities]
    lines.append(
        f"spaCy export: spans key {labels.span_key!r}; doc.ents: {', '.join(entities) or 'none'}"
    )
    return "\n".join(lines)


def run(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    from tui.config.label_file import to_toml
    from tui.store import Store

    with Store.open(db_path(args), write=False) as store:
        report_problems(store)
        labels = read_labels(store)
        if args.toml:
            print(to_toml(labels), end="", file=out or sys.stdout)
            return 0
        if store.has_label_set:
            source = f"stored in {store.path}"
        elif labels is store.labels:
            source = f"the default; {store.path} stores none"
        else:
            source = f"the config file's label file; {store.path} stores none"
        print(describe(labels, source), file=out or sys.stdout)
        counts: dict[str, int] = {}
        for annotation in store.annotations():
            counts[annotation.label] = counts.get(annotation.label, 0) + 1
        outside = {name: n for name, n in counts.items() if name not in labels}
        if outside:
            listed = ", ".join(f"{name} ({n})" for name, n in sorted(outside.items()))
            print(f"spans with labels outside the set (kept): {listed}", file=out or sys.stdout)
    return 0
