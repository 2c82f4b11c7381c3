"""The storage encodes incrementally (tables and records kept as bytes between writes); after
any sequence of writes the file must be exactly what encoding the whole data would give."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model import Annotation, Change, Document
from tui.store import Store

TEXT = "Ana Díaz met Bo Chen in Lima, then flew 300 km to Cusco.\n"
EXTENTS = [(0, 8), (13, 20), (24, 28), (40, 46), (50, 55), (0, 3), (4, 8)]
LABELS = ["PERSON", "PLACE", "FIGURE"]

step = st.one_of(
    st.tuples(st.just("put"), st.integers(0, 5), st.sampled_from(EXTENTS), st.sampled_from(LABELS)),
    st.tuples(st.just("delete"), st.integers(0, 5), st.just((0, 0)), st.just("")),
    st.tuples(
        st.just("status"),
        st.integers(0, 1),
        st.just((0, 0)),
        st.sampled_from(["todo", "done", "skipped"]),
    ),
    st.tuples(
        st.just("batch"), st.integers(0, 5), st.sampled_from(EXTENTS), st.sampled_from(LABELS)
    ),
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.lists(step, max_size=25))
def test_the_file_always_equals_a_full_encoding(tmp_path_factory, steps) -> None:  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("enc") / "db.json"
    with Store.open(path) as store:
        store.add_documents([Document(id="a", text=TEXT), Document(id="b", text=TEXT.upper())])
        live: dict[int, Annotation] = {}
        for kind, slot, (start, end), value in steps:
            if kind == "status":
                store.set_status("ab"[slot], value)
            elif kind == "delete":
                if slot in live:
                    store.apply([Change("delete", live.pop(slot))])
            else:
                taken = {(a.doc_id, *a.key) for a in live.values()}
                if ("a", start, end, value) in taken:
                    continue
                annotation = Annotation("a", start, end, value, TEXT[start:end], id=f"id{slot}")
                changes = [Change("put", annotation)]
                if kind == "batch" and slot in live:
                    changes.insert(0, Change("delete", live[slot]))
                store.apply(changes)
                live[slot] = annotation
            on_disk = path.read_bytes()
            assert on_disk == orjson.dumps(store._storage.read())
        reopened = Store.open(path, write=False)
        assert {a.id: a.key for a in reopened.annotations()} == {a.id: a.key for a in live.values()}
