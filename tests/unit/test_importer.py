"""Importing articles and native JSONL spans into a store (the work behind `spantag import`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from tests.conftest import HARD_ARTICLE, SAMPLES
from tui.formats.native import FormatError, read_native
from tui.jobs.importer import import_files, import_spans
from tui.store import Store
from tui.text.reading import expand_paths, read_article


def jsonl(*lines: object) -> list[bytes]:
    return [orjson.dumps(line) + b"\n" for line in lines]


# -- articles ---------------------------------------------------------------------------------


def test_a_folder_is_imported_in_sorted_order_with_ids_titles_and_hashes(
    store: Store, corpus_files: list[Path]
) -> None:
    samples = [p for p in corpus_files if p.parent == SAMPLES]
    writes = store.file_writes
    report = import_files(store, expand_paths([SAMPLES]))
    assert report.errors == [] and report.warnings == []
    assert report.added == [p.stem for p in samples]
    assert store.file_writes == writes + 1, "an import is one durable write"
    for path in samples:
        document = store.documents[path.stem]
        assert document.path == str(path.resolve())
        assert document.text == read_article(path)
        assert document.title == document.text.split("\n", 1)[0].strip()
        assert document.status == "todo"
    hard = store.documents[HARD_ARTICLE.stem]
    assert "\r" not in hard.text and "Rene\u0301e" in hard.text


def test_re_import_adds_nothing_and_does_not_write(store: Store) -> None:
    import_files(store, expand_paths([SAMPLES]))
    before = store.path.read_bytes()
    writes = store.file_writes
    report = import_files(store, expand_paths([SAMPLES]))
    assert report.added == [] and report.warnings == []
    assert len(report.unchanged) == len(list(SAMPLES.glob("*.txt")))
    assert store.file_writes == writes
    assert store.path.read_bytes() == before


def test_the_same_text_elsewhere_is_not_added_twice(store: Store, tmp_path: Path) -> None:
    import_files(store, expand_paths([SAMPLES]))
    copy = tmp_path / "renamed copy.txt"
    shutil.copy(HARD_ARTICLE, copy)
    # The same text with LF endings and a BOM normalises to the same text: still a duplicate.
    lf = tmp_path / "lf.txt"
    lf.write_bytes(b"\xef\xbb\xbf" + HARD_ARTICLE.read_bytes().replace(b"\r\n", b"\n"))
    report = import_files(store, [copy, lf])
    assert report.added == []
    assert report.duplicates == [str(copy), str(lf)]
    assert all(f"same text as document '{HARD_ARTICLE.stem}'" in w for w in report.warnings)
    assert len(store.documents) == len(list(SAMPLES.glob("*.txt")))


def test_a_clashing_file_name_gets_a_new_id(store: Store, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"Story from folder {folder}.")
    report = import_files(store, expand_paths([tmp_path / "a", tmp_path / "b"]))
    assert report.added == ["story", "story-2"]
    assert store.documents["story-2"].text == "Story from folder b."


def test_a_file_changed_on_disk_is_reported_and_its_text_kept(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Ana Díaz arrived in Lyon.")
    import_files(store, [path])
    path.write_text("Ana Díaz arrived in Lyon on Monday.")
    report = import_files(store, [path])
    assert report.changed_on_disk == ["story"] and report.added == []
    assert report.warnings == [
        f"{path}: changed on disk since it was imported as 'story'; the stored text stays the "
        "reference for its spans (to move them to the new text: spantag import --reanchor)"
    ]
    assert store.documents["story"].text == "Ana Díaz arrived in Lyon."


def test_unreadable_files_are_reported_and_the_rest_imported(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text("Ana Díaz arrived in Lyon.")
    (tmp_path / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "c_latin1.txt").write_bytes("café".encode("latin-1"))
    (tmp_path / "d_empty.md").write_text("  \n")
    progress: list[tuple[int, int]] = []
    report = import_files(
        store, expand_paths([tmp_path]), lambda done, total: progress.append((done, total))
    )
    assert report.added == ["a_good"]
    assert [e.split(": ", 1)[1].split(" ")[0] for e in report.errors] == [
        "binary",
        "not",
        "empty",
    ]
    assert progress == [(1, 4), (2, 4), (3, 4), (4, 4)]


# -- spans from native JSONL ------------------------------------------------------------------


def test_spans_create_documents_from_their_text(store: Store) -> None:
    text = "Ana Díaz said “12% of 1,200”.\r\nIn Lyon."  # kept exactly, CRLF included
    lines = read_native(
        jsonl(
            {
                "id": "ana",
                "text": text,
                "meta": {"path": "/x/ana.txt", "title": "Ana", "status": "done"},
                "spans": [
                    {"start": 0, "end": 8, "label": "PERSON", "text": "Ana Díaz", "annotator": "a"},
                    {"start": 14, "end": 28, "label": "QUOTE", "text": "“12% of 1,200”"},
                    {"start": 15, "end": 18, "label": "FIGURE", "source": "suggestion"},
                ],
            }
        )
    )
    writes = store.file_writes
    report = import_spans(store, lines, annotator="importer")
    assert report.errors == [] and report.added == ["ana"] and report.spans_added == 3
    assert store.file_writes == writes + 1
    document = store.documents["ana"]
    assert document.text == text
    assert (document.path, document.title, document.status) == ("/x/ana.txt", "Ana", "done")
    spans = sorted(store.annotations("ana"), key=lambda a: a.start)
    assert [(a.text, a.annotator, a.source) for a in spans] == [
        ("Ana Díaz", "a", "import"),
        ("“12% of 1,200”", "importer", "import"),
        ("12%", "importer", "suggestion"),
    ]


def test_bad_spans_are_reported_by_line_and_skipped_never_shifted(store: Store) -> None:
    text = "Ana Díaz met Bo Lin in Lyon."
    lines = read_native(
        jsonl(
            {"id": "d1", "text": text, "spans": [{"start": 0, "end": 8, "label": "PERSON"}]},
            {
                "id": "d1",
                "spans": [
                    {"start": 13, "end": 19, "label": "PERSON", "text": "Bo Lin"},
                    {"start": 12, "end": 18, "label": "PERSON", "text": "Bo Lin"},
                    {"start": 23, "end": 27, "label": "CITY", "text": "Lyon"},
                    {"start": 23, "end": 99, "label": "PLACE"},
                    {"start": "23", "end": 27, "label": "PLACE"},
                    {"start": 8, "end": 9, "label": "PLACE"},
                    {"start": 0, "end": 8, "label": "PERSON"},
                ],
            },
        )
    )
    report = import_spans(store, lines)
    assert report.spans_added == 2 and report.spans_existing == 1
    assert report.errors == [
        "line 2, span 2: text 'Bo Lin' does not match the document at 12..18 (' Bo Li'); "
        "not shifted, skipped",
        "line 2, span 3: unknown label 'CITY'; expected one of PERSON, PLACE, QUOTE, FIGURE",
        "line 2, span 4: offsets 23..99 are outside the text (length 28)",
        "line 2, span 5: 'start' and 'end' must be integers",
        "line 2, span 6: span 8..9 holds only whitespace",
    ]
    assert sorted(a.text for a in store.annotations()) == ["Ana Díaz", "Bo Lin"]


def test_lines_for_unknown_or_conflicting_documents_are_refused(store: Store) -> None:
    lines = read_native(
        jsonl(
            {"id": "known", "text": "Known text about Lyon."},
            {"id": "ghost", "spans": [{"start": 0, "end": 1, "label": "PLACE"}]},
            {"id": "blank", "text": "  \n"},
            {
                "id": "known",
                "text": "Other text.",
                "spans": [{"start": 0, "end": 5, "label": "PLACE"}],
            },
            {"id": "sha", "text": "Text.", "meta": {"sha256": "0" * 64}},
        )
    )
    report = import_spans(store, lines)
    assert report.added == ["known", "sha"]
    assert report.errors == [
        "line 2: unknown document 'ghost' and no text",
        "line 3: document 'blank' has empty text",
        "line 4: text of 'known' differs from the stored document; its spans were skipped",
    ]
    assert report.warnings == [
        "line 5: meta.sha256 does not match the text of 'sha'; the text is kept as given"
    ]
    assert store.annotations() == []


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"{not json", "line 2: not valid JSON"),
        (b"[1, 2]", "line 2: expected a JSON object"),
        (b'{"text": "no id"}', "line 2: missing document 'id'"),
        (b'{"id": "x", "text": 5}', "line 2: 'text' must be a string"),
        (b'{"id": "x", "spans": {"start": 0}}', "line 2: 'spans' must be a list of objects"),
        (b'{"id": "x", "spans": [1]}', "line 2: 'spans' must be a list of objects"),
        (b'{"id": "x", "text": "caf\xe9"}', "line 2: not valid JSON"),
    ],
)
def test_malformed_jsonl_names_the_line(line: bytes, reason: str) -> None:
    with pytest.raises(FormatError, match=reason):
        list(read_native([b'{"id": "ok", "text": "fine"}\n', line]))


def test_blank_lines_are_skipped_and_prodigy_meta_ids_accepted() -> None:
    parsed = list(read_native(["\n", '{"text": "Hi Ana", "meta": {"id": "p1"}}\n', "  \n"]))
    assert [(item.line, item.doc_id, item.text) for item in parsed] == [(2, "p1", "Hi Ana")]


def test_spans_of_the_hard_article_keep_their_code_point_offsets(store: Store) -> None:
    import_files(store, [HARD_ARTICLE])
    text = store.documents[HARD_ARTICLE.stem].text
    needles = {
        "Rene\u0301e Dubois": "PERSON",  # after an emoji, with a decomposed accent inside
        "山田太郎": "PERSON",
        "Dr Aiko Tanaka \U0001f469\u200d\U0001f52c": "QUOTE",  # a ZWJ sequence at the end
        "Garci\u0301a": "PERSON",
        "2.5 million": "FIGURE",
        "1,200": "FIGURE",
        "Shin-Osaka": "PLACE",
    }
    spans = []
    for needle, label in needles.items():
        start = text.index(needle)
        spans.append({"start": start, "end": start + len(needle), "label": label, "text": needle})
    report = import_spans(store, read_native(jsonl({"id": HARD_ARTICLE.stem, "spans": spans})))
    assert report.errors == [] and report.spans_added == len(needles)
    for annotation in store.annotations():
        assert text[annotation.start : annotation.end] == annotation.text
        assert needles[annotation.text] == annotation.label
    # The stored offsets count code points: the same spans in UTF-8 bytes would be elsewhere.
    tanaka = next(a for a in store.annotations() if a.text.startswith("Dr Aiko"))
    assert len(text[: tanaka.start].encode()) > tanaka.start
