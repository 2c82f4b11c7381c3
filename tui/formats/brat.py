"""brat standoff: a folder with `<name>.txt` and `<name>.ann` per document and an annotation.conf.

Text-bound annotations read `T1<TAB>PERSON 0 8<TAB>Ana Díaz`, offsets in code points into the .txt
file; relations read `R1<TAB>SPEAKER Arg1:T3 Arg2:T1` (Arg1 the head, Arg2 the child). A .ann
line cannot hold a line break, so a span that crosses one is written as fragments (`0 13;14 20`,
its text the fragments joined by a space, as brat does) and read back as the one span from the
first fragment's start to the last one's end. File names are made from document ids with
anything but letters, digits, `_`, `-` and `.` replaced, so no id can leave the folder;
`spantag.json` maps each file name back to its document id.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson

from tui.db.file import write_atomic
from tui.formats.common import (
    ExportOptions,
    FormatError,
    ImportOptions,
    Parsed,
    Record,
    SpanLine,
    relation_line,
    report_progress,
)
from tui.labels import LabelSet
from tui.model import Annotation

MAPPING_FILE = "spantag.json"
OVERLAP_RULE = "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:contain|equal|cross"
_UNSAFE = re.compile(r"[^\w.\-]+")
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
"""Every character that str.splitlines() breaks at: none may appear inside a .ann line."""
_BRAT_TYPE = re.compile(r"^[^\s;:,|<>]+$")
_FRAGMENTS = re.compile(r"^\d+ \d+(?:;\d+ \d+)*$")
_RELATION = re.compile(r"^R\d+\t(\S+) Arg1:(T\d+) Arg2:(T\d+)\s*$")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(10)
}
MAX_STEM = 120


def file_stem(doc_id: str, taken: set[str]) -> str:
    """A file name (without suffix) for a document id that cannot escape the folder."""
    stem = _UNSAFE.sub("_", doc_id).strip("._")[:MAX_STEM] or "doc"
    if stem.split(".")[0].lower() in _WINDOWS_RESERVED:  # NUL, NUL.txt, ... on Windows
        stem = f"_{stem}"
    unique, n = stem, 2
    while unique.casefold() in taken:  # case-insensitive file systems would merge them
        unique, n = f"{stem}-{n}", n + 1
    taken.add(unique.casefold())
    return unique


def fragments(text: str, span: Annotation) -> list[tuple[int, int]]:
    """The pieces of a span between line breaks (a piece at an edge may be empty)."""
    pieces: list[tuple[int, int]] = []
    start = span.start
    for match in _LINE_BREAK.finditer(text, span.start, span.end):
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, span.end))
    return pieces


def ann_line(number: int, text: str, span: Annotation) -> str:
    """The `T` line of one span."""
    parts = fragments(text, span)
    offsets = ";".join(f"{s} {e}" for s, e in parts)
    mention = " ".join(text[s:e] for s, e in parts)
    return f"T{number}\t{span.label} {offsets}\t{mention}\n"


def note_line(number: int, span_number: int, note: str) -> str:
    """The `#` line of a span's note (brat's AnnotatorNotes); one line, so breaks are spaces."""
    flat = " ".join(note.split())
    return f"#{number}\tAnnotatorNotes T{span_number}\t{flat}\n"


def annotation_conf(labels: LabelSet) -> bytes:
    """brat's annotation.conf: the labels as entities, the set's relations, and overlaps of
    every kind allowed."""
    for name in (*labels.names, *(r.name for r in labels.relations)):
        if not _BRAT_TYPE.match(name):
            raise FormatError(f"label {name!r} cannot be a brat type (no spaces or ;:,|<>)")
    names = "\n".join(label.name for label in labels)
    relations = "".join(
        f"{r.name}\tArg1:{'|'.join(r.heads)}, Arg2:{'|'.join(r.children)}\n"
        for r in labels.relations
    )
    return (
        "# Written by spantag. Spans may nest, coincide and cross, so <OVERLAP> allows all three.\n"
        f"[entities]\n{names}\n\n[relations]\n{relations}{OVERLAP_RULE}\n\n[events]\n\n"
        "[attributes]\n"
    ).encode()


def visual_conf(labels: LabelSet) -> bytes:
    """brat's visual.conf: spantag's label colours."""
    drawing = "\n".join(f"{label.name}\tbgColor:{label.color}" for label in labels)
    return f"[labels]\n\n[drawing]\n{drawing}\n".encode()


def kb_shortcuts_conf(labels: LabelSet) -> bytes:
    """brat's kb_shortcuts.conf: each label's key (brat takes one uppercase letter or digit,
    so `p` and `P` are one key there: the first label keeps it)."""
    lines, taken = [], set()
    for label in labels:
        for key in label.keys:
            shortcut = key.upper()
            if shortcut not in taken:
                taken.add(shortcut)
                lines.append(f"{shortcut}\t{label.name}\n")
    return ("# Written by spantag: the label keys of its reader.\n" + "".join(lines)).encode()


def brat_files(records: list[Record], options: ExportOptions) -> dict[str, bytes]:
    """Every file of the export folder by name: configs, the id map, one .txt/.ann per doc."""
    files = {
        "annotation.conf": annotation_conf(options.labels),
        "visual.conf": visual_conf(options.labels),
        "kb_shortcuts.conf": kb_shortcuts_conf(options.labels),
    }
    taken: set[str] = set()
    mapping: list[dict[str, str]] = []
    for done, record in enumerate(records, 1):
        document = record.document
        stem = file_stem(document.id, taken)
        mapping.append({"file": stem, "id": document.id})
        files[f"{stem}.txt"] = document.text.encode("utf-8")
        lines = [ann_line(n, document.text, span) for n, span in enumerate(record.spans, 1)]
        lines += [
            f"R{n}\t{relation.label} Arg1:T{head + 1} Arg2:T{child + 1}\n"
            for n, (relation, head, child) in enumerate(record.linked(), 1)
        ]
        noted = [(n, s.note) for n, s in enumerate(record.spans, 1) if s.note.strip()]
        lines += [note_line(i, n, note) for i, (n, note) in enumerate(noted, 1)]
        files[f"{stem}.ann"] = "".join(lines).encode("utf-8")
        report_progress(options, done, len(records))
    files[MAPPING_FILE] = orjson.dumps({"documents": mapping}, option=orjson.OPT_INDENT_2) + b"\n"
    return files


def write_brat(records: list[Record], folder: Path, options: ExportOptions) -> int:
    """Write the export folder (created if needed; files of the same names replaced)."""
    if folder.exists() and not folder.is_dir():
        raise FormatError(f"{folder}: exists and is not a folder; brat writes a folder")
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in brat_files(records, options).items():
        write_atomic(folder / name, data)
    return sum(len(record.spans) for record in records)


# -- reading ----------------------------------------------------------------------------------
def _mapping(folder: Path) -> dict[str, str]:
    path = folder / MAPPING_FILE
    if not path.is_file():
        return {}
    try:
        value: Any = orjson.loads(path.read_bytes())
        return {str(d["file"]): str(d["id"]) for d in value["documents"]}
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise FormatError(f"{path}: not a spantag id map ({exc})") from None


def _span(line: str, text: str | None) -> tuple[dict[str, object], str | None]:
    """The span dict of a `T` line, and what is wrong with it (None if nothing)."""
    fields = line.split("\t", 2)
    if len(fields) != 3 or " " not in fields[1]:
        return {}, "expected 'T<n><TAB>LABEL START END<TAB>text'"
    label, _, offsets = fields[1].partition(" ")
    match = _FRAGMENTS.match(offsets)
    if match is None:
        return {}, f"bad offsets {offsets!r}; expected 'START END' or 'S E;S E'"
    numbers = [int(n) for n in re.findall(r"\d+", offsets)]
    parts = list(zip(numbers[::2], numbers[1::2], strict=True))
    span: dict[str, object] = {"start": parts[0][0], "end": parts[-1][1], "label": label}
    if any(start > end for start, end in parts):
        return span, f"a fragment of {offsets!r} ends before it starts"
    if len(parts) == 1:
        span["text"] = fields[2]
        return span, None
    if text is None:
        return span, None
    for (_, end), (start, _) in pairwise(parts):
        if start < end or text[end:start].strip():
            return span, (
                f"fragments {offsets} leave out text between them; spantag spans are continuous"
            )
    mention = " ".join(text[s:e] for s, e in parts)
    if fields[2] != mention:
        return span, f"text {fields[2]!r} does not match the fragments ({mention!r}); not shifted"
    return span, None


def _read_ann(ann: Path, name: str, doc_id: str, text: str | None, parsed: Parsed) -> SpanLine:
    """The spans of one .ann file; `name` is its path in the folder, without suffix."""
    spans: list[dict[str, object]] = []
    where: list[str] = []
    problems: dict[int, str] = {}
    ids: dict[str, int] = {}
    links: list[tuple[int, str, str, str]] = []
    notes: list[tuple[str, str]] = []
    ignored = 0
    try:
        lines = ann.read_bytes().decode("utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{name}.ann: not UTF-8 ({exc.reason})") from None
    for number, line in enumerate(lines, 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        if line.startswith("R") and (match := _RELATION.match(line)) is not None:
            links.append((number, match[1], match[2], match[3]))
            continue
        if line.startswith("#"):
            fields = line.split("\t", 2)
            kind, _, target = fields[1].partition(" ") if len(fields) == 3 else ("", "", "")
            if kind == "AnnotatorNotes" and target.startswith("T"):
                notes.append((target, fields[2]))
                continue
        if not line.startswith("T"):
            ignored += 1
            continue
        span, problem = _span(line, text)
        if problem is not None:
            problems[len(spans)] = problem
        ids[line.split("\t", 1)[0]] = len(spans)
        spans.append(span)
        where.append(f"{name}.ann line {number}")
    relations: list[dict[str, object]] = []
    relation_problems: dict[int, str] = {}
    for number, label, head, child in links:
        if head not in ids or child not in ids:
            relation_problems[len(relations)] = (
                f"{name}.ann line {number}: relation refers to {head if head not in ids else child}"
                ", which is not a text-bound span of the file"
            )
            relations.append({})
            continue
        relations.append(relation_line(spans[ids[head]], spans[ids[child]], label))
    for target, note in notes:
        if target in ids:
            spans[ids[target]]["note"] = note
        else:
            ignored += 1
    if ignored:
        parsed.warnings.append(
            f"{name}.ann: {ignored} annotations that are neither text-bound spans nor binary"
            " relations (events, attributes, notes) ignored"
        )
    return SpanLine(
        0,
        doc_id,
        text,
        {},
        spans,
        where=f"{name}.txt",
        span_where=where,
        problems=problems,
        relations=relations,
        relation_problems=relation_problems,
    )


def read_brat(path: Path, options: ImportOptions) -> Parsed:
    """Parse a brat folder (or one .ann file); offsets are code points into the .txt files."""
    folder, anns = (path.parent, [path]) if path.is_file() else (path, sorted(path.rglob("*.ann")))
    if not anns:
        raise FormatError(f"{path}: no .ann files (expected a brat folder)")
    mapping = _mapping(folder)
    parsed = Parsed()
    for ann in anns:
        name = ann.relative_to(folder).with_suffix("").as_posix()
        txt = ann.with_suffix(".txt")
        text: str | None = None
        if txt.is_file():
            try:
                text = txt.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise FormatError(f"{name}.txt: not UTF-8 ({exc.reason})") from None
        parsed.lines.append(_read_ann(ann, name, mapping.get(name, name), text, parsed))
    return parsed
