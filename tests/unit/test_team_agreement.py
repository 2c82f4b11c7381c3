"""`spantag agree`'s figures, computed again here by hand on small made-up cases."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import krippendorff
import pytest

from tests.support.team_support import make_db
from tui.store import Store
from tui.team.agreement import ALL, agree, compare_pair, overlap_matches
from tui.team.alpha import CharCounts, nominal_alpha
from tui.team.corpus import TeamCorpus, TeamError, load_corpus

TEXT = "Ana Diaz met Ben Ruiz in Lima and Cusco on Monday."
OTHER = "The port of Callao closed for 3 days, said Eva Soto."


def at(needle: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def span(doc: str, needle: str, label: str, text: str = TEXT) -> tuple[str, int, int, str]:
    return (doc, *at(needle, text), label)


def bits(length: int, extents: list[tuple[int, int]]) -> list[int]:
    """Each character coded 1 when inside one of the extents."""
    return [1 if any(s <= i < e for s, e in extents) else 0 for i in range(length)]


def alpha_by_hand(a: list[int], b: list[int]) -> float:
    """Krippendorff's nominal alpha of two coders, from its textbook definition."""
    n = 2 * len(a)
    o: Counter[tuple[int, int]] = Counter()
    for x, y in zip(a, b, strict=True):
        o[(x, y)] += 1
        o[(y, x)] += 1
    n_c: Counter[int] = Counter()
    for (c, _), count in o.items():
        n_c[c] += count
    disagreement = o[(0, 1)] + o[(1, 0)]
    expected = 2 * n_c[0] * n_c[1]
    return 1 - (n - 1) * disagreement / expected


def corpus_of(
    tmp_path: Path,
    a: list[tuple[str, int, int, str]],
    b: list[tuple[str, int, int, str]],
    texts: dict[str, str] | None = None,
) -> TeamCorpus:
    texts = texts or {"d1": TEXT}
    paths = [make_db(tmp_path / "ana.json", texts, a), make_db(tmp_path / "ben.json", texts, b)]
    return load_corpus([Store.open(p, write=False) for p in paths])


def test_identical_annotations_agree_perfectly(tmp_path: Path) -> None:
    spans = [
        span("d1", "Ana Diaz", "PERSON"),
        span("d1", "Ben Ruiz", "PERSON"),
        span("d1", "Lima", "PLACE"),
    ]
    pair = compare_pair(corpus_of(tmp_path, spans, spans), "ana", "ben")
    for label in ("PERSON", "PLACE", ALL):
        figures = pair.labels[label].figures()
        assert figures["only_a"] == figures["only_b"] == 0
        assert figures["precision"] == figures["recall"] == figures["f1"] == 1.0
        assert figures["overlap_f1"] == 1.0
        assert figures["alpha"] == 1.0
    assert pair.labels["PERSON"].both == 2
    assert pair.labels[ALL].both == 3
    assert list(pair.labels) == ["PERSON", "PLACE", ALL]


def test_disjoint_annotations(tmp_path: Path) -> None:
    pair = compare_pair(
        corpus_of(tmp_path, [span("d1", "Ana Diaz", "PERSON")], [span("d1", "Lima", "PLACE")]),
        "ana",
        "ben",
    )
    person, place, total = (pair.labels[x].figures() for x in ("PERSON", "PLACE", ALL))
    assert (person["both"], person["only_a"], person["only_b"]) == (0, 1, 0)
    assert (place["both"], place["only_a"], place["only_b"]) == (0, 0, 1)
    assert person["precision"] == 0.0 and person["recall"] == 0.0 and person["f1"] == 0.0
    assert total["f1"] == 0.0 and total["overlap_f1"] == 0.0
    length = len(TEXT)
    # PERSON: A has 8 characters in, B none: alpha = 1 - (2L - 1) * 8 / ((2L - 8) * 8).
    assert person["alpha"] == pytest.approx(1 - (2 * length - 1) / (2 * length - 8), abs=1e-12)
    assert person["alpha"] == pytest.approx(
        alpha_by_hand(bits(length, [at("Ana Diaz")]), [0] * length), abs=1e-12
    )
    assert place["alpha"] == pytest.approx(
        alpha_by_hand([0] * length, bits(length, [at("Lima")])), abs=1e-12
    )


def test_boundary_shift_counts_for_overlap_not_exact(tmp_path: Path) -> None:
    pair = compare_pair(
        corpus_of(tmp_path, [span("d1", "Ana Diaz", "PERSON")], [span("d1", "Ana", "PERSON")]),
        "ana",
        "ben",
    )
    person = pair.labels["PERSON"].figures()
    assert (person["both"], person["only_a"], person["only_b"]) == (0, 1, 1)
    assert person["f1"] == 0.0
    assert person["overlap_f1"] == 1.0
    length = len(TEXT)
    expected = alpha_by_hand(bits(length, [at("Ana Diaz")]), bits(length, [at("Ana")]))
    # and the package itself, on the full reliability matrix (one unit per character)
    matrix = [bits(length, [at("Ana Diaz")]), bits(length, [at("Ana")])]
    reference = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert person["alpha"] == pytest.approx(expected, abs=1e-12)
    assert person["alpha"] == pytest.approx(reference, abs=1e-12)
    assert 0 < person["alpha"] < 1


def test_relabel_is_a_confusion(tmp_path: Path) -> None:
    pair = compare_pair(
        corpus_of(
            tmp_path,
            [span("d1", "Lima", "PERSON"), span("d1", "Ana Diaz", "PERSON")],
            [span("d1", "Lima", "PLACE"), span("d1", "Ana Diaz", "PERSON")],
        ),
        "ana",
        "ben",
    )
    assert pair.confusion == Counter({("PERSON", "PLACE"): 1})
    person, place, total = (pair.labels[x].figures() for x in ("PERSON", "PLACE", ALL))
    assert (person["both"], person["only_a"], person["only_b"]) == (1, 1, 0)
    assert (person["precision"], person["recall"]) == (1.0, 0.5)
    assert person["f1"] == pytest.approx(2 / 3)
    assert (place["both"], place["only_a"], place["only_b"]) == (0, 0, 1)
    assert place["precision"] == 0.0 and place["recall"] == 0.0
    assert (total["both"], total["only_a"], total["only_b"]) == (1, 1, 1)
    assert total["f1"] == 0.5 and total["overlap_f1"] == 0.5


def test_each_span_is_matched_by_overlap_at_most_once() -> None:
    assert overlap_matches([(0, 8)], [(0, 3), (4, 8)]) == 1
    assert overlap_matches([(0, 3), (4, 8)], [(0, 8)]) == 1
    # a maximum matching, not a greedy one: (0, 10) must take (0, 3) so that (5, 6) can match
    assert overlap_matches([(0, 10), (5, 6)], [(0, 10), (0, 3)]) == 2
    assert overlap_matches([(0, 3)], [(3, 6)]) == 0  # touching is not overlapping


def test_three_annotators_give_every_pair_and_the_mean(tmp_path: Path) -> None:
    # Three annotators in one shared database: the annotator field says who.
    base = [span("d1", "Ana Diaz", "PERSON"), span("d1", "Lima", "PLACE")]
    spans = [(*s, "ana") for s in base]
    spans += [(*s, "ben") for s in base]
    spans += [(*span("d1", "Ana Diaz", "PERSON"), "cy"), (*span("d1", "Cusco", "PLACE"), "cy")]
    path = make_db(tmp_path / "team.json", {"d1": TEXT}, spans)
    corpus = load_corpus([Store.open(path, write=False)])
    result = agree(corpus)
    assert result.annotators == ["ana", "ben", "cy"]
    assert [(p.a, p.b) for p in result.pairs] == [("ana", "ben"), ("ana", "cy"), ("ben", "cy")]
    f1 = [p.labels[ALL].f1 for p in result.pairs]
    assert f1 == [1.0, 0.5, 0.5]
    payload = result.to_json(corpus)
    assert payload["mean"][ALL]["f1"] == pytest.approx(2 / 3)
    assert payload["mean"]["PLACE"]["f1"] == pytest.approx((1.0 + 0.0 + 0.0) / 3)


def test_only_documents_both_annotated_count(tmp_path: Path) -> None:
    texts = {"d1": TEXT, "d2": OTHER}
    a = [span("d1", "Lima", "PLACE"), span("d2", "Callao", "PLACE", OTHER)]
    b = [span("d1", "Lima", "PLACE")]
    pair = compare_pair(corpus_of(tmp_path, a, b, texts), "ana", "ben")
    assert len(pair.documents) == 1 and pair.labels[ALL].f1 == 1.0
    # Marked done with no span: the document counts, and ana's span there is one ben missed.
    make_db(tmp_path / "ben2.json", texts, b, annotator="ben", done=["d2"])
    stores = [
        Store.open(tmp_path / "ana.json", write=False),
        Store.open(tmp_path / "ben2.json", write=False),
    ]
    pair = compare_pair(load_corpus(stores), "ana", "ben")
    assert len(pair.documents) == 2
    assert (pair.labels[ALL].both, pair.labels[ALL].only_a) == (1, 1)
    worst = pair.worst(load_corpus(stores), 10)
    assert [(w["id"], w["f1"]) for w in worst] == [("d2", 0.0), ("d1", 1.0)]


def test_documents_are_matched_by_text_not_id(tmp_path: Path) -> None:
    a = make_db(tmp_path / "ana.json", {"x": TEXT}, [span("x", "Lima", "PLACE")])
    b = make_db(tmp_path / "ben.json", {"y": TEXT}, [span("y", "Lima", "PLACE")])
    corpus = load_corpus([Store.open(a, write=False), Store.open(b, write=False)])
    assert compare_pair(corpus, "ana", "ben").labels[ALL].both == 1


def test_nothing_to_compare_is_an_error(tmp_path: Path) -> None:
    one = make_db(tmp_path / "ana.json", {"d1": TEXT}, [span("d1", "Lima", "PLACE")])
    with pytest.raises(TeamError, match="only one annotator"):
        agree(load_corpus([Store.open(one, write=False)]))
    other = make_db(tmp_path / "ben.json", {"d2": OTHER}, [span("d2", "Callao", "PLACE", OTHER)])
    corpus = load_corpus([Store.open(one, write=False), Store.open(other, write=False)])
    with pytest.raises(TeamError, match="no document is annotated by two"):
        agree(corpus)


def test_pooled_alpha_equals_the_package_on_every_character() -> None:
    for counts in [CharCounts(40, 3, 5, 12), CharCounts(1, 1, 0, 1), CharCounts(0, 4, 4, 0)]:
        a = [0] * counts.n00 + [0] * counts.n01 + [1] * counts.n10 + [1] * counts.n11
        b = [0] * counts.n00 + [1] * counts.n01 + [0] * counts.n10 + [1] * counts.n11
        reference = krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal")
        assert nominal_alpha(counts) == pytest.approx(reference, abs=1e-12)
    assert nominal_alpha(CharCounts(n00=50)) is None  # nobody used the label: undefined


def test_random_cases_match_a_brute_force_count(tmp_path: Path) -> None:
    import random

    from tui.team.agreement import char_counts

    rng = random.Random(5)
    for _ in range(200):
        length = rng.randint(1, 40)

        def intervals(length: int = length) -> list[tuple[int, int]]:
            out = []
            for _ in range(rng.randint(0, 5)):
                start = rng.randrange(length)
                out.append((start, rng.randint(start + 1, length)))
            return out

        a, b = intervals(), intervals()
        counts = char_counts(a, b, length)
        bits_a, bits_b = bits(length, a), bits(length, b)
        pairs = Counter(zip(bits_a, bits_b, strict=True))
        assert (counts.n00, counts.n01, counts.n10, counts.n11) == (
            pairs[(0, 0)],
            pairs[(0, 1)],
            pairs[(1, 0)],
            pairs[(1, 1)],
        )
        if len(set(bits_a + bits_b)) == 2:
            reference = krippendorff.alpha(
                reliability_data=[bits_a, bits_b], level_of_measurement="nominal"
            )
            assert nominal_alpha(counts) == pytest.approx(reference, abs=1e-9)
        # overlap matching: no larger than either side, at least the exact pairs
        exact = len(set(a) & set(b))
        assert exact <= overlap_matches(a, b) <= min(len(a), len(b))


def test_overlap_matching_is_maximum_on_random_cases_and_long_chains() -> None:
    import random

    rng = random.Random(9)
    for _ in range(300):
        a = sorted({(s, s + rng.randint(1, 4)) for s in (rng.randrange(12) for _ in range(4))})
        b = sorted({(s, s + rng.randint(1, 4)) for s in (rng.randrange(12) for _ in range(4))})

        # brute force: every span of A takes an unused overlapping span of B, or none
        def best(i: int, used: frozenset[int], a: list = a, b: list = b) -> int:  # type: ignore[type-arg]
            if i == len(a):
                return 0
            options = [best(i + 1, used, a, b)]
            for j, y in enumerate(b):
                if j not in used and a[i][0] < y[1] and y[0] < a[i][1]:
                    options.append(1 + best(i + 1, used | {j}, a, b))
            return max(options)

        assert overlap_matches(a, b) == best(0, frozenset()), (a, b)
    # a chain of 5,000 spans, each overlapping the next: no recursion limit is reached
    chain_a = [(2 * i, 2 * i + 3) for i in range(5000)]
    chain_b = [(2 * i + 1, 2 * i + 4) for i in range(5000)]
    assert overlap_matches(chain_a, chain_b) == 5000


def test_alpha_counts_every_character_of_documents_without_the_label(tmp_path: Path) -> None:
    texts = {"d1": TEXT, "d2": OTHER}
    a = [span("d1", "Ana Diaz", "PERSON"), span("d2", "Callao", "PLACE", OTHER)]
    b = [span("d1", "Ana", "PERSON"), span("d2", "Callao", "PLACE", OTHER)]
    pair = compare_pair(corpus_of(tmp_path, a, b, texts), "ana", "ben")
    # PERSON appears in d1 only; d2's characters are all outside it for both annotators.
    bits_a = bits(len(TEXT), [at("Ana Diaz")]) + [0] * len(OTHER)
    bits_b = bits(len(TEXT), [at("Ana")]) + [0] * len(OTHER)
    assert pair.labels["PERSON"].figures()["alpha"] == pytest.approx(
        alpha_by_hand(bits_a, bits_b), abs=1e-12
    )
    place_a = [0] * len(TEXT) + bits(len(OTHER), [at("Callao", OTHER)])
    assert pair.labels["PLACE"].figures()["alpha"] == pytest.approx(
        alpha_by_hand(place_a, place_a), abs=1e-12
    )
    # ALL pools the (character, label) units of both labels
    assert pair.labels[ALL].chars.n00 + pair.labels[ALL].chars.n11 + pair.labels[
        ALL
    ].chars.n01 + pair.labels[ALL].chars.n10 == 2 * (len(TEXT) + len(OTHER))
