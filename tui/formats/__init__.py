"""Readers and writers of the annotation formats spantag exchanges with other tools.

`FORMATS` maps each name the command line accepts (`export --format`, `import --format`) to
its writer and reader. Importing this package imports no optional dependency: spaCy is
imported by the prodigy and spacy formats only when they run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from tui.formats.brat import read_brat, write_brat
from tui.formats.common import ExportOptions, ImportOptions, Parsed, Record, report_progress
from tui.formats.doccano import label_file, read_doccano, write_doccano
from tui.formats.labelstudio import label_config, read_labelstudio, write_labelstudio
from tui.formats.native import read_native, write_native
from tui.formats.prodigy import read_prodigy, write_prodigy
from tui.formats.spacy_docbin import read_docbin, write_docbin
from tui.labels import LabelSet

StreamWriter = Callable[[list[Record], IO[bytes], ExportOptions], int]
FolderWriter = Callable[[list[Record], Path, ExportOptions], int]
Reader = Callable[[Path, ImportOptions], Parsed]


@dataclass(frozen=True)
class Format:
    """One format: how it is written and read, and what its output is.

    `output` is `text` (JSON that may go to standard output), `binary` (a file: needs -o) or
    `folder` (a folder of files: needs -o). `config` makes the companion file a format needs
    beside its output (Label Studio's labelling config, doccano's label types), written as
    `OUT-stem` + `config_suffix` unless --config names it.
    """

    name: str
    summary: str
    offsets: str
    output: Literal["text", "binary", "folder"]
    read: Reader
    write: StreamWriter | None = None
    write_folder: FolderWriter | None = None
    config: Callable[[LabelSet], bytes] | None = None
    config_suffix: str = ""
    needs: str | None = None


def _write_native(records: list[Record], out: IO[bytes], options: ExportOptions) -> int:
    spans = {document.id: list(annotations) for document, annotations in records}
    count = 0
    for done, (document, _) in enumerate(records, 1):
        count += write_native([document], spans, out)
        report_progress(options, done, len(records))
    return count


def _read_native(path: Path, options: ImportOptions) -> Parsed:
    with path.open("rb") as handle:
        return Parsed(list(read_native(handle)))


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "native",
            "spantag JSONL, one document per line (also Prodigy input)",
            "code points",
            "text",
            _read_native,
            write=_write_native,
        ),
        Format(
            "prodigy",
            "Prodigy spans_manual tasks with spaCy tokens",
            "code points (+ token indices, token_end inclusive)",
            "text",
            read_prodigy,
            write=write_prodigy,
            needs="spantag[spacy] (to write)",
        ),
        Format(
            "spacy",
            "spaCy DocBin (.spacy): doc.spans['sc'] and doc.ents",
            "tokens (built from code points)",
            "binary",
            read_docbin,
            write=write_docbin,
            needs="spantag[spacy]",
        ),
        Format(
            "doccano",
            "doccano sequence-labelling JSONL",
            "UTF-16 code units by default (--offsets codepoints)",
            "text",
            read_doccano,
            write=write_doccano,
            config=label_file,
            config_suffix=".labels.json",
        ),
        Format(
            "labelstudio",
            "Label Studio JSON task list, plus its labelling config",
            "code points",
            "text",
            read_labelstudio,
            write=write_labelstudio,
            config=label_config,
            config_suffix=".label_config.xml",
        ),
        Format(
            "brat",
            "brat standoff folder: .txt/.ann per document, annotation.conf",
            "code points",
            "folder",
            read_brat,
            write_folder=write_brat,
        ),
    )
}
NAMES = tuple(FORMATS)
