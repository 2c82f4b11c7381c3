"""`spantag [PATH ...]`: add the given articles to the database, then open the reader on them."""

from __future__ import annotations

import argparse

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


def run(args: argparse.Namespace) -> int:
    import gc

    # Start-up allocates a great many long-lived objects (Textual, the database); the cyclic
    # collector would walk them again and again. It is paused until the first frame is on
    # screen, then everything alive is frozen out of its sight (SpantagApp._first_frame).
    gc.disable()
    from tui.jobs.importer import import_files
    from tui.store import Store
    from tui.text.reading import expand_paths

    files = expand_paths(args.paths)
    # A label file is checked before the database is opened: a bad one writes nothing.
    labels = requested_labels(args)
    store = Store.open(db_path(args))
    try:
        report_problems(store)
        store_labels(store, labels)
        if files:
            report = import_files(store, files, progress(len(files)))
            if report.errors:
                for line in report.errors:
                    say(line)
                if len(report.errors) > 1:
                    say(f"{len(report.errors)} files could not be read; fix or remove them")
                return 1
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
        from tui.app import run_app
        from tui.commands.suggest import load_backends

        return run_app(
            store,
            doc_ids=opening or list(store.documents),
            annotator=annotator(args),
            warnings=warnings + store.problems,
            suggest=not args.no_suggest,
            backends=load_backends(args.model),
        )
    finally:
        store.close()
