"""The TinyDB store: schema on disk, refusals, the single-writer lock, atomic and failed writes."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ANNOTATION_FIELDS, DOCUMENT_FIELDS, REPO
from tui import SCHEMA, __version__
from tui.db import file as dbfile
from tui.db.file import DatabaseError, DatabaseLockedError
from tui.model import Annotation, Change, Document
from tui.store import Store

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def annotate(document: Document, needle: str, label: str, **fields: Any) -> Annotation:
    start = document.text.index(needle)
    return Annotation(document.id, start, start + len(needle), label, needle, **fields)


def put(*annotations: Annotation) -> list[Change]:
    return [Change("put", a) for a in annotations]


def fill(store: Store, article: Document) -> list[Annotation]:
    """One document with three annotations (a nested figure inside a quote)."""
    store.add_documents([article])
    annotations = [
        annotate(article, "Pervez Musharraf", "PERSON", annotator="ana"),
        annotate(article, "“about 300-400 people”", "QUOTE", annotator="ana"),
        annotate(article, "300-400", "FIGURE", annotator="bo", source="suggestion"),
    ]
    store.apply(put(*annotations))
    return annotations


def leftovers(folder: Path) -> list[str]:
    """Temporary or lock files left beside the database."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".lock")))


# -- a new database ---------------------------------------------------------------------------


def empty_database() -> dict[str, Any]:
    return {
        "meta": {"1": {"schema": SCHEMA, "version": __version__}},
        "documents": {},
        "annotations": {},
    }


@pytest.mark.parametrize("content", [None, b"", b"{}", b'{"_default": {}}'])
def test_new_or_empty_file_is_initialised_with_the_schema(
    db_path: Path, content: bytes | None
) -> None:
    if content is not None:
        db_path.write_bytes(content)
    with Store.open(db_path) as store:
        assert store.documents == {} and store.annotations() == []
        assert store.problems == []
    assert json.loads(db_path.read_text(encoding="utf-8")) == empty_database()
    assert leftovers(db_path.parent) == []


def test_read_only_open_of_a_missing_database_creates_nothing(db_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no database"):
        Store.open(db_path, write=False)
    assert not db_path.exists()


def test_the_file_holds_exactly_the_schema_fields(store: Store, article: Document) -> None:
    annotations = fill(store, article)
    raw = json.loads(store.path.read_text(encoding="utf-8"))
    assert set(raw) == {"meta", "documents", "annotations"}
    assert list(raw["meta"].values()) == [{"schema": "spantag/1", "version": __version__}]
    (document,) = raw["documents"].values()
    assert set(document) == DOCUMENT_FIELDS
    assert document["id"] == article.id and document["text"] == article.text
    assert document["status"] == "todo" and ISO_UTC.match(document["added"])
    assert document["sha256"] == article.sha256 and len(document["sha256"]) == 64
    records = sorted(raw["annotations"].values(), key=lambda r: r["start"])
    assert len(records) == 3
    for record in records:
        assert set(record) == ANNOTATION_FIELDS
        assert type(record["start"]) is int and type(record["end"]) is int
        assert article.text[record["start"] : record["end"]] == record["text"]
        assert record["doc_id"] == article.id
        assert ISO_UTC.match(record["created"]) and ISO_UTC.match(record["updated"])
    assert {r["id"]: r["source"] for r in records} == {a.id: a.source for a in annotations}
    assert len({r["id"] for r in records}) == 3
    # Non-ASCII is stored as UTF-8, not escaped, and the whole file is valid UTF-8 JSON.
    assert "“about 300-400 people”".encode() in store.path.read_bytes()


def test_everything_reads_back_after_reopening(db_path: Path, article: Document) -> None:
    with Store.open(db_path) as store:
        annotations = fill(store, article)
        store.set_status(article.id, "done")
        relabelled = annotations[0].relabelled("PLACE")
        store.apply(put(relabelled))
        store.apply([Change("delete", annotations[2]), Change("delete", annotations[2])])
    with Store.open(db_path) as again:
        assert again.documents == {article.id: article.with_status("done")}
        assert {a.id: a for a in again.annotations()} == {
            relabelled.id: relabelled,
            annotations[1].id: annotations[1],
        }
        assert again.problems == []


def test_batch_is_one_file_write_and_all_or_nothing(store: Store, article: Document) -> None:
    writes = store.file_writes
    with store.batch():
        annotations = fill(store, article)
    assert store.file_writes == writes + 1
    before = store.path.read_bytes()
    other = Document(id="other", text="Another article about Lyon.")
    with pytest.raises(RuntimeError), store.batch():
        store.add_documents([other])
        store.apply(put(annotate(other, "Lyon", "PLACE")))
        raise RuntimeError("stop")
    assert store.path.read_bytes() == before
    assert set(store.documents) == {article.id}
    assert {a.id for a in store.annotations()} == {a.id for a in annotations}


def test_annotation_of_an_unknown_document_is_refused_and_rolled_back(
    store: Store, article: Document
) -> None:
    store.add_documents([article])
    before = store.path.read_bytes()
    good = annotate(article, "Ghazi", "PERSON")
    orphan = Annotation("nowhere", 0, 3, "PLACE", "ISL")
    with pytest.raises(DatabaseError, match="unknown document"):
        store.apply(put(good, orphan))
    assert store.path.read_bytes() == before
    assert store.annotations() == []
    store.apply(put(good))
    assert store.annotations() == [good]


def test_read_only_store_refuses_writes(db_path: Path, article: Document) -> None:
    with Store.open(db_path) as store:
        store.add_documents([article])
    reader = Store.open(db_path, write=False)
    with pytest.raises(DatabaseError, match="read-only"):
        reader.add_documents([article])
    with pytest.raises(DatabaseError, match="read-only"):
        reader.apply([])


def test_the_file_mode_is_kept(db_path: Path, article: Document) -> None:
    Store.open(db_path).close()
    db_path.chmod(0o600)
    with Store.open(db_path) as store:
        store.add_documents([article])
    assert db_path.stat().st_mode & 0o777 == 0o600


# -- refused files ----------------------------------------------------------------------------


def valid_database_bytes(tmp_path: Path, article: Document) -> bytes:
    path = tmp_path / "valid.json"
    with Store.open(path) as store:
        fill(store, article)
    return path.read_bytes()


BAD_FILES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "null": (lambda valid: b"null", "not a TinyDB database"),
    "truncated": (lambda valid: valid[: len(valid) // 2], "corrupt or truncated"),
    "one byte short": (lambda valid: valid[:-1], "corrupt or truncated"),
    "garbage": (lambda valid: b"\x00\x01 not json", "corrupt or truncated"),
    "latin-1": (
        lambda valid: valid.decode("utf-8").replace("“", "é").encode("latin-1", "replace"),
        "not UTF-8",
    ),
    "utf-16": (lambda valid: valid.decode("utf-8").encode("utf-16"), "not UTF-8"),
    "a list": (lambda valid: b"[1, 2, 3]", "top level is list"),
    "a table that is a list": (lambda valid: b'{"documents": []}', "not a TinyDB database"),
    "newer schema": (
        lambda valid: valid.replace(b'"spantag/1"', b'"spantag/2"'),
        "newer than this spantag",
    ),
    "unknown schema": (lambda valid: valid.replace(b'"spantag/1"', b'"other/1"'), "unknown schema"),
    "foreign TinyDB": (
        lambda valid: b'{"_default": {"1": {"name": "Ana", "age": 41}}}',
        "not a spantag database",
    ),
    "foreign tables": (
        lambda valid: b'{"documents": {"1": {"title": "x"}}, "users": {}}',
        "not a spantag database",
    ),
    "record key not a number": (
        lambda valid: valid.replace(b'"documents":{"1":', b'"documents":{"one":'),
        "not a number",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
@pytest.mark.parametrize("write", [True, False], ids=["write", "read"])
def test_bad_files_are_refused_clearly_and_left_untouched(
    tmp_path: Path, article: Document, case: str, write: bool
) -> None:
    make, reason = BAD_FILES[case]
    content = make(valid_database_bytes(tmp_path, article))
    path = tmp_path / "db.json"
    path.write_bytes(content)
    with pytest.raises(DatabaseError, match=reason) as failure:
        Store.open(path, write=write)
    message = str(failure.value)
    assert "\n" not in message and str(path) in message
    assert path.read_bytes() == content
    assert leftovers(tmp_path) == []
    if write:
        # The refusal released the lock: a good file at the same place opens at once.
        path.unlink()
        Store.open(path).close()


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        Store.open(tmp_path)


# -- bad records ------------------------------------------------------------------------------


def test_bad_records_are_reported_ignored_and_kept_in_the_file(
    db_path: Path, article: Document
) -> None:
    with Store.open(db_path) as store:
        (good, *_) = fill(store, article)
    raw = json.loads(db_path.read_text(encoding="utf-8"))
    good_record = next(r for r in raw["annotations"].values() if r["id"] == good.id)
    bad_annotations = {
        "20": {**good_record, "id": "orphan", "doc_id": "missing-doc"},
        "21": {**good_record, "id": "outside", "start": 5, "end": 10_000},
        "22": {**good_record, "id": "mismatch", "text": "Pervez Musharaf"},
        "23": {**good_record, "id": "float", "start": 1.5},
        "24": {**good_record, "id": "copy"},  # the same span as `good` again
        "25": [1, 2],
    }
    bad_documents = {
        "20": {"id": "no-text", "title": "x"},
        "21": {"id": "odd-status", "text": "Some text.", "status": "finished"},
    }
    raw["annotations"].update(bad_annotations)
    raw["documents"].update(bad_documents)
    db_path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")

    with Store.open(db_path) as store:
        problems = "\n".join(store.problems)
        assert len(store.problems) == 8, problems
        for expected in (
            "annotation record 20: annotation orphan: its document 'missing-doc' is missing",
            "annotation record 21: annotation outside: offsets 5..10000 outside document",
            "annotation record 22: annotation mismatch: its text 'Pervez Musharaf' does not match",
            "annotation record 23: annotation float: 'start' and 'end' must be integers",
            "annotation record 24: duplicate",
            "annotation record 25: not an object",
            "document record 20: document 'no-text' has no 'text' string",
            "document record 21: document 'odd-status' has unknown status 'finished'",
        ):
            assert expected in problems
        assert len(store.annotations()) == 3
        assert set(store.documents) == {article.id}
        # A later write keeps every bad record exactly as it was.
        store.add_documents([Document(id="new", text="A new article from Lyon.")])
        store.apply(put(annotate(store.documents["new"], "Lyon", "PLACE")))
    after = json.loads(db_path.read_text(encoding="utf-8"))
    for key, record in bad_annotations.items():
        assert after["annotations"][key] == record
    for key, record in bad_documents.items():
        assert after["documents"][key] == record
    assert len(after["annotations"]) == len(raw["annotations"]) + 1


# -- the single-writer lock -------------------------------------------------------------------


def test_a_second_writer_in_the_same_process_is_refused(db_path: Path) -> None:
    first = Store.open(db_path)
    try:
        with pytest.raises(DatabaseLockedError, match="open in another spantag") as failure:
            Store.open(db_path)
        assert f"pid {os.getpid()}" in str(failure.value)
        assert failure.value.exit_code == 3
        # Readers need no lock.
        assert Store.open(db_path, write=False).documents == {}
    finally:
        first.close()
    Store.open(db_path).close()
    assert leftovers(db_path.parent) == []


HOLDER = """
import sys, time
from tui.store import Store
store = Store.open(sys.argv[1])
print("locked", flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the database open for writing."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "locked"
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_a_writer_in_another_process_is_refused_and_the_lock_taken_over_after_a_kill(
    db_path: Path, holder: subprocess.Popen[str], article: Document
) -> None:
    before = db_path.read_bytes()
    with pytest.raises(DatabaseLockedError) as failure:
        Store.open(db_path)
    assert f"pid {holder.pid}" in str(failure.value)
    assert db_path.read_bytes() == before
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    # The kernel released the dead holder's lock: no stale lock to clear by hand.
    with Store.open(db_path) as store:
        store.add_documents([article])
    assert leftovers(db_path.parent) == []


# -- failed and interrupted writes ------------------------------------------------------------


class FailingOS:
    """The `os` module as seen by tui.db.file, with one function failing (after `after` calls)."""

    def __init__(self, name: str, error: int, after: int = 0) -> None:
        self.name, self.error, self.after = name, error, after
        self.calls = 0

    def __getattr__(self, attribute: str) -> Any:
        real = getattr(os, attribute)
        if attribute != self.name:
            return real

        def failing(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls > self.after:
                if attribute == "write":
                    real(args[0], bytes(args[1][:100]))  # a partial write, then the disk is full
                raise OSError(self.error, os.strerror(self.error))
            return real(*args, **kwargs)

        return failing


@pytest.mark.parametrize(
    ("function", "error", "reason"),
    [
        ("write", errno.ENOSPC, "no space left on device"),
        ("write", errno.EDQUOT, "disk quota exceeded"),
        ("fsync", errno.EIO, "input/output error"),
        ("replace", errno.EIO, "input/output error"),
        ("open", errno.ENOSPC, "no space left on device"),
    ],
)
def test_a_failed_write_keeps_the_last_good_file_and_the_store_working(
    store: Store,
    article: Document,
    monkeypatch: pytest.MonkeyPatch,
    function: str,
    error: int,
    reason: str,
) -> None:
    annotations = fill(store, article)
    before = store.path.read_bytes()
    monkeypatch.setattr(dbfile, "os", FailingOS(function, error))
    extra = annotate(article, "Ghazi", "PERSON")
    with pytest.raises(DatabaseError, match=f"could not save .*: {reason}"):
        store.apply(put(extra, annotations[0].relabelled("PLACE")))
    with pytest.raises(DatabaseError):
        store.set_status(article.id, "done")
    assert store.path.read_bytes() == before
    assert leftovers(store.path.parent) == ["annotations.json.lock"]
    # Memory went back to the last good file.
    assert {a.id: a for a in store.annotations()} == {a.id: a for a in annotations}
    assert store.documents[article.id].status == "todo"
    # Space is back: the same store writes again.
    monkeypatch.undo()
    store.apply(put(extra))
    store.set_status(article.id, "done")
    with Store.open(store.path, write=False) as reread:
        assert {a.id for a in reread.annotations()} == {a.id for a in [*annotations, extra]}
        assert reread.documents[article.id].status == "done"


WRITER = """
import sys
from tui.model import Change
from tui.model import Annotation, Document
from tui.store import Store

store = Store.open(sys.argv[1])
text = ("Ana Díaz visited Lyon with 1,200 people. " * 5000)
document = Document(id="big", text=text)
store.add_documents([document])
print("writing", flush=True)
n = 0
while True:
    start = (n * 41) % (len(text) - 8)
    span = Annotation("big", start, start + 8, "PERSON", text[start : start + 8])
    store.apply([Change("put", span)])
    n += 1
"""


def test_a_killed_writer_never_leaves_a_partial_file(db_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "writing"
        counts = []
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            # A reader at any moment finds one complete JSON document.
            raw = json.loads(db_path.read_bytes())
            assert raw["meta"]["1"]["schema"] == SCHEMA
            counts.append(len(raw["annotations"]))
        assert counts == sorted(counts) and counts[-1] > counts[0], "the writer made no progress"
    finally:
        process.kill()
        process.wait(timeout=10)
    with Store.open(db_path) as store:
        assert store.problems == []
        assert len(store.annotations()) >= counts[-1]
    # The temporary file the killed writer may have left is cleared by the next writer.
    assert leftovers(db_path.parent) == []


# -- the documented reader example ------------------------------------------------------------


def test_the_schema_docs_example_runs(tmp_path: Path, article: Document) -> None:
    doc = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    examples = re.findall(r"```python\n(.*?)```", doc, re.S)
    assert len(examples) == 1
    example = examples[0]
    assert 'encoding="utf-8"' in example and len(example.strip().splitlines()) <= 6
    with Store.open(tmp_path / "annotations.json") as store:
        fill(store, article)
    result = subprocess.run(
        [sys.executable, "-c", example],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "LC_ALL": "C"},
        check=True,
    )
    start = article.text.index("Pervez Musharraf")
    assert result.stdout.splitlines() == [f"{article.id} {start} {start + 16} Pervez Musharraf"]
    assert result.stderr == ""
