"""Re-anchoring: an article changed on disk since it was imported gets its new text, and its spans
move to the new text by their own text; a span that cannot be placed surely is kept out, never
guessed, and saved to a recovery file.

Each span of the old text, in this order:
1. **unchanged context**: if it lies in text that a diff of the old and new text finds unchanged,
   it moves with that text: whole unchanged lines, or, within a line that changed (a paragraph
   with a correction), an unchanged stretch holding at least 16 more characters than the span;
2. **unique text**: otherwise, if its text occurs exactly once in the new text, it moves there;
3. otherwise it is **kept out**: its text is gone, or occurs several times outside unchanged text
   (ambiguous). It is removed from the document and written, with the reason, to a native JSONL
   file (the old text and the kept-out spans) beside the database.
A moved span keeps its id, label, annotator and source; `updated` is stamped. The new text, the
moved spans and the removals are one durable write; the recovery file is written before it.

Domain only (no Textual): used by `spantag import --reanchor`.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import orjson

from tui.db.file import write_atomic
from tui.formats.native import document_meta
from tui.model import Annotation, Change, Document, SpanKey, span_order, utc_now
from tui.store import Store
from tui.text.reading import sha256_text, title_of

_LINE_END = re.compile(r"(?<=\n)")
MAX_BLOCK_CHARS = 5_000
"""Changed blocks of lines longer than this are not diffed by character (too slow)."""
CONTEXT_CHARS = 16
"""Unchanged text a span needs around it, inside a changed line, to move with it."""


@dataclass(frozen=True, slots=True)
class KeptOut:
    """A span that could not be placed in the new text, and why."""

    annotation: Annotation
    reason: str


@dataclass
class ReanchorPlan:
    """Where each span of one document goes in its new text."""

    doc_id: str
    by_context: list[Annotation] = field(default_factory=list)
    by_unique_text: list[Annotation] = field(default_factory=list)
    kept_out: list[KeptOut] = field(default_factory=list)

    @property
    def moved(self) -> list[Annotation]:
        return self.by_context + self.by_unique_text


def _line_starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def unchanged_runs(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """Stretches of the old text found unchanged in the new, in order: (start, end, shift,
    context), where a span inside needs the stretch `context` characters longer than itself.

    Whole unchanged lines need no more; within lines that changed (a paragraph with a correction),
    a character diff's unchanged stretch counts only with CONTEXT_CHARS of text around the span.
    """
    old_lines = [line for line in _LINE_END.split(old) if line]
    new_lines = [line for line in _LINE_END.split(new) if line]
    old_at, new_at = _line_starts(old_lines), _line_starts(new_lines)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    runs: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = old_at[i1], new_at[j1]
        if tag == "equal":
            runs.append((a, old_at[i2], b - a, 0))
        elif tag == "replace" and max(old_at[i2] - a, new_at[j2] - b) <= MAX_BLOCK_CHARS:
            chars = difflib.SequenceMatcher(None, old[a : old_at[i2]], new[b : new_at[j2]], False)
            for x, y, size in chars.get_matching_blocks():
                if size > CONTEXT_CHARS:
                    runs.append((a + x, a + x + size, (b + y) - (a + x), CONTEXT_CHARS))
    return runs


def _occurrences(text: str, needle: str, limit: int = 2) -> list[int]:
    """Where `needle` starts in `text` (overlapping matches too), at most `limit` of them."""
    found: list[int] = []
    at = text.find(needle)
    while at >= 0 and len(found) < limit:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def plan_reanchor(
    doc_id: str, old: str, new: str, annotations: Iterable[Annotation], now: str | None = None
) -> ReanchorPlan:
    """Decide where every span goes (see the module docstring); nothing is written."""
    plan = ReanchorPlan(doc_id)
    runs = unchanged_runs(old, new)
    run_starts = [run[0] for run in runs]
    stamp = now or utc_now()
    taken: set[SpanKey] = set()
    for annotation in sorted(annotations, key=span_order):
        target: int | None = None
        kind = ""
        index = bisect.bisect_right(run_starts, annotation.start) - 1
        if index >= 0:
            start, end, shift, context = runs[index]
            length = annotation.end - annotation.start
            if (
                start <= annotation.start
                and annotation.end <= end
                and end - start >= length + context
            ):
                target, kind = annotation.start + shift, "context"
        if target is None:
            found = _occurrences(new, annotation.text)
            if len(found) == 1:
                target, kind = found[0], "unique"
            else:
                reason = (
                    "its text is not in the new text"
                    if not found
                    else "its text occurs several times in the new text, outside unchanged text"
                )
                plan.kept_out.append(KeptOut(annotation, reason))
                continue
        moved = replace(annotation, start=target, end=target + len(annotation.text), updated=stamp)
        assert new[moved.start : moved.end] == annotation.text
        if moved.key in taken:
            plan.kept_out.append(KeptOut(annotation, "the same span as another one once moved"))
            continue
        taken.add(moved.key)
        (plan.by_context if kind == "context" else plan.by_unique_text).append(
            annotation if moved.start == annotation.start else moved
        )
    return plan


def recovery_path(db: Path, now: str | None = None) -> Path:
    """Where the kept-out spans of a re-anchoring go: beside the database, stamped with the time."""
    stamp = re.sub(r"[^0-9TZ]", "", (now or utc_now()).split(".")[0]) + "Z"
    return db.with_name(f"{db.name}.reanchor-{stamp}.jsonl")


def _recovery_line(document: Document, plan: ReanchorPlan, new_sha: str) -> bytes:
    """A native JSONL line: the old text and its kept-out spans (importable elsewhere)."""
    spans = [
        {
            "start": k.annotation.start,
            "end": k.annotation.end,
            "label": k.annotation.label,
            "text": k.annotation.text,
            "annotator": k.annotation.annotator,
            "source": k.annotation.source,
            "id": k.annotation.id,
            "reason": k.reason,
        }
        for k in plan.kept_out
    ]
    line = {
        "id": document.id,
        "text": document.text,
        "meta": {**document_meta(document), "reanchored_to_sha256": new_sha},
        "spans": spans,
    }
    return orjson.dumps(line) + b"\n"


@dataclass
class ReanchorResult:
    """What `reanchor_documents` did: one plan per document and the recovery file, if any."""

    plans: list[ReanchorPlan]
    recovery: Path | None


def reanchor_documents(store: Store, new_texts: dict[str, str], recovery: Path) -> ReanchorResult:
    """Give documents their new text and move their spans, in one durable write.

    The kept-out spans are written to `recovery` first (only when there are some), so that a
    failure between the two writes loses nothing.
    """
    now = utc_now()
    plans: list[ReanchorPlan] = []
    documents: list[Document] = []
    lines: list[bytes] = []
    for doc_id, text in new_texts.items():
        old = store.documents[doc_id]
        plan = plan_reanchor(doc_id, old.text, text, store.annotations(doc_id), now)
        plans.append(plan)
        sha = sha256_text(text)
        title = title_of(text) if old.title == title_of(old.text) else old.title
        documents.append(replace(old, text=text, sha256=sha, title=title))
        if plan.kept_out:
            lines.append(_recovery_line(old, plan, sha))
    if lines:
        write_atomic(recovery, b"".join(lines))
    changes = [Change("put", a) for plan in plans for a in plan.moved]
    changes += [Change("delete", k.annotation) for plan in plans for k in plan.kept_out]
    with store.batch():
        store.add_documents(documents)
        if changes:
            store.apply(changes)
    return ReanchorResult(plans, recovery if lines else None)
