"""The article view: the text of one document, wrapped, with the cursor, the selection, search
matches, suggestions and every span painted in its label's colour.

Built on Textual's Line API (`render_line(y) -> Strip`, as `Log` is): only the rows on screen are
drawn, each from the spans the index reports for that row, and drawn rows are cached under a
key of everything that changes their pixels. Nothing per keystroke depends on the article's
length or its number of spans.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.labels import DEFAULT_LABEL_SET, LabelSet
from tui.model import Extent as SpanLike
from tui.text.layout import TextLayout
from tui.text.motion import move_cursor
from tui.widgets.article_row import RowStyles, draw_row
from tui.widgets.bindings import binding

WRAP_BATCH = 50
"""Paragraphs wrapped at a time while a long article is laid out in the background."""
WRAP_BUDGET = 0.004
"""Seconds of background wrapping per timer tick (every 10 ms)."""


class SpanSource(Protocol):
    """What the view needs of an index: the spans overlapping a range."""

    def overlapping(self, start: int, end: int) -> Sequence[SpanLike]: ...


@dataclass(frozen=True, slots=True)
class Selection:
    """A selected range of offsets, [start, end)."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


class ArticleView(ScrollView, can_focus=True):
    """A read-only, word-wrapped view of one text with a cursor and a selection."""

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: auto;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    ArticleView > .article-view--cursor { text-style: reverse; }
    ArticleView > .article-view--selection { background: $input-selection-background; }
    ArticleView > .article-view--match { color: $text-warning; text-style: bold underline; }
    ArticleView > .article-view--marker { color: $text-muted; }
    """
    """The colours come from the theme's variables; a theme change re-resolves them
    (notify_style_update), and the label fills are blended over the theme's background."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--cursor",
        "article-view--selection",
        "article-view--match",
        "article-view--marker",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        binding("left", "move('left')", "Left", "cursor.left"),
        binding("right", "move('right')", "Right", "cursor.right"),
        binding("up", "move('up')", "Up", "cursor.up"),
        binding("down", "move('down')", "Down", "cursor.down"),
        binding("w,ctrl+right", "move('word_right')", "Next word", "cursor.word_right"),
        binding("b,ctrl+left", "move('word_left')", "Previous word", "cursor.word_left"),
        binding("home", "move('line_start')", "Line start", "cursor.line_start"),
        binding("end", "move('line_end')", "Line end", "cursor.line_end"),
        binding("pageup", "move('page_up')", "Page up", "cursor.page_up"),
        binding("pagedown", "move('page_down')", "Page down", "cursor.page_down"),
        binding("g,ctrl+home", "move('doc_start')", "Document start", "cursor.doc_start"),
        binding("G,ctrl+end", "move('doc_end')", "Document end", "cursor.doc_end"),
        binding("shift+left", "select('left')", "Select left", "select.left"),
        binding("shift+right", "select('right')", "Select right", "select.right"),
        binding("shift+up", "select('up')", "Select up", "select.up"),
        binding("shift+down", "select('down')", "Select down", "select.down"),
        binding("ctrl+shift+right", "select('word_right')", "Select word", "select.word_right"),
        binding("ctrl+shift+left", "select('word_left')", "Select word back", "select.word_left"),
        binding("shift+home", "select('line_start')", "Select to line start", "select.line_start"),
        binding("shift+end", "select('line_end')", "Select to line end", "select.line_end"),
        binding("shift+pageup", "select('page_up')", "Select page up", "select.page_up"),
        binding("shift+pagedown", "select('page_down')", "Select page down", "select.page_down"),
        binding("v", "toggle_select_mode", "Select mode", "select.mode"),
    ]

    @dataclass
    class CursorMoved(Message):
        """The cursor or the selection changed."""

        view: ArticleView
        offset: int
        selection: Selection | None

    def __init__(
        self,
        labels: LabelSet = DEFAULT_LABEL_SET,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.labels = labels
        self.text = ""
        self.spans: SpanSource | None = None
        self.suggestions: SpanSource | None = None
        self.cursor = 0
        self.sel_anchor: int | None = None
        self.select_mode = False
        self._goal_column: int | None = None
        self._layout: TextLayout | None = None
        self._pattern: re.Pattern[str] | None = None
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._styles: RowStyles | None = None
        self._wrap_timer: object | None = None

    # -- content ------------------------------------------------------------------------------
    def show(self, text: str, spans: SpanSource | None, cursor: int = 0) -> None:
        """Display a new text with its spans; the cursor goes to `cursor`."""
        self.text = text
        self.spans = spans
        self.suggestions = None
        self.cursor = min(max(cursor, 0), len(text))
        self.sel_anchor = None
        self.select_mode = False
        self._goal_column = None
        self._cache.clear()
        self._layout = None
        self._relayout()
        self._post_cursor()

    def spans_changed(self, start: int | None = None, end: int | None = None) -> None:
        """Redraw after the spans changed (in [start, end) when known)."""
        if start is None or end is None or self._layout is None:
            self.refresh()
            return
        first = self._layout.row_of(start)
        last = self._layout.row_of(end)
        self.refresh_lines(first, last - first + 1)

    def set_search(self, pattern: re.Pattern[str] | None) -> None:
        """Highlight every match of `pattern` (None: no highlighting)."""
        if pattern != self._pattern:
            self._pattern = pattern
            self.refresh()

    def set_suggestions(self, suggestions: SpanSource | None, redraw: bool = True) -> None:
        """Draw these spans as suggestions (distinct from accepted spans); with `redraw` off,
        the caller refreshes the rows that changed (spans_changed)."""
        self.suggestions = suggestions
        if redraw:
            self.refresh()

    @property
    def layout_complete(self) -> bool:
        return self._layout is not None and self._layout.complete

    @property
    def text_layout(self) -> TextLayout | None:
        return self._layout

    # -- layout -------------------------------------------------------------------------------
    def _wrap_width(self) -> int:
        # One spare column for the hanging break space and the cursor after a full row.
        return max(self.scrollable_content_region.width - 1, 10)

    def _relayout(self) -> None:
        if not self.is_mounted:
            return
        width = self._wrap_width()
        if (
            self._layout is not None
            and self._layout.width == width
            and self._layout.text is self.text
        ):
            return
        self._layout = TextLayout(self.text, width)
        self._cache.clear()
        self._update_virtual_size()
        if not self._layout.complete and self._wrap_timer is None:
            self._wrap_timer = self.set_interval(0.01, self._wrap_in_background)
        self.scroll_to_cursor(center=True)
        self.refresh()

    def _update_virtual_size(self) -> None:
        assert self._layout is not None
        self.virtual_size = Size(self.scrollable_content_region.width, self._layout.row_count)

    def _wrap_in_background(self) -> None:
        layout = self._layout
        if layout is None or layout.complete:
            if self._wrap_timer is not None:
                self._wrap_timer.stop()  # type: ignore[attr-defined]
                self._wrap_timer = None
            return
        top_offset = self._top_offset()
        # A few milliseconds of wrapping per tick, so that keys typed meanwhile wait little.
        deadline = time.perf_counter() + WRAP_BUDGET
        changes = layout.wrap_some(WRAP_BATCH)
        while not layout.complete and time.perf_counter() < deadline:
            changes += layout.wrap_some(WRAP_BATCH)
        if changes:
            self._update_virtual_size()
            # Keep the text at the top of the screen where it was.
            self.scroll_to(y=layout.row_of(top_offset), animate=False, immediate=True)
            self.refresh()

    def _top_offset(self) -> int:
        assert self._layout is not None
        if self._layout.row_count == 0:
            return 0
        return self._layout.row_bounds(int(self.scroll_offset.y))[0]

    def on_mount(self) -> None:
        self._relayout()

    def on_resize(self) -> None:
        self._relayout()

    # -- cursor and selection -------------------------------------------------------------------
    @property
    def selection(self) -> Selection | None:
        """The selected range, or None when nothing (or nothing but a caret) is selected."""
        if self.sel_anchor is None or self.sel_anchor == self.cursor:
            return None
        return Selection(min(self.sel_anchor, self.cursor), max(self.sel_anchor, self.cursor))

    def select(self, start: int, end: int, cursor_at_start: bool = True) -> None:
        """Select [start, end) and put the cursor at one of its ends."""
        old = self._affected_rows()
        if cursor_at_start:
            self.sel_anchor, self.cursor = end, start
        else:
            self.sel_anchor, self.cursor = start, end
        self._goal_column = None
        self._after_move(old)

    def clear_selection(self) -> None:
        """Drop the selection and leave select mode."""
        if self.sel_anchor is None and not self.select_mode:
            return
        old = self._affected_rows()
        self.sel_anchor = None
        self.select_mode = False
        self._after_move(old)

    def move_to(self, offset: int, *, keep_selection: bool = False) -> None:
        """Put the cursor at `offset`, dropping the selection unless asked to keep it."""
        old = self._affected_rows()
        if not keep_selection and not self.select_mode:
            self.sel_anchor = None
        self.cursor = min(max(offset, 0), len(self.text))
        self._goal_column = None
        self._after_move(old)

    def _affected_rows(self) -> tuple[int, int]:
        if self._layout is None:
            return (0, 0)
        low, high = self.cursor, self.cursor
        if self.sel_anchor is not None:
            low, high = min(low, self.sel_anchor), max(high, self.sel_anchor)
        return self._layout.row_of(low), self._layout.row_of(high)

    def _after_move(self, old: tuple[int, int]) -> None:
        if self._layout is not None:
            new = self._affected_rows()
            first, last = min(old[0], new[0]), max(old[1], new[1])
            if last - first > self.size.height * 2:
                self.refresh()
            else:
                self.refresh_lines(first, last - first + 1)
                # The rows between an old and a new selection end may also change.
        self.scroll_to_cursor()
        self._post_cursor()

    def _post_cursor(self) -> None:
        self.post_message(self.CursorMoved(self, self.cursor, self.selection))

    def scroll_to_cursor(self, center: bool = False) -> None:
        """Scroll so that the cursor's row is on screen (with a little context)."""
        if self._layout is None or not self.size.height:
            return
        row = self._layout.row_of(self.cursor)
        height = self.scrollable_content_region.height
        top = int(self.scroll_offset.y)
        margin = min(2, max(0, (height - 1) // 2))
        if center:
            target = max(0, row - height // 2)
        elif row < top + margin:
            target = max(0, row - margin)
        elif row >= top + height - margin:
            target = row - height + margin + 1
        else:
            return
        self.scroll_to(y=target, animate=False, immediate=True)

    def _move(self, motion: str) -> int:
        """The cursor's target for `motion`; updates the goal column as the motion does."""
        page = max(1, self.scrollable_content_region.height - 1)
        target, self._goal_column = move_cursor(
            self.text, self._layout, self.cursor, self._goal_column, motion, page
        )
        return target

    def action_move(self, motion: str) -> None:
        """Move the cursor; the selection is dropped unless in select mode."""
        old = self._affected_rows()
        target = self._move(motion)
        if not self.select_mode:
            self.sel_anchor = None
        self.cursor = target
        self._after_move(old)

    def action_select(self, motion: str) -> None:
        """Extend the selection with a movement."""
        if self.sel_anchor is None:
            self.sel_anchor = self.cursor
        old = self._affected_rows()
        self.cursor = self._move(motion)
        self._after_move(old)

    def action_toggle_select_mode(self) -> None:
        """`v`: start selecting from the cursor; movements extend; `v` or Esc ends it."""
        if self.select_mode:
            self.clear_selection()
            return
        self.select_mode = True
        self.sel_anchor = self.cursor
        self._post_cursor()
        self.refresh_lines(self._layout.row_of(self.cursor) if self._layout else 0)

    # -- drawing ------------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        """Styles changed (a theme switch, a stylesheet reload): drop the resolved row styles
        and every cached row, so the next frame is painted in the new colours."""
        super().notify_style_update()
        self._styles = None
        self._cache.clear()

    def _row_styles(self) -> RowStyles:
        if self._styles is None:
            bgcolor = self.rich_style.bgcolor
            self._styles = RowStyles(
                self.labels,
                bgcolor.get_truecolor().hex if bgcolor is not None else "#1e1e1e",
                self.get_component_rich_style("article-view--cursor"),
                self.get_component_rich_style("article-view--selection"),
                self.get_component_rich_style("article-view--match"),
                self.get_component_rich_style("article-view--marker"),
            )
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self._layout
        row = int(self.scroll_offset.y) + y
        base = self.rich_style
        if layout is None or row >= layout.row_count:
            return Strip.blank(width, base)
        start, end, last = layout.row_bounds(row)
        spans = self.spans.overlapping(start, end) if self.spans is not None else ()
        suggested = self.suggestions.overlapping(start, end) if self.suggestions is not None else ()
        cursor = self.cursor if start <= self.cursor <= end else -1
        selection = self.selection
        sel = (
            (max(selection.start, start), min(selection.end, end + 1))
            if selection is not None and selection.start <= end and selection.end > start
            else None
        )
        matches = self._matches(start, end)
        key = (
            start,
            end,
            last,
            width,
            tuple((s.start, s.end, s.label) for s in spans),
            tuple((s.start, s.end, s.label) for s in suggested),
            cursor,
            sel,
            tuple(matches),
        )
        strip = self._cache.get(key)
        if strip is None:
            strip = draw_row(
                self.text,
                self._row_styles(),
                start,
                end,
                last,
                spans,
                suggested,
                cursor,
                sel,
                matches,
                base,
            )
            strip = strip.extend_cell_length(width, base).crop(0, width)
            self._cache[key] = strip
        return strip

    def _matches(self, start: int, end: int) -> list[tuple[int, int]]:
        if self._pattern is None:
            return []
        span = max(len(self._pattern.pattern), 1) * 4
        return [
            (m.start(), m.end())
            for m in self._pattern.finditer(
                self.text, max(0, start - span), min(len(self.text), end + span)
            )
            if m.start() < end and m.end() > start and m.end() > m.start()
        ]
