"""Cursor motion over a laid-out text (tui.text.motion.move_cursor), without the app: the one
function the article view and the key planner of the tests both move by."""

from __future__ import annotations

import pytest

from tui.text.layout import TextLayout
from tui.text.motion import move_cursor

# Rows of width 10: "alpha beta " / "gamma " / "delta" / "" / "last line"
TEXT = "alpha beta gamma delta\n\nlast line"


def layout() -> TextLayout:
    return TextLayout(TEXT, 10)


def test_horizontal_motions_forget_the_goal_column() -> None:
    rows = layout()
    assert move_cursor(TEXT, rows, 0, 3, "right") == (1, None)
    assert move_cursor(TEXT, rows, 1, 3, "left") == (0, None)
    assert move_cursor(TEXT, rows, 0, 3, "word_right") == (6, None)
    assert move_cursor(TEXT, rows, 8, 3, "word_left") == (6, None)
    assert move_cursor(TEXT, rows, 8, 3, "doc_start") == (0, None)
    assert move_cursor(TEXT, rows, 8, 3, "doc_end") == (len(TEXT), None)


def test_line_start_and_end_stay_on_the_row() -> None:
    rows = layout()
    start, end, last = rows.row_bounds(rows.row_of(13))
    assert move_cursor(TEXT, rows, 13, None, "line_start") == (start, None)
    # A wrapped row ends before its break space; the paragraph's last row at its end.
    assert move_cursor(TEXT, rows, 13, None, "line_end")[0] == (end if last else end - 1)
    assert move_cursor(TEXT, rows, 30, None, "line_end") == (len(TEXT), None)


def test_vertical_motions_keep_aiming_for_the_goal_column() -> None:
    rows = layout()
    cursor, goal = move_cursor(TEXT, rows, 9, None, "down")  # from column 9 of "alpha beta"
    assert goal == 9
    assert rows.row_of(cursor) == 1
    # Down through the empty paragraph and on: the column comes back where the text allows.
    for _ in range(3):
        cursor, goal = move_cursor(TEXT, rows, cursor, goal, "down")
    assert goal == 9 and rows.row_of(cursor) == 4
    assert cursor == rows.row_bounds(4)[0] + 9


def test_the_edges_go_to_the_text_ends_or_stay() -> None:
    rows = layout()
    assert move_cursor(TEXT, rows, 3, None, "up") == (0, None)
    last = len(TEXT) - 2
    assert move_cursor(TEXT, rows, last, None, "down") == (last, None)
    assert move_cursor(TEXT, rows, last, None, "page_down", page=5) == (len(TEXT), None)
    assert move_cursor(TEXT, rows, 3, 2, "page_up", page=5) == (0, 2)
    # A page past the first row stops on it, at the goal column.
    assert move_cursor(TEXT, rows, 12, 2, "page_up", page=5) == (2, 2)


def test_without_a_layout_rows_do_not_move_and_unknown_motions_are_refused() -> None:
    assert move_cursor(TEXT, None, 5, 2, "down") == (5, 2)
    assert move_cursor(TEXT, None, 5, 2, "line_end") == (5, None)
    with pytest.raises(ValueError, match="unknown motion"):
        move_cursor(TEXT, layout(), 0, None, "sideways")
