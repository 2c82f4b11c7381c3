"""Deal documents out to annotators, with a share that every annotator gets (for agreement).

With N documents and an overlap share s, round(s * N) documents go to everyone; the others are
dealt one each in turn. Which documents are shared and who gets which comes from a seeded
shuffle (Python's `random.Random(seed)`), so the same documents, names and seed always give the
same split. Each annotator's documents keep the order they were given in (docs/team.md).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.model import Document
from tui.team.corpus import TeamError

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who gets which documents: the shared ones and each annotator's own."""

    annotators: tuple[str, ...]
    shared: tuple[str, ...]  # document ids every annotator gets
    own: dict[str, tuple[str, ...]]  # annotator -> the ids only they get

    def documents_of(self, name: str) -> set[str]:
        return set(self.shared) | set(self.own[name])


def check_names(names: Sequence[str]) -> None:
    """Annotator names become file names (DIR/NAME.json): plain, distinct, at least one."""
    if not names:
        raise TeamError("--annotators needs at least one name, e.g. --annotators ana,ben")
    for name in names:
        if not NAME.match(name):
            raise TeamError(
                f"annotator name {name!r} is not usable as a file name (letters, digits, '.', "
                "'_' and '-', not starting with a dot)"
            )
    if len(set(names)) != len(names):
        raise TeamError(f"an annotator is named twice in --annotators {','.join(names)}")


def split(
    documents: Sequence[Document], annotators: Sequence[str], overlap: float, seed: int
) -> Assignment:
    """The deterministic split of `documents` among `annotators`."""
    check_names(annotators)
    if not 0.0 <= overlap <= 1.0:
        raise TeamError(f"--overlap must be between 0 and 1, got {overlap}")
    if not documents:
        raise TeamError("no documents to split")
    ids = [document.id for document in documents]
    shuffled = list(ids)
    random.Random(seed).shuffle(shuffled)
    count = round(overlap * len(ids))
    shared = set(shuffled[:count])
    own: dict[str, list[str]] = {name: [] for name in annotators}
    for number, doc_id in enumerate(shuffled[count:]):
        own[annotators[number % len(annotators)]].append(doc_id)
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    return Assignment(
        annotators=tuple(annotators),
        shared=tuple(sorted(shared, key=position.__getitem__)),
        own={name: tuple(sorted(got, key=position.__getitem__)) for name, got in own.items()},
    )
