"""Prodigy's `spans_manual` tasks: text, spaCy tokens with `ws`, spans with token indices.

`token_end` is inclusive, as in Prodigy. Tokens come from spaCy's English tokenizer (the
`spantag[spacy]` extra; see tokens.py), so writing needs spaCy; reading does not. The hashes
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
    report_progress,
    string_id,
    text_id,
)
from tui.formats.tokens import Token, aligned_tokens, require_spacy

VIEW_ID = "spans_manual"


def stable_hash(value: object) -> int:
    """A signed 32-bit hash (like Prodigy's) of a JSON-serialisable value."""
    digest = hashlib.sha256(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def task(record: Record, tokens: list[Token]) -> dict[str, Any]:
    """The Prodigy task of one document, given tokens that every span aligns to."""
    document, spans = record
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
    return {
        "text": text,
        "meta": {"id": document.id, "title": document.title},
        "_input_hash": input_hash,
        "_task_hash": stable_hash([input_hash, [[s.start, s.end, s.label] for s in spans]]),
        "tokens": [
            {"text": text[t.start : t.end], "start": t.start, "end": t.end, "id": i, "ws": t.ws}
            for i, t in enumerate(tokens)
        ],
        "spans": out_spans,
        "_view_id": VIEW_ID,
        "answer": "accept",
    }


def write_prodigy(records: list[Record], out: IO[bytes], options: ExportOptions) -> int:
    """Write one task per document; returns the number of spans written."""
    require_spacy("the prodigy format")
    for done, record in enumerate(records, 1):
        tokens, _ = aligned_tokens(record[0].text, record[1])
        out.write(orjson.dumps(task(record, tokens)))
        out.write(b"\n")
        report_progress(options, done, len(records))
    return sum(len(spans) for _, spans in records)


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
            parsed.lines.append(
                SpanLine(
                    number,
                    doc_id or text_id(text),
                    text,
                    {"title": title} if isinstance(title, str) else {},
                    spans,
                    problems=problems,
                    by_text=doc_id is None,
                )
            )
    if rejected:
        parsed.warnings.append(f"{rejected} tasks answered 'reject' or 'ignore' were not imported")
    return parsed
