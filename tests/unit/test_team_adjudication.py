"""The adjudication state, without the app: agreed spans, open disagreements, decisions."""

from __future__ import annotations

from pathlib import Path

from tests.support.team_support import make_db, seed_pair
from tui.store import Store
from tui.team.adjudication import AdjudicationState, plan_document
from tui.team.corpus import load_corpus
from tui.team.gold import prepare_gold, rejection_records

TEXT = "Ana Diaz met Ben Ruiz in Lima."


def at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def test_plan_splits_agreed_spans_from_disagreements(tmp_path: Path) -> None:
    spans = [
        ("d", *at("Ana Diaz"), "PERSON", "ana"),
        ("d", *at("Ana Diaz"), "PERSON", "ben"),
        ("d", *at("Ana Diaz"), "PERSON", "cy"),
        ("d", *at("Lima"), "PLACE", "ana"),
        ("d", *at("Lima"), "PLACE", "ben"),
        ("d", *at("Lima"), "PERSON", "cy"),
    ]
    path = make_db(tmp_path / "team.json", {"d": TEXT}, spans)
    corpus = load_corpus([Store.open(path, write=False)])
    sha = next(iter(corpus.documents))
    plan = plan_document(corpus, sha, "d", corpus.annotators)
    assert list(plan.agreed) == [(*at("Ana Diaz"), "PERSON")]
    assert plan.agreed[(*at("Ana Diaz"), "PERSON")] == ("ana", "ben", "cy")
    place = plan.disagreements[(*at("Lima"), "PLACE")]
    assert (place.annotators, place.without) == (("ana", "ben"), ("cy",))
    assert plan.disagreements[(*at("Lima"), "PERSON")].annotators == ("cy",)


def test_decisions_open_and_close_disagreements(tmp_path: Path) -> None:
    ana, ben = seed_pair(tmp_path)
    corpus = load_corpus([Store.open(ana, write=False), Store.open(ben, write=False)])
    with Store.open(tmp_path / "gold.json") as gold:
        setup = prepare_gold(corpus, ["ana", "ben"], gold, "judge")
        assert setup.agreed_added == 4 and setup.documents_added == 1
        state, doc_id = setup.state, setup.order[0]
        assert state.total_open == state.open_count(doc_id) == 6
        items = list(state.open_index(doc_id))
        figure, red_person, red_place = items[0], items[1], items[2]
        assert state.alternatives(doc_id, red_person) == [red_place]
        state.note_gold(doc_id, added=[figure.key], removed=[])
        assert state.total_open == 5 and not state.is_open(doc_id, figure.key)
        assert state.reject(doc_id, [red_person.key, red_person.key]) == [red_person.key]
        assert state.total_open == 4
        state.note_gold(doc_id, added=[], removed=[figure.key])  # an undo of the accept
        assert state.is_open(doc_id, figure.key) and state.total_open == 5
        state.unreject(doc_id, [red_person.key])
        assert state.total_open == 6
        assert [d.text for d in state.open_of(doc_id, "ben")] == [
            "Red Mosque",
            "eight days",
            "Major General Waheed Arshad",
        ]
        assert state.next_document(setup.order, doc_id, 1) is None
        # What the gold keeps is what a second run reads back.
        gold.put_suggestions(rejection_records(gold.documents[doc_id], [red_person.key], "judge"))
    with Store.open(tmp_path / "gold.json") as gold:
        again = prepare_gold(corpus, ["ana", "ben"], gold, "judge")
        assert again.agreed_added == 0 and again.documents_added == 0
        assert again.state.total_open == 5
        assert not again.state.is_open(doc_id, red_person.key)


def test_next_document_skips_those_with_nothing_open() -> None:
    from tui.team.adjudication import Disagreement, DocumentPlan

    def plan(doc_id: str, open_items: int) -> DocumentPlan:
        items = {
            (i, i + 1, "PERSON"): Disagreement(i, i + 1, "PERSON", "x", ("ana",), ("ben",))
            for i in range(open_items)
        }
        return DocumentPlan(doc_id, ("ana", "ben"), {}, items)

    state = AdjudicationState([plan("a", 1), plan("b", 0), plan("c", 2)], {}, {})
    order = ["a", "b", "c"]
    assert state.next_document(order, "a", 1) == "c"
    assert state.next_document(order, "c", -1) == "a"
    assert state.next_document(order, "c", 1) is None
    assert state.total_open == 3


def test_a_document_without_disagreements_is_done_at_once(tmp_path: Path) -> None:
    same = [("d", *at("Lima"), "PLACE")]
    other = "Eva Soto left Cusco."
    texts = {"d": TEXT, "e": other}
    ana = make_db(tmp_path / "ana.json", texts, [*same, ("e", 0, 8, "PERSON")])
    ben = make_db(tmp_path / "ben.json", texts, [*same, ("e", 14, 19, "PLACE")])
    corpus = load_corpus([Store.open(ana, write=False), Store.open(ben, write=False)])
    with Store.open(tmp_path / "gold.json") as gold:
        setup = prepare_gold(corpus, ["ana", "ben"], gold, "judge")
        assert setup.state.open_count("d") == 0 and setup.state.open_count("e") == 2
        assert gold.documents["d"].status == "done"
        assert gold.documents["e"].status == "todo"
