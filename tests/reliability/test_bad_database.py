"""Bad database files through the real entry points (the reader, import, stats, export): one
clear line and nothing overwritten; a valid file with some bad records opens (in the CLI and in
the reader, as notifications) and reports them; read-only files and folders, pipes, devices and
symlinks. The Store-level refusals themselves are tested in test_store.py (BAD_FILES)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.cli.test_cli import assert_one_line_error
from tests.conftest import SAMPLES
from tests.support.app_support import run_reader_headless
from tests.support.fs_support import remount, tmpfs
from tests.support.terminal_support import assert_screen_safe, run_spantag
from tests.unit.test_store import BAD_FILES, leftovers, valid_database_bytes
from tui.app import SpantagApp
from tui.cli import main
from tui.db.file import DatabaseError, DatabaseLockedError
from tui.document.annotated import AnnotatedDocument
from tui.model import Annotation, Change, Document
from tui.session import Session
from tui.store import Store

ARTICLE = SAMPLES / "01_port_strike_rotterdam.txt"


# -- refused files, through every entry point -------------------------------------------------

ENTRY_POINTS = {
    "reader": (ARTICLE,),
    "reader-no-path": (),
    "import": ("import", ARTICLE),
    "stats": ("stats",),
    "export": ("export",),
}


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_in_one_line_by_every_command(
    spantag: Any, tmp_path: Path, article: Document, case: str, entry: str
) -> None:
    make, reason = BAD_FILES[case]
    content = make(valid_database_bytes(tmp_path, article))
    db = tmp_path / "db.json"
    db.write_bytes(content)
    run = spantag(*ENTRY_POINTS[entry], "--db", db)
    line = assert_one_line_error(run, code=1)
    assert reason in line and str(db) in line
    assert run.out == ""
    assert db.read_bytes() == content
    assert leftovers(tmp_path) == []


# -- pipes, devices, symlinks -----------------------------------------------------------------


@pytest.mark.slow
def test_a_pipe_or_a_device_is_not_a_database(tmp_path: Path) -> None:
    """Refused before anything is opened: reading a pipe would block forever, /dev/zero never
    end (both used to hang spantag), and no lock file is made beside them."""
    fifo = tmp_path / "db.json"
    os.mkfifo(fifo)
    for database in (fifo, Path("/dev/zero")):
        for argv in (("stats",), ("export",), ("import", ARTICLE), (ARTICLE,)):
            result = run_spantag(*argv, "--db", database, timeout=20)
            assert result.returncode == 1, result
            assert result.stderr == f"spantag: database {database} is not a regular file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.json"]
    assert not Path("/dev/zero.lock").exists()


def test_a_symlinked_database_is_written_through_and_locked_as_its_target(
    tmp_path: Path, article: Document
) -> None:
    """Replacing the link itself used to turn it into a plain file (the target kept the old
    content) and gave the link and the target two different locks."""
    target = tmp_path / "data" / "annotations.json"
    target.parent.mkdir()
    with Store.open(target) as store:
        store.add_documents([article])
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with Store.open(link) as store:
        assert store.path == target
        start = article.text.index("Ghazi")
        store.apply([Change("put", Annotation(article.id, start, start + 5, "PERSON", "Ghazi"))])
        with pytest.raises(DatabaseLockedError):
            Store.open(target)
    assert link.is_symlink()
    with Store.open(target, write=False) as reread:
        assert [a.text for a in reread.annotations()] == ["Ghazi"]


# -- read-only files and folders ----------------------------------------------------------------


def test_a_read_only_database_file_is_refused_for_writing_and_still_readable(
    spantag: Any, db_path: Path
) -> None:
    """Decision: refuse (no read-only mode). A file made read-only on purpose used to be
    replaced anyway, since replacing needs only the folder to be writable."""
    assert spantag("import", ARTICLE, "--db", db_path).code == 0
    db_path.chmod(0o444)
    before = db_path.read_bytes()
    for argv in (("import", SAMPLES), (ARTICLE,), ()):
        line = assert_one_line_error(spantag(*argv, "--db", db_path), code=1)
        assert line == (
            f"spantag: database {db_path} is read-only, so spantag will not change it; read it "
            "with 'spantag export' or 'spantag stats', or make it writable (chmod u+w) to annotate"
        )
    assert db_path.read_bytes() == before and db_path.stat().st_mode & 0o777 == 0o444
    assert spantag("stats", "--db", db_path).code == 0
    assert spantag("export", "--db", db_path).code == 0
    assert leftovers(db_path.parent) == []


def test_a_read_only_folder_is_refused_clearly(spantag: Any, tmp_path: Path) -> None:
    """On a file system mounted read-only (a real EROFS; chmod does not stop root)."""
    with tmpfs(tmp_path / "mnt") as mount:
        db = mount / "annotations.json"
        assert spantag("import", ARTICLE, "--db", db).code == 0
        before = db.read_bytes()
        remount(mount, "ro")
        try:
            for argv in (("import", SAMPLES), (ARTICLE,)):
                line = assert_one_line_error(spantag(*argv, "--db", db), code=1)
                assert str(mount) in line and ("read-only" in line), line
            fresh = assert_one_line_error(spantag("import", ARTICLE, "--db", mount / "new.json"))
            assert fresh == (
                f"spantag: cannot write in {mount} (read-only file system); the database needs a "
                "writable folder"
            )
            assert spantag("stats", "--db", db).code == 0
            assert db.read_bytes() == before
        finally:
            remount(mount, "rw")


def test_a_folder_that_refuses_new_files_is_found_on_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the lock file exists but no temporary file can be made (so every save would fail):
    refused on opening, not at the first tag."""
    db = tmp_path / "annotations.json"
    Store.open(db).close()
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any) -> int:
        if str(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(DatabaseError, match=r"cannot write in .*\(permission denied\)"):
        Store.open(db)
    monkeypatch.undo()
    Store.open(db).close()


# -- a valid file with some bad records ---------------------------------------------------------


def database_with_bad_records(db: Path) -> list[str]:
    """A database with one good annotation and three bad ones; returns the bad ids."""
    assert main(["import", str(ARTICLE), "--db", str(db)]) == 0
    raw = json.loads(db.read_bytes())
    (document,) = raw["documents"].values()
    text = document["text"]
    start = text.index("Rotterdam")
    good = {
        "id": "good",
        "doc_id": document["id"],
        "start": start,
        "end": start + 9,
        "label": "PLACE",
        "text": "Rotterdam",
        "annotator": "ana",
        "source": "manual",
        "created": "2026-01-01T00:00:00.000Z",
        "updated": "2026-01-01T00:00:00.000Z",
    }
    raw["annotations"] = {
        "1": good,
        "2": {**good, "id": "orphan", "doc_id": "deleted-article"},
        "3": {**good, "id": "outside", "start": len(text) + 5, "end": len(text) + 14},
        "4": {**good, "id": "shifted", "start": start + 1, "end": start + 10},
    }
    db.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return ["orphan", "outside", "shifted"]


EXPECTED_PROBLEMS = [
    "annotation record 2: annotation orphan: its document 'deleted-article' is missing",
    "annotation record 3: annotation outside: offsets",
    "annotation record 4: annotation shifted: its text 'Rotterdam' does not match",
]


def test_bad_records_are_reported_by_the_cli_and_kept(spantag: Any, db_path: Path) -> None:
    database_with_bad_records(db_path)
    for argv in (("stats",), ("export",), ("import", SAMPLES)):
        run = spantag(*argv, "--db", db_path)
        assert run.code == 0, run.err
        warnings = [line for line in run.err_lines if line.startswith("spantag: warning: ")]
        assert len(warnings) == 3, run.err
        for expected, line in zip(EXPECTED_PROBLEMS, warnings, strict=True):
            assert line.startswith(f"spantag: warning: {expected}")
    after = json.loads(db_path.read_bytes())["annotations"]
    assert {r["id"] for r in after.values()} == {"good", "orphan", "outside", "shifted"}


def test_bad_records_are_shown_in_the_reader(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`spantag --db FILE` (the real command-line path to the reader) opens the file and shows
    each problem as a notification; the good annotation is there, the bad ones are kept."""
    database_with_bad_records(db_path)
    seen: dict[str, Any] = {}

    async def inspect(app: Any, pilot: Any, doc_ids: list[str]) -> None:
        seen["notes"] = [str(n.message) for n in app._notifications]
        seen["screen"] = "\n".join(assert_screen_safe(app))
        seen["spans"] = [a.text for a in app.session.load(doc_ids[0]).spans]
        await pilot.press("ctrl+q")

    run_reader_headless(monkeypatch, inspect, size=(140, 40))
    assert main(["--db", str(db_path)]) == 0
    notes = seen["notes"]
    assert len(notes) == 3
    for expected, note in zip(EXPECTED_PROBLEMS, notes, strict=True):
        assert note.startswith(expected)
    assert "annotation orphan" in seen["screen"]
    assert seen["spans"] == ["Rotterdam"]
    assert len(json.loads(db_path.read_bytes())["annotations"]) == 4


# -- anything else: refused or opened, never another exception ---------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10**6) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@given(
    table=st.sampled_from(["meta", "documents", "annotations", "extra"]),
    key=st.sampled_from(["1", "2", "x", "-1", "01", "1_0", " 3"]),
    field=st.sampled_from(
        [None, "id", "doc_id", "start", "end", "label", "text", "schema", "status"]
    ),
    value=JSON,
)
@pytest.mark.slow
def test_any_damage_to_a_valid_database_is_refused_or_reported(
    tmp_path_factory: pytest.TempPathFactory,
    table: str,
    key: str,
    field: str | None,
    value: Any,
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "db.json"
    with Store.open(db) as store:
        text = "Ana Díaz met Bo Lin in Lyon."
        store.add_documents([Document(id="d", text=text)])
        store.apply([Change("put", Annotation("d", 0, 8, "PERSON", "Ana Díaz"))])
    raw = json.loads(db.read_bytes())
    records = raw.setdefault(table, {})
    if field is None:
        records[key] = value
    else:
        record = records.get(key)
        if not isinstance(record, dict):
            record = records[key] = dict(next(iter(records.values()), {}))
        record[field] = value
    content = json.dumps(raw, ensure_ascii=False).encode()
    db.write_bytes(content)
    for write in (False, True):
        try:
            store = Store.open(db, write=write)
        except DatabaseError as exc:
            assert "\n" not in str(exc)
            assert db.read_bytes() == content
            continue
        with store:
            store.annotations()
            store.records_by_document()
            if write and "d" in store.documents:
                # A write keeps every record it did not change, bad ones included.
                store.apply([Change("put", Annotation("d", 13, 19, "PERSON", "Bo Lin"))])
                after = json.loads(db.read_bytes())
                for name, table_records in raw.items():
                    for record_key, record in table_records.items():
                        if name == "annotations" or name == "documents":
                            assert after[name][record_key] == record


# -- labels written by another program ------------------------------------------------------------

HOSTILE_LABEL = "\x1b]52;c;cGF3bmVk\x07[b]"


async def test_a_label_holding_an_escape_sequence_is_shown_as_symbols(
    spantag: Any, db_path: Path
) -> None:
    """The store keeps any non-empty label (a label set is configurable), so a label written by
    another program reaches the annotation list, the status line and `spantag stats`: its escape
    sequence used to go to the terminal as it was."""
    database_with_bad_records(db_path)
    raw = json.loads(db_path.read_bytes())
    raw["annotations"] = {"1": {**raw["annotations"]["1"], "label": HOSTILE_LABEL}}
    db_path.write_text(json.dumps(raw), encoding="utf-8")
    run = spantag("stats", "--db", db_path)
    assert run.code == 0 and "\x1b" not in run.out and "␛]52;c;cGF3bmVk␇[b]" in run.out
    store = Store.open(db_path)
    try:
        app = SpantagApp(store, Session(store, list(store.documents), annotator="tester"))
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            await pilot.press("right_square_bracket", "x", "u")  # select, remove, undo
            await pilot.pause()
            screen = "\n".join(assert_screen_safe(app))
        app.saver.close()
    finally:
        store.close()
    assert "␛]52;c" in screen  # in the list and the status line, as symbols


def test_a_span_with_a_label_outside_the_label_set_can_be_removed_and_restored() -> None:
    """Stored by another program or label set; removing it raised KeyError (a crashed reader)."""
    document = Document(id="d", text="Ana Díaz met Bo Lin.")
    other = Annotation("d", 0, 8, "ORG", "Ana Díaz")
    doc = AnnotatedDocument.load(document, [other])
    result = doc.remove(other)
    assert [c.kind for c in result.changes] == ["delete"] and len(doc.spans) == 0
    assert doc.undo() is not None and list(doc.spans) == [other]
    assert len(doc.by_label["ORG"]) == 1 and len(doc.by_label["PERSON"]) == 0
