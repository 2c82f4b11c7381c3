"""Notes (on spans and documents) and the review flag: written where each format has a place for
them, read back by import, and still accepted by the programs that read our exports."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from tests.formats.conftest import EMOJI_ID, export_to, import_into, need
from tui.formats import FORMATS
from tui.formats.common import Record
from tui.formats.labelstudio import label_config
from tui.labels import DEFAULT_LABEL_SET

SPAN_NOTE = "title inside? ask the\tguide"
DOC_NOTE = "check the quote's speaker"


@pytest.fixture
def noted(records: list[Record]) -> list[Record]:
    """The golden records with a note on the first span of each document, a note on the emoji
    document and that document flagged for review."""
    out: list[Record] = []
    for record in records:
        document, spans = record.document, record.spans
        spans = [replace(spans[0], note=SPAN_NOTE), *spans[1:]]
        if document.id == EMOJI_ID:
            document = replace(document, note=DOC_NOTE, review=True)
        out.append(record._replace(document=document, spans=spans))
    return out


def notes_of(records: list[Record]) -> dict[tuple[str, int, int, str], str]:
    return {(r.document.id, *s.key): s.note for r in records for s in r.spans if s.note}


@pytest.mark.parametrize("name", ["native", "brat", "labelstudio"])
def test_span_notes_round_trip(name: str, noted: list[Record], tmp_path: Path) -> None:
    source = export_to(FORMATS[name], noted, tmp_path)
    store, report, warnings = import_into(tmp_path / "back.json", FORMATS[name], source)
    assert report.errors == [] and warnings == []
    back = {(a.doc_id, *a.key): a.note for a in store.annotations() if a.note}
    expected = notes_of(noted)
    if name == "brat":  # a brat note is one line: breaks and tabs become spaces
        expected = {key: " ".join(note.split()) for key, note in expected.items()}
    assert back == expected
    assert len(back) == 2


@pytest.mark.parametrize("name", ["native", "labelstudio"])
def test_document_note_and_review_flag_round_trip(
    name: str, noted: list[Record], tmp_path: Path
) -> None:
    source = export_to(FORMATS[name], noted, tmp_path)
    store, _, _ = import_into(tmp_path / "back.json", FORMATS[name], source)
    emoji = store.documents[EMOJI_ID]
    assert (emoji.note, emoji.review) == (DOC_NOTE, True)
    others = [d for d in store.documents.values() if d.id != EMOJI_ID]
    assert others and all((d.note, d.review) == ("", False) for d in others)


def test_native_writes_notes_only_where_there_are_some(noted: list[Record], tmp_path: Path) -> None:
    lines = export_to(FORMATS["native"], noted, tmp_path).read_bytes().splitlines()
    by_id = {line["id"]: line for line in map(orjson.loads, lines)}
    emoji = by_id[EMOJI_ID]
    assert emoji["meta"]["note"] == DOC_NOTE and emoji["meta"]["review"] is True
    assert emoji["spans"][0]["note"] == SPAN_NOTE
    assert all("note" not in span for span in emoji["spans"][1:])
    seed = next(line for key, line in by_id.items() if key != EMOJI_ID)
    assert "note" not in seed["meta"] and "review" not in seed["meta"]


def test_brat_notes_are_annotator_notes_lines(noted: list[Record], tmp_path: Path) -> None:
    folder = export_to(FORMATS["brat"], noted, tmp_path)
    ann = (folder / f"{EMOJI_ID}.ann").read_text(encoding="utf-8").splitlines()
    assert ann[-1] == "#1\tAnnotatorNotes T1\ttitle inside? ask the guide"
    assert sum(line.startswith("#") for line in ann) == 1


def test_pybrat_still_parses_a_folder_with_notes(noted: list[Record], tmp_path: Path) -> None:
    need("pybrat")
    from pybrat.parser import BratParser

    folder = export_to(FORMATS["brat"], noted, tmp_path)
    examples = BratParser(error="raise").parse(folder)
    assert sorted(str(e.id) for e in examples) == sorted(r.document.id for r in noted)


def test_label_studio_sdk_accepts_notes_as_per_region_textareas(
    noted: list[Record], tmp_path: Path
) -> None:
    need("label_studio_sdk")
    from label_studio_sdk.label_interface.interface import LabelInterface

    interface = LabelInterface(label_config(DEFAULT_LABEL_SET).decode())
    interface.validate()
    tasks = orjson.loads(export_to(FORMATS["labelstudio"], noted, tmp_path).read_bytes())
    textareas = [
        r for t in tasks for a in t["annotations"] for r in a["result"] if r["type"] == "textarea"
    ]
    assert [r["value"]["text"] for r in textareas] == [[SPAN_NOTE], [SPAN_NOTE]]
    for task in tasks:
        for annotation in task["annotations"]:
            assert interface.validate_annotation(annotation)
