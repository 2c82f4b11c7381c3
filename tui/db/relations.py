"""The database's `relations` table: labelled links between two annotations of one document.

A relation references its head and child annotations by id (docs/schema.md). The index keeps
only valid relations: on open, a relation whose annotation is missing (dangling), or a second
relation of the same label from the same head, is reported in the store's problems and left on
disk untouched. Deleting an annotation deletes its relations in the same write, so nothing
dangling is ever written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from tui.db.file import DatabaseError
from tui.db.records import check_relation_record, relation_record
from tui.model import RelationChange


class RelationIndex:
    """The valid relation records by id, by document and by the annotations they link."""

    def __init__(self) -> None:
        self.records: dict[str, tuple[str, dict[str, Any]]] = {}
        self.by_doc: dict[str, dict[str, dict[str, Any]]] = {}
        self.by_annotation: dict[str, set[str]] = {}
        self.next_key = 1

    def load(
        self,
        table: dict[str, Any],
        annotations: dict[str, tuple[str, dict[str, Any]]],
        problems: list[str],
    ) -> None:
        """Index the table's records; bad or dangling ones go to `problems`."""
        self.records, self.by_doc, self.by_annotation = {}, {}, {}
        targets = {ann_id: record for ann_id, (_, record) in annotations.items()}
        heads: set[tuple[str, str]] = set()
        highest = 0
        for key, record in table.items():
            highest = max(highest, int(key))
            problem = check_relation_record(record, targets)
            if problem is None and (record["head"], record["label"]) in heads:
                problem = f"a second {record['label']} relation from annotation {record['head']}"
            if problem is None and record["id"] in self.records:
                problem = f"duplicate relation id {record['id']!r}"
            if problem is not None:
                problems.append(f"relation record {key}: {problem}")
                continue
            heads.add((record["head"], record["label"]))
            self._add(key, record)
        self.next_key = highest + 1

    def _add(self, key: str, record: dict[str, Any]) -> None:
        self.records[record["id"]] = (key, record)
        self.by_doc.setdefault(record["doc_id"], {})[record["id"]] = record
        for end in ("head", "child"):
            self.by_annotation.setdefault(record[end], set()).add(record["id"])

    def _drop(self, rel_id: str) -> str | None:
        found = self.records.pop(rel_id, None)
        if found is None:
            return None
        key, record = found
        self.by_doc.get(record["doc_id"], {}).pop(rel_id, None)
        for end in ("head", "child"):
            linked = self.by_annotation.get(record[end])
            if linked is not None:
                linked.discard(rel_id)
                if not linked:
                    del self.by_annotation[record[end]]
        return key

    def check(
        self, changes: Iterable[RelationChange], annotation_doc: Callable[[str], str | None]
    ) -> None:
        """Refuse (DatabaseError) a relation put whose annotations will not exist after the write.

        `annotation_doc(id)` is the document of an annotation as it will be after the write, or
        None when it will not exist.
        """
        for change in changes:
            if change.kind != "put":
                continue
            relation = change.relation
            for end in (relation.head, relation.child):
                if annotation_doc(end) != relation.doc_id:
                    raise DatabaseError(
                        f"relation {relation.id} refers to annotation {end}, which is not in "
                        f"document {relation.doc_id!r}"
                    )

    def apply(
        self, table: dict[str, Any], changes: Iterable[RelationChange], deleted: Iterable[str]
    ) -> list[str]:
        """Write the changes, and delete the relations of the `deleted` annotations; returns
        the record keys touched."""
        touched: list[str] = []
        for ann_id in deleted:
            for rel_id in list(self.by_annotation.get(ann_id, ())):
                key = self._drop(rel_id)
                if key is not None:
                    table.pop(key, None)
                    touched.append(key)
        for change in changes:
            relation = change.relation
            key = self._drop(relation.id)
            if change.kind == "delete":
                if key is not None:
                    table.pop(key, None)
                    touched.append(key)
                continue
            if key is None:
                key = str(self.next_key)
                self.next_key += 1
            record = relation_record(relation)
            table[key] = record
            touched.append(key)
            self._add(key, record)
        return touched
