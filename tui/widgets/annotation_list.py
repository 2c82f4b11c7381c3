"""The side panel's list of a document's annotations: label, text and position, filterable.

Row y is the index's y-th span (O(log n) by rank), so showing, scrolling and updating the list
costs the same for 10 or 10,000 annotations.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.message import Message
from textual.strip import Strip

from tui.document.annotated import AnnotatedDocument
from tui.document.span_index import SpanIndex
from tui.labels import DEFAULT_LABEL_SET, LabelSet
from tui.model import Annotation
from tui.text.layout import char_cells, printable
from tui.widgets.bindings import add_binding
from tui.widgets.virtual_list import VirtualList


def _shown(text: str, limit: int) -> str:
    """One-line, symbol-safe excerpt of a span's text, cut to `limit` cells."""
    out: list[tuple[str, int]] = []
    cells = 0
    for char in text:
        if char == "\n":
            shown, width = "⏎", 1
        elif char == "\t":
            shown, width = " ", 1
        else:
            shown, width = char_cells(char, cells)
        if cells + width > limit:
            # Make room for the ellipsis.
            while out and cells + 1 > limit:
                cells -= out.pop()[1]
            return "".join(s for s, _ in out) + "…"
        out.append((shown, width))
        cells += width
    return "".join(s for s, _ in out)


class AnnotationList(VirtualList):
    """The annotations of one document, in text order, one per row."""

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
        # The label column fits the set's longest name (6 to 12 cells).
        self._name_width = min(max(6, *(len(name) for name in labels.names)), 12)
        self.document: AnnotatedDocument | None = None
        self.label_filter = ""
        # Drawn rows by annotation: after a tag the rows below shift by one, not change.
        self._rows: LRUCache[tuple[object, ...], Strip] = LRUCache(256)
        add_binding(
            self,
            Binding(
                "0,asterisk",
                "filter('')",
                "All labels",
                id="list.filter_all",
                tooltip="Show every label",
            ),
        )
        for label in labels:
            add_binding(
                self,
                Binding(
                    ",".join(label.keys),
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

    @property
    def count(self) -> int:
        source = self.source
        return len(source) if source is not None else 0

    def show_document(self, document: AnnotatedDocument | None) -> None:
        self.document = document
        self.highlighted = 0
        self.count_changed()
        self.scroll_to(y=0, animate=False)

    def items_changed(self) -> None:
        """Re-read the count after annotations were added or removed."""
        self.count_changed()

    def highlight(self, annotation: Annotation) -> None:
        """Highlight an annotation's row (if the filter shows it) and scroll to it."""
        source = self.source
        if source is not None and annotation in source:
            self.highlight_row(source.rank(annotation))

    def choose(self, index: int) -> None:
        source = self.source
        if source is not None:
            self.post_message(self.Chosen(source.nth(index)))

    def action_filter(self, label: str) -> None:
        self.label_filter = label
        self.highlighted = 0
        self.count_changed()
        self.scroll_to(y=0, animate=False)
        self.post_message(self.FilterChanged(label))

    def render_row(self, index: int, width: int, style: Style) -> Strip:
        source = self.source
        assert source is not None
        annotation = source.nth(index)
        speaker = self._speaker(annotation)
        key = (annotation.key, annotation.text, annotation.note, width, style, speaker)
        strip = self._rows.get(key)
        if strip is None:
            strip = self._render_annotation(annotation, width, style)
            self._rows[key] = strip
        return strip

    def _speaker(self, annotation: Annotation) -> str | None:
        """A quote's speaker as the row shows it ("" for a quote without one)."""
        if annotation.label != "QUOTE" or self.document is None:
            return None
        speaker = self.document.speaker(annotation)
        return speaker.text if speaker is not None else ""

    def _render_annotation(self, annotation: Annotation, width: int, style: Style) -> Strip:
        color = self.labels.color(annotation.label)  # a label outside the set: neutral grey
        position = f" {annotation.start}"
        name_width = self._name_width
        name = f"{printable(annotation.label)[:name_width]:<{name_width}} "
        speaker = self._speaker(annotation)
        said = f" ← {printable(speaker)}" if speaker else (" ← ?" if speaker == "" else "")
        person = self.labels.color("PERSON")
        room = max(width - len(name) - len(position) - len(said), 4)
        segments = [
            Segment(name, style + Style(color=color, bold=True)),
            Segment(_shown(annotation.text, room), style),
            Segment(said, style + Style(color=person, bold=bool(speaker), dim=not speaker)),
        ]
        if annotation.note:  # after the text, as far as the row has room
            note = _shown(annotation.note, max(room - segments[1].cell_length - 3, 1))
            segments.append(Segment(f" ✎ {note}", style + Style(dim=True, italic=True)))
        text = Strip(segments).crop_extend(0, max(width - len(position), 0), style)
        return Strip.join([text, Strip([Segment(position, style + Style(dim=True))])])
