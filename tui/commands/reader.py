"""`spantag [PATH ...]`: add the given articles to the database, then open the reader on them."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.commands.common import (
    annotator,
    db_path,
    progress,
    report_problems,
    requested_labels,
    say,
    store_labels,
)
from tui.errors import SpantagError
from tui.store import Store


def documents_to_open(store: Store, files: list[Path]) -> tuple[list[str], list[str]]:
    """Add `files` to the store; the ids to open (all documents without files) and warnings.

    A file that cannot be read is said on stderr and raises (nothing is opened then).
    """
    from tui.jobs.importer import import_files

    if files:
        report = import_files(store, files, progress(len(files)))
        if report.errors:
            for line in report.errors[:-1]:
                say(line)
            if len(report.errors) > 1:
                say(report.errors[-1])
                count = len(report.errors)
                raise SpantagError(f"{count} files could not be read; fix or remove them")
            raise SpantagError(report.errors[-1])
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
    return opening or list(store.documents), warnings


def run(args: argparse.Namespace) -> int:
    import gc

    # Start-up allocates a great many long-lived objects (Textual, the database); the cyclic
    # collector would walk them again and again. It is paused until the first frame is on
    # screen, then everything alive is frozen out of its sight (SpantagApp._first_frame).
    gc.disable()
    from tui.text.reading import expand_paths

    files = expand_paths(args.paths)
    # A label file is checked before the database is opened: a bad one writes nothing.
    labels = requested_labels(args)
    store = Store.open(db_path(args))
    try:
        report_problems(store)
        store_labels(store, labels)
        opening, warnings = documents_to_open(store, files)
        from tui.app import run_app
        from tui.commands.suggest import load_backends

        return run_app(
            store,
            doc_ids=opening,
            annotator=annotator(args),
            warnings=warnings + store.problems,
            suggest=not args.no_suggest,
            backends=load_backends(args.model),
        )
    finally:
        store.close()
