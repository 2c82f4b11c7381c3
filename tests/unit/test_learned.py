"""The learned suggester: tokens and tags, training and prediction (deterministic), the model
folder's atomic replace and damaged-file fallback, and rejections learned from."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest

pytest.importorskip("pycrfsuite")

from tui.model import Annotation, Change, Document
from tui.store import Store
from tui.suggest.engine import suggest
from tui.suggest.learned.backend import LearnedSuggester
from tui.suggest.learned.model import POINTER, DamagedModel, load, model_dir, read_info, train_into
from tui.suggest.learned.tokens import sequences
from tui.suggest.learned.training import Example, examples_from_store, learned_labels, tags_for

ANIMALS = ["zebra", "lion", "okapi", "gnu", "tapir", "hyena", "ibex", "lemur"]


def animal_example(doc_id: str, animals: list[str]) -> Example:
    """A document where each animal after "a" is an ANIMAL span (a custom label)."""
    parts, spans = [], []
    text = ""
    for number, animal in enumerate(animals):
        sentence = f"On day {number + 3} the keeper fed a {animal} near the gate."
        start = len(text) + sentence.index(f"a {animal}") + 2
        spans.append((start, start + len(animal), "ANIMAL"))
        parts.append(sentence)
        text += sentence + "\n"
    return Example(doc_id, text, tuple(spans), (), True)


def test_tokens_keep_offsets_and_cut_paragraphs() -> None:
    text = "Mr O’Neill paid $1,000 for a ten-storey block.\n\nPutin's 12% win."
    seqs = list(sequences(text))
    assert len(seqs) == 2
    for tokens in seqs:
        for token in tokens:
            assert text[token.start : token.end] == token.text
    words = [t.text for t in seqs[0]]
    assert "1,000" in words and "ten-storey" in words and "$" in words
    assert [t.text for t in seqs[1]][:2] == ["Putin", "'s"]


def test_bio_tags_longer_spans_first_and_misaligned_left_out() -> None:
    text = "Karl Marx Avenue in Magnitogorsk"
    tokens = next(sequences(text))
    spans = [(0, 16, "PLACE"), (0, 9, "PERSON"), (20, 25, "PLACE")]  # the last is not on edges
    assert tags_for(tokens, spans, frozenset({"PLACE", "PERSON"})) == [
        "B-PLACE", "I-PLACE", "I-PLACE", "O", "O",
    ]  # fmt: skip


def test_training_is_deterministic_and_learns_a_custom_label(tmp_path: Path) -> None:
    examples = [animal_example("a", ANIMALS[:4]), animal_example("b", ANIMALS[4:6])]
    assert learned_labels(examples) == ["ANIMAL"]
    first = train_into(tmp_path / "one", examples)
    second = train_into(tmp_path / "two", list(reversed(examples)))
    assert first is not None and second is not None
    assert first.sha256 == second.sha256  # the same decisions give the same model
    model = load(tmp_path / "one")
    text = "Later the keeper fed a lemur near the gate."
    found = model.suggest(text)
    assert [(text[s.start : s.end], s.label, s.source) for s in found] == [
        ("lemur", "ANIMAL", "learned")
    ]
    assert 0.2 <= found[0].score <= 1.0
    assert [s.key for s in load(tmp_path / "two").suggest(text)] == [s.key for s in found]
    # Through the engine: a label no rule covers is suggested by the model.
    backend = LearnedSuggester(tmp_path / "one")
    got = suggest(text, "c", {}, labels=["ANIMAL"], backends=[backend])
    assert [(s.label, s.source) for s in got] == [("ANIMAL", "learned")]


def test_new_model_replaces_the_old_one_atomically(tmp_path: Path) -> None:
    folder = tmp_path / "annotations.model"
    old = train_into(folder, [animal_example("a", ANIMALS[:3])])
    backend = LearnedSuggester(folder)
    assert old is not None and backend.model() is not None
    new = train_into(folder, [animal_example("a", ANIMALS[:3]), animal_example("b", ANIMALS[3:])])
    assert new is not None and new.file != old.file
    assert read_info(folder).file == new.file
    assert sorted(p.name for p in folder.glob("crf-*.bin")) == [new.file]  # the old one is gone
    assert not list(folder.glob(".*.tmp")) and not list(folder.glob(".*.training"))
    assert backend.model().info.file == new.file  # reloaded when the pointer changed


def test_a_damaged_model_is_ignored_and_the_rules_work_alone(tmp_path: Path) -> None:
    folder = tmp_path / "annotations.model"
    info = train_into(folder, [animal_example("a", ANIMALS)])
    assert info is not None
    text = "The keeper fed a zebra in Nairobi, Kenya, on 12 March."
    rules = suggest(text, "x", {})
    # A model file whose content changed (a bit flipped, a truncated copy).
    model_file = folder / info.file
    data = bytearray(model_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model_file.write_bytes(bytes(data))
    with pytest.raises(DamagedModel, match="SHA-256"):
        load(folder)
    backend = LearnedSuggester(folder)
    assert backend.model() is None and backend.problem is not None
    assert suggest(text, "x", {}, backends=[backend]) == rules
    # A pointer that is not JSON, or names a file that is not there.
    (folder / POINTER).write_bytes(b"{not json")
    with pytest.raises(DamagedModel):
        load(folder)
    (folder / POINTER).write_bytes(orjson.dumps({**info.as_json(), "file": "crf-gone.bin"}))
    with pytest.raises(DamagedModel):
        load(folder)
    # Garbage with the right hash is still refused (crfsuite cannot read it).
    junk = b"not a crfsuite model"
    (folder / "crf-junk.bin").write_bytes(junk)
    pointer = {**info.as_json(), "file": "crf-junk.bin", "sha256": hashlib.sha256(junk).hexdigest()}
    (folder / POINTER).write_bytes(orjson.dumps(pointer))
    with pytest.raises(DamagedModel):
        load(folder)
    assert backend.model() is None and suggest(text, "x", {}, backends=[backend]) == rules
    # The next training replaces it, and the backend picks the new model up.
    assert train_into(folder, [animal_example("a", ANIMALS)]) is not None
    assert backend.model() is not None and backend.problem is None


def years_text(years: list[int], start: int) -> str:
    return "\n".join(
        f"In {year} the club sold {start + i} boats to Arthur Penhaligon."
        for i, year in enumerate(years)
    )


def make_db(tmp_path: Path) -> tuple[Path, str]:
    """A database with one done document where every year the rules suggest as FIGURE was
    rejected and every boat count tagged FIGURE."""
    from tui.db.suggestions import suggestion_record

    text = years_text([1990 + i for i in range(12)], 20)
    db = tmp_path / "annotations.json"
    store = Store.open(db)
    document = Document(id="done", text=text, title="done")
    store.add_documents(
        [document, Document(id="new", text=years_text([1995, 1985], 7), title="new")]
    )
    figures = [s for s in suggest(text, "done", {}, labels=["FIGURE"])]
    years = [s for s in figures if text[s.start : s.end].startswith("19")]
    counts = [s for s in figures if s not in years]
    assert years and counts
    store.apply(
        [Change("put", Annotation("done", s.start, s.end, "FIGURE", text[s.start : s.end], "a"))
         for s in counts]
    )  # fmt: skip
    store.put_suggestions(
        suggestion_record(document, *s.key, "rejected", score=s.score, source="rules")
        for s in years
    )
    store.set_status("done", "done")
    store.close()
    return db, text


def test_a_rejected_suggestion_is_not_suggested_again_after_retraining(tmp_path: Path) -> None:
    from tui.jobs.learning import train_database

    db, _ = make_db(tmp_path)
    store = Store.open(db, write=False)
    examples = examples_from_store(store)
    store.close()
    assert {e.doc_id for e in examples} == {"done"} and examples[0].rejected
    assert "trained on" in train_database(db)
    backend = LearnedSuggester(model_dir(db))
    new_text = years_text([1995, 1985], 7)  # 1995 was rejected in the done document
    rejected = new_text.index("1995")
    other = new_text.index("1985")
    before = {s.key for s in suggest(new_text, "new", {})}
    assert (rejected, rejected + 4, "FIGURE") in before  # the rules suggest years (low score)
    after = {s.key: s for s in suggest(new_text, "new", {}, backends=[backend])}
    assert (rejected, rejected + 4, "FIGURE") not in after  # not again, in another document
    count = new_text.index("7 boats")
    assert (count, count + 1, "FIGURE") in after  # what was accepted stays
    # A year never seen: the model has learned that the rules' years are not wanted here.
    judged = dict(backend.model().judge(new_text, suggest(new_text, "new", {})))
    year = next(p for s, p in judged.items() if s.start == other)
    tagged = next(p for s, p in judged.items() if s.start == count)
    assert year < 0.2 < 0.9 < tagged


def test_examples_use_only_decided_paragraphs_of_unfinished_documents(tmp_path: Path) -> None:
    from tui.suggest.learned.training import training_sequences

    text = "Alice Moor spoke.\nBob Stone said no.\nNobody came."
    example = Example("d", text, ((0, 10, "PERSON"),), (), False)
    used = list(training_sequences(example, frozenset({"PERSON"})))
    assert [text[s.tokens[0].start : s.tokens[-1].end] for s in used] == ["Alice Moor spoke."]
    done = Example("d", text, ((0, 10, "PERSON"),), ((18, 27, "PERSON"),), True)
    weights = [s.weight for s in training_sequences(done, frozenset({"PERSON"}))]
    assert weights == [1, 3, 1]  # every paragraph; a rejection's is shown twice
