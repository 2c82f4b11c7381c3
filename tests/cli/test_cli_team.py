"""The team's subcommands: agree --json, merge, split, export --annotator, and their bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import assert_one_line_error
from tests.conftest import SAMPLES, SEEDS
from tests.support.team_support import digest, make_db
from tui.store import Store

TEXT = "Ana Diaz met Ben Ruiz in Lima and Cusco on Monday."
OTHER = "The port of Callao closed for 3 days, said Eva Soto."
VENV_BIN = Path(sys.executable).parent


def at(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    texts = {"d1": TEXT, "d2": OTHER}
    ana = make_db(
        tmp_path / "ana.json",
        texts,
        [
            ("d1", *at("Ana Diaz"), "PERSON"),
            ("d1", *at("Lima"), "PLACE"),
            ("d2", *at("Callao", OTHER), "PLACE"),
            ("d2", *at("3 days", OTHER), "FIGURE"),
        ],
    )
    ben = make_db(
        tmp_path / "ben.json",
        {"b1": TEXT, "b2": OTHER},  # other ids, same texts
        [
            ("b1", *at("Ana Diaz"), "PERSON"),
            ("b1", *at("Lima"), "PERSON"),
            ("b2", *at("Callao", OTHER), "PLACE"),
            ("b2", *at("3", OTHER), "FIGURE"),
        ],
    )
    return ana, ben


def test_agree_json_is_the_documented_contract(spantag: Any, pair: tuple[Path, Path]) -> None:
    before = digest(*pair)
    with Store.open(pair[0]):  # another spantag has ana's database open for writing
        run = spantag("agree", *pair, "--json")
    assert run.code == 0, run.err
    result = json.loads(run.out)
    assert result["annotators"] == ["ana", "ben"]
    assert result["documents"] == 2
    (only,) = result["pairs"]
    assert (only["a"], only["b"], only["documents"]) == ("ana", "ben", 2)
    labels = only["labels"]
    assert list(labels) == ["PERSON", "PLACE", "FIGURE", "ALL"]
    for figures in labels.values():
        assert set(figures) >= {
            "both",
            "only_a",
            "only_b",
            "precision",
            "recall",
            "f1",
            "overlap_f1",
            "alpha",
        }
    assert labels["ALL"]["both"] == 2 and labels["ALL"]["only_a"] == 2
    assert labels["ALL"]["only_b"] == 2
    assert labels["ALL"]["f1"] == 0.5
    # the shifted figure matches by overlap; the relabelled place does not
    assert labels["ALL"]["overlap_f1"] == 0.75
    assert labels["FIGURE"]["overlap_f1"] == 1.0 and labels["FIGURE"]["f1"] == 0.0
    assert [d["id"] for d in only["worst_documents"]] == ["d1", "d2"]
    assert only["worst_documents"][0]["f1"] == 0.5
    assert only["confusion"] == [{"a": "PLACE", "b": "PERSON", "count": 1}]
    assert digest(*pair) == before


def test_agree_filters_by_label_and_document(spantag: Any, pair: tuple[Path, Path]) -> None:
    run = spantag("agree", *pair, "--json", "--label", "PLACE", "--doc", "d2")
    result = json.loads(run.out)
    labels = result["pairs"][0]["labels"]
    assert list(labels) == ["PLACE", "ALL"] and result["documents"] == 1
    assert labels["ALL"]["f1"] == 1.0


def test_agree_prints_tables(spantag: Any, pair: tuple[Path, Path]) -> None:
    run = spantag("agree", *pair)
    assert run.code == 0
    assert "ana (A) vs ben (B): 2 documents" in run.out
    assert "worst documents" in run.out and "ovl F1" in run.out and "alpha" in run.out


def test_agree_bad_input(spantag: Any, pair: tuple[Path, Path], tmp_path: Path) -> None:
    ana, ben = pair
    assert "only one annotator" in assert_one_line_error(spantag("agree", ana))
    assert "--doc" in assert_one_line_error(spantag("agree", ana, ben, "--doc", "nope"))
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"meta": {', encoding="utf-8")
    assert_one_line_error(spantag("agree", ana, corrupt))
    newer = tmp_path / "newer.json"
    newer.write_text('{"meta": {"1": {"schema": "spantag/2"}}}', encoding="utf-8")
    assert "newer" in assert_one_line_error(spantag("agree", ana, newer))
    assert "given twice" in assert_one_line_error(spantag("agree", ana, ana))
    assert_one_line_error(spantag("agree", ana, tmp_path / "missing.json"))
    assert not (tmp_path / "missing.json").exists()


def test_agree_of_databases_sharing_nothing(spantag: Any, tmp_path: Path) -> None:
    a = make_db(tmp_path / "ana.json", {"x": TEXT}, [("x", *at("Lima"), "PLACE")])
    b = make_db(tmp_path / "ben.json", {"y": OTHER}, [("y", *at("Callao", OTHER), "PLACE")])
    line = assert_one_line_error(spantag("agree", a, b))
    assert "no document is annotated by two of ana, ben" in line


def test_merge_keeps_who_made_what_and_counts_twice_once(
    spantag: Any, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    ana, ben = pair
    before = digest(ana, ben)
    dest = tmp_path / "team.json"
    run = spantag("merge", ana, ben, "--into", dest)
    assert run.code == 0, run.err
    assert "2 documents and 8 spans added" in run.err
    with Store.open(dest, write=False) as store:
        assert sorted(store.documents) == ["d1", "d2"]
        spans = store.annotations()
        assert len(spans) == 8
        # the same extent and label by two annotators: two annotations, one each
        both = [a for a in spans if a.text == "Ana Diaz"]
        assert sorted(a.annotator for a in both) == ["ana", "ben"]
        original = {a.id: a for a in Store.open(ana, write=False).annotations()}
        for annotation in spans:
            if annotation.id in original:
                assert annotation == original[annotation.id]  # source, times, id kept
    again = spantag("merge", ana, ben, "--into", dest)
    assert "0 documents and 0 spans added" in again.err and "skipped: 8" in again.err
    assert digest(ana, ben) == before
    # the merged database measures the same agreement as the two files
    merged = json.loads(spantag("agree", dest, "--json").out)
    separate = json.loads(spantag("agree", ana, ben, "--json").out)
    assert merged["pairs"][0]["labels"] == separate["pairs"][0]["labels"]


def test_merge_leaves_a_source_untouched_while_another_spantag_writes_it(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    ana, ben = pair
    before = digest(ana, ben)
    dest = tmp_path / "team.json"
    with Store.open(ana):  # this process holds ana.json's write lock, as the reader would
        result = subprocess.run(
            [VENV_BIN / "spantag", "merge", ana, ben, "--into", dest],
            capture_output=True,
            cwd=tmp_path,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert digest(ana, ben) == before
    assert len(Store.open(dest, write=False).annotations()) == 8


def test_merge_bad_input_writes_nothing(
    spantag: Any, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    ana, ben = pair
    before = digest(ana, ben)
    assert "also one of the inputs" in assert_one_line_error(
        spantag("merge", ana, ben, "--into", ana)
    )
    link = tmp_path / "link.json"
    link.hardlink_to(ben)
    assert "also one of the inputs" in assert_one_line_error(
        spantag("merge", ana, ben, "--into", link)
    )
    dest = tmp_path / "dest.json"
    with Store.open(dest):
        dest_before = dest.read_bytes()
        assert_one_line_error(spantag("merge", ana, "--into", dest), code=3)
        assert dest.read_bytes() == dest_before
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text("[1, 2", encoding="utf-8")
    fresh = tmp_path / "fresh.json"
    assert_one_line_error(spantag("merge", ana, corrupt, "--into", fresh))
    assert not fresh.exists()
    assert digest(ana, ben) == before


def test_split_is_deterministic_and_shares_the_overlap(spantag: Any, tmp_path: Path) -> None:
    run = spantag(
        "split",
        SAMPLES,
        SEEDS,
        "--annotators",
        "ana,ben,cy",
        "--overlap",
        "0.4",
        "--seed",
        "7",
        "--out",
        tmp_path / "one",
    )
    assert run.code == 0, run.err
    spantag(
        "split",
        SAMPLES,
        SEEDS,
        "--annotators",
        "ana,ben,cy",
        "--overlap",
        "0.4",
        "--seed",
        "7",
        "--out",
        tmp_path / "two",
    )
    total = len(list(SAMPLES.glob("*.txt"))) + len(list(SEEDS.glob("*.txt")))
    got: dict[str, set[str]] = {}
    for name in ("ana", "ben", "cy"):
        one = Store.open(tmp_path / "one" / f"{name}.json", write=False)
        two = Store.open(tmp_path / "two" / f"{name}.json", write=False)
        assert list(one.documents) == list(two.documents)
        got[name] = set(one.documents)
    shared = got["ana"] & got["ben"] & got["cy"]
    assert len(shared) == round(0.4 * total)
    assert set().union(*got.values()) == {
        p.stem for p in [*SAMPLES.glob("*.txt"), *SEEDS.glob("*.txt")]
    }
    own = [got[n] - shared for n in got]
    assert sum(len(o) for o in own) == total - len(shared)
    assert max(len(o) for o in own) - min(len(o) for o in own) <= 1
    other = spantag(
        "split",
        SAMPLES,
        SEEDS,
        "--annotators",
        "ana,ben,cy",
        "--overlap",
        "0.4",
        "--seed",
        "8",
        "--out",
        tmp_path / "three",
    )
    assert other.code == 0
    assert "ana" in run.out and "shared" in run.out


def test_split_bad_input(spantag: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert "not usable as a file name" in assert_one_line_error(
        spantag("split", SAMPLES, "--annotators", "ana,../x", "--out", out)
    )
    assert "between 0 and 1" in assert_one_line_error(
        spantag("split", SAMPLES, "--annotators", "ana,ben", "--overlap", "1.5", "--out", out)
    )
    assert "named twice" in assert_one_line_error(
        spantag("split", SAMPLES, "--annotators", "ana,ana", "--out", out)
    )
    assert not out.exists()
    spantag("split", SAMPLES, "--annotators", "ana,ben", "--out", out)
    before = digest(out / "ana.json")
    assert "already exists" in assert_one_line_error(
        spantag("split", SAMPLES, "--annotators", "ana,ben", "--out", out)
    )
    assert digest(out / "ana.json") == before


def test_export_one_annotator_of_a_shared_database(
    spantag: Any, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    dest = tmp_path / "team.json"
    spantag("merge", *pair, "--into", dest)
    run = spantag("export", "--db", dest, "--annotator", "ben")
    lines = [json.loads(line) for line in run.out.splitlines()]
    spans = [s for line in lines for s in line["spans"]]
    assert len(spans) == 4 and {s["annotator"] for s in spans} == {"ben"}
    run = spantag("export", "--db", dest, "--annotator", "ben", "--format", "doccano")
    assert run.code == 0 and len(run.out.splitlines()) == 2
    out = tmp_path / "nobody.jsonl"
    line = assert_one_line_error(spantag("export", "--db", dest, "--annotator", "zoe", "-o", out))
    assert "'zoe'" in line and not out.exists()


def test_the_gold_exports_and_imports_with_its_annotators(spantag: Any, tmp_path: Path) -> None:
    from tui.model import Annotation, Change, Document

    gold = tmp_path / "gold.json"
    with Store.open(gold) as store:
        store.add_documents([Document(id="d1", text=TEXT)])
        store.apply(
            [
                Change(
                    "put",
                    Annotation(
                        "d1",
                        *at("Lima"),
                        "PLACE",
                        "Lima",
                        "judge",
                        "adjudicated",
                        annotators=("ana", "ben"),
                    ),
                )
            ]
        )
    out = tmp_path / "gold.jsonl"
    assert spantag("export", "--db", gold, "-o", out).code == 0
    (span,) = json.loads(out.read_text(encoding="utf-8"))["spans"]
    assert span["source"] == "adjudicated" and span["annotators"] == ["ana", "ben"]
    again = tmp_path / "again.json"
    assert spantag("import", "--spans", out, "--db", again).code == 0
    (back,) = Store.open(again, write=False).annotations()
    assert back.source == "adjudicated" and back.annotators == ("ana", "ben")
    assert spantag("stats", "--db", gold).code == 0
