"""A theme change reaches the article: the rows already drawn (and cached) are painted again
in the new theme's colours, the label fills blended over its background."""

from __future__ import annotations

from pathlib import Path

from rich.color import Color
from rich.segment import Segment

from tests.support.app_support import reader_app, suggestions_settled, write_article
from tui.labels import DEFAULT_LABEL_SET
from tui.screens.reader import ReaderScreen
from tui.widgets.article_row import blend, is_light
from tui.widgets.article_view import ArticleView

ARTICLE = "Officials said Ana Lima flew to Lisbon on Monday.\nA second line of text.\n"


def segment_at(view: ArticleView, offset: int) -> Segment:
    """The segment drawing the character at `offset`, from the strip the view renders."""
    layout = view.text_layout
    assert layout is not None
    row = layout.row_of(offset)
    start = layout.row_bounds(row)[0]
    strip = view.render_line(row - int(view.scroll_offset.y))
    column = 0
    for segment in strip:
        if column <= offset - start < column + len(segment.text):
            return segment
        column += len(segment.text)
    raise AssertionError(f"no segment at offset {offset}")


def background(segment: Segment) -> Color:
    assert segment.style is not None and segment.style.bgcolor is not None
    return segment.style.bgcolor


async def test_switching_theme_repaints_spans_selection_and_text(tmp_path: Path) -> None:
    path = write_article(tmp_path, "theme.txt", ARTICLE)
    with reader_app(tmp_path, [path]) as app:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            view = app.screen.query_one(ArticleView)
            # Tag "Lisbon" as a PLACE (six words on, then its label key), then select "Of".
            await pilot.press(*"wwwwww", "l", "g", "shift+right", "shift+right")
            await suggestions_settled(pilot)
            lisbon = ARTICLE.index("Lisbon")
            name = ARTICLE.index("Ana Lima")  # suggested as PERSON
            assert [(a.start, a.label) for a in app.screen.doc.spans] == [(lisbon, "PLACE")]
            plain = ARTICLE.index("second")
            assert view.selection is not None and view.selection.start == 0

            app.theme = "textual-dark"
            await pilot.pause()
            dark_span = segment_at(view, lisbon)
            dark_text = segment_at(view, plain)
            dark_selection = segment_at(view, 0)
            dark_hint = segment_at(view, name)

            app.theme = "textual-light"
            await pilot.pause()
            light_span = segment_at(view, lisbon)
            light_text = segment_at(view, plain)
            light_selection = segment_at(view, 0)
            light_hint = segment_at(view, name)

            # The text around the span, the span's fill and the selection all changed colour.
            assert background(dark_text) != background(light_text)
            assert dark_text.style is not None and light_text.style is not None
            assert dark_text.style.color != light_text.style.color
            assert background(dark_span) != background(light_span)
            assert background(dark_selection) != background(light_selection)
            # The fill is the label's colour laid over the theme's background, in each theme.
            place = DEFAULT_LABEL_SET["PLACE"].color
            for span, text in ((dark_span, dark_text), (light_span, light_text)):
                expected = blend(place, background(text).get_truecolor().hex, 0.38)
                assert background(span).get_truecolor() == expected.get_truecolor()
            # A suggestion's text is in its label's colour, darkened on the light background.
            person = Color.parse(DEFAULT_LABEL_SET["PERSON"].color)
            assert dark_hint.style is not None and light_hint.style is not None
            assert dark_hint.style.italic and light_hint.style.italic
            assert dark_hint.style.color == person
            assert light_hint.style.color is not None
            assert is_light(background(light_text).get_truecolor().hex)
            assert not is_light(background(dark_text).get_truecolor().hex)
            assert sum(light_hint.style.color.get_truecolor()) < sum(person.get_truecolor())
            # And the screen shows it: the next frame is painted in the light theme.
            assert app.current_theme.name == "textual-light"
            assert not app.current_theme.dark
            light = Color.parse(app.current_theme.background or "#ffffff").get_truecolor()
            assert background(light_text).get_truecolor() == light
