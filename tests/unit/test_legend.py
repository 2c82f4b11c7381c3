"""The side panel's legend fits the label set: two labels a row when the names allow."""

from __future__ import annotations

from rich.text import Text

from tui.labels import DEFAULT_LABEL_SET, Label, LabelSet
from tui.widgets.legend import PANEL_CELLS, legend_height, legend_markup


def test_default_legend() -> None:
    markup = legend_markup(DEFAULT_LABEL_SET, {"PERSON": 3})
    rows = Text.from_markup(markup).plain.splitlines()
    assert rows == ["  PERSON p    3    PLACE  l    0", "  QUOTE  q    0    FIGURE f    0"]
    assert legend_height(DEFAULT_LABEL_SET) == 2


def test_long_names_take_a_row_each_and_every_row_fits() -> None:
    for names in (["COUNTRY", "ORG", "CITY"], ["ORGANISATION", "EVENT", "X"]):
        labels = LabelSet(Label(name, key) for name, key in zip(names, "cer", strict=False))
        rows = Text.from_markup(legend_markup(labels, {names[0]: 1234})).plain.splitlines()
        assert len(rows) == legend_height(labels)
        assert all(len(row) <= PANEL_CELLS for row in rows)
        assert all(name in "".join(rows) for name in names)
    assert legend_height(LabelSet([Label("ORGANISATION", "c"), Label("EVENT", "e")])) == 2
