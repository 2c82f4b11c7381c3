"""The bad input corpus (tests/data/bad/, plus large and special files made here): every file is
either imported with correct offsets and drawn literally and safely, or refused in one clear
line; never a traceback, never a hang.

Each accepted file has the word TARGET after its hard part. Its expected text is written out
here by hand (not computed by the code under test); the span tagged on TARGET in the reader must
export at `expected.index("TARGET")`, with `text[start:end] == span.text`.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events

from tests.cli.test_cli import assert_one_line_error
from tests.conftest import REPO
from tests.support.app_support import reader_app
from tests.support.terminal_support import (
    SPANTAG,
    Terminal,
    assert_screen_safe,
    foreign_sequences,
    run_spantag,
)
from tui.app import SpantagApp
from tui.cli import main
from tui.screens.reader import ReaderScreen
from tui.session import Session
from tui.store import Store
from tui.text.layout import printable

BAD = REPO / "tests" / "data" / "bad"

ZALGO = "\u0336\u0301\u0300\u0302" * 12
ACCEPTED: dict[str, str] = {
    "ansi-osc.txt": (
        "clear\x1b[2J home\x1b[H title\x1b]0;PWNED\x07 clip\x1b]52;c;cGF3bmVk\x07 "
        "link\x1b]8;;http://evil.example/\x1b\\x\x1b]8;;\x1b\\ red\x1b[31m bell\x07 bs\x08 "
        "dcs\x1bP+q544e\x1b\\ TARGET\n"
    ),
    "bidi-controls.txt": (
        "Trojan \u202eevil\u202c source \u2066isolate\u2069 \u200fRLM\u200e TARGET\n"
    ),
    "c1-controls.txt": "csi\u009b2J osc\u009d52;c;cGF3bmVk\u009c nel\u0085 del\x7f TARGET\n",
    "combining-marks.txt": (
        f"Jose\u0301 Nu\u0303n\u0303ez, \u0301leading mark, zalgo Z{ZALGO}algo, TARGET\n"
    ),
    "crlf.txt": "First line\nSecond line\n\nTARGET here\n",
    "emoji-zwj.txt": (
        "Family 👨\u200d👩\u200d👧\u200d👦 scientist 👩🏽\u200d🔬 flag 🏳\ufe0f\u200d🌈 "
        "key 1\ufe0f\u20e3 TARGET\n"
    ),
    "line-separators.txt": "para\u2028line\u2029para \x0bvt \x0cff \x1cfs \x1ers TARGET\n",
    "lone-cr.txt": "Classic Mac\nline two\n\nTARGET\n",
    "long-word.txt": "x" * 5000 + " TARGET\n",
    "mixed-newlines.txt": "a\nb\nc\nd\n\ne\n\nTARGET\n",
    "noncharacters.txt": "nonchars \uffff\ufffe\U0010ffff private \ue000\U000f0000 TARGET\n",
    "rich-markup.txt": (
        "Markup [bold red]x[/] and [link=file:///etc/passwd]click[/link] and [/] alone, "
        "[@click=app.quit]quit[/] :warning: \\[escaped] [on red]  [/on red] [blink]b[/blink] "
        "[reverse]r, TARGET [b]\n"
    ),
    "rtl-arabic.txt": "قال الرئيس برويز مُشَرَّف إن ١٢٣ شخصاً في إسلام آباد، TARGET ثم غادر.\n",
    "rtl-hebrew.txt": "אמר ראש הממשלה: ״שָׁלוֹם״ בירושלים 2024, TARGET וחזר.\n",
    "tabs.txt": "\tIndented\t\tcolumns\tx\n\t\t\tTARGET\tend\n",
    "utf16-be-bom.txt": "Ünïcödé 𝄞 music, TARGET\n",
    "utf16-le-bom.txt": "Señor Ñandú said 😀 then TARGET.\nBye\n",
    "utf8-bom.txt": "BOM first, TARGET\n",
    "zero-width.txt": (
        "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffjoiner\u00adsoft\u180emongolian "
        "TARGET\n"
    ),
}

REFUSED: dict[str, str] = {
    "empty.txt": "empty file, nothing to annotate",
    "whitespace-only.txt": "empty file, nothing to annotate",
    "invalid-utf8.txt": "not UTF-8 text (invalid byte 0xe9 at byte 3); convert it to UTF-8",
    "overlong-utf8.txt": "not UTF-8 text (invalid byte 0xc0 at byte 5)",
    "utf8-encoded-surrogate.txt": "not UTF-8 text (invalid byte 0xed at byte 12)",
    "utf16-no-bom.txt": "or UTF-16 text without a byte-order mark; save it as UTF-8",
    "png-header.txt": "binary file (contains NUL bytes), not an article",
    "nul-bytes.txt": "binary file (contains NUL bytes), not an article",
}

# What a reader must see literally (as visible symbols) on screen for some of the files.
SHOWN: dict[str, list[str]] = {
    "rich-markup.txt": ["[bold red]x[/]", "[link=file:///etc/passwd]click[/link]", "[/] alone"],
    "ansi-osc.txt": ["clear␛[2J", "title␛]0;PWNED␇", "clip␛]52;c;cGF3bmVk␇", "bs␈"],
    "c1-controls.txt": ["csi␦2J", "del␡"],
    "tabs.txt": ["    Indented"],
}


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A test that hangs (an input that loops the reader or the reading) fails after 120 s."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("hung for 120 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_corpus_holds_exactly_the_files_described_here() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted([*ACCEPTED, *REFUSED])
    assert not set(ACCEPTED) & set(REFUSED)
    for name, text in ACCEPTED.items():
        assert text.count("TARGET") == 1, name


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_inputs_get_one_clear_line_and_change_nothing(
    spantag: Any, db_path: Path, name: str
) -> None:
    path = BAD / name
    for argv in (("import", path), (path,)):  # `spantag import FILE` and `spantag FILE`
        line = assert_one_line_error(spantag(*argv, "--db", db_path), code=1)
        assert line == f"spantag: {path}: {REFUSED[name]}" or REFUSED[name] in line, line
        assert str(path) in line
    with Store.open(db_path, write=False) as store:
        assert store.documents == {}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_inputs_are_stored_exactly(spantag: Any, db_path: Path, name: str) -> None:
    run = spantag("import", BAD / name, "--db", db_path)
    assert run.code == 0 and "Traceback" not in run.err, run.err
    with Store.open(db_path, write=False) as store:
        (document,) = store.documents.values()
    assert document.text == ACCEPTED[name], ascii(document.text)
    assert "\r" not in document.text


@pytest.mark.slow
async def test_every_accepted_input_is_tagged_at_its_offset_and_drawn_literally(
    tmp_path: Path,
) -> None:
    names = sorted(ACCEPTED)
    out = tmp_path / "out.jsonl"
    with reader_app(tmp_path, [BAD / name for name in names]) as app:
        async with app.run_test(size=(100, 32), notifications=True) as pilot:
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            for number, name in enumerate(names):
                assert reader.doc.text == ACCEPTED[name], name
                await pilot.press("slash")
                app.post_message(events.Paste("TARGET"))  # typed by a paste: fewer key waits
                await pilot.pause()
                await pilot.press("enter", "p")
                await pilot.pause()
                rows = assert_screen_safe(app)
                screen = "\n".join(rows)
                assert "PERSON ‹TARGET›" in screen or "TARGET" in screen
                for shown in SHOWN.get(name, []):
                    assert shown in screen, (name, shown, screen)
                if number < len(names) - 1:
                    await pilot.press("greater_than_sign")
            assert app.saver.flush(10)
    assert main(["export", "--db", str(tmp_path / "annotations.json"), "-o", str(out)]) == 0
    # JSONL lines end at "\n" only: str.splitlines() would also cut at U+2028 or U+0085, which
    # JSON (and so the export) leaves unescaped inside strings.
    lines = [json.loads(line) for line in out.read_bytes().split(b"\n") if line]
    assert len(lines) == len(names)
    for line in lines:
        name = Path(line["meta"]["path"]).name
        text = ACCEPTED[name]
        assert line["text"] == text
        (span,) = line["spans"]
        start = text.index("TARGET")
        assert (span["start"], span["end"], span["text"]) == (start, start + 6, "TARGET"), name
        assert text[span["start"] : span["end"]] == span["text"]


@pytest.mark.slow
def test_the_real_terminal_gets_no_escape_sequence_from_an_article(tmp_path: Path) -> None:
    """The real `spantag` in a pseudo-terminal: every byte it writes while showing the articles
    full of escape sequences, controls and markup is Textual's own drawing."""
    names = ["ansi-osc.txt", "c1-controls.txt", "rich-markup.txt", "line-separators.txt"]
    argv = [str(SPANTAG), *(str(BAD / name) for name in names), "--db", str(tmp_path / "db.json")]
    with Terminal(argv, cwd=tmp_path) as terminal:
        assert terminal.wait_for("doc 1/4"), terminal.output[-2000:]
        for number in range(len(names)):
            terminal.send("/TARGET\rp")
            assert terminal.wait_for(f"doc {number + 1}/4"), terminal.output[-2000:]
            terminal.send(">")
        terminal.send("a")  # the annotation list, with the span's text, takes the focus
        time.sleep(0.5)
        assert terminal.close() == 0
        stream = terminal.output
    assert foreign_sequences(stream) == []
    for payload in (b"\x1b]52", b"\x1b]0;PWNED", b"\x1b]8;;http://evil", b"\x1b[2J"):
        assert payload not in stream
    assert "␛]52;c;cGF3bmVk␇".encode() in stream  # shown, as symbols
    assert b"[bold red]x[/]" in stream
    with Store.open(tmp_path / "db.json", write=False) as store:
        spans = store.annotations()
    assert sorted(a.text for a in spans) == ["TARGET"] * 4


# -- large and special files, made here -------------------------------------------------------


def test_a_50_mb_single_line_is_refused_at_once(
    spantag: Any, db_path: Path, tmp_path: Path
) -> None:
    huge = tmp_path / "huge-single-line.txt"
    with huge.open("wb") as handle:
        chunk = b"All work and no play makes Jack a dull boy. " * 24_000  # ~1 MB, no newline
        for _ in range(50):
            handle.write(chunk)
    assert huge.stat().st_size > 50_000_000
    began = time.monotonic()
    for argv in (("import", huge), (huge,)):
        line = assert_one_line_error(spantag(*argv, "--db", db_path), code=1)
        assert line == (
            f"spantag: {huge}: 53 MB is larger than the 20 MiB limit for one article; "
            "split it into several files"
        )
    assert time.monotonic() - began < 2.0  # refused on its size, never read
    assert not db_path.exists() or Store.open(db_path, write=False).documents == {}


@pytest.mark.slow
async def test_a_long_single_line_opens_and_its_end_is_tagged(tmp_path: Path) -> None:
    """2 MB in one paragraph (under the limit): opened, searched and tagged without a stall."""
    path = tmp_path / "long-line.txt"
    text = "Ana Díaz visited Lyon with 1,200 people; " * 50_000 + "TARGET end.\n"
    path.write_text(text, encoding="utf-8")
    began = time.monotonic()
    with reader_app(tmp_path, [path]) as app:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("slash", *"TARGET", "enter", "p", "G")
            await pilot.pause()
            assert_screen_safe(app)
            assert app.saver.flush(20)
    assert time.monotonic() - began < 30
    records = json.loads((tmp_path / "annotations.json").read_bytes())["annotations"]
    (record,) = records.values()
    assert (record["start"], record["text"]) == (text.index("TARGET"), "TARGET")


def test_pipes_and_devices_are_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    db = tmp_path / "db.json"
    for article in (fifo, Path("/dev/zero")):
        for argv in (("import", article), (article,)):
            result = run_spantag(*argv, "--db", db, cwd=tmp_path, timeout=20)
            assert result.returncode == 1
            assert (
                result.stderr
                == f"spantag: {article}: not a regular file (a pipe, device or socket)\n"
            )
    assert fifo.exists() and not fifo.is_file()


def test_control_characters_in_file_names_never_reach_the_terminal(
    spantag: Any, db_path: Path, tmp_path: Path
) -> None:
    name = "evil\x1b]0;PWNED\x07\nline\x9b2J.txt"
    path = tmp_path / name
    path.write_bytes(b"\x00binary")
    run = spantag("import", path, "--db", db_path)
    line = assert_one_line_error(run, code=1)
    assert "\x1b" not in run.err and "\x07" not in run.err and "\x9b" not in run.err
    assert line.endswith(
        "evil␛]0;PWNED␇⏎line␦2J.txt: binary file (contains NUL bytes), not an article"
    )
    # Accepted, it gets a safe id; a later change on disk is reported safely too.
    path.write_text("Ana Díaz, TARGET\n", encoding="utf-8")
    assert spantag("import", path, "--db", db_path).code == 0
    path.write_text("Ana Díaz changed, TARGET\n", encoding="utf-8")
    run = spantag("import", path, "--db", db_path)
    assert run.code == 0 and "\x1b" not in run.err and len(run.err_lines) == 2, run.err
    with Store.open(db_path, write=False) as store:
        assert list(store.documents) == ["evil-0-PWNED-line-2J"]


# -- documents from JSONL: any id, title and text ---------------------------------------------

HOSTILE_ID = "a[/]b\x1b[2J[bold red]x"
HOSTILE_TITLE = "T [link=file:///etc/passwd]y[/link] \x1b]52;c;cGF3bmVk\x07"


async def test_markup_and_escapes_in_jsonl_ids_and_titles_stay_text(tmp_path: Path) -> None:
    """A document id or title from `import --spans` is shown literally in the title bar, the
    document list and the notifications (an id with `[/]` used to crash the reader on opening,
    and one with `[bold]` to be drawn bold)."""
    spans = tmp_path / "in.jsonl"
    line = {
        "id": HOSTILE_ID,
        "text": "Hello [bold]world[/] \x1b]52;c;cGF3bmVk\x07, TARGET here.",
        "meta": {"title": HOSTILE_TITLE},
        "spans": [{"start": 39, "end": 45, "label": "PERSON"}],
    }
    spans.write_text(json.dumps(line) + "\n", encoding="utf-8")
    db = tmp_path / "annotations.json"
    assert main(["import", "--spans", str(spans), "--db", str(db)]) == 0
    store = Store.open(db)
    try:
        app = SpantagApp(store, Session(store, list(store.documents), annotator="tester"))
        async with app.run_test(size=(120, 30), notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("d", "right_square_bracket")  # a notification naming the document
            await pilot.pause(0.3)
            screen = "\n".join(assert_screen_safe(app))
            assert app.is_running
        app.saver.close()
    finally:
        store.close()
    shown_id = "a[/]b␛[2J[bold red]x"
    assert f"1/1 {shown_id} — T [link=file:///etc/passwd]y[/link] ␛]52;c;cGF3bmVk␇" in screen
    assert f"{shown_id} marked done" in screen
    assert "Hello [bold]world[/] ␛]52;c;cGF3bmVk␇, TARGET here." in screen


# -- names that are not valid UTF-8 -----------------------------------------------------------


def test_undecodable_file_names_and_annotator_names_are_stored(
    spantag: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python decodes such bytes (argv, file names, $SPANTAG_ANNOTATOR) into lone surrogates,
    which JSON cannot hold: the database write raised TypeError (a traceback from import; in the
    reader, a writer thread that died and never saved again). They are stored with U+FFFD."""
    path = tmp_path / os.fsdecode(b"caf\xe9.txt")
    path.write_text("Café au lait in Lyon, TARGET.\n", encoding="utf-8")
    run = spantag("import", path, "--db", db_path)
    assert run.code == 0 and "Traceback" not in run.err, run.err
    with Store.open(db_path, write=False) as store:
        (document,) = store.documents.values()
    assert document.path == str(tmp_path / "caf\ufffd.txt") and document.id == "caf"
    assert spantag("import", path, "--db", db_path).err_lines == [
        "spantag: 0 documents added, 1 already present"
    ]
    monkeypatch.setenv("SPANTAG_ANNOTATOR", os.fsdecode(b"J\xf6rg"))
    spans = tmp_path / "spans.jsonl"
    spans.write_text('{"id": "caf", "spans": [{"start": 22, "end": 28, "label": "PERSON"}]}\n')
    run = spantag("import", "--spans", spans, "--db", db_path)
    assert run.code == 0 and "Traceback" not in run.err, run.err
    run = spantag("import", "--spans", spans, "--db", db_path, "--annotator", os.fsdecode(b"\xff"))
    with Store.open(db_path, write=False) as store:
        (annotation,) = store.annotations()
    assert (annotation.text, annotation.annotator) == ("TARGET", "J\ufffdrg")
    # Shown (e.g. in a 'changed on disk' notification naming the file) as U+FFFD, one cell.
    assert printable(str(path)).endswith("caf\ufffd.txt")
