"""`spantag suggest --relations`: the speakers of the stored quotes, written out or accepted.

Without `--accept-all` it writes JSONL, one line per document with suggested speakers: the
PERSON spans to add (`spans`) and the SPEAKER relations (`relations`, native JSONL shape, each
with its `reason`), which `spantag import --spans FILE` reads back. With `--accept-all` the
spans (source `suggestion`) and relations (source `suggestion`) are added in one durable write.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from tui.errors import SpantagError, UsageError


def suggest_relations(
    args: argparse.Namespace, db: Path, annotator: str, say: Callable[[str], None]
) -> int:
    from tui.jobs.speakers import plan_speakers
    from tui.store import Store

    if args.store:
        raise UsageError("--relations does not go with --store (only spans are stored pending)")
    if args.label or args.model:
        raise UsageError("--relations suggests speakers: --label and --model do not apply")
    if args.output is not None and args.accept_all:
        raise UsageError("-o writes the suggestions out; it does not go with --accept-all")
    store = Store.open(db, write=args.accept_all)
    try:
        doc_ids = args.doc or list(store.documents)
        missing = [d for d in doc_ids if d not in store.documents]
        if missing:
            raise SpantagError(f"no document {missing[0]!r} in {db}")
        plans = plan_speakers(store, doc_ids, annotator)
        speakers = sum(len(p.relations) for p in plans)
        people = sum(len(p.new_people) for p in plans)
        summary = f"{speakers} speakers ({people} new PERSON spans) in {len(plans)} documents"
        if args.accept_all:
            store.apply(change for plan in plans for change in plan.changes())
            say(f"{summary} accepted")
        else:
            lines = [orjson.dumps(_line(store, plan)) + b"\n" for plan in plans if plan.relations]
            _write(b"".join(lines), args.output)
            say(f"{summary} suggested")
    finally:
        store.close()
    return 0


def _line(store: Any, plan: Any) -> dict[str, Any]:
    text = store.documents[plan.doc_id].text

    def ref(extent: tuple[int, int], label: str) -> dict[str, Any]:
        return {"start": extent[0], "end": extent[1], "label": label}

    return {
        "id": plan.doc_id,
        "spans": [
            {"start": a.start, "end": a.end, "label": a.label, "text": a.text, "source": a.source}
            for a in plan.new_people
        ],
        "relations": [
            {
                "head": ref(s.quote, "QUOTE"),
                "child": ref(s.speaker, "PERSON"),
                "label": "SPEAKER",
                "source": "suggestion",
                "reason": s.reason,
                "quote": text[s.quote[0] : s.quote[1]],
                "speaker": text[s.speaker[0] : s.speaker[1]],
            }
            for s in plan.suggestions
        ],
    }


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        from tui.db.file import write_atomic

        write_atomic(output, data)
