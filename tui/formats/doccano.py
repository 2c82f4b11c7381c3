"""doccano's sequence-labelling JSONL: `{"doc_id", "text", "label": [[start, end, LABEL], ...]}`.

doccano's browser client counts offsets in UTF-16 code units (JavaScript string indices), unless
a project counts grapheme clusters; so the default unit here is `utf16`, and `codepoints` is
there for tools that read doccano-style files with Python indices. Each line also says which
unit it uses (`"offsets"`, kept by doccano as metadata), so our own files always read back
right. See docs/formats.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, get_args

import orjson

from tui.formats.common import (
    ExportOptions,
    FormatError,
    ImportOptions,
    OffsetUnit,
    Parsed,
    Record,
    SpanLine,
    iter_json_lines,
    mapping,
    report_progress,
    string_id,
    text_id,
)
from tui.formats.offsets import Utf16Offsets
from tui.labels import LabelSet

DEFAULT_UNIT: OffsetUnit = "utf16"
UNITS: tuple[OffsetUnit, ...] = get_args(OffsetUnit)


def label_file(labels: LabelSet) -> bytes:
    """doccano's label types (Labels -> Import): name, shortcut key and colours per label."""
    types = [
        {
            "text": label.name,
            "suffix_key": label.key or None,
            "background_color": label.color,
            "text_color": text_color(label.color),
        }
        for label in labels
    ]
    return orjson.dumps(types, option=orjson.OPT_INDENT_2) + b"\n"


def text_color(background: str) -> str:
    """Black or white, whichever reads better on `background` (#rrggbb)."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#ffffff"


def document_line(record: Record, unit: OffsetUnit) -> dict[str, Any]:
    """The doccano JSONL object of one document."""
    document, spans = record
    convert = Utf16Offsets(document.text).to_utf16 if unit == "utf16" else int
    return {
        "doc_id": document.id,
        "text": document.text,
        "label": [[convert(s.start), convert(s.end), s.label] for s in spans],
        "offsets": unit,
    }


def write_doccano(records: list[Record], out: IO[bytes], options: ExportOptions) -> int:
    """Write one JSONL line per document; returns the number of spans written."""
    count = 0
    for done, record in enumerate(records, 1):
        out.write(orjson.dumps(document_line(record, options.offsets)))
        out.write(b"\n")
        count += len(record[1])
        report_progress(options, done, len(records))
    return count


def _triples(value: dict[str, Any], number: int) -> list[Any]:
    """The label triples of a line: `label` (import format) or `entities` (newer exports)."""
    if "entities" in value and "label" not in value:
        entities = value["entities"]
        if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
            raise FormatError(f"line {number}: 'entities' must be a list of objects")
        return [[e.get("start_offset"), e.get("end_offset"), e.get("label")] for e in entities]
    labels = value.get("label", [])
    if not isinstance(labels, list):
        raise FormatError(f"line {number}: 'label' must be a list of [start, end, LABEL]")
    return labels


def _unit(value: dict[str, Any], number: int, options: ImportOptions, parsed: Parsed) -> OffsetUnit:
    """The line's own `offsets` if it has one, else the user's choice, else doccano's default."""
    declared = value.get("offsets")
    if declared is None:
        return options.offsets or DEFAULT_UNIT
    if declared not in UNITS:
        raise FormatError(f"line {number}: 'offsets' must be one of {', '.join(UNITS)}")
    if options.offsets is not None and options.offsets != declared:
        parsed.warnings.append(
            f"line {number}: the line says its offsets are {declared}; read as {declared}, "
            f"not {options.offsets}"
        )
    unit: OffsetUnit = declared
    return unit


def _spans(
    triples: list[Any], text: str, unit: OffsetUnit
) -> tuple[list[dict[str, object]], dict[int, str]]:
    """Span dicts in code points, and the problems of the triples that cannot be converted."""
    offsets = Utf16Offsets(text) if unit == "utf16" else None
    spans: list[dict[str, object]] = []
    problems: dict[int, str] = {}
    for index, triple in enumerate(triples):
        if not (isinstance(triple, list) and len(triple) == 3):
            problems[index] = f"expected [start, end, LABEL], got {triple!r}"
            spans.append({})
            continue
        start, end, label = triple
        if offsets is not None and type(start) is int and type(end) is int:
            start_cp, end_cp = offsets.to_codepoints(start), offsets.to_codepoints(end)
            if start_cp is None or end_cp is None:
                problems[index] = (
                    f"UTF-16 offsets {start}..{end} fall inside a character outside the BMP "
                    "(an emoji?); if the file counts code points, use --offsets codepoints"
                )
            start, end = start_cp, end_cp
        spans.append({"start": start, "end": end, "label": label})
    return spans, problems


def read_doccano(path: Path, options: ImportOptions) -> Parsed:
    """Parse a doccano JSONL file into spans with code-point offsets."""
    parsed = Parsed()
    with path.open("rb") as handle:
        for number, value in iter_json_lines(handle):
            text = value.get("text")
            if not isinstance(text, str):
                raise FormatError(f"line {number}: missing 'text' string")
            meta = mapping(value, "meta")
            doc_id = string_id(value.get("doc_id"), meta.get("doc_id"))
            unit = _unit(value, number, options, parsed)
            spans, problems = _spans(_triples(value, number), text, unit)
            parsed.lines.append(
                SpanLine(
                    number,
                    doc_id or text_id(text),
                    text,
                    {},
                    spans,
                    problems=problems,
                    by_text=doc_id is None,
                )
            )
    return parsed
