"""`spantag export --format F` and `spantag import --spans FILE --format F`, as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.formats.conftest import export_to, needs_spacy, span_keys, stored_keys
from tui.cli import main
from tui.formats import FORMATS, NAMES
from tui.formats.common import ExportOptions, Record
from tui.store import Store


@pytest.mark.parametrize("name", NAMES)
def test_cli_round_trip(
    name: str,
    golden_db: Path,
    records: list[Record],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    needs_spacy(FORMATS[name])
    out = tmp_path / f"out.{name}"
    assert main(["export", "--db", str(golden_db), "--format", name, "-o", str(out)]) == 0
    back = tmp_path / "back.json"
    assert main(["import", "--db", str(back), "--spans", str(out), "--format", name]) == 0
    err = capsys.readouterr().err
    assert f"{sum(len(s) for _, s in records)} spans added" in err
    with Store.open(back, write=False) as store:
        assert stored_keys(store) == span_keys(records)


@pytest.mark.parametrize("name", ["native", "doccano", "labelstudio", "prodigy"])
def test_text_formats_go_to_stdout(
    name: str, golden_db: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    needs_spacy(FORMATS[name])
    assert main(["export", "--db", str(golden_db), "--format", name]) == 0
    out, err = capsysbinary.readouterr()
    assert out.count(b"\n") >= 2
    hint = b"spantag: the labelling config was not written: add --config FILE\n"
    assert err == (hint if name == "labelstudio" else b"")


def test_labelstudio_config_is_written_beside_the_tasks(golden_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "tasks.json"
    assert main(["export", "--db", str(golden_db), "--format", "labelstudio", "-o", str(out)]) == 0
    assert (tmp_path / "tasks.label_config.xml").read_text().startswith("<View>")
    config = tmp_path / "elsewhere.xml"
    args = ["export", "--db", str(golden_db), "--format", "labelstudio", "--config", str(config)]
    assert main(args) == 0 and config.is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--format", "brat"], "--format brat writes a folder: give it with -o OUT"),
        (["export", "--format", "spacy"], "--format spacy writes a binary file: give it with -o"),
        (["export", "--offsets", "codepoints"], "--offsets applies to --format doccano only"),
        (
            ["export", "--config", "x.xml"],
            "--config applies to --format labelstudio and doccano only",
        ),
        (["export", "--format", "conll"], "argument --format: invalid choice: 'conll'"),
        (["import", "--spans", "nope.jsonl", "--format", "doccano"], "nope.jsonl: no such file"),
    ],
)
def test_usage_errors_are_one_line(
    args: list[str],
    message: str,
    golden_db: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(golden_db.parent)
    assert main([*args, "--db", str(golden_db)]) != 0
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_import_reports_bad_spans_and_fails(
    golden_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Ana met Ghazi", "label": [[0, 3, "PERSON"], [8, 99, "PERSON"]]}\n')
    code = main(["import", "--db", str(golden_db), "--spans", str(source), "--format", "doccano"])
    err = capsys.readouterr().err
    assert code == 1
    assert "line 1, span 2: offsets 8..99 are outside the text (length 13)" in err
    assert "1 spans added, 1 skipped; 1 documents created" in err


def _python(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", script, *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_missing_spacy_is_one_line_naming_the_extra(golden_db: Path) -> None:
    script = (
        "import sys; sys.modules['spacy'] = None\n"
        "from tui.cli import main\n"
        "sys.exit(main(['export', '--db', sys.argv[1], '--format', 'prodigy']))\n"
    )
    run = _python(script, str(golden_db))
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr == (
        "spantag: the prodigy format needs spaCy, which is not installed:"
        " pip install 'spantag[spacy]'\n"
    )


def test_exports_import_neither_textual_nor_spacy(golden_db: Path, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from tui.cli import main\n"
        "db, out = sys.argv[1:]\n"
        "for f in ('native', 'doccano', 'labelstudio', 'brat'):\n"
        "    assert main(['export', '--db', db, '--format', f, '-o', out + '/o.' + f]) == 0\n"
        "print(sorted(m for m in ('textual', 'spacy') if m in sys.modules))\n"
    )
    run = _python(script, str(golden_db), str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert run.stdout == "[]\n"


@pytest.mark.parametrize("name", NAMES)
def test_writers_report_progress_per_document(
    name: str, records: list[Record], tmp_path: Path
) -> None:
    fmt = FORMATS[name]
    needs_spacy(fmt)
    calls: list[tuple[int, int]] = []
    options = ExportOptions(progress=lambda done, total: calls.append((done, total)))
    export_to(fmt, records, tmp_path, options)
    assert calls == [(1, 2), (2, 2)]
