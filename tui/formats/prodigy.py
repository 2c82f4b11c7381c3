"""Prodigy's `spans_manual` tasks: text, spaCy tokens with `ws`, spans with token indices.

`token_end` is inclusive, as in Prodigy. A document with relations is a `rel.manual` task
(`_view_id: "relations"`): each relation names its head and child by the index of the last token
of each span (`head`, `child`), with the spans themselves in `head_span` and `child_span`.
Tokens come from spaCy's English tokenizer (the `spantag[spacy]` extra; see tokens.py), so
writing needs spaCy; reading does not. The hashes
are stable 32-bit hashes of the text and of text + spans, not the values Prodigy's own
`set_hashes` computes (`prodigy db-in --rehash` recomputes them). See docs/formats.md.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import IO, Any

import orjson

from tui.formats.common import (
    ExportOptions,
    FormatError,
    ImportOptions,
    Parsed,
    Record,
    SpanLine,
    iter_json_lines,
    mapping,
    relation_line,
    report_progress,
    string_id,
    text_id,
)
from tui.formats.tokens import Token, aligned_tokens, require_spacy

VIEW_ID = "spans_manual"
RELATIONS_VIEW_ID = "relations"


def stable_hash(value: object) -> int:
    """A signed 32-bit hash (like Prodigy's) of a JSON-serialisable value."""
    digest = hashlib.sha256(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def task(record: Record, tokens: list[Token]) -> dict[str, Any]:
    """The Prodigy task of one document, given tokens that every span aligns to."""
    document, spans = record.document, record.spans
    text = document.text
    by_start = {t.start: i for i, t in enumerate(tokens)}
    by_end = {t.end: i for i, t in enumerate(tokens)}
    out_spans = [
        {
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "token_start": by_start[s.start],
            "token_end": by_end[s.end],
            "label": s.label,
        }
        for s in spans
    ]
    input_hash = stable_hash({"text": text})
    linked = record.linked()
    relations = [
        {
            "head": out_spans[head]["token_end"],
            "child": out_spans[child]["token_end"],
            "head_span": out_spans[head],
            "child_span": out_spans[child],
            "label": relation.label,
        }
        for relation, head, child in linked
    ]
    task: dict[str, Any] = {
        "text": text,
        "meta": {"id": document.id, "title": document.title},
        "_input_hash": input_hash,
        "_task_hash": stable_hash([input_hash, [[s.start, s.end, s.label] for s in spans]]),
        "tokens": [
            {"text": text[t.start : t.end], "start": t.start, "end": t.end, "id": i, "ws": t.ws}
            for i, t in enumerate(tokens)
        ],
        "spans": out_spans,
        "_view_id": RELATIONS_VIEW_ID if relations else VIEW_ID,
        "answer": "accept",
    }
    if relations:
        task["relations"] = relations
    return task


def write_prodigy(records: list[Record], out: IO[bytes], options: ExportOptions) -> int:
    """Write one task per document; returns the number of spans written."""
    require_spacy("the prodigy format")
    for done, record in enumerate(records, 1):
        tokens, _ = aligned_tokens(record.document.text, record.spans)
        out.write(orjson.dumps(task(record, tokens)))
        out.write(b"\n")
        report_progress(options, done, len(records))
    return sum(len(record.spans) for record in records)


def _check_tokens(span: dict[str, Any], tokens: Any) -> str | None:
    """What is wrong with a span's token indices, or None if they agree with its offsets."""
    first, last = span.get("token_start"), span.get("token_end")
    if (first is None and last is None) or not isinstance(tokens, list):
        return None
    if type(first) is not int or type(last) is not int or not 0 <= first <= last < len(tokens):
        return f"token_start/token_end {first!r}..{last!r} do not index the task's tokens"
    begin, stop = tokens[first], tokens[last]
    if not (isinstance(begin, dict) and isinstance(stop, dict)):
        return "tokens must be objects with start and end"
    if "start" not in span and "end" not in span:
        span["start"], span["end"] = begin.get("start"), stop.get("end")
    if (begin.get("start"), stop.get("end")) != (span.get("start"), span.get("end")):
        return (
            f"tokens {first}..{last} cover {begin.get('start')}..{stop.get('end')}, not the"
            f" span's {span.get('start')}..{span.get('end')} (token_end is inclusive)"
        )
    return None


def _relations(
    value: dict[str, Any], number: int, spans: list[dict[str, Any]]
) -> tuple[list[dict[str, object]], dict[int, str]]:
    """The relations of a rel.manual task: by head_span/child_span, else by last token."""
    raw = value.get("relations", [])
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        raise FormatError(f"line {number}: 'relations' must be a list of objects")
    by_last = {s.get("token_end"): s for s in spans if s.get("token_end") is not None}
    relations: list[dict[str, object]] = []
    problems: dict[int, str] = {}
    for index, item in enumerate(raw):
        ends = []
        for name in ("head", "child"):
            span = item.get(f"{name}_span")
            ends.append(span if isinstance(span, dict) else by_last.get(item.get(name)))
        head, child = ends
        if head is None or child is None:
            problems[index] = (
                f"relation {index + 1}: head {item.get('head')!r} or child {item.get('child')!r} "
                "is not the last token of a span"
            )
            relations.append({})
            continue
        relations.append(relation_line(head, child, item.get("label")))
    return relations, problems


def read_prodigy(path: Path, options: ImportOptions) -> Parsed:
    """Parse Prodigy JSONL (a `db-out` dump or tasks like ours); only accepted answers count."""
    parsed = Parsed()
    rejected = 0
    with path.open("rb") as handle:
        for number, value in iter_json_lines(handle):
            text = value.get("text")
            if not isinstance(text, str):
                raise FormatError(f"line {number}: missing 'text' string")
            if value.get("answer", "accept") != "accept":
                rejected += 1
                continue
            meta = mapping(value, "meta")
            doc_id = string_id(meta.get("id"), value.get("id"))
            raw = value.get("spans", [])
            if not isinstance(raw, list) or not all(isinstance(s, dict) for s in raw):
                raise FormatError(f"line {number}: 'spans' must be a list of objects")
            spans = [dict(s) for s in raw]
            problems = {
                i: problem
                for i, span in enumerate(spans)
                if (problem := _check_tokens(span, value.get("tokens"))) is not None
            }
            title = meta.get("title")
            relations, relation_problems = _relations(value, number, spans)
            parsed.lines.append(
                SpanLine(
                    number,
                    doc_id or text_id(text),
                    text,
                    {"title": title} if isinstance(title, str) else {},
                    spans,
                    problems=problems,
                    by_text=doc_id is None,
                    relations=relations,
                    relation_problems=relation_problems,
                )
            )
    if rejected:
        parsed.warnings.append(f"{rejected} tasks answered 'reject' or 'ignore' were not imported")
    return parsed
