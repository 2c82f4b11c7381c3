"""Train a CRF, store it beside the database, load it back, and tag a text with it.

The model folder (`annotations.model/` beside `annotations.json`) holds model files and one
pointer, `current.json`, naming the current file with its SHA-256. A new model is written in
full under a new name, then the pointer is replaced atomically: a reader always finds the old
model or the new one, never half of one. A pointer or file that cannot be read, or whose hash
does not match, is a damaged model: it is ignored (the rules work alone) until the next
training replaces it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from tui.db.file import write_atomic
from tui.suggest.base import Suggestion
from tui.suggest.learned.features import sequence_features
from tui.suggest.learned.tokens import Token, sequences
from tui.suggest.learned.training import (
    OUTSIDE,
    Example,
    learned_labels,
    rejected_strings,
    training_sequences,
)

FORMAT = "spantag-crf/1"
POINTER = "current.json"
PARAMS: dict[str, Any] = {
    "c1": 0.1,
    "c2": 0.01,
    "max_iterations": 120,
    "feature.possible_transitions": True,
    "feature.possible_states": True,
}
"""L-BFGS with elastic-net regularisation (chosen on the tuning set; docs/suggestions.md)."""
MIN_SCORE = 0.2
"""Spans the model is less sure of are not suggested."""


class DamagedModel(Exception):
    """The stored model cannot be read: it is ignored."""


def model_dir(db: Path) -> Path:
    """Where the model of a database lives: `annotations.model/` beside `annotations.json`."""
    name = db.name[: -len(".json")] if db.name.endswith(".json") else db.name
    return db.with_name(name + ".model")


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What the pointer says of the current model."""

    file: str
    sha256: str
    labels: tuple[str, ...]
    documents: int
    sequences: int
    spans: int
    seconds: float
    trained: str
    rejected: tuple[tuple[str, str], ...] = ()
    """(text, label) rejected and never tagged so: left out in every document."""

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, **{k: getattr(self, k) for k in self.__slots__}}


def rules_for(text: str) -> Sequence[Suggestion]:
    """The rules' suggestions for `text` (features of the model; cached per text)."""
    from tui.suggest.engine import builtin_suggestions

    return builtin_suggestions(text)


def featurise(text: str, tokens: Sequence[Token], rules: Sequence[Suggestion]) -> list[Any]:
    low, high = tokens[0].start, tokens[-1].end
    near = [s for s in rules if s.start < high and s.end > low]
    return sequence_features(text, tokens, near)


def train(examples: Sequence[Example], path: Path, labels: Sequence[str] | None = None) -> int:
    """Train a CRF on `examples` into the file `path`; the number of sequences used.

    Deterministic: the same examples give the same model (the examples' order is fixed)."""
    import pycrfsuite  # the optional `learn` extra

    wanted = frozenset(labels if labels is not None else learned_labels(examples))
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params(PARAMS)
    count = 0
    for example in sorted(examples, key=lambda e: e.doc_id):
        rules = rules_for(example.text)
        for sequence in training_sequences(example, wanted):
            xseq = featurise(example.text, sequence.tokens, rules)
            for _ in range(sequence.weight):
                trainer.append(xseq, sequence.tags)
                count += 1
    if count:
        trainer.train(str(path))
    return count


class Model:
    """A loaded CRF: tags texts into suggestions."""

    def __init__(self, data: bytes, info: ModelInfo) -> None:
        import pycrfsuite

        self.info = info
        self._data = data  # the tagger reads this buffer in place: it must outlive the tagger
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open_inmemory(data)
        except (ValueError, OSError) as exc:
            raise DamagedModel(f"model {info.file}: {exc}") from None
        self._tags = frozenset(self._tagger.labels())
        self.rejected = frozenset(info.rejected)

    def _marginal(self, tag: str, position: int) -> float:
        """The probability of `tag` at `position` of the sequence set; 0 for a tag never
        seen in training (I-FIGURE when every figure was one token)."""
        if tag not in self._tags:
            return 0.0
        return float(self._tagger.marginal(tag, position))

    def judge(self, text: str, candidates: Sequence[Suggestion]) -> list[tuple[Suggestion, float]]:
        """Each candidate of a learned label with the model's probability that it is right
        (the least marginal of its tags: B-LABEL at its first token, I-LABEL after); a
        candidate whose edges are not token edges is given None's stand-in, -1."""
        wanted = {c for c in candidates if c.label in self.info.labels}
        if not wanted:
            return []
        rules = rules_for(text)
        tagger = self._tagger
        out: list[tuple[Suggestion, float]] = []
        for tokens in sequences(text):
            low, high = tokens[0].start, tokens[-1].end
            inside = [c for c in wanted if low <= c.start and c.end <= high]
            if not inside:
                continue
            tagger.set(featurise(text, tokens, rules))
            starts = {t.start: i for i, t in enumerate(tokens)}
            ends = {t.end: i for i, t in enumerate(tokens)}
            for c in inside:
                first, last = starts.get(c.start), ends.get(c.end)
                if first is None or last is None or last < first:
                    out.append((c, -1.0))
                    continue
                p = self._marginal(f"B-{c.label}", first)
                for k in range(first + 1, last + 1):
                    p = min(p, self._marginal(f"I-{c.label}", k))
                if last + 1 < len(tokens):
                    p = min(p, 1.0 - self._marginal(f"I-{c.label}", last + 1))
                out.append((c, p))
        return out

    def suggest(self, text: str, min_score: float = MIN_SCORE) -> list[Suggestion]:
        """The model's spans in `text`, scored by their mean marginal probability."""
        rules = rules_for(text)
        out: list[Suggestion] = []
        tagger = self._tagger
        for tokens in sequences(text):
            tagger.set(featurise(text, tokens, rules))
            tags = tagger.tag()
            i = 0
            while i < len(tags):
                tag = tags[i]
                if tag == OUTSIDE:
                    i += 1
                    continue
                label = tag[2:]
                j = i + 1
                while j < len(tags) and tags[j] == f"I-{label}":
                    j += 1
                score = sum(self._marginal(tags[k], k) for k in range(i, j)) / (j - i)
                if score >= min_score:
                    reason = f"learned from your annotations ({score:.2f})"
                    out.append(
                        Suggestion(
                            tokens[i].start, tokens[j - 1].end, label, score, reason, "learned"
                        )
                    )
                i = j
        return out


def train_into(folder: Path, examples: Sequence[Example]) -> ModelInfo | None:
    """Train on `examples` and make the result the folder's current model (atomically);
    None when there is nothing to learn from (no labelled span)."""
    labels = learned_labels(examples)
    if not labels:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    name = f"crf-{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000}.bin"
    scratch = folder / f".{name}.training"
    try:
        count = train(examples, scratch, labels)
        if not count:
            return None
        data = scratch.read_bytes()
    finally:
        with contextlib.suppress(OSError):
            scratch.unlink()
    write_atomic(folder / name, data)
    info = ModelInfo(
        file=name,
        sha256=hashlib.sha256(data).hexdigest(),
        labels=tuple(labels),
        documents=len(examples),
        sequences=count,
        spans=sum(1 for e in examples for k in e.spans if k[2] in labels),
        seconds=round(time.monotonic() - began, 3),
        trained=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        rejected=tuple(rejected_strings(examples)),
    )
    write_atomic(folder / POINTER, orjson.dumps(info.as_json(), option=orjson.OPT_INDENT_2))
    _remove_old(folder, keep={name})
    return info


def _remove_old(folder: Path, keep: Iterable[str]) -> None:
    """Old model files go; a reader that had one open holds it in memory already."""
    kept = set(keep)
    for path in folder.glob("crf-*.bin"):
        if path.name not in kept:
            with contextlib.suppress(OSError):
                path.unlink()


def read_info(folder: Path) -> ModelInfo:
    """The current model's pointer; DamagedModel when it is missing fields or unreadable."""
    try:
        raw = orjson.loads((folder / POINTER).read_bytes())
        if raw.get("format") != FORMAT:
            raise DamagedModel(f"{folder / POINTER}: not a {FORMAT} model")
        return ModelInfo(
            file=str(raw["file"]),
            sha256=str(raw["sha256"]),
            labels=tuple(str(x) for x in raw["labels"]),
            documents=int(raw["documents"]),
            sequences=int(raw["sequences"]),
            spans=int(raw["spans"]),
            seconds=float(raw["seconds"]),
            trained=str(raw["trained"]),
            rejected=tuple((str(t), str(label)) for t, label in raw.get("rejected", [])),
        )
    except FileNotFoundError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DamagedModel(f"{folder / POINTER}: {exc}") from None


def load(folder: Path) -> Model:
    """The folder's current model; FileNotFoundError when there is none, DamagedModel when it
    cannot be trusted."""
    info = read_info(folder)
    if "/" in info.file or info.file.startswith("."):
        raise DamagedModel(f"{folder / POINTER}: bad file name {info.file!r}")
    try:
        data = (folder / info.file).read_bytes()
    except OSError as exc:
        raise DamagedModel(f"model {info.file}: {exc}") from None
    if hashlib.sha256(data).hexdigest() != info.sha256:
        raise DamagedModel(f"model {info.file}: its content does not match its SHA-256")
    return Model(data, info)
