"""Importers report a bad span with where it is (line, or file and line) and never shift it."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tests.formats.conftest import EMOJI_ID, EMOJI_TEXT, export_to, import_into, need, store_with
from tui.formats import FORMATS
from tui.formats.common import FormatError, ImportOptions, Record
from tui.jobs.importer import import_spans
from tui.model import Document

TEXT = "🎉 Ana Díaz met Ghazi in Islamabad."
ANA = (2, 10)  # code points; UTF-16 units are one more (the emoji is two units)


def _jsonl(path: Path, *lines: object) -> Path:
    path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    return path


def _import(fmt: str, source: Path, tmp_path: Path, **options: object) -> tuple[list[str], object]:
    store, report, warnings = import_into(
        tmp_path / "db.json",
        FORMATS[fmt],
        source,
        ImportOptions(**options),  # type: ignore[arg-type]
    )
    spans = sorted(a.key for a in store.annotations())
    return report.errors + warnings, spans


def test_doccano_utf16_offsets_are_converted_and_a_split_emoji_is_refused(tmp_path: Path) -> None:
    source = _jsonl(
        tmp_path / "in.jsonl",
        {"doc_id": "a", "text": "intro"},
        {"doc_id": "b", "text": TEXT, "label": [[3, 11, "PERSON"], [1, 11, "PERSON"]]},
    )
    errors, spans = _import("doccano", source, tmp_path)
    assert spans == [(2, 10, "PERSON")]
    assert len(errors) == 1 and errors[0].startswith("line 2, span 2: UTF-16 offsets 1..11")


def test_doccano_code_points_when_asked(tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "in.jsonl", {"text": TEXT, "label": [[*ANA, "PERSON"]]})
    errors, spans = _import("doccano", source, tmp_path, offsets="codepoints")
    assert errors == [] and spans == [(2, 10, "PERSON")]


def test_doccano_line_that_names_its_unit_wins_over_the_option(tmp_path: Path) -> None:
    line = {"text": TEXT, "label": [[3, 11, "PERSON"]], "offsets": "utf16"}
    errors, spans = _import(
        "doccano", _jsonl(tmp_path / "in.jsonl", line), tmp_path, offsets="codepoints"
    )
    assert spans == [(2, 10, "PERSON")]
    assert errors == ["line 1: the line says its offsets are utf16; read as utf16, not codepoints"]


def test_doccano_out_of_range_and_unknown_label(tmp_path: Path) -> None:
    line = {"text": "Ana", "label": [[0, 9, "PERSON"], [0, 3, "ORG"], "junk"]}
    errors, spans = _import("doccano", _jsonl(tmp_path / "in.jsonl", line), tmp_path)
    assert spans == []
    assert errors[0].startswith("line 1, span 1: offsets 0..9 are outside the text")
    assert errors[1].startswith("line 1, span 2: unknown label 'ORG'")
    assert errors[2].startswith("line 1, span 3: expected [start, end, LABEL]")


def test_doccano_bad_json_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"text": "a"}\n{"text": \n')
    with pytest.raises(FormatError, match=r"^line 2: not valid JSON"):
        FORMATS["doccano"].read(source, ImportOptions())


def test_labelstudio_text_that_does_not_match_is_refused_with_its_line(tmp_path: Path) -> None:
    def region(start: int, end: int, text: str) -> dict[str, object]:
        value = {"start": start, "end": end, "text": text, "labels": ["PERSON"]}
        return {"from_name": "label", "to_name": "text", "type": "labels", "value": value}

    tasks = [
        {"data": {"text": "intro"}},
        {
            "data": {"text": TEXT, "doc_id": "b"},
            "annotations": [
                {"result": [region(*ANA, "Ana Díaz"), region(3, 11, "Ana Díaz")]},
                {"result": [region(15, 20, "Ghazi")], "was_cancelled": True},
            ],
        },
    ]
    source = tmp_path / "tasks.json"
    source.write_bytes(b"[\n" + b",\n".join(orjson.dumps(t) for t in tasks) + b"\n]")
    errors, spans = _import("labelstudio", source, tmp_path)
    assert spans == [(2, 10, "PERSON")]
    assert len(errors) == 1
    assert errors[0].startswith("line 3 (task 2), span 2: text 'Ana Díaz' does not match")
    assert "not shifted" in errors[0]


def test_labelstudio_malformed_json_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "tasks.json"
    source.write_text('[\n{"data": {"text": "a"}},\n{"data": }\n]', encoding="utf-8")
    with pytest.raises(FormatError, match=r"^line 3: not valid JSON"):
        FORMATS["labelstudio"].read(source, ImportOptions())


def test_brat_errors_name_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    text = "Ana Díaz\nmet Ghazi in Islamabad. Ghazi"
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    (folder / "doc.ann").write_text(
        "T1\tPERSON 0 8\tAna Díaz\n"
        "T2\tPERSON 13 18\tGhazo\n"  # text does not match
        "R1\tMet Arg1:T1 Arg2:T3\n"  # a relation: ignored, said once
        "T3\tPLACE 22 31\tIslamabad\n"
        "T4\tPERSON 0 3;13 18\tAna Ghazi\n"  # truly discontinuous
        "T5\tPERSON zero 3\tAna\n"  # not offsets
        "T6\tQUOTE 0 8;9 12\tAna Díaz met\n",  # split at the line break: one span
        encoding="utf-8",
    )
    errors, spans = _import("brat", folder, tmp_path)
    assert spans == [(0, 8, "PERSON"), (0, 12, "QUOTE"), (22, 31, "PLACE")]
    assert errors[0].startswith("doc.ann line 2: text 'Ghazo' does not match the document")
    assert errors[1].startswith("doc.ann line 5: fragments 0 3;13 18 leave out text")
    assert errors[2].startswith("doc.ann line 6: bad offsets 'zero 3'")
    assert errors[3] == (
        "doc.ann: 1 annotations that are not text-bound spans (relations, events, attributes,"
        " notes) ignored"
    )
    assert len(errors) == 4


def test_brat_txt_that_differs_from_the_stored_document_skips_its_spans(
    records: list[Record], tmp_path: Path
) -> None:
    folder = export_to(FORMATS["brat"], records, tmp_path)
    txt = folder / f"{EMOJI_ID}.txt"
    txt.write_text(EMOJI_TEXT.replace("Ana", "Eva"), encoding="utf-8")
    store = store_with(tmp_path / "db.json", records)
    parsed = FORMATS["brat"].read(folder, ImportOptions())
    report = import_spans(store, parsed.lines)
    assert report.errors == [
        f"{EMOJI_ID}.txt: text of {EMOJI_ID!r} differs from the stored document; its spans"
        " were skipped"
    ]


def test_prodigy_token_indices_must_agree_with_offsets(tmp_path: Path) -> None:
    tokens = [
        {"text": "Ana", "start": 0, "end": 3, "id": 0, "ws": True},
        {"text": "Díaz", "start": 4, "end": 8, "id": 1, "ws": False},
    ]
    task = {
        "text": "Ana Díaz",
        "tokens": tokens,
        "spans": [
            {"start": 0, "end": 8, "token_start": 0, "token_end": 1, "label": "PERSON"},
            {"start": 0, "end": 8, "token_start": 0, "token_end": 2, "label": "PLACE"},
            {"start": 0, "end": 3, "token_start": 0, "token_end": 1, "label": "FIGURE"},
        ],
        "answer": "accept",
    }
    rejected = {**task, "text": "Other", "answer": "reject"}
    errors, spans = _import("prodigy", _jsonl(tmp_path / "in.jsonl", task, rejected), tmp_path)
    assert spans == [(0, 8, "PERSON")]
    assert errors[0].startswith("line 1, span 2: token_start/token_end 0..2 do not index")
    assert errors[1].startswith("line 1, span 3: tokens 0..1 cover 0..8, not the span's 0..3")
    assert errors[2] == "1 tasks answered 'reject' or 'ignore' were not imported"


def test_spacy_docbin_whose_text_differs_from_the_stored_document(
    records: list[Record], tmp_path: Path
) -> None:
    need("spacy")
    changed = [(Document(id=EMOJI_ID, text=EMOJI_TEXT + "!"), records[1][1])]
    source = export_to(FORMATS["spacy"], changed, tmp_path)
    store = store_with(tmp_path / "db.json", records)
    report = import_spans(store, FORMATS["spacy"].read(source, ImportOptions()).lines)
    assert report.errors == [
        f"doc 1: text of {EMOJI_ID!r} differs from the stored document; its spans were skipped"
    ]


def test_not_a_docbin(tmp_path: Path) -> None:
    need("spacy")
    source = tmp_path / "x.spacy"
    source.write_bytes(b"not a docbin")
    with pytest.raises(FormatError, match="not a spaCy DocBin"):
        FORMATS["spacy"].read(source, ImportOptions())
