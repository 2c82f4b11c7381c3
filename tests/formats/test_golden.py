"""Golden files: each format's export of the golden documents, compared byte for byte.

The documents (tests/formats/conftest.py) are the seed article with every quote, figure,
person and place tagged (a FIGURE nests in a QUOTE) and a small note whose spans follow emoji
(so UTF-16 offsets differ from code points) and cross a line break. Ids and times are fixed.

To regenerate after a deliberate change, run

    SPANTAG_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/formats/test_golden.py

and read `git diff tests/golden` before committing. The .spacy file itself is not kept as a
golden (its zlib/msgpack bytes depend on library versions); spacy.json records what spaCy
loads from it instead: tokens, spans, entities and user data.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.formats.conftest import GOLDEN, need
from tui.formats import FORMATS
from tui.formats.brat import brat_files
from tui.formats.common import ExportOptions, Record
from tui.formats.labelstudio import label_config
from tui.labels import DEFAULT_LABEL_SET

REGENERATE = os.environ.get("SPANTAG_REGEN_GOLDEN") == "1"


def check(name: str, data: bytes) -> None:
    """Compare `data` with the golden file `name`, or rewrite it when regenerating."""
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"no golden file {path}; regenerate with SPANTAG_REGEN_GOLDEN=1"
    assert data == path.read_bytes(), f"{name} differs from its golden file"


def written(name: str, records: list[Record], options: ExportOptions | None = None) -> bytes:
    writer = FORMATS[name].write
    assert writer is not None
    buffer = io.BytesIO()
    writer(records, buffer, options or ExportOptions())
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "golden", "options"),
    [
        ("native", "native.jsonl", ExportOptions()),
        ("doccano", "doccano.jsonl", ExportOptions()),
        ("doccano", "doccano-codepoints.jsonl", ExportOptions(offsets="codepoints")),
        ("labelstudio", "labelstudio.json", ExportOptions()),
    ],
)
def test_text_formats(
    name: str, golden: str, options: ExportOptions, records: list[Record]
) -> None:
    check(golden, written(name, records, options))


def test_labelstudio_config() -> None:
    check("labelstudio.label_config.xml", label_config(DEFAULT_LABEL_SET))


def test_brat_folder(records: list[Record]) -> None:
    files = brat_files(records, ExportOptions())
    for name, data in files.items():
        check(f"brat/{name}", data)
    if not REGENERATE:
        assert sorted(p.name for p in (GOLDEN / "brat").iterdir()) == sorted(files)


def test_prodigy(records: list[Record]) -> None:
    need("spacy")
    check("prodigy.jsonl", written("prodigy", records))


def docbin_as_json(data: bytes) -> bytes:
    """What spaCy loads from a DocBin, as stable JSON."""
    from spacy.tokens import DocBin

    from tui.formats.tokens import blank_english

    docs: list[dict[str, Any]] = []
    for doc in DocBin(store_user_data=True).from_bytes(data).get_docs(blank_english().vocab):
        docs.append(
            {
                "user_data": {str(k): v for k, v in sorted(doc.user_data.items())},
                # one string per token: its text, its trailing space, "|", its entity IOB tag
                "tokens": [f"{t.text}{t.whitespace_}|{t.ent_iob_ or '-'}" for t in doc],
                "spans.sc": [[s.start_char, s.end_char, s.label_, s.text] for s in doc.spans["sc"]],
                "ents": [[e.start_char, e.end_char, e.label_, e.text] for e in doc.ents],
            }
        )
    return orjson.dumps(docs, option=orjson.OPT_INDENT_2) + b"\n"


def test_spacy(records: list[Record]) -> None:
    need("spacy")
    check("spacy.json", docbin_as_json(written("spacy", records)))


def test_golden_files_are_lf_only() -> None:
    for path in GOLDEN.rglob("*"):
        if path.is_file() and path.name != "000_786e792f34019fa1.txt":
            assert b"\r\n" not in path.read_bytes(), path
    attributes = (Path(__file__).parents[2] / ".gitattributes").read_text(encoding="utf-8")
    assert "tests/golden/** -text" in attributes
