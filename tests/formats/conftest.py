"""Fixtures of the format tests: the golden documents, and the consumers they are proven with.

The consumers (spaCy, datasets, pybrat, label-studio-sdk) come with the `interop` extra, which
`make venv` installs. `make test` sets SPANTAG_INTEROP=required, so a missing consumer fails
there instead of being skipped; a plain `pytest` without the extra skips those tests.
"""

from __future__ import annotations

import importlib
import io
import os
from pathlib import Path
from types import ModuleType

import pytest

from tests.formats.seed_spans import seed_spans
from tui.formats import Format
from tui.formats.common import ExportOptions, ImportOptions, Record, make_records
from tui.jobs.importer import ImportReport, import_spans
from tui.model import Annotation, Change, Document
from tui.store import Store
from tui.text.reading import read_article

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_786e792f34019fa1.txt"
GOLDEN = ROOT / "tests" / "golden" / "formats"
FIXED_TIME = "2026-01-01T00:00:00.000Z"

EMOJI_ID = "emoji-note"
EMOJI_TEXT = (
    "🇵🇰 Ana Díaz wrote from Islamabad 🎉: “We counted 12 checkpoints.\n"
    "Nobody left.” Then to Ghazi Stadium.\n"
)
EMOJI_SPANS = (
    ("Ana Díaz", "PERSON"),  # after a flag: two astral characters, so UTF-16 offsets are +2
    ("Islamabad", "PLACE"),
    ("“We counted 12 checkpoints.\nNobody left.”", "QUOTE"),  # crosses a line break
    ("12", "FIGURE"),  # nested in the QUOTE
    ("Ghazi Stadium", "PLACE"),
    ("Ghazi", "PERSON"),  # nested in the PLACE: neither can be a spaCy entity
)


def need(module: str) -> ModuleType:
    """Import a consumer; skip without it, unless SPANTAG_INTEROP=required (then fail)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        message = f"{module} is not installed (it comes with the interop extra: make venv)"
        if os.environ.get("SPANTAG_INTEROP") == "required":
            pytest.fail(message)
        pytest.skip(message)


def _annotation(doc_id: str, n: int, start: int, end: int, label: str, text: str) -> Annotation:
    return Annotation(
        doc_id=doc_id,
        start=start,
        end=end,
        label=label,
        text=text[start:end],
        annotator="golden",
        source="manual",
        id=f"{doc_id[:4]}-{n:02d}",
        created=FIXED_TIME,
    )


def golden_documents() -> list[Record]:
    """The seed article fully annotated, and a small document with emoji; fixed ids and times."""
    seed_text = read_article(SEED)
    seed = Document(id=SEED.stem, text=seed_text, title="Agence France-Presse,", added=FIXED_TIME)
    seed_annotations = [
        _annotation(seed.id, n, s, e, label, seed_text)
        for n, (s, e, label) in enumerate(seed_spans(seed_text), 1)
    ]
    emoji = Document(id=EMOJI_ID, text=EMOJI_TEXT, title="emoji note", added=FIXED_TIME)
    emoji_annotations = []
    for n, (needle, label) in enumerate(EMOJI_SPANS, 1):
        start = EMOJI_TEXT.index(needle)
        emoji_annotations.append(
            _annotation(emoji.id, n, start, start + len(needle), label, EMOJI_TEXT)
        )
    spans = {seed.id: seed_annotations, emoji.id: emoji_annotations}
    return make_records([seed, emoji], spans)


@pytest.fixture
def records() -> list[Record]:
    return golden_documents()


def span_keys(records: list[Record]) -> dict[str, tuple[str, list[tuple[int, int, str]]]]:
    """Each document's text and sorted (start, end, label) spans, by document id."""
    return {doc.id: (doc.text, sorted(s.key for s in spans)) for doc, spans in records}


def stored_keys(store: Store) -> dict[str, tuple[str, list[tuple[int, int, str]]]]:
    """The same view of what a store holds."""
    grouped = store.annotations_by_document()
    return {
        doc_id: (doc.text, sorted(a.key for a in grouped[doc_id]))
        for doc_id, doc in store.documents.items()
    }


def store_with(path: Path, records: list[Record]) -> Store:
    """A writable store at `path` holding the records' documents and spans."""
    store = Store.open(path)
    store.add_documents(doc for doc, _ in records)
    store.apply(Change("put", a) for _, spans in records for a in spans)
    return store


@pytest.fixture
def golden_db(tmp_path: Path, records: list[Record]) -> Path:
    """A database file holding the golden documents (closed, ready for the CLI)."""
    path = tmp_path / "golden.json"
    store_with(path, records).close()
    return path


def export_to(
    fmt: Format, records: list[Record], folder: Path, options: ExportOptions | None = None
) -> Path:
    """Write `records` in `fmt` under `folder`; returns the file or folder written."""
    options = options or ExportOptions()
    target = folder / f"export.{fmt.name}"
    if fmt.write_folder is not None:
        fmt.write_folder(records, target, options)
    else:
        assert fmt.write is not None
        buffer = io.BytesIO()
        fmt.write(records, buffer, options)
        target.write_bytes(buffer.getvalue())
    return target


def import_into(
    path: Path, fmt: Format, source: Path, options: ImportOptions | None = None
) -> tuple[Store, ImportReport, list[str]]:
    """Read `source` in `fmt` into a new store at `path`: the store, the report, the warnings."""
    parsed = fmt.read(source, options or ImportOptions())
    store = Store.open(path)
    return store, import_spans(store, parsed.lines), parsed.warnings


def needs_spacy(fmt: Format) -> None:
    """Require spaCy for the formats that cannot be written without it."""
    if fmt.needs is not None and "spacy" in fmt.needs:
        need("spacy")
