"""Label sets from the command line: stored by the database, printed, replaced, refused, and
followed by stats and every export; spans of a label that left the set are never lost."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import orjson

from tests.cli.test_cli import assert_one_line_error
from tests.conftest import SAMPLES
from tests.support.label_files import SIX_LABELS, write_label_file
from tui.model import Annotation, Change
from tui.store import Store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored_set(db: Path) -> dict[str, Any] | None:
    meta = json.loads(db.read_text(encoding="utf-8"))["meta"]
    record: dict[str, Any] = next(iter(meta.values()))
    return record.get("label_set")


def test_the_first_label_file_is_stored_and_kept(
    spantag: Any, db_path: Path, tmp_path: Path
) -> None:
    labels = write_label_file(tmp_path)
    run = spantag("import", SAMPLES, "--db", db_path, "--labels", labels)
    assert run.code == 0
    assert run.err_lines[0] == (
        f"spantag: label set stored in {db_path}: PERSON, ORG, CITY, COUNTRY, QUOTE, FIGURE"
    )
    stored = stored_set(db_path)
    assert stored is not None
    assert [label["name"] for label in stored["labels"]] == [
        "PERSON",
        "ORG",
        "CITY",
        "COUNTRY",
        "QUOTE",
        "FIGURE",
    ]
    assert stored["relations"] == [{"name": "SPEAKER", "from": ["QUOTE"], "to": ["PERSON"]}]
    # Later commands use it without the flag; the same file again changes nothing.
    before = digest(db_path)
    again = spantag("import", SAMPLES, "--db", db_path, "--labels", labels)
    assert again.code == 0 and "label set" not in again.err
    assert stored_set(db_path) == stored
    shown = spantag("labels", "--db", db_path)
    assert shown.code == 0
    assert shown.out.splitlines()[0] == f"label set (stored in {db_path}):"
    assert "  ORG      c/5   #d7875f  an organisation: company, agency, party, team" in shown.out
    assert "relation SPEAKER: QUOTE -> PERSON" in shown.out
    assert digest(db_path) == before  # `labels` only reads
    stats = spantag("stats", "--db", db_path)
    assert stats.out.splitlines()[0].split()[2:] == [
        "PERSON",
        "ORG",
        "CITY",
        "COUNTRY",
        "QUOTE",
        "FIGURE",
        "total",
        "relations",
        "no-speaker",
    ]


def test_labels_of_a_database_without_a_set(spantag: Any, db_path: Path, tmp_path: Path) -> None:
    spantag("import", SAMPLES, "--db", db_path)
    shown = spantag("labels", "--db", db_path)
    assert shown.out.splitlines()[0] == f"label set (the default; {db_path} stores none):"
    assert "  PERSON  p/1   #5fafff  a named person (titles stay outside)" in shown.out
    toml = spantag("labels", "--db", db_path, "--toml").out
    copy = write_label_file(tmp_path, toml, "copy.toml")
    run = spantag("import", "--db", db_path, "--labels", copy)
    assert run.code == 0
    assert run.err_lines == [
        f"spantag: label set stored in {db_path}: PERSON, PLACE, QUOTE, FIGURE"
    ]


def test_a_conflicting_or_malformed_file_writes_nothing(
    spantag: Any, db_path: Path, tmp_path: Path
) -> None:
    spantag("import", SAMPLES, "--db", db_path)
    before = digest(db_path)
    binds_x = write_label_file(tmp_path, SIX_LABELS.replace('key = "t"', 'key = "x"'), "x.toml")
    for command in (["import", SAMPLES], []):
        line = assert_one_line_error(spantag(*command, "--db", db_path, "--labels", binds_x), 2)
        assert line == (
            f"spantag: {binds_x}: label CITY: key 'x' is already bound to the reader's "
            "annotation.remove; a free key: 'i'"
        )
    malformed = write_label_file(tmp_path, '[[labels]]\nname = "ORG"\nkey = "c\n', "bad.toml")
    line = assert_one_line_error(spantag("import", "--db", db_path, "--labels", malformed), 2)
    assert "not valid TOML" in line and "(at line 3, column" in line
    assert digest(db_path) == before
    fresh = tmp_path / "fresh.json"
    assert_one_line_error(spantag("import", SAMPLES, "--db", fresh, "--labels", binds_x), 2)
    assert not fresh.exists()
    missing = assert_one_line_error(spantag("labels", "--db", db_path, "--labels", "x"), 2)
    assert "unrecognized arguments" in missing


def add_span(db: Path, label: str, text: str = "ROTTERDAM") -> None:
    with Store.open(db) as store:
        document = next(d for d in store.documents.values() if text in d.text)
        start = document.text.index(text)
        span = Annotation(document.id, start, start + len(text), label, text, "ana")
        store.apply([Change("put", span)])


def test_replacing_the_set_says_what_changes_and_keeps_every_span(
    spantag: Any, db_path: Path, tmp_path: Path
) -> None:
    spantag("import", SAMPLES, "--db", db_path, "--labels", write_label_file(tmp_path))
    add_span(db_path, "COUNTRY", "Kenya")
    add_span(db_path, "CITY", "ROTTERDAM")
    smaller = (
        "[[labels]]".join(
            part for part in SIX_LABELS.split("[[labels]]") if "COUNTRY" not in part
        ).replace("#d7875f", "#00ff00")
        + '\n[[labels]]\nname = "EVENT"\nkey = "e"\n'
    )
    run = spantag(
        "import", "--db", db_path, "--labels", write_label_file(tmp_path, smaller, "s.toml")
    )
    assert run.code == 0
    assert run.err_lines == [
        f"spantag: replacing the label set of {db_path}:",
        "spantag:   labels added: EVENT",
        "spantag:   labels removed: COUNTRY (their spans are kept, shown in grey, and can be"
        " relabelled)",
        "spantag:   ORG: colour #d7875f -> #00ff00",
    ]
    with Store.open(db_path, write=False) as store:
        assert "COUNTRY" not in store.labels
        assert sorted(a.label for a in store.annotations()) == ["CITY", "COUNTRY"]
    stats = spantag("stats", "--db", db_path).out.splitlines()
    assert stats[0].split()[2:] == [
        "PERSON",
        "ORG",
        "CITY",
        "QUOTE",
        "FIGURE",
        "EVENT",
        "COUNTRY",
        "total",
        "relations",
        "no-speaker",
    ]
    total = next(line for line in stats if line.startswith("TOTAL"))
    assert total.split()[-4:] == ["1", "2", "0", "0"]
    native = [orjson.loads(line) for line in spantag("export", "--db", db_path).out.splitlines()]
    assert sorted(s["label"] for line in native for s in line["spans"]) == ["CITY", "COUNTRY"]
    shown = spantag("labels", "--db", db_path).out
    assert "spans with labels outside the set (kept): COUNTRY (1)" in shown
    brat = tmp_path / "brat"
    assert spantag("export", "--db", db_path, "--format", "brat", "-o", brat).code == 0
    conf = (brat / "annotation.conf").read_text()
    assert conf.split("[entities]\n")[1].split("\n\n")[0].split() == [
        "PERSON",
        "ORG",
        "CITY",
        "QUOTE",
        "FIGURE",
        "EVENT",
        "COUNTRY",
    ]
    assert "COUNTRY\tbgColor:#a0a0a0" in (brat / "visual.conf").read_text()
    assert "\tCOUNTRY" not in (brat / "kb_shortcuts.conf").read_text()
    assert any("COUNTRY" in p.read_text() for p in brat.glob("*.ann"))


def test_exports_follow_the_set(spantag: Any, db_path: Path, tmp_path: Path) -> None:
    spantag("import", SAMPLES, "--db", db_path, "--labels", write_label_file(tmp_path))
    add_span(db_path, "ORG", "ROTTERDAM")
    brat = tmp_path / "brat"
    assert spantag("export", "--db", db_path, "--format", "brat", "-o", brat).code == 0
    conf = (brat / "annotation.conf").read_text()
    assert "[entities]\nPERSON\nORG\nCITY\nCOUNTRY\nQUOTE\nFIGURE\n\n[relations]\n" in conf
    assert "SPEAKER\tArg1:QUOTE, Arg2:PERSON\n" in conf
    assert "ORG\tbgColor:#d7875f" in (brat / "visual.conf").read_text()
    shortcuts = (brat / "kb_shortcuts.conf").read_text().splitlines()[1:]
    assert shortcuts[:4] == ["P\tPERSON", "1\tPERSON", "C\tORG", "5\tORG"]
    tasks = tmp_path / "tasks.json"
    assert spantag("export", "--db", db_path, "--format", "labelstudio", "-o", tasks).code == 0
    config = (tmp_path / "tasks.label_config.xml").read_text()
    assert '<Label value="ORG" background="#d7875f" hotkey="c"/>' in config
    assert "PLACE" not in config
    lines = tmp_path / "doccano.jsonl"
    run = spantag("export", "--db", db_path, "--format", "doccano", "-o", lines)
    assert (
        run.err_lines[-1]
        == f"spantag: label types file written to {tmp_path / 'doccano.labels.json'}"
    )
    types = json.loads((tmp_path / "doccano.labels.json").read_text())
    assert types[1] == {
        "text": "ORG",
        "suffix_key": "c",
        "background_color": "#d7875f",
        "text_color": "#000000",
    }
    assert [t["text"] for t in types] == ["PERSON", "ORG", "CITY", "COUNTRY", "QUOTE", "FIGURE"]


def test_import_spans_checks_the_database_set(spantag: Any, db_path: Path, tmp_path: Path) -> None:
    spantag("import", SAMPLES, "--db", db_path, "--labels", write_label_file(tmp_path))
    text = next(iter(Store.open(db_path, write=False).documents.values())).text
    start = text.index("ROTTERDAM")
    spans = tmp_path / "spans.jsonl"
    line = {
        "id": "01_port_strike_rotterdam",
        "spans": [
            {"start": start, "end": start + 9, "label": "ORG"},
            {"start": start, "end": start + 9, "label": "PLACE"},
        ],
    }
    spans.write_text(json.dumps(line) + "\n")
    run = spantag("import", "--db", db_path, "--spans", spans)
    assert run.code == 1
    assert "unknown label 'PLACE'" in run.err
    assert run.err_lines[-1] == "spantag: 1 spans added, 1 skipped"


def test_the_config_file(spantag: Any, db_path: Path, tmp_path: Path, monkeypatch: Any) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "spantag" / "config.toml"
    config.parent.mkdir(parents=True)
    write_label_file(config.parent, SIX_LABELS, "news.toml")
    config.write_text('annotator = "ana"\nlabels = "news.toml"\n')
    monkeypatch.delenv("SPANTAG_ANNOTATOR")
    run = spantag("import", SAMPLES, "--db", db_path)
    assert run.err_lines[0] == (
        f"spantag: label set from {config.parent / 'news.toml'} (the config file's default"
        " label file)"
    )
    with Store.open(db_path, write=False) as store:
        assert store.labels.names[1] == "ORG"
    spans = tmp_path / "spans.jsonl"
    spans.write_text(
        '{"id": "x", "text": "Ana Díaz", "spans": [{"start": 0, "end": 3, "label": "ORG"}]}\n'
    )
    assert spantag("import", "--db", db_path, "--spans", spans).code == 0
    with Store.open(db_path, write=False) as store:
        assert [a.annotator for a in store.annotations()] == ["ana"]
    # Flags and the environment come first.
    monkeypatch.setenv("SPANTAG_ANNOTATOR", "bo")
    from tui.commands.common import default_annotator

    assert default_annotator() == "bo"
    config.write_text('annotator = "ana"\ntheme = gruvbox\n')
    line = assert_one_line_error(spantag("stats", "--db", db_path), 2)
    assert line.startswith(f"spantag: {config}: not valid TOML") and "at line 2" in line
    config.write_text('colour = "red"\n')
    line = assert_one_line_error(spantag("import", SAMPLES, "--db", db_path), 2)
    assert "unknown setting 'colour'" in line


def test_suggest_follows_the_set(spantag: Any, db_path: Path, tmp_path: Path) -> None:
    spantag("import", SAMPLES, "--db", db_path, "--labels", write_label_file(tmp_path))
    add_span(db_path, "ORG", "Rotterdam")
    refused = assert_one_line_error(spantag("suggest", "--db", db_path, "--label", "PLACE"), 2)
    assert refused == (
        "spantag: --label PLACE: not a label of the database's set (PERSON, ORG, CITY, COUNTRY,"
        " QUOTE, FIGURE)"
    )
    run = spantag("suggest", "--db", db_path, "--label", "ORG")
    assert run.code == 0
    found = [orjson.loads(line) for line in run.out.splitlines()]
    spans = [s for line in found for s in line["spans"]]
    # Propagation works for any label: the other mentions of a string tagged ORG.
    assert spans and {s["label"] for s in spans} == {"ORG"}
    assert [s["text"] for s in spans] == ["Rotterdam", "Rotterdam"]


def test_a_bad_config_label_file_writes_nothing(spantag: Any, tmp_path: Path) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "spantag" / "config.toml"
    config.parent.mkdir(parents=True)
    write_label_file(config.parent, '[[labels]]\nname = "ORG"\nkey = "x"\n', "news.toml")
    config.write_text('labels = "news.toml"\n')
    fresh = tmp_path / "fresh.json"
    line = assert_one_line_error(spantag("import", SAMPLES, "--db", fresh), 2)
    assert line.endswith(
        "label ORG: key 'x' is already bound to the reader's annotation.remove; a free key: 'c'"
    )
    assert not fresh.exists()
