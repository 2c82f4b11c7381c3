"""The reader's suggestion state without the app: what is shown, Tab, decisions."""

from __future__ import annotations

from tui.suggest.base import Suggestion
from tui.suggest.state import SuggestionState

LENGTH = 100


def s(start: int, end: int, label: str = "PERSON") -> Suggestion:
    return Suggestion(start, end, label, 0.9, "test")


def shown(state: SuggestionState) -> list[tuple[int, int, str]]:
    return [x.key for x in state.shown or ()]


def test_apply_reports_only_what_changed_and_leaves_out_rejections() -> None:
    state = SuggestionState()
    first = [s(0, 3), s(10, 14, "PLACE"), s(20, 25)]
    assert state.apply(first, (0, LENGTH), rejected={(20, 25, "PERSON")}) == {
        (0, 3, "PERSON"),
        (10, 14, "PLACE"),
    }
    assert shown(state) == [(0, 3, "PERSON"), (10, 14, "PLACE")]
    # Same window: only the difference is reported (and applied to the same index).
    index = state.shown
    assert state.apply([s(0, 3), s(30, 33)], (0, LENGTH), rejected=set()) == {
        (10, 14, "PLACE"),
        (30, 33, "PERSON"),
    }
    assert state.shown is index
    assert shown(state) == [(0, 3, "PERSON"), (30, 33, "PERSON")]
    assert len(state) == 2 and state.covers(LENGTH)


def test_tab_goes_forward_from_the_cursor_then_by_rank_and_wraps() -> None:
    state = SuggestionState()
    a, b, c = s(0, 3), s(10, 14), s(10, 12)
    state.apply([a, b, c], (0, LENGTH), rejected=set())
    first = state.step(1, cursor=5, selection=None, length=LENGTH)
    assert first.target == b and not first.wrapped
    state.selected = b
    # From the selected one, by rank: (10, 14) then (10, 12) (same start, longer first).
    second = state.step(1, cursor=10, selection=(10, 14), length=LENGTH)
    assert second.target == c
    last = state.step(1, cursor=10, selection=(10, 12), length=LENGTH)
    assert last.target == a and last.wrapped
    back = state.step(-1, cursor=5, selection=None, length=LENGTH)
    assert back.target == a and not back.wrapped


def test_tab_past_a_partial_window_asks_for_the_next_window() -> None:
    state = SuggestionState()
    state.apply([s(10, 14)], (0, 50), rejected=set())
    assert not state.covers(LENGTH)
    assert state.step(1, cursor=20, selection=None, length=LENGTH).fetch_from == 50
    nothing = SuggestionState()
    nothing.apply([], (0, LENGTH), rejected=set())
    empty = nothing.step(1, cursor=0, selection=None, length=LENGTH)
    assert empty.target is None and empty.fetch_from is None


def test_the_selected_suggestion_is_the_exact_extent() -> None:
    state = SuggestionState()
    person, place = s(10, 14), s(10, 14, "PLACE")
    state.apply([person, place], (0, LENGTH), rejected=set())
    assert state.at(None) is None and state.at((10, 13)) is None
    assert state.at((10, 14)) in (person, place)
    state.selected = place
    assert state.at((10, 14)) is place  # the one Tab selected, of two with the same extent


def test_a_decision_drops_what_it_decides_and_tab_goes_on_from_its_rank() -> None:
    state = SuggestionState()
    a, b, b_place, overlapping, d = s(0, 3), s(10, 14), s(10, 14, "PLACE"), s(12, 18), s(30, 33)
    state.apply([a, b, b_place, overlapping, d], (0, LENGTH), rejected=set())
    decided = state.decided_by(10, 14, "PERSON")
    assert set(decided) == {b, b_place, overlapping}
    assert set(state.drop(decided)) == {b, b_place, overlapping}
    assert state.drop([b]) == []  # already gone
    assert shown(state) == [a.key, d.key]
    assert state.following(b) == d
    state.drop([d])
    assert state.following(d) is None


def test_near_edge_of_the_requested_window() -> None:
    state = SuggestionState()
    state.requested = (1000, 2000)
    assert state.near_edge(1100, 5000) and state.near_edge(1900, 5000)
    assert not state.near_edge(1500, 5000)
    state.requested = (0, 5000)
    assert not state.near_edge(10, 5000) and not state.near_edge(4990, 5000)
    state.reset()
    assert state.shown is None and state.selected is None and state.window == (0, 0)
