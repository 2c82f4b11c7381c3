"""`spantag learn`: train the learned suggester from the database's decisions, and say how well
it does (cross-validated over the documents marked done). The database is only read; the model
is written beside it (`annotations.model/`)."""

from __future__ import annotations

import argparse
import sys
import time

from tui.errors import SpantagError

EXAMPLES = (
    "spantag learn                # train on the decisions and print cross-validated figures",
    "spantag learn --no-cv        # only train the model",
    "spantag learn --folds 10 --db team.json",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--folds", type=int, default=5, help="cross-validation folds (default: %(default)s)"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the folds' shuffle (default: %(default)s)"
    )
    parser.add_argument(
        "--min-score", type=float, default=0.5, help="as spantag suggest (default: %(default)s)"
    )
    parser.add_argument(
        "--no-cv", action="store_true", help="only train the model, without cross-validation"
    )


def run(args: argparse.Namespace) -> int:
    """`spantag learn`: the command line's entry."""
    from tui.commands.common import db_path, report_problems, say
    from tui.suggest.learned import learner_available

    if not learner_available():
        raise SpantagError("spantag learn needs the learner: pip install 'spantag[learn]'")
    if args.folds < 2:
        raise SpantagError("--folds must be at least 2")
    from tui.store import Store
    from tui.suggest.learned.crossval import cross_validate, format_cross_validation
    from tui.suggest.learned.model import model_dir, train_into
    from tui.suggest.learned.training import examples_from_store, learned_labels

    store = Store.open(db_path(args), write=False)
    try:
        report_problems(store)
        examples = examples_from_store(store)
    finally:
        store.close()
    labels = learned_labels(examples)
    if not labels:
        raise SpantagError(f"nothing to learn from in {store.path}: tag some spans first")
    if not args.no_cv:
        result = cross_validate(examples, labels, args.folds, args.seed, args.min_score)
        if result is None:
            done = sum(1 for e in examples if e.done)
            say(f"cross-validation needs 2 documents marked done ({done} now); training only")
        else:
            print(format_cross_validation(result))
    began = time.monotonic()
    folder = model_dir(store.path)
    try:
        info = train_into(folder, examples)
    except OSError as exc:
        raise SpantagError(f"cannot write the model in {folder}: {exc.strerror or exc}") from None
    if info is None:
        raise SpantagError("nothing to learn from: no span of a learned label")
    print(
        f"model {folder}/{info.file}: {info.spans} spans of {info.documents} documents "
        f"({', '.join(info.labels)}), trained in {time.monotonic() - began:.1f} s",
        file=sys.stdout,
    )
    return 0
