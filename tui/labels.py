"""The label set: name, keys and colour of each label (the four of docs/contracts.md by default)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Label:
    """One label: its name as stored, the keys that apply it, and its display colour."""

    name: str
    key: str
    alt_key: str
    color: str
    description: str = ""


DEFAULT_LABELS: tuple[Label, ...] = (
    Label("PERSON", "p", "1", "#5fafff", "a named person (titles stay outside)"),
    Label("PLACE", "l", "2", "#5fd75f", "a named location: country, city, region, building, site"),
    Label("QUOTE", "q", "3", "#ffaf00", "a direct quotation, quotation marks included"),
    Label("FIGURE", "f", "4", "#ff5fd7", "a numeric figure with its unit, currency or % sign"),
)


class LabelSet:
    """An ordered set of labels, looked up by name or key."""

    def __init__(self, labels: Iterable[Label] = DEFAULT_LABELS) -> None:
        self._labels = tuple(labels)
        self._by_name = {label.name: label for label in self._labels}
        if len(self._by_name) != len(self._labels):
            raise ValueError("label names must be unique")

    def __iter__(self) -> Iterator[Label]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Label:
        return self._by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        """The label names in display order."""
        return tuple(label.name for label in self._labels)


DEFAULT_LABEL_SET = LabelSet()


@dataclass(frozen=True, slots=True)
class RelationRule:
    """A relation label and the labels its head and child spans must have."""

    name: str
    head: str
    child: str


RELATION_RULES: dict[str, RelationRule] = {"SPEAKER": RelationRule("SPEAKER", "QUOTE", "PERSON")}
"""The default relations (docs/contracts.md, Relations): SPEAKER from a QUOTE to a PERSON."""
