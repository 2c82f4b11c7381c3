"""An article changed on disk since its import: the stored text stays the reference and the user
is told (import and reader); `spantag import --reanchor` takes the new text and moves each span
by its text: with its unchanged context, or to the unique occurrence of its text; anything else is
kept out, listed and saved to a JSONL file beside the database, never placed on other text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.app_support import run_reader_headless
from tui.cli import main
from tui.db import file as dbfile
from tui.db.file import DatabaseError
from tui.jobs.reanchor import plan_reanchor, recovery_path
from tui.model import Annotation
from tui.store import Store
from tui.text.reading import sha256_text

OLD = (
    "Ana Díaz met Bo Lin in Lyon on Monday.\n"
    "“We will stay,” said Ana Díaz, “whatever happens.”\n"
    "Bo Lin counted 1,200 people in Lyon.\n"
    "The end.\n"
)
NEW = (
    "UPDATED 12:00\n"  # a new line first: everything below shifts
    "Ana Díaz met Bo Lin in Lyon on Tuesday, police said.\n"  # a correction in the paragraph
    "“We will stay,” said Ana Díaz, “whatever happens.”\n"  # unchanged
    "Later, Lin counted 1,300 people at the Lyon rally.\n"  # rewritten
    "The end.\n"
)


def span(text: str, needle: str, label: str, nth: int = 0) -> Annotation:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Annotation("story", start, start + len(needle), label, needle, annotator="ana")


def old_spans() -> list[Annotation]:
    return [
        span(OLD, "Ana Díaz", "PERSON"),  # line 1, changed line, context kept -> moves
        span(OLD, "Lyon", "PLACE"),  # line 1 -> moves with its context
        span(OLD, "“We will stay,”", "QUOTE"),  # unchanged line -> moves
        span(OLD, "Ana Díaz", "PERSON", nth=1),  # unchanged line -> moves
        span(OLD, "1,200", "FIGURE"),  # gone -> kept out
        span(OLD, "Bo Lin", "PERSON", nth=1),  # rewritten line, "Bo Lin" once in NEW -> unique
        span(OLD, "Lyon", "PLACE", nth=1),  # rewritten, "Lyon" twice in NEW -> ambiguous
        span(OLD, "The end.", "QUOTE"),  # unchanged line -> moves
    ]


# -- the plan -----------------------------------------------------------------------------------


def test_spans_move_with_their_context_or_to_their_unique_text_and_the_rest_is_kept_out() -> None:
    spans = old_spans()
    plan = plan_reanchor("story", OLD, NEW, spans, now="2026-11-25T06:00:00.000Z")
    for moved in plan.moved:
        assert NEW[moved.start : moved.end] == moved.text
    by_id = {a.id: a for a in plan.moved}
    expected_context = [
        ("Ana Díaz", NEW.index("Ana Díaz")),
        ("Lyon", NEW.index("Lyon")),
        ("“We will stay,”", NEW.index("“We will stay,”")),
        ("Ana Díaz", NEW.index("Ana Díaz", NEW.index("said"))),
        ("The end.", NEW.index("The end.")),
    ]
    assert [(a.text, a.start) for a in plan.by_context] == expected_context
    assert [(a.text, a.start) for a in plan.by_unique_text] == [("Bo Lin", NEW.index("Bo Lin"))]
    assert {(k.annotation.text, k.reason) for k in plan.kept_out} == {
        ("1,200", "its text is not in the new text"),
        ("Lyon", "its text occurs several times in the new text, outside unchanged text"),
    }
    # Moved spans keep id, label, annotator, source and created; `updated` says when they moved.
    original = {a.id: a for a in spans}
    for ann_id, moved in by_id.items():
        before = original[ann_id]
        assert (moved.label, moved.annotator, moved.source, moved.created) == (
            before.label,
            before.annotator,
            before.source,
            before.created,
        )
        assert moved.updated == "2026-11-25T06:00:00.000Z"


def test_a_span_is_never_moved_onto_another_occurrence_by_a_short_coincidence() -> None:
    old = "Ana met Bo in Lyon.\nBo left Lyon.\n"
    new = "Ana met Bo in Paris.\nLater Bo left for Lyon and Lyon.\n"
    lyon = span(old, "Lyon", "PLACE")  # its line changed; "Lyon" twice in the new text
    plan = plan_reanchor("story", old, new, [lyon])
    assert plan.moved == [] and [k.annotation for k in plan.kept_out] == [lyon]


def test_two_spans_landing_on_the_same_place_are_not_doubled() -> None:
    old = "Lyon\nLyon\n"
    new = "Lyon\n"
    first, second = span(old, "Lyon", "PLACE"), span(old, "Lyon", "PLACE", nth=1)
    plan = plan_reanchor("story", old, new, [first, second])
    assert [(a.start, a.end) for a in plan.moved] == [(0, 4)]
    assert [k.reason for k in plan.kept_out] == ["the same span as another one once moved"]


WORDS = st.sampled_from(["Ana", "Bo", "Lyon", "said", "1,200", "the", "“yes”", "\n", " ", "."])


@given(
    old=st.lists(WORDS, min_size=1, max_size=60).map("".join),
    edits=st.lists(
        st.tuples(st.integers(0, 80), st.integers(0, 5), st.lists(WORDS, max_size=5)), max_size=4
    ),
    picks=st.lists(st.tuples(st.integers(0, 80), st.integers(1, 12)), max_size=8),
)
def test_every_span_is_moved_onto_its_own_text_or_kept_out(
    old: str, edits: list[tuple[int, int, list[str]]], picks: list[tuple[int, int]]
) -> None:
    new = old
    for at, cut, words in edits:
        at = min(at, len(new))
        new = new[:at] + "".join(words) + new[at + cut :]
    spans = []
    for start, length in picks:
        start = min(start, len(old) - 1)
        end = min(start + length, len(old))
        spans.append(Annotation("story", start, end, "PERSON", old[start:end]))
    plan = plan_reanchor("story", old, new, spans)
    assert len(plan.moved) + len(plan.kept_out) == len(spans)
    for moved in plan.moved:
        assert new[moved.start : moved.end] == moved.text
    assert len({a.key for a in plan.moved}) == len(plan.moved)


# -- `spantag import --reanchor` ------------------------------------------------------------------


@pytest.fixture
def annotated_story(tmp_path: Path, db_path: Path, spantag: Any) -> Path:
    """story.txt imported with the spans of `old_spans`, then changed on disk to NEW."""
    story = tmp_path / "story.txt"
    story.write_text(OLD, encoding="utf-8")
    assert spantag("import", story, "--db", db_path).code == 0
    lines = tmp_path / "spans.jsonl"
    spans = [
        {"start": a.start, "end": a.end, "label": a.label, "annotator": "ana"} for a in old_spans()
    ]
    lines.write_text(json.dumps({"id": "story", "spans": spans}) + "\n", encoding="utf-8")
    assert spantag("import", "--spans", lines, "--db", db_path).code == 0
    story.write_text(NEW, encoding="utf-8")
    return story


def test_a_changed_file_is_reported_and_its_stored_text_kept(
    spantag: Any, db_path: Path, annotated_story: Path
) -> None:
    before = db_path.read_bytes()
    run = spantag("import", annotated_story, "--db", db_path)
    assert run.code == 0
    assert run.err_lines[0] == (
        f"spantag: {annotated_story}: changed on disk since it was imported as 'story'; the "
        "stored text stays the reference for its spans (to move them to the new text: spantag "
        "import --reanchor)"
    )
    assert db_path.read_bytes() == before


def test_the_reader_tells_that_a_file_changed_on_disk(
    db_path: Path, annotated_story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    async def inspect(app: Any, pilot: Any, doc_ids: list[str]) -> None:
        seen["notes"] = [str(n.message) for n in app._notifications]
        seen["text"] = app.session.load(doc_ids[0]).text

    run_reader_headless(monkeypatch, inspect)
    assert main([str(annotated_story), "--db", str(db_path)]) == 0
    (note,) = seen["notes"]
    assert "changed on disk since it was imported" in note and "--reanchor" in note
    assert seen["text"] == OLD


def test_reanchor_takes_the_new_text_moves_spans_and_saves_the_rest(
    spantag: Any,
    db_path: Path,
    annotated_story: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    writes: list[str] = []
    real_write = dbfile.write_atomic

    def recording_write(path: Path, data: bytes) -> None:
        writes.append(path.name)
        real_write(path, data)

    monkeypatch.setattr(dbfile, "write_atomic", recording_write)
    monkeypatch.setattr("tui.jobs.reanchor.write_atomic", recording_write)
    run = spantag("import", "--reanchor", annotated_story, "--db", db_path)
    assert run.code == 0, run.err
    (recovery,) = tmp_path.glob("annotations.json.reanchor-*.jsonl")
    assert re.fullmatch(r"annotations\.json\.reanchor-\d{8}T\d{6}Z\.jsonl", recovery.name)
    assert writes == [recovery.name, "annotations.json"]  # the recovery first; one database write
    assert run.err_lines == [
        "spantag: story: new text taken; 6 spans moved (5 in unchanged text, 1 by unique text), "
        "2 kept out",
        f"spantag:   kept out: FIGURE {OLD.index('1,200')}..{OLD.index('1,200') + 5} '1,200': "
        "its text is not in the new text",
        f"spantag:   kept out: PLACE {OLD.index('Lyon', 40)}..{OLD.index('Lyon', 40) + 4} 'Lyon': "
        "its text occurs several times in the new text, outside unchanged text",
        f"spantag: kept-out spans saved to {recovery} (native JSONL with the old text; 'spantag "
        "import --spans' it into another --db to see them)",
        "spantag: 0 documents added, 0 already present, 1 re-anchored",
    ]
    with Store.open(db_path, write=False) as store:
        assert store.problems == []
        document = store.documents["story"]
        assert document.text == NEW and document.sha256 == sha256_text(NEW)
        assert document.title == "UPDATED 12:00"
        spans = store.annotations("story")
    assert len(spans) == 6
    for moved in spans:
        assert NEW[moved.start : moved.end] == moved.text
    # The kept-out spans, with the old text, load into another database as they were.
    other = tmp_path / "other.json"
    assert spantag("import", "--spans", recovery, "--db", other).code == 0
    with Store.open(other, write=False) as store:
        assert store.documents["story"].text == OLD
        kept = sorted((a.text, a.start, a.label) for a in store.annotations())
    assert kept == [
        ("1,200", OLD.index("1,200"), "FIGURE"),
        ("Lyon", OLD.index("Lyon", 40), "PLACE"),
    ]
    # Done once: importing again changes nothing.
    again = spantag("import", "--reanchor", annotated_story, "--db", db_path)
    assert again.err_lines == ["spantag: 0 documents added, 1 already present"]


def test_a_failed_reanchor_write_changes_nothing_and_loses_nothing(
    spantag: Any,
    db_path: Path,
    annotated_story: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = db_path.read_bytes()
    real_write = dbfile.write_atomic

    def full_disk_for_the_database(path: Path, data: bytes) -> None:
        if path == db_path:
            raise DatabaseError(f"could not save {path}: no space left on device")
        real_write(path, data)

    monkeypatch.setattr(dbfile, "write_atomic", full_disk_for_the_database)
    run = spantag("import", "--reanchor", annotated_story, "--db", db_path)
    assert run.code == 1 and run.err_lines == [
        f"spantag: could not save {db_path}: no space left on device"
    ]
    assert db_path.read_bytes() == before
    # The spans it would have kept out are in the recovery file all the same.
    (recovery,) = tmp_path.glob("annotations.json.reanchor-*.jsonl")
    assert len(json.loads(recovery.read_bytes())["spans"]) == 2


def test_the_recovery_file_is_named_by_the_time() -> None:
    path = recovery_path(Path("/data/annotations.json"), now="2026-11-25T06:11:58.123Z")
    assert path == Path("/data/annotations.json.reanchor-20261125T061158Z.jsonl")
