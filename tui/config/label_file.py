"""The label file: a project's own labels, keys, colours and guidelines in TOML (docs/labels.md).

    [[labels]]
    name = "ORG"
    key = "c"
    alt_key = "5"
    color = "#d7875f"
    description = "an organisation: company, agency, party, team"

    [[relations]]
    name = "SPEAKER"
    from = ["QUOTE"]
    to = ["PERSON"]

Every problem is one `LabelFileError` line (exit code 2) naming the file and what to change,
raised before anything is written.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rich.color import Color, ColorParseError

from tui.config.reader_keys import RESERVED_KEYS
from tui.errors import SpantagError
from tui.labels import SPAN_KEY, Label, LabelSet, Relation

NAME = re.compile(r"^[A-Za-z0-9_-]+$")
"""brat's rule for type names, and safe in every export: letters, digits, `_` and `-`."""
KEY = re.compile(r"^[A-Za-z0-9]$")
"""A label key is one letter or digit (an uppercase letter is shift+letter)."""
LABEL_FIELDS = ("name", "key", "alt_key", "color", "description", "guideline", "entity")
RELATION_FIELDS = ("name", "from", "to")
TOP_FIELDS = ("labels", "relations", "span_key")
MAX_LABELS = 60


class LabelFileError(SpantagError):
    """A label file that cannot be used; nothing was written (exit code 2)."""

    exit_code = 2


def read_label_file(path: Path) -> LabelSet:
    """The label set of a TOML label file; LabelFileError (one line) on any problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabelFileError(f"{path}: no such label file") from None
    except IsADirectoryError:
        raise LabelFileError(f"{path}: is a folder, not a label file") from None
    except UnicodeDecodeError:
        raise LabelFileError(f"{path}: not a UTF-8 text file") from None
    except OSError as exc:
        raise LabelFileError(f"{path}: cannot read the label file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line L, column C)".
        raise LabelFileError(f"{path}: not valid TOML: {exc}") from None
    return parse_label_data(data, str(path))


def parse_label_data(data: Mapping[str, Any], where: str = "label file") -> LabelSet:
    """Check and build the label set of parsed TOML data (`where` names it in messages)."""

    def fail(message: str) -> LabelFileError:
        return LabelFileError(f"{where}: {message}")

    unknown = [k for k in data if k not in TOP_FIELDS]
    if unknown:
        raise fail(f"unknown setting {unknown[0]!r} (expected {', '.join(TOP_FIELDS)})")
    items = data.get("labels")
    if not isinstance(items, list) or not items:
        raise fail("no labels: add at least one [[labels]] table with a name and a key")
    if len(items) > MAX_LABELS:
        raise fail(f"{len(items)} labels; at most {MAX_LABELS} can have keys of their own")
    raw = [_label_fields(item, number, fail) for number, item in enumerate(items, 1)]
    labels = check_labels(raw, fail)
    relations = _relations(data.get("relations", []), labels, fail)
    span_key = data.get("span_key", SPAN_KEY)
    if not isinstance(span_key, str) or not span_key.strip():
        raise fail("span_key must be a non-empty string (spaCy's spans key, e.g. 'sc')")
    return LabelSet(labels, relations, span_key)


def _label_fields(item: object, number: int, fail: Any) -> dict[str, Any]:
    """One [[labels]] table's fields, type-checked."""
    if not isinstance(item, dict):
        raise fail(f"label {number} must be a table ([[labels]])")
    name = item.get("name")
    who = f"label {name!r}" if isinstance(name, str) and name else f"label {number}"
    unknown = [k for k in item if k not in LABEL_FIELDS]
    if unknown:
        raise fail(f"{who}: unknown field {unknown[0]!r} (expected {', '.join(LABEL_FIELDS)})")
    for field in ("name", "key"):
        if field not in item:
            raise fail(f"{who}: no {field!r}")
    for field in LABEL_FIELDS[:-1]:
        if field in item and not isinstance(item[field], str):
            raise fail(f"{who}: {field!r} must be a string")
    if "entity" in item and not isinstance(item["entity"], bool):
        raise fail(f"{who}: 'entity' must be true or false")
    return dict(item)


def check_labels(items: Iterable[Mapping[str, Any]], fail: Any) -> list[Label]:
    """Names, keys and colours checked across the whole set; the first problem is raised."""
    labels: list[Label] = []
    names: dict[str, str] = {}  # casefolded -> as given
    owners: dict[str, str] = {}  # key -> label name
    items = list(items)
    for item in items:
        name = str(item["name"])
        if not NAME.match(name):
            raise fail(
                f"label name {name!r} may hold only letters, digits, '_' and '-' (no spaces)"
            )
        if name.casefold() in names:
            raise fail(f"two labels are named {names[name.casefold()]!r} and {name!r}")
        names[name.casefold()] = name
    taken = {str(k) for item in items for f in ("key", "alt_key") if (k := item.get(f))}
    for item in items:
        name = str(item["name"])
        keys = [str(item["key"])] + ([str(item["alt_key"])] if item.get("alt_key") else [])
        for field, key in zip(("key", "alt_key"), keys, strict=False):
            if not KEY.match(key):
                raise fail(
                    f"label {name}: {field} {key!r} must be one letter or digit; "
                    f"a free key: {free_key(name, taken)!r}"
                )
            if key in RESERVED_KEYS:
                raise fail(
                    f"label {name}: {field} {key!r} is already bound to the reader's "
                    f"{RESERVED_KEYS[key]}; a free key: {free_key(name, taken)!r}"
                )
            if key in owners:
                other = owners[key]
                what = "both keys" if other == name else f"already the key of label {other}"
                raise fail(
                    f"label {name}: {field} {key!r} is {what}; a free key: "
                    f"{free_key(name, taken)!r}"
                )
            owners[key] = name
        color = str(item.get("color", ""))
        labels.append(
            Label(
                name,
                keys[0],
                keys[1] if len(keys) > 1 else "",
                _color(color, name, fail) if color else "",
                str(item.get("description", "")),
                str(item.get("guideline", "")),
                bool(item.get("entity", False)),
            )
        )
    return labels


def _color(color: str, name: str, fail: Any) -> str:
    """A colour Rich parses, normalised to #rrggbb (the form every export takes)."""
    try:
        parsed = Color.parse(color)
    except ColorParseError:
        raise fail(
            f"label {name}: unknown colour {color!r} (give '#rrggbb', 'rgb(r,g,b)' or a colour "
            "name such as 'orange1')"
        ) from None
    if parsed.is_default:
        raise fail(f"label {name}: colour 'default' is not a colour; give '#rrggbb'")
    return parsed.get_truecolor().hex


def free_key(name: str, taken: Iterable[str]) -> str:
    """A key no label and no reader action uses: a letter of the name first, then any."""
    used = set(taken) | set(RESERVED_KEYS)
    candidates = [c.lower() for c in name if c.isalnum()] + list(
        string.ascii_lowercase + string.digits + string.ascii_uppercase
    )
    for key in candidates:
        if KEY.match(key) and key not in used:
            return key
    return "?"


def _relations(items: object, labels: list[Label], fail: Any) -> list[Relation]:
    if not isinstance(items, list):
        raise fail("relations must be a list of [[relations]] tables")
    names = {label.name for label in labels}
    out: list[Relation] = []
    seen: set[str] = set()
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise fail(f"relation {number} must be a table ([[relations]])")
        unknown = [k for k in item if k not in RELATION_FIELDS]
        if unknown:
            raise fail(f"relation {number}: unknown field {unknown[0]!r} (expected name, from, to)")
        name = item.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            raise fail(f"relation {number}: 'name' must be letters, digits, '_' or '-'")
        if name in seen or name in names:
            raise fail(f"relation {name}: the name is already used by a label or a relation")
        seen.add(name)
        ends: list[tuple[str, ...]] = []
        for field in ("from", "to"):
            value = item.get(field)
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not value:
                raise fail(f"relation {name}: {field!r} must be a list of label names")
            missing = [v for v in value if v not in names]
            if missing:
                raise fail(f"relation {name}: {field!r} names {missing[0]!r}, not a label")
            ends.append(tuple(value))
        out.append(Relation(name, ends[0], ends[1]))
    return out


def _quoted(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def to_toml(labels: LabelSet) -> str:
    """The label set as a label file that `read_label_file` reads back as the same set."""
    out: list[str] = []
    if labels.span_key != SPAN_KEY:
        out.append(f"span_key = {_quoted(labels.span_key)}\n")
    for label in labels:
        out.append("[[labels]]")
        out.append(f"name = {_quoted(label.name)}")
        out.append(f"key = {_quoted(label.key)}")
        if label.alt_key:
            out.append(f"alt_key = {_quoted(label.alt_key)}")
        out.append(f"color = {_quoted(label.color)}")
        if label.description:
            out.append(f"description = {_quoted(label.description)}")
        if label.guideline:
            out.append(f"guideline = {_quoted(label.guideline)}")
        if label.entity:
            out.append("entity = true")
        out.append("")
    for relation in labels.relations:
        out.append("[[relations]]")
        out.append(f"name = {_quoted(relation.name)}")
        out.append(f"from = [{', '.join(map(_quoted, relation.heads))}]")
        out.append(f"to = [{', '.join(map(_quoted, relation.children))}]")
        out.append("")
    return "\n".join(out)
