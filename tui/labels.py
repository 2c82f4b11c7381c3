"""The label set: each label's name, keys, colour and guideline, and the relations between them.

The four labels of docs/contracts.md are the default; a project gives its own in a label file
(tui/config/label_file.py, docs/labels.md) and the database carries it (docs/schema.md, `meta`).
Domain only: colours are checked and normalised with Rich, never Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

NEUTRAL_COLOR = "#a0a0a0"
"""The colour of spans whose label is not in the set (kept, drawn, listed: never lost)."""

SPAN_KEY = "sc"
"""spaCy's default spans key (spancat), used unless the label set names another."""

OKABE_ITO: tuple[str, ...] = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#f0e442",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
    "#999999",
)
"""Okabe & Ito's colour-blind-safe palette: the colours given to labels that name none."""

EXTRA_COLORS: tuple[str, ...] = (
    "#882255",
    "#44aa99",
    "#ddcc77",
    "#117733",
    "#aa4499",
    "#88ccee",
    "#332288",
    "#999933",
)
"""Paul Tol's muted palette (also colour-blind-safe): after Okabe-Ito's eight are used."""


@dataclass(frozen=True, slots=True)
class Label:
    """One label: its name as stored, the keys that apply it, its colour and its guideline."""

    name: str
    key: str
    alt_key: str = ""
    color: str = ""
    description: str = ""
    guideline: str = ""
    entity: bool = False
    """spaCy export: the label's spans also go to `doc.ents` (where they do not overlap)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys that apply it (the key, then the alternative key if any)."""
        return tuple(key for key in (self.key, self.alt_key) if key)

    @property
    def binding_id(self) -> str:
        """The id of its tagging binding, as the keymap file names it: `tag.<name>`."""
        return f"tag.{self.name.lower()}"


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation type between spans: from a span of one of `heads` to one of `children`."""

    name: str
    heads: tuple[str, ...]
    children: tuple[str, ...]


DEFAULT_LABELS: tuple[Label, ...] = (
    Label(
        "PERSON",
        "p",
        "1",
        "#5fafff",
        "a named person (titles stay outside)",
        entity=True,
    ),
    Label(
        "PLACE",
        "l",
        "2",
        "#5fd75f",
        "a named location: country, city, region, building, site",
        entity=True,
    ),
    Label("QUOTE", "q", "3", "#ffaf00", "a direct quotation, quotation marks included"),
    Label("FIGURE", "f", "4", "#ff5fd7", "a numeric figure with its unit, currency or % sign"),
)


DEFAULT_RELATIONS: tuple[Relation, ...] = (Relation("SPEAKER", ("QUOTE",), ("PERSON",)),)
"""SPEAKER: from a QUOTE to the PERSON quoted (docs/contracts.md)."""


def with_colors(labels: Iterable[Label]) -> tuple[Label, ...]:
    """The labels, each without a colour given the next palette colour not already taken."""
    items = tuple(labels)
    taken = {label.color.lower() for label in items if label.color}
    free = (c for c in (*OKABE_ITO, *EXTRA_COLORS) if c not in taken)
    out = []
    for label in items:
        if not label.color:
            label = replace(label, color=next(free, NEUTRAL_COLOR))
        out.append(label)
    return tuple(out)


class LabelSet:
    """An ordered set of labels, looked up by name or key, with its relations."""

    def __init__(
        self,
        labels: Iterable[Label] = DEFAULT_LABELS,
        relations: Iterable[Relation] = (),
        span_key: str = SPAN_KEY,
    ) -> None:
        items = tuple(labels)
        # Which labels were given no colour (and were given one from the palette here).
        self.chosen_colors = frozenset(label.name for label in items if not label.color)
        self._labels = with_colors(items)
        self.relations = tuple(relations)
        self.span_key = span_key
        self._by_name = {label.name: label for label in self._labels}
        if len(self._by_name) != len(self._labels):
            raise ValueError("label names must be unique")
        self._by_key = {key: label for label in self._labels for key in label.keys}

    def __iter__(self) -> Iterator[Label]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Label:
        return self._by_name[name]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LabelSet):
            return NotImplemented
        return (self._labels, self.relations, self.span_key) == (
            other._labels,
            other.relations,
            other.span_key,
        )

    def __hash__(self) -> int:
        return hash((self._labels, self.relations, self.span_key))

    def __repr__(self) -> str:
        return f"LabelSet({', '.join(self.names)})"

    @property
    def names(self) -> tuple[str, ...]:
        """The label names in display order."""
        return tuple(label.name for label in self._labels)

    def by_key(self, key: str) -> Label | None:
        """The label a key applies, if any."""
        return self._by_key.get(key)

    def color(self, name: str) -> str:
        """A label's colour; the neutral grey for a label outside the set."""
        label = self._by_name.get(name)
        return label.color if label is not None else NEUTRAL_COLOR

    def keeping_colors(self, old: LabelSet) -> LabelSet:
        """This set, where a label that was given no colour keeps its colour in `old`: a
        label added or removed elsewhere in the file does not repaint the others."""
        given = {label.color for label in self._labels if label.name not in self.chosen_colors}
        items = []
        for label in self._labels:
            if label.name in self.chosen_colors:
                previous = old.color(label.name) if label.name in old else ""
                label = replace(label, color="" if previous in given else previous)
                given.add(label.color)
            items.append(label)
        return LabelSet(items, self.relations, self.span_key)

    def including(self, names: Iterable[str]) -> LabelSet:
        """This set, plus a keyless neutral label for each name outside it (spans of a label
        that left the set are kept, and exports must declare them)."""
        extra = [n for n in dict.fromkeys(names) if n not in self._by_name]
        if not extra:
            return self
        outside = (Label(name, "", color=NEUTRAL_COLOR) for name in extra)
        return LabelSet((*self._labels, *outside), self.relations, self.span_key)

    @property
    def entities(self) -> frozenset[str]:
        """The labels whose spans also go to spaCy's `doc.ents`."""
        return frozenset(label.name for label in self._labels if label.entity)

    # -- the stored form (meta.label_set in docs/schema.md) ----------------------------------------
    def to_record(self) -> dict[str, Any]:
        """The set as JSON-ready data, fields in the order docs/schema.md lists them."""
        return {
            "labels": [
                {
                    "name": label.name,
                    "key": label.key,
                    "alt_key": label.alt_key,
                    "color": label.color,
                    "description": label.description,
                    "guideline": label.guideline,
                    "entity": label.entity,
                }
                for label in self._labels
            ],
            "relations": [
                {"name": r.name, "from": list(r.heads), "to": list(r.children)}
                for r in self.relations
            ],
            "span_key": self.span_key,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> LabelSet:
        """The set stored in a database; ValueError when the record is not one."""
        labels = record.get("labels")
        if not isinstance(labels, list) or not labels:
            raise ValueError("'labels' must be a non-empty list")
        out = []
        for item in labels:
            if not isinstance(item, dict):
                raise ValueError("a label must be an object")
            name, key = item.get("name"), item.get("key")
            if not isinstance(name, str) or not name or not isinstance(key, str) or not key:
                raise ValueError("a label needs a 'name' and a 'key'")
            texts = {f: item.get(f, "") for f in ("alt_key", "color", "description", "guideline")}
            if not all(isinstance(value, str) for value in texts.values()):
                raise ValueError(f"label {name!r}: its fields must be strings")
            out.append(Label(name, key, entity=item.get("entity") is True, **texts))
        relations = []
        for item in record.get("relations", []) or []:
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise ValueError("a relation needs a 'name'")
            heads, children = item.get("from", []), item.get("to", [])
            if not all(isinstance(v, list) for v in (heads, children)):
                raise ValueError(f"relation {item['name']!r}: 'from' and 'to' must be lists")
            ends = tuple(map(str, heads)), tuple(map(str, children))
            relations.append(Relation(item["name"], *ends))
        span_key = record.get("span_key", SPAN_KEY)
        if not isinstance(span_key, str) or not span_key:
            raise ValueError("'span_key' must be a non-empty string")
        return cls(out, relations, span_key)


DEFAULT_LABEL_SET = LabelSet(DEFAULT_LABELS, DEFAULT_RELATIONS)


def describe_changes(old: LabelSet, new: LabelSet) -> list[str]:
    """What replacing `old` by `new` changes, one line each (empty: nothing)."""
    lines = []
    added = [n for n in new.names if n not in old]
    removed = [n for n in old.names if n not in new]
    if added:
        lines.append("labels added: " + ", ".join(added))
    if removed:
        lines.append(
            "labels removed: "
            + ", ".join(removed)
            + " (their spans are kept, shown in grey, and can be relabelled)"
        )
    for name in new.names:
        if name not in old:
            continue
        before, after = old[name], new[name]
        changes = []
        if before.keys != after.keys:
            changes.append(f"keys {'/'.join(before.keys)} -> {'/'.join(after.keys)}")
        if before.color != after.color:
            changes.append(f"colour {before.color} -> {after.color}")
        if (before.description, before.guideline) != (after.description, after.guideline):
            changes.append("description")
        if before.entity != after.entity:
            changes.append("entity " + ("on" if after.entity else "off"))
        if changes:
            lines.append(f"{name}: " + ", ".join(changes))
    if old.names != new.names and not added and not removed:
        lines.append("label order: " + ", ".join(new.names))
    if old.relations != new.relations:
        lines.append("relations: " + (", ".join(r.name for r in new.relations) or "none"))
    if old.span_key != new.span_key:
        lines.append(f"spaCy span key: {old.span_key} -> {new.span_key}")
    return lines
