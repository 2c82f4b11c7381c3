"""Label Studio: a JSON list of tasks with `data.text` and `annotations[0].result[]`, plus the
labelling config (`<View>` with `<Labels name="label" toName="text">`) that matches it.

Relations are results of `type: "relation"` (`from_id` the head region, `to_id` the child,
`direction: "right"`, `labels: [SPEAKER]`), declared by `<Relations>` in the config.

Label Studio stores Text offsets as code points (since its 2022 fix for emoji), the same unit
as spantag, so offsets are written unchanged. See docs/formats.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

import orjson

from tui.formats.common import (
    ExportOptions,
    FormatError,
    ImportOptions,
    Parsed,
    Record,
    SpanLine,
    relation_line,
    report_progress,
    string_id,
    text_id,
)
from tui.labels import LabelSet

FROM_NAME, TO_NAME = "label", "text"
NOTE_NAME = "note"
"""The per-region TextArea that carries a span's note (same region id as its labels result)."""


def label_config(labels: LabelSet) -> bytes:
    """The labelling config for these labels: one Labels control over one Text object."""
    lines = ["<View>", f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">']
    for label in labels:
        attrs = f"value={quoteattr(label.name)} background={quoteattr(label.color)}"
        if label.key:
            attrs += f" hotkey={quoteattr(label.key)}"
        lines.append(f"    <Label {attrs}/>")
    lines.append("  </Labels>")
    rules = list(labels.relations)
    if rules:
        lines.append("  <Relations>")
        lines += [f"    <Relation value={quoteattr(rule.name)}/>" for rule in rules]
        lines.append("  </Relations>")
    lines += [
        f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>',
        f'  <TextArea name="{NOTE_NAME}" toName="{TO_NAME}" perRegion="true" editable="true"/>',
        "</View>",
        "",
    ]
    return "\n".join(lines).encode()


def task(number: int, record: Record) -> dict[str, Any]:
    """The Label Studio task of one document; `number` becomes its (1-based) task id."""
    document, spans = record.document, record.spans
    result: list[dict[str, Any]] = [
        {
            "id": span.id,
            "from_name": FROM_NAME,
            "to_name": TO_NAME,
            "type": "labels",
            "value": {
                "start": span.start,
                "end": span.end,
                "text": span.text,
                "labels": [span.label],
            },
        }
        for span in spans
    ]
    result += [
        {
            "type": "relation",
            "from_id": spans[head].id,
            "to_id": spans[child].id,
            "direction": "right",
            "labels": [relation.label],
        }
        for relation, head, child in record.linked()
    ]
    result += [
        {
            "id": span.id,
            "from_name": NOTE_NAME,
            "to_name": TO_NAME,
            "type": "textarea",
            "value": {"start": span.start, "end": span.end, "text": [span.note]},
        }
        for span in spans
        if span.note
    ]
    out: dict[str, Any] = {
        "id": number,
        "data": {"text": document.text, "doc_id": document.id, "title": document.title},
        "annotations": [{"result": result}] if result else [],
    }
    meta: dict[str, object] = {"note": document.note} if document.note else {}
    if document.review:
        meta["review"] = True
    if meta:
        out["meta"] = meta
    return out


def write_labelstudio(records: list[Record], out: IO[bytes], options: ExportOptions) -> int:
    """Write the task list, one task per line so that import messages can name lines."""
    out.write(b"[")
    for number, record in enumerate(records, 1):
        out.write(b"\n" if number == 1 else b",\n")
        out.write(orjson.dumps(task(number, record)))
        report_progress(options, number, len(records))
    out.write(b"\n]\n")
    return sum(len(record.spans) for record in records)


def iter_json_array(source: str) -> Iterator[tuple[int, Any]]:
    """The items of a JSON array with the line each starts on; FormatError if malformed."""
    decoder = json.JSONDecoder()
    pos, line, counted, size = 0, 1, 0, len(source)

    def skip(pos: int) -> int:
        while pos < size and source[pos] in " \t\r\n":
            pos += 1
        return pos

    def fail(pos: int, what: str) -> FormatError:
        return FormatError(f"line {source.count(chr(10), 0, pos) + 1}: {what}")

    pos = skip(pos)
    if not source.startswith("[", pos):
        raise fail(pos, "expected a JSON list of tasks")
    pos = skip(pos + 1)
    if source.startswith("]", pos):
        return
    while True:
        line += source.count("\n", counted, pos)
        counted = pos
        try:
            value, pos = decoder.raw_decode(source, pos)
        except json.JSONDecodeError as exc:
            raise fail(exc.pos, f"not valid JSON ({exc.msg})") from None
        yield line, value
        pos = skip(pos)
        if source.startswith("]", pos):
            return
        if not source.startswith(",", pos):
            raise fail(pos, "expected ',' or ']' between tasks")
        pos = skip(pos + 1)


def _regions(
    item: dict[str, Any], where: str, parsed: Parsed
) -> tuple[list[dict[str, object]], dict[int, str], list[dict[str, object]], dict[int, str]]:
    """Span dicts of every labels region of every annotation that was not cancelled, and the
    relations between them (with the problems of each)."""
    spans: list[dict[str, object]] = []
    problems: dict[int, str] = {}
    relations: list[dict[str, object]] = []
    relation_problems: dict[int, str] = {}
    annotations = item.get("annotations", item.get("completions", []))
    if not isinstance(annotations, list):
        raise FormatError(f"{where}: 'annotations' must be a list")
    ignored = 0
    by_region: dict[object, list[int]] = {}
    notes: list[tuple[object, str]] = []
    for annotation in annotations:
        if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
            continue
        result = annotation.get("result", [])
        regions = result if isinstance(result, list) else []
        ids: dict[object, int] = {}
        links: list[dict[str, Any]] = []
        for region in regions:
            if isinstance(region, dict) and region.get("type") == "relation":
                links.append(region)
                continue
            note = _note_of(region)
            if note is not None:
                notes.append((region.get("id"), note))
                continue
            if not isinstance(region, dict) or region.get("type") != "labels":
                ignored += 1
                continue
            if isinstance(region.get("id"), str | int):
                ids.setdefault(region["id"], len(spans))
            value = region.get("value")
            labels = value.get("labels") if isinstance(value, dict) else None
            if not isinstance(value, dict) or not isinstance(labels, list) or not labels:
                problems[len(spans)] = "a labels region needs value.start, end and labels"
                spans.append({})
                continue
            for label in labels:
                span = {k: value.get(k) for k in ("start", "end", "text")}
                by_region.setdefault(region.get("id"), []).append(len(spans))
                spans.append({**span, "label": label})
        for link in links:
            head, child = ids.get(link.get("from_id")), ids.get(link.get("to_id"))
            if link.get("direction") == "left":
                head, child = child, head
            names = link.get("labels")
            if head is None or child is None:
                relation_problems[len(relations)] = (
                    f"relation from {link.get('from_id')!r} to {link.get('to_id')!r} refers to a "
                    "region that is not a text label of the annotation"
                )
                relations.append({})
                continue
            for name in names if isinstance(names, list) and names else [None]:
                relations.append(relation_line(spans[head], spans[child], name))
    for region_id, note in notes:
        for index in by_region.get(region_id, []) if region_id is not None else []:
            spans[index]["note"] = note
        if region_id is None or region_id not in by_region:
            ignored += 1
    if ignored:
        parsed.warnings.append(f"{where}: {ignored} results that are not text labels ignored")
    return spans, problems, relations, relation_problems


def _note_of(region: object) -> str | None:
    """The note a per-region textarea result holds (its lines joined), or None."""
    if not isinstance(region, dict) or region.get("type") != "textarea":
        return None
    value = region.get("value")
    lines = value.get("text") if isinstance(value, dict) else None
    if isinstance(lines, str):
        lines = [lines]
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        return None
    return "\n".join(lines)


def read_labelstudio(path: Path, options: ImportOptions) -> Parsed:
    """Parse a Label Studio JSON export (or task list with annotations)."""
    parsed = Parsed()
    try:
        source = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path}: not UTF-8 ({exc.reason})") from None
    for number, (line, item) in enumerate(iter_json_array(source), 1):
        where = f"line {line} (task {number})"
        data = item.get("data") if isinstance(item, dict) else None
        text = data.get(TO_NAME) if isinstance(data, dict) else None
        if not isinstance(item, dict) or not isinstance(data, dict) or not isinstance(text, str):
            raise FormatError(f"{where}: expected a task with a 'data.text' string")
        doc_id = string_id(data.get("doc_id"))
        meta: dict[str, object] = (
            {"title": data["title"]} if isinstance(data.get("title"), str) else {}
        )
        task_meta = item.get("meta")
        if isinstance(task_meta, dict):
            meta.update({k: task_meta[k] for k in ("note", "review") if k in task_meta})
        spans, problems, relations, relation_problems = _regions(item, where, parsed)
        parsed.lines.append(
            SpanLine(
                line,
                doc_id or text_id(text),
                text,
                meta,
                spans,
                where=where,
                problems=problems,
                by_text=doc_id is None,
                relations=relations,
                relation_problems=relation_problems,
            )
        )
    return parsed
