"""The command line: import, export, stats, the native JSONL round trip, and one-line errors."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import ANNOTATION_FIELDS, HARD_ARTICLE, REPO, SAMPLES, Run
from tui import __version__
from tui.cli import main
from tui.db import file as dbfile
from tui.model import trim_whitespace
from tui.store import Store
from tui.text.reading import read_article

LABELS = ("PERSON", "PLACE", "QUOTE", "FIGURE")
VENV_BIN = Path(sys.executable).parent


def assert_one_line_error(run: Run, code: int | None = None) -> str:
    """docs/contracts.md: an error is one clear line on stderr, a non-zero exit, never a
    traceback."""
    assert run.code != 0
    if code is not None:
        assert run.code == code
    assert "Traceback" not in run.err
    assert len(run.err_lines) == 1, run.err
    assert run.err_lines[0].startswith("spantag: ")
    return run.err_lines[0]


# -- import, export, stats --------------------------------------------------------------------


def test_import_then_re_import(spantag: Any, db_path: Path) -> None:
    first = spantag("import", SAMPLES, "--db", db_path)
    count = len(list(SAMPLES.glob("*.txt")))
    assert first.code == 0 and first.out == ""
    assert first.err_lines == [f"spantag: {count} documents added, 0 already present"]
    again = spantag("import", SAMPLES / "01_port_strike_rotterdam.txt", SAMPLES, "--db", db_path)
    assert again.code == 0
    assert again.err_lines == [f"spantag: 0 documents added, {count + 1} already present"]


def test_import_warns_about_duplicates_and_changed_files(
    spantag: Any, db_path: Path, tmp_path: Path
) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Ana Díaz arrived in Lyon.")
    spantag("import", story, "--db", db_path)
    story.write_text("Ana Díaz arrived in Lyon on Monday.")
    twin = tmp_path / "twin.md"
    twin.write_text(read_article(HARD_ARTICLE))
    run = spantag("import", story, HARD_ARTICLE, twin, "--db", db_path)
    assert run.code == 0
    assert run.err_lines == [
        f"spantag: {story}: changed on disk since it was imported as 'story'; the stored text "
        "stays the reference for its spans (to move them to the new text: spantag import "
        "--reanchor)",
        f"spantag: {twin}: same text as document '{HARD_ARTICLE.stem}'; not added again",
        "spantag: 1 documents added, 0 already present",
    ]


def test_import_of_files_and_spans_is_one_durable_write(
    spantag: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(db_path).close()
    spans = tmp_path / "spans.jsonl"
    text = read_article(SAMPLES / "02_drought_kenya_maize.txt")
    start = text.index("Halima Guyo")
    span = {"start": start, "end": start + 11, "label": "PERSON", "text": "Halima Guyo"}
    spans.write_text(json.dumps({"id": "02_drought_kenya_maize", "spans": [span]}) + "\n")
    writes: list[Path] = []
    real = dbfile.write_atomic

    def recording_write(path: Path, data: bytes) -> None:
        writes.append(path)
        real(path, data)

    monkeypatch.setattr(dbfile, "write_atomic", recording_write)
    run = spantag("import", SAMPLES, "--spans", spans, "--db", db_path)
    assert run.code == 0, run.err
    assert writes == [db_path]
    assert run.err_lines[-1] == "spantag: 1 spans added"


def test_import_spans_reports_bad_spans_with_their_line(
    spantag: Any, db_path: Path, tmp_path: Path
) -> None:
    spans = tmp_path / "spans.jsonl"
    lines = [
        {"id": "d1", "text": "Ana Díaz met Bo Lin in Lyon.", "spans": []},
        {"id": "d1", "spans": [{"start": 13, "end": 19, "label": "PERSON", "text": "Bo Lin"}]},
        {"id": "d1", "spans": [{"start": 12, "end": 18, "label": "PERSON", "text": "Bo Lin"}]},
        {"id": "d1", "spans": [{"start": 23, "end": 27, "label": "ORG", "text": "Lyon"}]},
    ]
    spans.write_text("".join(json.dumps(line) + "\n" for line in lines))
    run = spantag("import", "--spans", spans, "--db", db_path)
    assert run.code == 1
    assert run.err_lines == [
        "spantag: line 3, span 1: text 'Bo Lin' does not match the document at 12..18 "
        "(' Bo Li'); not shifted, skipped",
        "spantag: line 4, span 1: unknown label 'ORG'; expected one of PERSON, PLACE, QUOTE, "
        "FIGURE",
        "spantag: 1 spans added, 2 skipped; 1 documents created",
    ]
    with Store.open(db_path, write=False) as store:
        assert [a.text for a in store.annotations()] == ["Bo Lin"]


def test_stats_counts_per_document_and_label(spantag: Any, db_path: Path, tmp_path: Path) -> None:
    spans = tmp_path / "spans.jsonl"
    text = "Ana met Bo in Lyon, 12% of 1,200. “Hi,” Bo said."
    line = {
        "id": "tiny",
        "text": text,
        "meta": {"status": "done"},
        "spans": [
            {"start": 0, "end": 3, "label": "PERSON"},
            {"start": 8, "end": 10, "label": "PERSON"},
            {"start": 14, "end": 18, "label": "PLACE"},
            {"start": 20, "end": 23, "label": "FIGURE"},
            {"start": 34, "end": 39, "label": "QUOTE"},
        ],
        "relations": [
            {
                "head": {"start": 34, "end": 39, "label": "QUOTE"},
                "child": {"start": 8, "end": 10, "label": "PERSON"},
            }
        ],
    }
    spans.write_text(json.dumps(line) + "\n")
    assert spantag("import", "--spans", spans, "--db", db_path).code == 0
    assert spantag("import", SAMPLES / "01_port_strike_rotterdam.txt", "--db", db_path).code == 0
    run = spantag("stats", "--db", db_path)
    assert run.code == 0 and run.err == ""
    table, statuses, labels, time = run.out.split("\n\n")
    assert statuses == "documents  todo 1  done 1  skipped 0  (for review 0, with notes 0)"
    assert labels.splitlines()[1:3] == [
        "  PERSON      2  ██████████████████████████████",
        "  PLACE       1  ███████████████",
    ]
    assert time.startswith("time spent  ")
    assert table.splitlines() == [
        "document                  status  PERSON  PLACE  QUOTE  FIGU"
        "RE  total  relations  no-speaker",
        "------------------------  ------  ------  -----  -----  ----"
        "--  -----  ---------  ----------",
        "tiny                      done         2      1      1      "
        " 1      5          1           0",
        "01_port_strike_rotterdam  todo         0      0      0      "
        " 0      0          0           0",
        "------------------------  ------  ------  -----  -----  ----"
        "--  -----  ---------  ----------",
        "TOTAL (2 docs)            1 done       2      1      1      "
        " 1      5          1           0",
    ]


def test_export_to_stdout_and_to_a_file(
    db_path: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["import", str(SAMPLES), "--db", str(db_path)]) == 0
    capsysbinary.readouterr()
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(db_path), "-o", str(out)]) == 0
    count = len(list(SAMPLES.glob("*.txt")))
    captured = capsysbinary.readouterr()
    assert captured.out == b""
    assert captured.err.decode().splitlines() == [
        f"spantag: 0 spans of {count} documents written to {out}"
    ]
    assert main(["export", "--db", str(db_path)]) == 0
    assert capsysbinary.readouterr().out == out.read_bytes()
    lines = out.read_bytes().splitlines()
    assert len(lines) == count
    assert [orjson.loads(line)["id"] for line in lines] == sorted(
        p.stem for p in SAMPLES.glob("*.txt")
    )


# -- the native JSONL round trip --------------------------------------------------------------


def random_spans(text: str, rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Overlapping and nested spans: random extents plus real quotes and figures."""
    wanted: dict[tuple[int, int, str], dict[str, Any]] = {}

    def offer(start: int, end: int, label: str) -> None:
        start, end = trim_whitespace(text, start, end)
        if start < end and (start, end, label) not in wanted:
            wanted[(start, end, label)] = {
                "start": start,
                "end": end,
                "label": label,
                "text": text[start:end],
                "annotator": rng.choice(["ana", "bo", "chen"]),
                "source": rng.choice(["manual", "suggestion", "import"]),
            }

    for match in re.finditer(r"“[^”]*”", text):
        offer(match.start(), match.end(), "QUOTE")
    for match in re.finditer(r"\$?\d[\d,.]*(?:-\d+)?(?:%|m| million| hours)?", text):
        offer(match.start(), match.end(), "FIGURE")
    for match in re.finditer(r"\b[A-Z][a-zé]+ [A-Z][a-zé]+\b", text):
        offer(match.start(), match.end(), rng.choice(["PERSON", "PLACE"]))
    while len(wanted) < count:
        start = rng.randrange(len(text) - 1)
        length = rng.choice([rng.randint(1, 12), rng.randint(5, 80), rng.randint(50, 600)])
        offer(start, min(start + length, len(text)), rng.choice(LABELS))
        if rng.random() < 0.2 and wanted:  # the same extent under another label
            other = rng.choice(list(wanted.values()))
            offer(other["start"], other["end"], rng.choice(LABELS))
    spans = list(wanted.values())
    rng.shuffle(spans)  # the import must not rely on sorted input
    return spans


def sort_spans(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(spans, key=lambda s: (s["start"], -s["end"], s["label"]))


def corpus_lines(corpus_files: list[Path]) -> list[dict[str, Any]]:
    rng = random.Random(20261125)
    lines = []
    for number, path in enumerate(corpus_files):
        # JSONL text is kept exactly as given: the hard article goes in with its CRLF endings.
        raw = path.read_bytes().decode("utf-8")
        text = raw if path == HARD_ARTICLE else read_article(path)
        lines.append(
            {
                "id": f"{number:02d}-{path.stem}",
                "text": text,
                "meta": {
                    "path": str(path),
                    "title": text.split("\n", 1)[0].strip(),
                    "sha256": "",
                    "status": ["todo", "done", "skipped"][number % 3],
                },
                "spans": random_spans(text, rng, 90),
            }
        )
    return lines


def test_native_jsonl_round_trip_is_exact(
    spantag: Any, tmp_path: Path, corpus_files: list[Path]
) -> None:
    lines = corpus_lines(corpus_files)
    total = sum(len(line["spans"]) for line in lines)
    nested = sum(
        1
        for line in lines
        for a in line["spans"]
        for b in line["spans"]
        if a is not b and a["start"] <= b["start"] and b["end"] <= a["end"]
    )
    assert total >= 400 and nested >= 100, (total, nested)
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    db = tmp_path / "db.json"

    imported = spantag("import", "--spans", source, "--db", db)
    assert imported.code == 0, imported.err
    assert imported.err_lines == [f"spantag: {total} spans added; {len(lines)} documents created"]
    out = tmp_path / "out.jsonl"
    assert spantag("export", "--db", db, "-o", out).code == 0

    exported = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [e["id"] for e in exported] == [line["id"] for line in lines]
    for given, got in zip(lines, exported, strict=True):
        assert got["text"] == given["text"]
        assert set(got) == {"id", "text", "meta", "spans", "relations"}
        assert got["relations"] == []
        meta = {**given["meta"], "sha256": got["meta"]["sha256"]}
        assert got["meta"] == meta
        assert got["spans"] == sort_spans(given["spans"])
        for span in got["spans"]:
            assert got["text"][span["start"] : span["end"]] == span["text"]
    assert "\r\n" in next(e["text"] for e in exported if HARD_ARTICLE.stem in e["id"])

    # What export writes, import reads back with nothing lost: a second trip is byte-identical.
    db2 = tmp_path / "db2.json"
    assert spantag("import", "--spans", out, "--db", db2).code == 0
    out2 = tmp_path / "out2.jsonl"
    assert spantag("export", "--db", db2, "-o", out2).code == 0
    assert out2.read_bytes() == out.read_bytes()
    # Importing the same spans again adds nothing.
    again = spantag("import", "--spans", out, "--db", db)
    assert again.err_lines == [f"spantag: 0 spans added, {total} already present"]

    # The database, read with plain json.load, holds exactly these annotations.
    raw = json.loads(db.read_text(encoding="utf-8"))
    records = list(raw["annotations"].values())
    assert len(records) == total
    assert all(set(record) == ANNOTATION_FIELDS for record in records)
    fields = ("doc_id", "start", "end", "label", "text", "annotator", "source")
    assert sorted(tuple(r[f] for f in fields) for r in records) == sorted(
        (line["id"], *(s[f] for f in fields[1:])) for line in lines for s in line["spans"]
    )
    assert len({r["id"] for r in records}) == total
    documents = {d["id"]: d for d in raw["documents"].values()}
    assert {doc_id: d["text"] for doc_id, d in documents.items()} == {
        line["id"]: line["text"] for line in lines
    }

    # stats shows the totals.
    stats = spantag("stats", "--db", db)
    per_label = Counter(s["label"] for line in lines for s in line["spans"])
    total_row = next(line for line in stats.out.splitlines() if line.startswith("TOTAL")).split()
    assert total_row[:4] == ["TOTAL", f"({len(lines)}", "docs)", "2"]
    assert [int(n) for n in total_row[-7:-2]] == [*(per_label[label] for label in LABELS), total]


# -- errors: one line, non-zero, no traceback -------------------------------------------------


@pytest.fixture
def corrupt_db(tmp_path: Path) -> Path:
    path = tmp_path / "corrupt.json"
    path.write_bytes(b'{"meta": {"1": {"schema": "spantag/1"}}, "documents": {"1": {"id"')
    return path


def test_missing_article_file(spantag: Any, db_path: Path, tmp_path: Path) -> None:
    line = assert_one_line_error(spantag("import", tmp_path / "nope.txt", "--db", db_path))
    assert line == f"spantag: {tmp_path / 'nope.txt'}: no such file or folder"
    assert not db_path.exists()
    assert_one_line_error(spantag(tmp_path / "nope.txt", "--db", db_path))


def test_binary_article_file(spantag: Any, db_path: Path, tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    line = assert_one_line_error(spantag("import", binary, "--db", db_path), code=1)
    assert "binary file" in line
    assert "binary file" in assert_one_line_error(spantag(binary, "--db", db_path), code=1)


def test_undecodable_article_file(spantag: Any, db_path: Path, tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Andrés Fuentes".encode("latin-1"))
    line = assert_one_line_error(spantag("import", latin, "--db", db_path), code=1)
    assert "not UTF-8 text (invalid byte 0xe9 at byte 4)" in line


@pytest.mark.parametrize(
    "argv",
    [
        ("import", SAMPLES),
        ("import", "--spans", "SPANS"),
        ("export",),
        ("export", "-o", "OUT"),
        ("stats",),
        (SAMPLES,),
        (),
    ],
    ids=["import", "import-spans", "export", "export-o", "stats", "open", "open-no-path"],
)
def test_corrupt_database_is_refused_and_untouched(
    spantag: Any, corrupt_db: Path, tmp_path: Path, argv: tuple[object, ...]
) -> None:
    before = corrupt_db.read_bytes()
    spans = tmp_path / "spans.jsonl"
    spans.write_text('{"id": "a", "text": "Ana"}\n')
    placeholders = {"OUT": tmp_path / "out.jsonl", "SPANS": spans}
    argv = tuple(placeholders.get(a, a) if isinstance(a, str) else a for a in argv)
    line = assert_one_line_error(spantag(*argv, "--db", corrupt_db), code=1)
    assert "corrupt or truncated" in line and "left untouched" in line
    assert corrupt_db.read_bytes() == before
    assert not (tmp_path / "out.jsonl").exists()


def test_locked_database(spantag: Any, db_path: Path) -> None:
    with Store.open(db_path):
        before = db_path.read_bytes()
        line = assert_one_line_error(spantag("import", SAMPLES, "--db", db_path), code=3)
        assert "is open in another spantag" in line
        assert_one_line_error(spantag(SAMPLES, "--db", db_path), code=3)
        assert db_path.read_bytes() == before
        # Reading needs no lock.
        assert spantag("stats", "--db", db_path).code == 0
        assert spantag("export", "--db", db_path).code == 0


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("import",), "nothing to import"),
        (("export", "--format", "xml"), "invalid choice: 'xml'"),
        (("stats", "--bogus"), "unrecognized arguments: --bogus"),
        (("--bogus",), "unrecognized arguments: --bogus"),
        (("import", "--spans"), "expected one argument"),
    ],
)
def test_bad_usage(spantag: Any, db_path: Path, argv: tuple[str, ...], expected: str) -> None:
    line = assert_one_line_error(spantag(*argv, "--db", db_path), code=2)
    assert expected in line
    assert not db_path.exists()


def test_other_errors_are_one_line(spantag: Any, db_path: Path, tmp_path: Path) -> None:
    missing_db = tmp_path / "none.json"
    assert "no database" in assert_one_line_error(spantag("export", "--db", missing_db))
    assert not missing_db.exists()
    line = assert_one_line_error(spantag("import", "--spans", tmp_path / "no.jsonl"))
    assert line.endswith("no.jsonl: no such file or folder")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Ana"}\n{oops\n')
    assert "line 2: not valid JSON" in assert_one_line_error(spantag("import", "--spans", bad))
    assert spantag("import", SAMPLES, "--db", db_path).code == 0
    before = db_path.read_bytes()
    assert_one_line_error(spantag("import", "--spans", bad, "--db", db_path))
    assert db_path.read_bytes() == before
    line = assert_one_line_error(
        spantag("export", "--db", db_path, "-o", tmp_path / "no" / "such" / "out.jsonl")
    )
    assert "could not save" in line
    no_folder = tmp_path / "no-folder" / "db.json"
    assert "cannot write in" in assert_one_line_error(spantag("import", SAMPLES, "--db", no_folder))
    empty = tmp_path / "empty.json"
    assert "no documents in" in assert_one_line_error(spantag("--db", empty))


def test_help_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, usage in (
        (["--help"], "usage: spantag"),
        (["import", "--help"], "usage: spantag import"),
        (["export", "--help"], "usage: spantag export"),
        (["stats", "-h"], "usage: spantag stats"),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith(usage) and "--db" in out
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"spantag {__version__}"


# -- where the database is --------------------------------------------------------------------


def test_spantag_db_is_honoured_and_db_overrides_it(
    spantag: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    from_env = tmp_path / "from-env.json"
    monkeypatch.setenv("SPANTAG_DB", str(from_env))
    assert spantag("import", SAMPLES).code == 0
    assert from_env.exists() and not (tmp_path / "annotations.json").exists()
    assert "TOTAL (4 docs)" in spantag("stats").out
    explicit = tmp_path / "explicit.json"
    assert spantag("import", SAMPLES / "01_port_strike_rotterdam.txt", "--db", explicit).code == 0
    assert "TOTAL (1 docs)" in spantag("stats", "--db", explicit).out
    monkeypatch.delenv("SPANTAG_DB")
    assert spantag("import", SAMPLES / "01_port_strike_rotterdam.txt").code == 0
    assert (tmp_path / "annotations.json").exists()


# -- the real programs ------------------------------------------------------------------------


def run_program(*argv: object, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "SPANTAG_ANNOTATOR": "tester"}
    env.pop("SPANTAG_DB", None)
    return subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, env=env)


def test_the_installed_command_and_python_m_tui(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    result = run_program(VENV_BIN / "spantag", "import", SAMPLES, "--db", db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().startswith("spantag: 4 documents added")
    export = run_program(sys.executable, "-m", "tui", "export", "--db", db, cwd=REPO)
    assert export.returncode == 0 and export.stderr == b""
    assert len(export.stdout.splitlines()) == 4
    stats = run_program(sys.executable, "-m", "tui", "stats", "--db", db, cwd=REPO)
    assert b"TOTAL (4 docs)" in stats.stdout
    helped = run_program(VENV_BIN / "spantag", "import", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and helped.stdout.startswith(b"usage: spantag import")


def test_the_installed_command_fails_in_one_line(tmp_path: Path) -> None:
    corrupt = tmp_path / "db.json"
    corrupt.write_bytes(b"\xff\xfe not a database")
    for argv in (("stats",), ("import", SAMPLES)):
        result = run_program(VENV_BIN / "spantag", *argv, "--db", corrupt, cwd=tmp_path)
        assert result.returncode == 1
        lines = result.stderr.decode().splitlines()
        assert len(lines) == 1 and lines[0].startswith("spantag: ") and "not UTF-8" in lines[0]
        assert result.stdout == b""
    assert corrupt.read_bytes() == b"\xff\xfe not a database"


def test_the_installed_command_is_refused_while_another_writer_holds_the_database(
    tmp_path: Path, db_path: Path
) -> None:
    with Store.open(db_path):
        result = run_program(VENV_BIN / "spantag", "import", SAMPLES, "--db", db_path, cwd=tmp_path)
    assert result.returncode == 3
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and f"pid {os.getpid()}" in lines[0]


def test_the_formats_docs_example_is_what_export_writes(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    doc = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    native = doc[doc.index("## Native JSONL") : doc.index("## Other formats")]
    (example,) = re.findall(r"```json\n(.*?)```", native, re.S)
    assert "code points" in doc.lower() and "\n## Other formats\n" in doc
    source = tmp_path / "example.jsonl"
    source.write_text(example, encoding="utf-8")
    db = str(tmp_path / "db.json")
    assert main(["import", "--spans", str(source), "--db", db]) == 0
    capsysbinary.readouterr()
    assert main(["export", "--db", db]) == 0
    assert capsysbinary.readouterr().out.decode("utf-8") == example


def test_native_export_escapes_unicode_line_separators_and_reads_a_bom(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """U+2028/U+2029/U+0085 are valid in JSON strings but split lines for str.splitlines();
    the export escapes them, and an input file starting with a UTF-8 BOM is read."""
    text = "Ana\u2028Díaz\u2029met\u0085Bo.\n"
    source = tmp_path / "in.jsonl"
    line = json.dumps(
        {"id": "d", "text": text, "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}
    )
    source.write_bytes(b"\xef\xbb\xbf" + line.encode("utf-8") + b"\n")
    db = str(tmp_path / "db.json")
    assert main(["import", "--spans", str(source), "--db", db]) == 0
    capsysbinary.readouterr()
    assert main(["export", "--db", db]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert len(out.splitlines()) == 1
    assert json.loads(out)["text"] == text
