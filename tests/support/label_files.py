"""A six-label set as a label file, for the tests of custom label sets."""

from __future__ import annotations

from pathlib import Path

SIX_LABELS = """\
[[labels]]
name = "PERSON"
key = "p"
alt_key = "1"
description = "a named person"
entity = true

[[labels]]
name = "ORG"
key = "c"
alt_key = "5"
color = "#d7875f"
description = "an organisation: company, agency, party, team"
guideline = "Include the legal form (Ltd, GmbH); leave out 'the'."

[[labels]]
name = "CITY"
key = "t"
alt_key = "6"
description = "a city or town"

[[labels]]
name = "COUNTRY"
key = "y"
alt_key = "7"
description = "a country"

[[labels]]
name = "QUOTE"
key = "q"
alt_key = "3"

[[labels]]
name = "FIGURE"
key = "f"
alt_key = "4"

[[relations]]
name = "SPEAKER"
from = ["QUOTE"]
to = ["PERSON"]
"""


def write_label_file(folder: Path, text: str = SIX_LABELS, name: str = "labels.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
