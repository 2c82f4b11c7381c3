"""The side panel's list of a document's annotations: label, text and position, filterable.

A Line API list over the document's span index: row y is the index's y-th span (O(log n) by
rank), so showing, scrolling and updating it costs the same for 10 or 10,000 annotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.annotated import AnnotatedDocument
from tui.labels import DEFAULT_LABEL_SET, LabelSet
from tui.model import Annotation
from tui.span_index import SpanIndex
from tui.text_layout import char_cells, printable
from tui.widgets.bindings import add_binding


def _shown(text: str, limit: int) -> str:
    """One-line, symbol-safe excerpt of a span's text, cut to `limit` cells."""
    out: list[str] = []
    cells = 0
    for char in text:
        if char == "\n":
            shown, width = "⏎", 1
        else:
            shown, width = char_cells(char, cells)
            if char == "\t":
                shown, width = " ", 1
        if cells + width > limit - 1 and cells + width > limit:
            out.append("…")
            break
        out.append(shown)
        cells += width
    return "".join(out)


class AnnotationList(ScrollView, can_focus=True):
    """The annotations of one document, in text order, one per row."""

    DEFAULT_CSS = """
    AnnotationList { overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1; }
    AnnotationList > .annotation-list--highlight { background: $accent 40%; }
    AnnotationList:focus > .annotation-list--highlight { background: $accent; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"annotation-list--highlight"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="list.up", tooltip="Previous annotation"),
        Binding("down,j", "move(1)", "Down", show=False, id="list.down", tooltip="Next annotation"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="list.page_up", tooltip="Page up"),
        Binding(
            "pagedown",
            "move(10)",
            "Page down",
            show=False,
            id="list.page_down",
            tooltip="Page down",
        ),
        Binding(
            "home,g", "move_to(0)", "First", show=False, id="list.first", tooltip="First annotation"
        ),
        Binding(
            "end,G", "move_to(-1)", "Last", show=False, id="list.last", tooltip="Last annotation"
        ),
        Binding(
            "enter", "choose", "Jump", id="list.jump", tooltip="Jump to this annotation in the text"
        ),
        Binding(
            "0,asterisk",
            "filter('')",
            "All labels",
            id="list.filter_all",
            tooltip="Show every label",
        ),
    ]

    @dataclass
    class Chosen(Message):
        """Enter was pressed on an annotation."""

        annotation: Annotation

    @dataclass
    class FilterChanged(Message):
        label: str

    def __init__(self, labels: LabelSet = DEFAULT_LABEL_SET, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.document: AnnotatedDocument | None = None
        self.label_filter = ""
        self.highlighted = 0
        for label in labels:
            add_binding(
                self,
                Binding(
                    f"{label.key},{label.alt_key}",
                    f"filter('{label.name}')",
                    f"Only {label.name}",
                    show=False,
                    id=f"list.filter_{label.name.lower()}",
                    tooltip=f"Show only {label.name} annotations",
                ),
            )

    @property
    def source(self) -> SpanIndex[Annotation] | None:
        if self.document is None:
            return None
        if self.label_filter:
            return self.document.by_label.get(self.label_filter)
        return self.document.spans

    def show_document(self, document: AnnotatedDocument | None) -> None:
        self.document = document
        self.highlighted = 0
        self.items_changed()
        self.scroll_to(y=0, animate=False)

    def items_changed(self) -> None:
        """Re-read the count after annotations were added or removed."""
        count = len(self.source) if self.source is not None else 0
        self.highlighted = min(self.highlighted, max(count - 1, 0))
        self.virtual_size = Size(self.scrollable_content_region.width, count)
        self.refresh()

    def highlight(self, annotation: Annotation) -> None:
        """Highlight an annotation's row (if the filter shows it) and scroll to it."""
        source = self.source
        if source is None or annotation not in source:
            return
        self.highlighted = source.rank(annotation)
        self._scroll_highlight()
        self.refresh()

    def _scroll_highlight(self) -> None:
        top = int(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if self.highlighted < top:
            self.scroll_to(y=self.highlighted, animate=False, immediate=True)
        elif self.highlighted >= top + height:
            self.scroll_to(y=self.highlighted - height + 1, animate=False, immediate=True)

    def action_move(self, delta: int) -> None:
        count = len(self.source) if self.source is not None else 0
        if not count:
            return
        self.highlighted = min(max(self.highlighted + delta, 0), count - 1)
        self._scroll_highlight()
        self.refresh()

    def action_move_to(self, index: int) -> None:
        count = len(self.source) if self.source is not None else 0
        if count:
            self.highlighted = index % count
            self._scroll_highlight()
            self.refresh()

    def action_choose(self) -> None:
        source = self.source
        if source is not None and 0 <= self.highlighted < len(source):
            self.post_message(self.Chosen(source.nth(self.highlighted)))

    def action_filter(self, label: str) -> None:
        self.label_filter = label
        self.highlighted = 0
        self.items_changed()
        self.scroll_to(y=0, animate=False)
        self.post_message(self.FilterChanged(label))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        source = self.source
        index = int(self.scroll_offset.y) + y
        if source is None or index >= len(source):
            return Strip.blank(width, base)
        annotation = source.nth(index)
        color = (
            self.labels[annotation.label].color if annotation.label in self.labels else "#a0a0a0"
        )
        row_style = base
        if index == self.highlighted:
            row_style = base + self.get_component_rich_style("annotation-list--highlight")
        position = f" {annotation.start}"
        name = f"{printable(annotation.label)[:6]:<6} "
        room = max(width - len(name) - len(position), 4)
        segments = [
            Segment(name, row_style + Style(color=color, bold=True)),
            Segment(_shown(annotation.text, room), row_style),
        ]
        room = max(width - len(position), 0)
        strip = Strip(segments).crop_extend(0, room, row_style)
        strip = Strip.join([strip, Strip([Segment(position, row_style + Style(dim=True))])])
        return strip.crop(0, width)
