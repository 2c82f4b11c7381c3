"""The label file: what it accepts, what it refuses (one line each), and its TOML round trip."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.label_files import SIX_LABELS, write_label_file
from tui.config.label_file import (
    LabelFileError,
    free_key,
    parse_label_data,
    read_label_file,
    to_toml,
)
from tui.config.reader_keys import RESERVED_KEYS
from tui.labels import DEFAULT_LABEL_SET, OKABE_ITO, LabelSet, describe_changes


def test_six_labels(tmp_path: Path) -> None:
    labels = read_label_file(write_label_file(tmp_path))
    assert labels.names == ("PERSON", "ORG", "CITY", "COUNTRY", "QUOTE", "FIGURE")
    assert labels["ORG"].keys == ("c", "5")
    assert labels["ORG"].color == "#d7875f"
    assert labels["ORG"].guideline.startswith("Include the legal form")
    assert labels.by_key("t") is labels["CITY"]
    assert labels.entities == {"PERSON"}
    assert [(r.name, r.heads, r.children) for r in labels.relations] == [
        ("SPEAKER", ("QUOTE",), ("PERSON",))
    ]
    # Colours not given come from the Okabe-Ito palette, distinct, skipping one already taken.
    chosen = [labels[n].color for n in ("PERSON", "CITY", "COUNTRY", "QUOTE", "FIGURE")]
    assert chosen == list(OKABE_ITO[:5])
    assert labels.chosen_colors == {"PERSON", "CITY", "COUNTRY", "QUOTE", "FIGURE"}


def one(name: str = "ORG", key: object = "c", **fields: object) -> dict[str, object]:
    return {"labels": [{"name": name, "key": key, **fields}]}


TWO = {"labels": [{"name": "ORG", "key": "c"}, {"name": "EVENT", "key": "e"}]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            one(key="x"),
            "label ORG: key 'x' is already bound to the reader's annotation.remove; "
            "a free key: 'r'",
        ),
        (one(key="u"), "key 'u' is already bound to the reader's history.undo"),
        (one(key="d"), "key 'd' is already bound to the reader's document.done"),
        (one(key="n"), "key 'n' is already bound to the reader's search.next"),
        (one(key="0"), "key '0' is already bound to the reader's list.filter_all"),
        (one(alt_key="j"), "alt_key 'j' is already bound to the reader's list.down"),
        (
            {"labels": [{"name": "ORG", "key": "c"}, {"name": "CITY", "key": "c"}]},
            "label CITY: key 'c' is already the key of label ORG; a free key: 'i'",
        ),
        (one(alt_key="c"), "label ORG: alt_key 'c' is both keys"),
        (
            {"labels": [{"name": "ORG", "key": "c"}, {"name": "ORG", "key": "e"}]},
            "two labels are named 'ORG' and 'ORG'",
        ),
        (
            {"labels": [{"name": "ORG", "key": "c"}, {"name": "org", "key": "e"}]},
            "two labels are named 'ORG' and 'org'",
        ),
        (one(name="NEWS ORG"), "label name 'NEWS ORG' may hold only letters, digits"),
        (one(name="ORG:X"), "may hold only letters, digits, '_' and '-'"),
        (one(name=""), "label name '' may hold only"),
        (one(key="ctrl+e"), "key 'ctrl+e' must be one letter or digit"),
        (one(key="é"), "must be one letter or digit"),
        (one(color="bluish"), "label ORG: unknown colour 'bluish'"),
        (one(color="default"), "colour 'default' is not a colour"),
        (one(colour="#fff"), "label 'ORG': unknown field 'colour'"),
        (one(key=3), "label 'ORG': 'key' must be a string"),
        (one(entity="yes"), "'entity' must be true or false"),
        ({"labels": [{"name": "ORG"}]}, "label 'ORG': no 'key'"),
        ({"labels": []}, "no labels"),
        ({}, "no labels"),
        ({"label": []}, "unknown setting 'label'"),
        ({"labels": ["ORG"]}, "label 1 must be a table"),
        (
            {**TWO, "relations": [{"name": "SPEAKER", "from": ["QUOTE"], "to": ["ORG"]}]},
            "relation SPEAKER: 'from' names 'QUOTE', not a label",
        ),
        (
            {**TWO, "relations": [{"name": "ORG", "from": ["ORG"], "to": ["EVENT"]}]},
            "already used by a label or a relation",
        ),
        ({**TWO, "span_key": ""}, "span_key must be a non-empty string"),
    ],
)
def test_refused_with_one_line(data: dict[str, object], message: str) -> None:
    with pytest.raises(LabelFileError) as error:
        parse_label_data(data, "labels.toml")
    text = str(error.value)
    assert message in text, text
    assert text.startswith("labels.toml: ") and "\n" not in text
    assert error.value.exit_code == 2


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(LabelFileError, match="no such label file"):
        read_label_file(tmp_path / "missing.toml")
    with pytest.raises(LabelFileError, match="is a folder"):
        read_label_file(tmp_path)
    bad = write_label_file(tmp_path, '[[labels]]\nname = "ORG"\nkey = "c\n', "bad.toml")
    with pytest.raises(LabelFileError, match=r"not valid TOML: .*\(at line 3, column \d+\)"):
        read_label_file(bad)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(LabelFileError, match="not a UTF-8 text file"):
        read_label_file(binary)


def test_colours_are_normalised(tmp_path: Path) -> None:
    labels = parse_label_data(one(color="rgb(255,0,0)"))
    assert labels["ORG"].color == "#ff0000"
    assert parse_label_data(one(color="#D7875F"))["ORG"].color == "#d7875f"
    assert parse_label_data(one(color="orange1"))["ORG"].color == "#ffaf00"


def test_free_key_prefers_the_name() -> None:
    assert free_key("CITY", {"c"}) == "i"
    assert free_key("XU", set()) not in RESERVED_KEYS
    assert free_key("AD", set()) == "c"  # a and d are reader keys


@given(st.sampled_from(sorted(k for k in RESERVED_KEYS if len(k) == 1)))
def test_every_reader_key_is_refused(key: str) -> None:
    with pytest.raises(LabelFileError, match=f"key '{key}' is already bound to the reader's"):
        parse_label_data(one(key=key))


FREE = sorted(set(string.ascii_letters + string.digits) - set(RESERVED_KEYS))
names = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)
labels_data = st.lists(
    st.tuples(names, st.sampled_from(FREE), st.text(max_size=30)),
    min_size=1,
    max_size=8,
    unique_by=(lambda t: t[0].casefold(), lambda t: t[1]),
)


@given(labels_data)
def test_any_valid_set_round_trips_through_toml_and_the_database(
    items: list[tuple[str, str, str]],
) -> None:
    data = {"labels": [{"name": n, "key": k, "description": d} for n, k, d in items]}
    labels = parse_label_data(data)
    assert labels.names == tuple(n for n, _, _ in items)
    colours = [label.color for label in labels]
    assert len(set(colours)) == len(colours)  # distinct when none is given
    import tomllib

    assert parse_label_data(tomllib.loads(to_toml(labels))) == labels
    assert LabelSet.from_record(labels.to_record()) == labels


@given(labels_data, st.sampled_from(FREE))
def test_a_key_used_twice_is_refused(items: list[tuple[str, str, str]], key: str) -> None:
    data = [{"name": n, "key": k} for n, k, _ in items]
    data.append({"name": "EXTRA_LABEL_NAME", "key": data[0]["key"]})
    with pytest.raises(LabelFileError, match="is already the key of label"):
        parse_label_data({"labels": data})


def test_describe_changes() -> None:
    six = parse_label_data(
        {
            "labels": [
                {"name": "PERSON", "key": "p", "color": "#5fafff"},
                {"name": "PLACE", "key": "e", "alt_key": "2", "color": "#5fd75f"},
                {"name": "QUOTE", "key": "q", "alt_key": "3", "color": "#000000"},
                {"name": "ORG", "key": "c"},
            ]
        }
    )
    lines = describe_changes(DEFAULT_LABEL_SET, six)
    assert lines[0] == "labels added: ORG"
    assert lines[1].startswith("labels removed: FIGURE (their spans are kept")
    assert lines[2] == "PERSON: keys p/1 -> p, description, entity off"
    assert lines[3] == "PLACE: keys l/2 -> e/2, description, entity off"
    assert lines[4] == "QUOTE: colour #ffaf00 -> #000000, description"
    assert describe_changes(six, six) == []


def test_keeping_colours_across_a_replacement(tmp_path: Path) -> None:
    six = read_label_file(write_label_file(tmp_path))
    without_city = SIX_LABELS.replace('name = "CITY"\nkey = "t"', 'name = "TOWN"\nkey = "t"')
    new = read_label_file(write_label_file(tmp_path, without_city, "b.toml")).keeping_colors(six)
    for name in ("PERSON", "COUNTRY", "QUOTE", "FIGURE"):
        assert new[name].color == six[name].color
    assert new["TOWN"].color not in {label.color for label in six if label.name != "CITY"}
