"""`spantag suggest`: batch pre-annotation from the command line (no Textual).

By default the suggestions are written as JSONL (one line per document: its id and its
suggested spans with score and reason), which `spantag import --spans FILE --as-suggestions`
reads back; `--accept-all` adds them as annotations (source `suggestion`) and `--store` keeps
them as pending suggestions that the reader offers; both in one durable write. With
`--relations` it suggests the speakers of the stored quotes instead (tui/jobs/speakers.py).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from tui.errors import SpantagError, UsageError
from tui.suggest.base import Suggester, Suggestion

EXAMPLES = (
    "spantag suggest > suggestions.jsonl           # every suggester, as native JSONL",
    "spantag suggest --label FIGURE --accept-all   # tag every suggested figure",
    "spantag suggest --store                       # keep them for review in the reader",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--label",
        action="append",
        metavar="LABEL",
        help="suggest only this label of the database's set (repeatable; default: all)",
    )
    parser.add_argument("--doc", action="append", metavar="ID", help="only this document")
    parser.add_argument(
        "--min-score",
        type=float,
        default=0.5,
        help="leave out suggestions scored below this (0-1; default 0.5: dates and years out)",
    )
    parser.add_argument(
        "--model", metavar="NAME", help="also use an installed spaCy pipeline (spantag[spacy])"
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--accept-all", action="store_true", help="add every suggestion as an annotation"
    )
    what.add_argument(
        "--store", action="store_true", help="keep them as pending suggestions for the reader"
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="JSONL file (default: stdout)"
    )
    parser.add_argument("--annotator", default=None, help="annotator of accepted suggestions")
    parser.add_argument(
        "--no-learned",
        action="store_true",
        help="do not use the learned model beside the database (spantag learn)",
    )
    parser.add_argument(
        "--relations",
        action="store_true",
        help="suggest the SPEAKER of every quote without one (with --accept-all: add them, and"
        " the PERSON spans they need)",
    )


def load_backends(model: str | None) -> list[Suggester]:
    """The optional spaCy backend, or a one-line error naming what is missing."""
    if model is None:
        return []
    from tui.suggest.spacy_backend import SpacySuggester, spacy_available

    if not spacy_available():
        raise SpantagError("--model needs spaCy: pip install 'spantag[spacy]'")
    try:
        return [SpacySuggester.load(model)]
    except OSError as exc:
        raise SpantagError(f"cannot load spaCy model {model!r}: {exc}") from None


def learned_backend(db: Path, say: Callable[[str], None]) -> list[Suggester]:
    """The learned model beside the database, when there is one and the extra is installed
    (its absence, or a damaged model, is said in one line; the rules work alone)."""
    from tui.suggest.learned import LEARN_HINT, learner_available
    from tui.suggest.learned.model import model_dir

    folder = model_dir(db)
    if not (folder / "current.json").exists():
        return []
    if not learner_available():
        say(LEARN_HINT)
        return []
    from tui.suggest.learned.backend import LearnedSuggester

    backend = LearnedSuggester(folder)
    backend.model()
    if backend.problem is not None:
        say(backend.problem)
        return []
    return [backend]


def run(args: argparse.Namespace) -> int:
    """`spantag suggest`: the command line's entry."""
    from tui.commands.common import annotator, db_path, progress, say

    if args.relations:
        from tui.commands.suggest_relations import suggest_relations

        return suggest_relations(args, db_path(args), annotator(args), say)
    return suggest_documents(args, db_path(args), annotator(args), say, progress)


def suggest_documents(
    args: argparse.Namespace,
    db: Path,
    annotator: str,
    say: Callable[[str], None],
    progress: Callable[[int], Callable[[int, int], None] | None],
) -> int:
    from tui.db.suggestions import suggestion_record
    from tui.model import Change
    from tui.store import Store
    from tui.suggest.engine import suggest

    if args.output is not None and (args.accept_all or args.store):
        raise UsageError("-o writes the suggestions out; it does not go with --accept-all/--store")
    backends = load_backends(args.model)
    if not args.no_learned:
        backends.extend(learned_backend(db, say))
    writing = args.accept_all or args.store
    store = Store.open(db, write=writing)
    try:
        from tui.commands.common import read_labels

        label_set = read_labels(store)
        unknown = [name for name in args.label or () if name not in label_set]
        if unknown:
            raise UsageError(
                f"--label {unknown[0]}: not a label of the database's set "
                f"({', '.join(label_set.names)})"
            )
        labels = args.label or list(label_set.names)
        doc_ids = args.doc or list(store.documents)
        missing = [d for d in doc_ids if d not in store.documents]
        if missing:
            raise SpantagError(f"no document {missing[0]!r} in {db}")
        existing = store.annotations_by_document()
        rejected = {
            doc_id: {
                (r["start"], r["end"], r["label"]) for r in records if r["status"] == "rejected"
            }
            for doc_id, records in store.suggestion_records_by_document().items()
        }
        found: dict[str, list[Suggestion]] = {}
        advance = progress(len(doc_ids))
        for number, doc_id in enumerate(doc_ids, 1):
            found[doc_id] = suggest(
                store.documents[doc_id].text,
                doc_id,
                existing,
                rejected.get(doc_id, set()),
                labels,
                backends=backends,
                min_score=args.min_score,
            )
            if advance is not None:
                advance(number, len(doc_ids))
        counts = Counter(s.label for found_ in found.values() for s in found_)
        total = sum(counts.values())
        summary = ", ".join(f"{label} {counts[label]}" for label in labels)
        if args.accept_all:
            changes = [
                Change(
                    "put",
                    store_document_annotation(store, doc_id, s, annotator),
                )
                for doc_id, items in found.items()
                for s in items
            ]
            with store.batch():  # one durable write; accepted, they are no longer pending
                store.apply(changes)
                for doc_id, items in found.items():
                    store.remove_suggestions(doc_id, [s.key for s in items])
            say(
                f"{total} suggestions accepted as annotations in {len(found)} documents ({summary})"
            )
        elif args.store:
            store.put_suggestions(
                suggestion_record(
                    store.documents[doc_id],
                    s.start,
                    s.end,
                    s.label,
                    "pending",
                    score=s.score,
                    source="spantag suggest",
                )
                for doc_id, items in found.items()
                for s in items
            )
            say(f"{total} suggestions stored for the reader in {len(found)} documents ({summary})")
        else:
            write_jsonl(store, found, args.output)
            say(f"{total} suggestions for {len(found)} documents ({summary})")
    finally:
        store.close()
    return 0


def store_document_annotation(store: Any, doc_id: str, s: Suggestion, annotator: str) -> Any:
    from tui.model import Annotation

    text = store.documents[doc_id].text
    return Annotation(
        doc_id, s.start, s.end, s.label, text[s.start : s.end], annotator, "suggestion"
    )


def write_jsonl(store: Any, found: dict[str, list[Suggestion]], output: Path | None) -> None:
    """One line per document: {"id", "spans": [{start, end, label, text, score, reason}]}."""
    lines = []
    for doc_id, items in found.items():
        text = store.documents[doc_id].text
        spans = [
            {
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "text": text[s.start : s.end],
                "score": s.score,
                "reason": s.reason,
            }
            for s in items
        ]
        lines.append(orjson.dumps({"id": doc_id, "spans": spans}) + b"\n")
    data = b"".join(lines)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        from tui.db.file import write_atomic

        write_atomic(output, data)
