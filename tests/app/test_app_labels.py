"""The reader follows the database's label set: its keys tag, the legend, help and palette
show it, and a span whose label is outside the set is shown, relabelled and removed."""

from __future__ import annotations

import io
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from textual.widgets import Static

from tests.support.app_support import stored_annotations, write_article
from tests.support.label_files import SIX_LABELS
from tui.app import SpantagApp
from tui.config.app_config import AppConfig, load_config
from tui.config.label_file import parse_label_data
from tui.jobs.importer import import_files
from tui.model import Annotation, Change
from tui.session import Session
from tui.store import Store
from tui.widgets.annotation_list import AnnotationList

TEXT = "Acme Ltd hired Ana Díaz in Lyon, France, for 12 weeks.\n"


@contextmanager
def six_label_app(
    tmp_path: Path, stale: bool = False, config: AppConfig | None = None
) -> Iterator[SpantagApp]:
    """The reader on a database with the six-label set (and, if `stale`, a COMPANY span)."""
    store = Store.open(tmp_path / "annotations.json")
    store.set_labels(parse_label_data(tomllib.loads(SIX_LABELS)))
    report = import_files(store, [write_article(tmp_path, "acme.txt", TEXT)])
    if stale:
        store.apply([Change("put", Annotation("acme", 0, 8, "COMPANY", "Acme Ltd", "ana"))])
    session = Session(store, report.added, annotator="tester")
    keymap = config.keymap if config is not None else None
    app = SpantagApp(store, session, keymap=keymap, config=config)
    try:
        yield app
    finally:
        app.saver.close(timeout=10)
        store.close()


def text_of(static: Static) -> str:
    """What a Static shows, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


def labels_of(db: Path) -> list[tuple[str, str]]:
    return sorted((str(r["text"]), str(r["label"])) for r in stored_annotations(db))


async def test_the_set_keys_tag(tmp_path: Path) -> None:
    with six_label_app(tmp_path) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.2)
            await pilot.press("c")  # the word under the cursor: Acme
            await pilot.press("slash", *"Lyon", "enter", "t")
            await pilot.press("slash", *"France", "enter", "7")  # COUNTRY's alternative key
            await pilot.press("l")  # PLACE is not in the set: `l` does nothing
            await pilot.pause(0.3)
            legend = str(app.screen.query_one("#legend", Static).render())
            for name in ("PERSON", "ORG", "CITY", "COUNTRY", "QUOTE", "FIGURE"):
                assert name in legend
            assert "PLACE" not in legend
            assert app.saver.flush(5)
    assert labels_of(tmp_path / "annotations.json") == [
        ("Acme", "ORG"),
        ("France", "COUNTRY"),
        ("Lyon", "CITY"),
    ]


async def test_help_shows_descriptions_and_guidelines(tmp_path: Path) -> None:
    with six_label_app(tmp_path) as app:
        async with app.run_test(size=(120, 60)) as pilot:
            await pilot.pause(0.2)
            await pilot.press("question_mark")
            await pilot.pause(0.2)
            labels = text_of(app.screen.query_one("#help-labels", Static))
            assert "ORG" in labels and "(c/5)" in labels
            assert "an organisation: company, agency, party, team" in labels
            assert "Include the legal form (Ltd, GmbH); leave out 'the'." in labels
            keys = text_of(app.screen.query_one("#help-keys", Static))
            assert "tag.org" in keys and "tag.country" in keys and "tag.place" not in keys


async def test_a_span_outside_the_set_is_shown_relabelled_and_removed(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    with six_label_app(tmp_path, stale=True) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            reader = app.screen
            assert [a.label for a in reader.doc.spans] == ["COMPANY"]  # type: ignore[attr-defined]
            listed = reader.query_one("#annotations")
            row = "".join(s.text for s in listed.render_line(0))
            assert "COMPANY" in row and "Acme Ltd" in row
            await pilot.press("right_square_bracket", "c")  # select it, relabel it ORG
            await pilot.pause(0.1)
            assert app.saver.flush(5)
            records = stored_annotations(db)
            assert [(r["label"], r["text"]) for r in records] == [("ORG", "Acme Ltd")]
            await pilot.press("u")  # back to COMPANY
            await pilot.press("right_square_bracket", "x")
            await pilot.pause(0.1)
            assert app.saver.flush(5)
            assert stored_annotations(db) == []


async def test_the_palette_lists_the_set(tmp_path: Path) -> None:
    from tui.screens.commands import binding_commands

    with six_label_app(tmp_path) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.2)
            titles = [c.title for c in binding_commands([app.screen, app])]
            for name in ("PERSON", "ORG", "CITY", "COUNTRY", "QUOTE", "FIGURE"):
                assert f"Tag the selection, or what is under the cursor, as {name}" in titles
            assert not any(title.endswith(" as PLACE") for title in titles)
            commands = [c.title for c in app.screen.palette_commands()]  # type: ignore[attr-defined]
            assert "Accept all ORG suggestions" in commands


async def test_the_theme_is_read_from_and_remembered_in_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# mine\nannotator = "ana"\ntheme = "nord"\n\n[keymap]\n"tag.org" = "z"\n')
    with six_label_app(tmp_path, config=load_config(path)) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.2)
            assert app.theme == "nord"
            assert path.read_text().count("theme") == 1  # applying it wrote nothing
            app.theme = "gruvbox"
            await pilot.pause(0.2)
            await pilot.press("z")  # the keymap of config.toml remaps tag.org
            await pilot.pause(0.1)
            assert app.saver.flush(5)
    assert path.read_text() == (
        '# mine\nannotator = "ana"\ntheme = "gruvbox"\n\n[keymap]\n"tag.org" = "z"\n'
    )
    assert load_config(path) == AppConfig(
        annotator="ana", theme="gruvbox", keymap={"tag.org": "z"}, path=path
    )
    assert labels_of(tmp_path / "annotations.json") == [("Acme", "ORG")]


async def test_the_annotation_list_filters_by_the_set_keys(tmp_path: Path) -> None:
    with six_label_app(tmp_path, stale=True) as app:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            await pilot.press("slash", *"Lyon", "enter", "t")
            await pilot.pause(0.3)
            listed = app.screen.query_one("#annotations", AnnotationList)
            await pilot.press("a", "t")  # focus the list, show only CITY
            await pilot.pause(0.1)
            assert listed.label_filter == "CITY"
            assert listed.count == 1
            await pilot.press("5")  # ORG's alternative key: no ORG span yet
            assert listed.count == 0
            await pilot.press("0")
            assert listed.count == 2  # the COMPANY span, outside the set, is listed too
