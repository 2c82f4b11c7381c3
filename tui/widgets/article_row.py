"""Painting one row of the article view: the text of a range of offsets, with the spans,
suggestions, search matches, selection and cursor that fall in it, as one Strip.

A pure function of its arguments (no widget state), which is what lets the view cache rows
under a key of everything that changes them.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.labels import LabelSet
from tui.model import Extent as SpanLike
from tui.text.layout import char_cells, is_simple, is_visible_marker


def blend(color: str, background: str, amount: float) -> Color:
    """`color` laid over `background` at `amount` opacity."""
    fg = Color.parse(color).get_truecolor()
    bg = Color.parse(background).get_truecolor()
    return Color.from_rgb(
        bg.red + (fg.red - bg.red) * amount,
        bg.green + (fg.green - bg.green) * amount,
        bg.blue + (fg.blue - bg.blue) * amount,
    )


def is_light(color: str) -> bool:
    """Whether `color` is a light background (a light theme), by its perceived brightness."""
    rgb = Color.parse(color).get_truecolor()
    return rgb.red * 0.299 + rgb.green * 0.587 + rgb.blue * 0.114 > 127.5


@dataclass
class RowStyles:
    """The styles a row is painted with: from the widget's component classes, its background
    and the labels' colours. Rebuilt on every theme change (ArticleView.notify_style_update).
    """

    labels: LabelSet
    background: str
    cursor: Style
    selection: Style
    match: Style
    marker: Style
    _by_label: dict[str, tuple[Style, Style, Style]] = field(default_factory=dict)

    def for_label(self, label: str) -> tuple[Style, Style, Style]:
        """(span, nested span, suggestion) styles of a label, computed once: fills of the
        label's colour over the background; a suggestion's text in that colour, darkened on a
        light background so that it stays readable."""
        styles = self._by_label.get(label)
        if styles is None:
            color = self.labels[label].color if label in self.labels else "#a0a0a0"
            ink = blend("#000000", color, 0.4) if is_light(self.background) else Color.parse(color)
            styles = (
                Style(bgcolor=blend(color, self.background, 0.38)),
                Style(bgcolor=blend(color, self.background, 0.62), underline=True, bold=True),
                Style(color=ink, italic=True, underline=True),
            )
            self._by_label[label] = styles
        return styles


OTHER_SIDE = Style(underline=False, underline2=True)
"""Drawn over a suggestion's style for a disagreement of the second side (docs/team.md)."""


def draw_row(
    text: str,
    styles: RowStyles,
    start: int,
    end: int,
    last: bool,
    spans: Sequence[SpanLike],
    suggested: Sequence[SpanLike],
    cursor: int,
    sel: tuple[int, int] | None,
    matches: list[tuple[int, int]],
    base: Style,
) -> Strip:
    points = {start, end}
    for item in (*spans, *suggested):
        points.add(min(max(item.start, start), end))
        points.add(min(max(item.end, start), end))
    for low, high in matches:
        points.add(min(max(low, start), end))
        points.add(min(max(high, start), end))
    if sel is not None:
        points.update((min(sel[0], end), min(sel[1], end)))
    if start <= cursor < end:
        points.update((cursor, cursor + 1))
    bounds = sorted(points)
    cursor_style = styles.cursor
    selection_style = styles.selection
    match_style = styles.match
    marker_style = styles.marker
    segments: list[Segment] = []
    column = 0
    # A sweep over the runs: spans enter as the runs reach their start and leave (lazily, from
    # heaps) once the runs pass their end, so a row costs O(k log k) in its k spans, not O(k^2).
    by_start = sorted(spans, key=lambda s: s.start)
    entering = 0
    shortest: list[tuple[int, int, int, SpanLike]] = []  # (length, order, end, span)
    ends: list[int] = []
    for low, high in itertools.pairwise(bounds):
        if low >= high:
            continue
        while entering < len(by_start) and by_start[entering].start <= low:
            span = by_start[entering]
            heapq.heappush(shortest, (span.end - span.start, entering, span.end, span))
            heapq.heappush(ends, span.end)
            entering += 1
        while ends and ends[0] < high:
            heapq.heappop(ends)
        while shortest and shortest[0][2] < high:
            heapq.heappop(shortest)
        style = base
        if ends:
            inner = shortest[0][3]
            plain, nested, _ = styles.for_label(inner.label)
            style = style + (nested if len(ends) > 1 else plain)
        else:
            hinted = [s for s in suggested if s.start <= low and s.end >= high]
            if hinted:
                style = style + styles.for_label(hinted[0].label)[2]
                if getattr(hinted[0], "side", 0):
                    # The other side of a disagreement (adjudication): a double underline.
                    style = style + OTHER_SIDE
        if any(m0 <= low and m1 >= high for m0, m1 in matches):
            style = style + match_style
        if sel is not None and sel[0] <= low and high <= sel[1]:
            style = style + selection_style
        if low == cursor:
            style = style + cursor_style
        chunk = text[low:high]
        if is_simple(chunk):
            segments.append(Segment(chunk, style))
            column += len(chunk)
            continue
        for char in chunk:
            shown, cells = char_cells(char, column)
            if not shown:
                continue
            char_style = style + marker_style if is_visible_marker(char) else style
            if cells == 0 and segments:
                # A combining mark joins the cell of the character before it.
                previous = segments[-1]
                segments[-1] = Segment(previous.text + shown, previous.style)
                continue
            segments.append(Segment(shown, char_style))
            column += cells
    # The position after the row's last character: the cursor may rest there, and a selection
    # that runs on past the newline shows it as a blank cell.
    if last:
        style = base
        if sel is not None and sel[1] > end:
            style = style + selection_style
        if cursor == end:
            style = style + cursor_style
        if style is not base:
            segments.append(Segment(" ", style))
    return Strip(segments)
