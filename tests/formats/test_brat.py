"""brat specifics: safe file names, fragments at line breaks, the annotation.conf."""

from __future__ import annotations

from pathlib import Path

from tui.formats.brat import annotation_conf, brat_files, fragments, write_brat
from tui.formats.common import ExportOptions, make_records
from tui.labels import DEFAULT_LABEL_SET
from tui.model import Annotation, Document

HOSTILE_IDS = [
    "../x",
    "x",
    "X",
    "/etc/passwd",
    "..",
    "",
    " ",
    "a\\b",
    "NUL",
    "nul.txt",
    "é/ü",
    ".ann",
]


def test_no_document_id_can_escape_the_folder(tmp_path: Path) -> None:
    documents = [Document(id=doc_id, text=f"text of {doc_id!r}") for doc_id in HOSTILE_IDS]
    folder = tmp_path / "out"
    write_brat(make_records(documents, {}), folder, ExportOptions())
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert all(name == "out" or name.startswith("out/") for name in written)
    names = [p.name for p in folder.iterdir()]
    assert all(not n.startswith(".") and "/" not in n and "\\" not in n for n in names)
    stems = {n.rsplit(".", 1)[0].casefold() for n in names if n.endswith(".txt")}
    assert len(stems) == len(HOSTILE_IDS)  # no two documents share a file, whatever the case
    assert "nul" not in stems and "nul.txt" not in stems


def test_ids_come_back_through_the_mapping() -> None:
    documents = [Document(id="../x", text="a"), Document(id="x", text="b")]
    files = brat_files(make_records(documents, {}), ExportOptions())
    assert set(files) == {
        "annotation.conf",
        "visual.conf",
        "kb_shortcuts.conf",
        "spantag.json",
        "x.txt",
        "x.ann",
        "x-2.txt",
        "x-2.ann",
    }
    assert b'"id": "../x"' in files["spantag.json"]


def test_a_span_across_line_breaks_becomes_fragments() -> None:
    text = "“One.\n\nTwo.\r\nThree.”"
    span = Annotation("d", 0, len(text), "QUOTE", text)
    assert fragments(text, span) == [(0, 5), (7, 11), (13, 20)]
    record = make_records([Document(id="d", text=text)], {"d": [span]})
    ann = brat_files(record, ExportOptions())["d.ann"].decode()
    assert ann == "T1\tQUOTE 0 5;7 11;13 20\t“One. Two. Three.”\n"


def test_annotation_conf_declares_labels_and_allows_nesting() -> None:
    conf = annotation_conf(DEFAULT_LABEL_SET).decode()
    entities = conf.split("[entities]\n")[1].split("\n\n")[0].split("\n")
    assert entities == ["PERSON", "PLACE", "QUOTE", "FIGURE"]
    overlap = next(line for line in conf.splitlines() if line.startswith("<OVERLAP>"))
    assert overlap.split("<OVL-TYPE>:")[1].split("|") == ["contain", "equal", "cross"]
