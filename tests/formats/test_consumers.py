"""The programs that consume our exports read them, and find the spans we wrote.

These need the interop extra (installed by `make venv`): spaCy, Hugging Face datasets, pybrat
and label-studio-sdk. They run offline: nothing here downloads a model or a data set.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from tests.formats.conftest import EMOJI_ID, export_to, need, span_keys
from tui.formats import FORMATS
from tui.formats.common import Record
from tui.formats.labelstudio import label_config
from tui.labels import DEFAULT_LABEL_SET

pytestmark = pytest.mark.slow  # imports spaCy, datasets and label-studio-sdk

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")


def _keys(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return sorted(spans)


# -- spaCy ------------------------------------------------------------------------------------
def test_spacy_blank_english_loads_the_docbin_with_every_span(
    records: list[Record], tmp_path: Path
) -> None:
    spacy = need("spacy")
    from spacy.tokens import DocBin

    path = export_to(FORMATS["spacy"], records, tmp_path)
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    assert [doc.text for doc in docs] == [doc.text for doc, _ in records]
    for doc, (_, spans) in zip(docs, records, strict=True):
        sc = [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]]
        assert _keys(sc) == _keys([s.key for s in spans])
        # every span maps to whole tokens of the stored Doc, as spaCy's own API sees it
        for start, end, label in sc:
            assert doc.char_span(start, end, label=label, alignment_mode="strict") is not None
    ents = [(e.start_char, e.end_char, e.label_) for e in docs[1].ents]
    assert [doc.user_data["id"] for doc in docs] == [doc.id for doc, _ in records]
    # Ghazi (PERSON) inside Ghazi Stadium (PLACE): both stay out of ents, their tokens unknown
    assert {label for _, _, label in ents} == {"PERSON", "PLACE"} and len(ents) == 2
    stadium = docs[1].text.index("Ghazi Stadium")
    assert all(t.ent_iob_ == "" for t in docs[1] if stadium <= t.idx < stadium + 13)


def test_spacy_own_tokens_hold_our_spans(records: list[Record]) -> None:
    """The rate of spans that spaCy's English tokenizer, unaided, can hold (strict)."""
    spacy = need("spacy")
    nlp = spacy.blank("en")
    total = aligned = 0
    misses = []
    for document, spans in records:
        doc = nlp(document.text)
        for span in spans:
            total += 1
            if doc.char_span(span.start, span.end, alignment_mode="strict") is not None:
                aligned += 1
            else:
                misses.append((document.id, span.text, span.label))
    rate = aligned / total
    print(f"spaCy strict alignment: {aligned}/{total} = {rate:.1%}; misses: {misses}")
    assert total == 51
    assert rate == 1.0, misses


# -- Hugging Face datasets --------------------------------------------------------------------
def test_datasets_loads_the_native_export(records: list[Record], tmp_path: Path) -> None:
    datasets = need("datasets")
    datasets.disable_progress_bars()
    path = export_to(FORMATS["native"], records, tmp_path)
    dataset = datasets.load_dataset(
        "json", data_files=str(path), split="train", cache_dir=str(tmp_path / "hf")
    )
    assert dataset.num_rows == len(records)
    assert dataset["id"] == [doc.id for doc, _ in records]
    for row, (document, spans) in zip(dataset, records, strict=True):
        assert row["text"] == document.text
        assert row["meta"]["sha256"] == document.sha256
        assert [(s["start"], s["end"], s["label"]) for s in row["spans"]] == [s.key for s in spans]
        assert all(row["text"][s["start"] : s["end"]] == s["text"] for s in row["spans"])


# -- brat (pybrat) ----------------------------------------------------------------------------
def test_pybrat_parses_the_brat_folder(records: list[Record], tmp_path: Path) -> None:
    need("pybrat")
    from pybrat.parser import BratParser

    folder = export_to(FORMATS["brat"], records, tmp_path)
    examples = BratParser(error="raise").parse(folder)
    expected = span_keys(records)
    assert sorted(str(e.id) for e in examples) == sorted(expected)
    for example in examples:
        text, spans = expected[str(example.id)]
        assert example.text == text
        found = [(e.spans[0].start, e.spans[-1].end, e.type) for e in example.entities]
        assert _keys(found) == spans
        for entity in example.entities:  # pybrat's mention is brat's: fragments joined by " "
            assert entity.mention == " ".join(text[f.start : f.end] for f in entity.spans)
    note = next(e for e in examples if e.id == EMOJI_ID)
    quote = next(e for e in note.entities if e.type == "QUOTE")
    assert len(quote.spans) == 2  # split at the line break


# -- Label Studio (label-studio-sdk) ----------------------------------------------------------
def test_label_studio_sdk_accepts_the_config_and_every_annotation(
    records: list[Record], tmp_path: Path
) -> None:
    need("label_studio_sdk")
    from label_studio_sdk.label_interface.interface import LabelInterface

    config = label_config(DEFAULT_LABEL_SET).decode()
    interface = LabelInterface(config)
    interface.validate()  # raises if the config breaks Label Studio's schema
    assert sorted(interface.get_control("label").labels) == sorted(DEFAULT_LABEL_SET.names)
    tasks = orjson.loads(export_to(FORMATS["labelstudio"], records, tmp_path).read_bytes())
    assert len(tasks) == len(records)
    for task in tasks:
        assert all(isinstance(task["data"][o.value_name], str) for o in interface.objects)
        for annotation in task["annotations"]:
            assert interface.validate_annotation(annotation)


def test_label_studio_converter_reads_the_tasks(records: list[Record], tmp_path: Path) -> None:
    need("label_studio_sdk")
    from label_studio_sdk.converter.converter import Converter

    path = export_to(FORMATS["labelstudio"], records, tmp_path)
    config = label_config(DEFAULT_LABEL_SET).decode()
    converter = Converter(config=config, project_dir=str(tmp_path), download_resources=False)
    converter.convert_to_json_min(str(path), str(tmp_path / "min"), is_dir=False)
    rows = orjson.loads((tmp_path / "min" / "result.json").read_bytes())
    expected = span_keys(records)
    assert [row["doc_id"] for row in rows] == list(expected)
    for row in rows:
        text, spans = expected[row["doc_id"]]
        assert row["text"] == text
        found = [(r["start"], r["end"], label) for r in row["label"] for label in r["labels"]]
        assert _keys(found) == spans
        assert all(text[r["start"] : r["end"]] == r["text"] for r in row["label"])


@pytest.mark.parametrize("module", ["spacy", "datasets", "pybrat", "label_studio_sdk"])
def test_consumer_is_installed_under_make_test(module: str) -> None:
    """Under `make test` (SPANTAG_INTEROP=required) a missing consumer fails, not skips."""
    need(module)


def test_spacy_own_tokens_hold_the_hand_annotated_gold_spans() -> None:
    """The strict-alignment rate over every hand-annotated span of the seed and the four
    sample articles (tests/data/gold), hard unicode/CRLF article included."""
    spacy = need("spacy")
    nlp = spacy.blank("en")
    gold = sorted((Path(__file__).resolve().parent.parent / "data" / "gold").glob("*.jsonl"))
    assert len(gold) == 5
    total = aligned = 0
    misses = []
    for path in gold:
        for line in path.read_bytes().splitlines():
            task = orjson.loads(line)
            doc = nlp(task["text"])
            for span in task["spans"]:
                assert task["text"][span["start"] : span["end"]] == span["text"]
                total += 1
                if doc.char_span(span["start"], span["end"], alignment_mode="strict"):
                    aligned += 1
                else:
                    misses.append((path.stem, span["text"], span["label"]))
    print(f"spaCy strict alignment on the gold: {aligned}/{total} = {aligned / total:.1%}")
    assert total >= 250
    assert aligned / total >= 0.98, misses
