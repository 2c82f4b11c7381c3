"""A keyboard list drawn with the Line API: only the rows on screen are rendered, so a list of
10 or 100,000 entries costs the same to show, scroll and update."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class VirtualList(ScrollView, can_focus=True):
    """Rows 0..count-1 with one highlighted row; subclasses say what each row shows."""

    DEFAULT_CSS = """
    VirtualList { overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1; }
    VirtualList > .virtual-list--highlight { background: $accent 40%; }
    VirtualList:focus > .virtual-list--highlight { background: $accent; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-list--highlight"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="list.up", tooltip="Previous entry"),
        Binding("down,j", "move(1)", "Down", show=False, id="list.down", tooltip="Next entry"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up", tooltip="Page up"),
        Binding(
            "pagedown", "page(1)", "Page down", show=False, id="list.page_down", tooltip="Page down"
        ),
        Binding(
            "home,g", "move_to(0)", "First", show=False, id="list.first", tooltip="First entry"
        ),
        Binding("end,G", "move_to(-1)", "Last", show=False, id="list.last", tooltip="Last entry"),
        Binding("enter", "choose", "Open", id="list.choose", tooltip="Open the highlighted entry"),
    ]

    highlighted = 0

    @property
    def count(self) -> int:
        raise NotImplementedError

    def render_row(self, index: int, width: int, style: Style) -> Strip:
        raise NotImplementedError

    def choose(self, index: int) -> None:
        """Enter on row `index`."""

    # -- state ----------------------------------------------------------------------------------
    def count_changed(self) -> None:
        """Re-read the row count (after rows were added or removed) and redraw."""
        count = self.count
        self.highlighted = min(self.highlighted, max(count - 1, 0))
        new = Size(self.scrollable_content_region.width, count)
        height = self.scrollable_content_region.height
        if self.is_mounted and (self.virtual_size.height > height) == (count > height):
            # The scrollbar neither appears nor goes: no layout pass (which redraws the whole
            # screen, ~10 ms), only the scrollbar's numbers.
            self.set_reactive(VirtualList.virtual_size, new)
            self._scroll_update(new)
        else:
            self.virtual_size = new
        self.refresh()

    def highlight_row(self, index: int) -> None:
        """Highlight a row and scroll it into view."""
        count = self.count
        if not count:
            return
        previous = self.highlighted
        self.highlighted = min(max(index, 0), count - 1)
        top = int(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if self.highlighted < top:
            self.scroll_to(y=self.highlighted, animate=False, immediate=True)
        elif self.highlighted >= top + height:
            self.scroll_to(y=self.highlighted - height + 1, animate=False, immediate=True)
        self.refresh_lines(previous)
        self.refresh_lines(self.highlighted)

    # -- keys -----------------------------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        self.highlight_row(self.highlighted + delta)

    def action_page(self, direction: int) -> None:
        self.highlight_row(self.highlighted + direction * max(1, self.size.height - 1))

    def action_move_to(self, index: int) -> None:
        if self.count:
            self.highlight_row(index % self.count)

    def action_choose(self) -> None:
        if 0 <= self.highlighted < self.count:
            self.choose(self.highlighted)

    # -- drawing --------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.rich_style
        if index >= self.count:
            return Strip.blank(width, base)
        style = base
        if index == self.highlighted:
            style = base + self.get_component_rich_style("virtual-list--highlight")
        return self.render_row(index, width, style).crop_extend(0, width, style)
