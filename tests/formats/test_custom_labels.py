"""Exports follow the label set: the configs of brat, Label Studio and doccano, and spaCy's
span key and entities, for the default set and a custom one (golden files)."""

from __future__ import annotations

import io
import tomllib
from dataclasses import replace
from pathlib import Path

from tests.formats.conftest import need
from tests.formats.test_golden import check
from tests.support.label_files import SIX_LABELS
from tui.config.label_file import parse_label_data
from tui.formats import FORMATS
from tui.formats.brat import brat_files
from tui.formats.common import ExportOptions, ImportOptions, Record
from tui.formats.doccano import label_file
from tui.formats.labelstudio import label_config
from tui.labels import DEFAULT_LABEL_SET

SIX = parse_label_data(tomllib.loads(SIX_LABELS))
CITY_FOR_PLACE = {"PLACE": "CITY"}


def relabelled(records: list[Record]) -> list[Record]:
    """The golden documents with PLACE called CITY (a label of the custom set)."""
    return [
        (document, [replace(a, label=CITY_FOR_PLACE.get(a.label, a.label)) for a in spans])
        for document, spans in records
    ]


def test_doccano_label_types_of_the_default_set() -> None:
    check("doccano.labels.json", label_file(DEFAULT_LABEL_SET))


def test_custom_set_configs(records: list[Record]) -> None:
    files = brat_files(relabelled(records), ExportOptions(labels=SIX))
    for name in ("annotation.conf", "visual.conf", "kb_shortcuts.conf"):
        check(f"custom/brat/{name}", files[name])
    check("custom/labelstudio.label_config.xml", label_config(SIX))
    check("custom/doccano.labels.json", label_file(SIX))


def test_label_studio_sdk_accepts_a_custom_config() -> None:
    need("label_studio_sdk")
    from label_studio_sdk.label_interface.interface import LabelInterface

    interface = LabelInterface(label_config(SIX).decode())
    # label-studio-sdk leaves these two unannotated (as tests/formats/test_consumers.py says).
    interface.validate()  # type: ignore[no-untyped-call]
    control = interface.get_control("label")  # type: ignore[no-untyped-call]
    assert sorted(control.labels) == sorted(SIX.names)


def test_spacy_span_key_and_entities_follow_the_set(records: list[Record], tmp_path: Path) -> None:
    need("spacy")
    from spacy.tokens import DocBin

    from tui.formats.tokens import blank_english

    labels = parse_label_data({**tomllib.loads(SIX_LABELS), "span_key": "news"})
    writer = FORMATS["spacy"].write
    assert writer is not None
    buffer = io.BytesIO()
    writer(relabelled(records), buffer, ExportOptions(labels=labels))
    docs = list(DocBin().from_bytes(buffer.getvalue()).get_docs(blank_english().vocab))
    for doc, (_, spans) in zip(docs, relabelled(records), strict=True):
        assert list(doc.spans) == ["news"]
        assert len(doc.spans["news"]) == len(spans)
        assert {e.label_ for e in doc.ents} <= {"PERSON"}  # CITY is no entity in this set
    assert any(e.label_ == "PERSON" for doc in docs for e in doc.ents)
    # Read back: the spans of any span group are found.
    path = tmp_path / "x.spacy"
    path.write_bytes(buffer.getvalue())
    parsed = FORMATS["spacy"].read(path, ImportOptions())
    total = sum(len(spans) for _, spans in records)
    assert sum(len(line.spans) for line in parsed.lines) == total
    assert {s["label"] for line in parsed.lines for s in line.spans} == {
        "PERSON",
        "CITY",
        "QUOTE",
        "FIGURE",
    }
