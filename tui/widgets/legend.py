"""The side panel's legend: each label of the set with its colour, key and count."""

from __future__ import annotations

from collections.abc import Mapping

from rich.markup import escape

from tui.labels import LabelSet

PANEL_CELLS = 35
"""The cells a legend row may take (the side panel's 38, less its border and padding)."""


def legend_columns(labels: LabelSet) -> int:
    """Two labels a row when their names fit, else one."""
    width = max((len(name) for name in labels.names), default=0)
    cell = width + 9  # swatch, space, name, space, key, space, four digits
    return 2 if 2 * cell + 2 <= PANEL_CELLS else 1


def legend_height(labels: LabelSet) -> int:
    """The legend's rows: fixed for a set, so updating counts never needs a layout pass."""
    columns = legend_columns(labels)
    return (len(labels) + columns - 1) // columns


def legend_markup(labels: LabelSet, counts: Mapping[str, int]) -> str:
    """The legend as Rich markup: a swatch, the name, the key and the count of each label."""
    width = max((len(name) for name in labels.names), default=0)
    cells = [
        f"[on {label.color}] [/] {escape(label.name):<{width}} [b]{escape(label.key)}[/]"
        f" {counts.get(label.name, 0):>4}"
        for label in labels
    ]
    columns = legend_columns(labels)
    return "\n".join("  ".join(cells[i : i + columns]) for i in range(0, len(cells), columns))
