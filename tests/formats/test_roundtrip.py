"""Every format round-trips: export, then import into an empty database, gives the same spans."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.formats.conftest import (
    export_to,
    import_into,
    needs_spacy,
    span_keys,
    store_with,
    stored_keys,
)
from tui.formats import FORMATS, NAMES
from tui.formats.common import ExportOptions, ImportOptions, Record, make_records
from tui.jobs.importer import import_spans
from tui.model import Annotation, Document


@pytest.mark.parametrize("name", NAMES)
def test_export_then_import_gives_the_same_documents_and_spans(
    name: str, records: list[Record], tmp_path: Path
) -> None:
    fmt = FORMATS[name]
    needs_spacy(fmt)
    source = export_to(fmt, records, tmp_path)
    store, report, warnings = import_into(tmp_path / "back.json", fmt, source)
    assert report.errors == [] and warnings == []
    assert stored_keys(store) == span_keys(records)
    assert report.spans_added == sum(len(spans) for _, spans in records)


@pytest.mark.parametrize("unit", ["utf16", "codepoints"])
def test_doccano_round_trips_in_both_units(
    unit: str, records: list[Record], tmp_path: Path
) -> None:
    fmt = FORMATS["doccano"]
    source = export_to(fmt, records, tmp_path, ExportOptions(offsets=unit))  # type: ignore[arg-type]
    store, report, _ = import_into(tmp_path / "back.json", fmt, source)
    assert report.errors == []
    assert stored_keys(store) == span_keys(records)


@pytest.mark.parametrize("name", NAMES)
def test_importing_twice_adds_nothing_the_second_time(
    name: str, records: list[Record], tmp_path: Path
) -> None:
    fmt = FORMATS[name]
    needs_spacy(fmt)
    source = export_to(fmt, records, tmp_path)
    store, _, _ = import_into(tmp_path / "back.json", fmt, source)
    store.close()
    store, report, _ = import_into(tmp_path / "back.json", fmt, source)
    assert report.spans_added == 0 and report.added == []
    assert report.spans_existing == sum(len(spans) for _, spans in records)


def test_documents_without_ids_attach_to_the_stored_document_with_the_same_text(
    records: list[Record], tmp_path: Path
) -> None:
    document, _ = records[1]
    start = document.text.index("Islamabad") + 2  # UTF-16: the flag before it counts 2 more
    source = tmp_path / "plain.jsonl"
    line = {"text": document.text, "label": [[start, start + 9, "PLACE"]]}
    source.write_bytes(orjson.dumps(line))
    store = store_with(tmp_path / "db.json", records)
    report = import_spans(store, FORMATS["doccano"].read(source, ImportOptions()).lines)
    assert report.errors == [] and report.added == [] and report.spans_existing == 1


# -- property: any spans on any text (emoji, line breaks, tabs) survive the text formats -------
_CHARS = st.sampled_from([*"ab Z,.\n\r\t“”é", "🎉", "🇵", "\u2028", "\x85"])
_TEXTS = st.text(_CHARS, min_size=1, max_size=40).filter(lambda t: t.strip() != "")


@st.composite
def _document(draw: st.DrawFn) -> Record:
    text = draw(_TEXTS)
    spans = {}
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from(["PERSON", "PLACE", "QUOTE", "FIGURE"]))
        if text[start:end].strip():
            spans[(start, end, label)] = Annotation("d", start, end, label, text[start:end])
    document = Document(id=draw(st.sampled_from(["d", "../d", "a/b", "CON", ".x"])), text=text)
    annotations = [
        Annotation(document.id, s, e, label, a.text) for (s, e, label), a in spans.items()
    ]
    return make_records([document], {document.id: annotations})[0]


@pytest.mark.parametrize("name", ["native", "doccano", "labelstudio", "brat"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=_document())
def test_any_spans_on_any_text_round_trip(name: str, record: Record) -> None:
    fmt = FORMATS[name]
    with tempfile.TemporaryDirectory() as folder:
        source = export_to(fmt, [record], Path(folder))
        store, report, _ = import_into(Path(folder) / "back.json", fmt, source)
        assert report.errors == []
        assert stored_keys(store) == span_keys([record])
