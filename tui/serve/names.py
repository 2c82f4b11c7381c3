"""Annotator names of team mode: checked against one pattern, then turned into a file name.

A name comes from a browser, so it is never joined to a path as given: only a name that matches
`NAME_PATTERN` in full becomes `DIR/NAME.json`, and that path is checked to sit inside DIR.
"""

from __future__ import annotations

import re
from pathlib import Path

NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""Letters, digits, `_` and `-`, 1 to 64 of them (ASCII only: no look-alike letters)."""


class BadName(ValueError):
    """A name that is not a valid annotator name; the message says why, for the page."""


def check_name(name: str) -> str:
    """The name itself if it is valid; BadName otherwise."""
    if not name:
        raise BadName("a name is needed")
    if len(name) > 64:
        raise BadName("at most 64 characters")
    if NAME_PATTERN.fullmatch(name) is None:
        raise BadName("only letters, digits, _ and - (no spaces, dots or slashes)")
    return name


def team_database(team_dir: Path, name: str) -> Path:
    """`team_dir/NAME.json` for a valid name; BadName for anything else."""
    path = team_dir / f"{check_name(name)}.json"
    if path.parent != team_dir:  # cannot happen for a valid name; kept as the last guard
        raise BadName("not a plain name")
    return path
