"""Several annotators' databases read together: documents matched by text, spans by annotator.

Documents are matched across databases by the SHA-256 of their text, never by id or path (two
databases may give one article different ids). The annotations are grouped by their `annotator`
field, so several annotators may share one database; an annotation that names nobody, and a
database with no annotations, are credited to the database's file name (`ana.json` -> `ana`).
A document counts as annotated by a person when it holds at least one of their spans, or when
its status in a database of theirs is `done`. See docs/team.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.errors import SpantagError
from tui.labels import DEFAULT_LABEL_SET
from tui.model import Document
from tui.store import Store

SpanKey = tuple[int, int, str]


class TeamError(SpantagError):
    """The team's databases cannot be compared or combined as asked."""


@dataclass(frozen=True, slots=True)
class SharedDocument:
    """One article as the team's databases know it: its text and the id it has in each."""

    sha256: str
    document: Document  # as found in the first database that has it
    ids: dict[str, str] = field(default_factory=dict)  # database path -> its id there

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def text(self) -> str:
        return self.document.text


@dataclass
class TeamCorpus:
    """The documents of several databases by text, and each annotator's spans of each."""

    documents: dict[str, SharedDocument] = field(default_factory=dict)  # sha256 -> document
    spans: dict[str, dict[str, set[SpanKey]]] = field(default_factory=dict)  # name -> sha -> keys
    done: dict[str, set[str]] = field(default_factory=dict)  # name -> sha256 of documents done
    paths: list[Path] = field(default_factory=list)

    @property
    def annotators(self) -> list[str]:
        """Every annotator found, sorted by name."""
        return sorted(set(self.spans) | set(self.done))

    def annotated(self, name: str) -> set[str]:
        """The documents (sha256) a person annotated: one span of theirs, or marked done."""
        return {sha for sha, keys in self.spans.get(name, {}).items() if keys} | self.done.get(
            name, set()
        )

    def spans_of(self, name: str, sha256: str) -> set[SpanKey]:
        return self.spans.get(name, {}).get(sha256, set())

    def order(self) -> list[str]:
        """The documents in the order the databases list them."""
        return list(self.documents)

    def find(self, doc_ids: Iterable[str]) -> set[str]:
        """The sha256 of the documents with one of these ids (in any database) or hashes."""
        wanted = set(doc_ids)
        return {
            sha
            for sha, shared in self.documents.items()
            if sha in wanted or wanted & set(shared.ids.values())
        }

    def add(self, store: Store) -> None:
        """Add one database's documents and annotations."""
        path = store.path
        owner = path.stem
        self.paths.append(path)
        sha_of: dict[str, str] = {}
        for document in store.documents.values():
            shared = self.documents.get(document.sha256)
            if shared is None:
                shared = SharedDocument(document.sha256, document)
                self.documents[document.sha256] = shared
            shared.ids.setdefault(str(path), document.id)
            sha_of[document.id] = document.sha256
        names: set[str] = set()
        for doc_id, group in store.records_by_document().items():
            sha = sha_of[doc_id]
            by_name: dict[str, set[SpanKey]] = {}
            for record in group:
                name = record.get("annotator") or owner
                keys = by_name.get(name)
                if keys is None:
                    keys = by_name[name] = set()
                keys.add((record["start"], record["end"], record["label"]))
            for name, keys in by_name.items():
                name = str(name)
                names.add(name)
                self.spans.setdefault(name, {}).setdefault(sha, set()).update(keys)
        if not names:
            names = {owner}
            self.spans.setdefault(owner, {})
        done = {sha_of[d.id] for d in store.documents.values() if d.status == "done"}
        for name in names:
            self.done.setdefault(name, set()).update(done)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same resolved path, or the same inode (a link)."""
    if a.resolve() == b.resolve():
        return True
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def check_distinct(paths: Sequence[Path], target: Path | None = None, role: str = "") -> None:
    """Refuse a database given twice, or a written database that is also an input."""
    for i, path in enumerate(paths):
        for other in paths[:i]:
            if same_file(path, other):
                raise TeamError(f"{path} is given twice (it is the same file as {other})")
        if target is not None and same_file(path, target):
            raise TeamError(
                f"the {role} database {target} is also one of the inputs ({path}); the inputs "
                "are only read, so give the " + role + " another file"
            )


def open_inputs(paths: Sequence[Path]) -> list[Store]:
    """Open every input database read-only (no lock, never written)."""
    stores = [Store.open(path, write=False) for path in paths]
    return stores


def load_corpus(stores: Sequence[Store]) -> TeamCorpus:
    """The team corpus of several opened databases."""
    corpus = TeamCorpus()
    for store in stores:
        corpus.add(store)
    return corpus


def label_order(labels: Iterable[str]) -> list[str]:
    """Labels in the default label set's order first, then any others by name."""
    known = list(DEFAULT_LABEL_SET.names)
    seen = set(labels)
    return [name for name in known if name in seen] + sorted(seen - set(known))


def check_annotators(corpus: TeamCorpus, names: Iterable[str]) -> None:
    """Refuse an annotator name that appears in no input."""
    for name in names:
        if name not in corpus.annotators:
            found = ", ".join(corpus.annotators) or "nobody"
            raise TeamError(f"annotator {name!r} appears in no input (found: {found})")
