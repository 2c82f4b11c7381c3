"""Speaker accuracy of `suggest_speakers` against gold SPEAKER relations.

    python -m tui.suggest.speaker_eval tests/data/gold/heldout/ tests/data/gold/

Each path (a gold .jsonl file or a folder of them) is scored on its own, in the order given.
A quote counts when the gold gives it a speaker (named, or by a pronoun or a continued quote);
it is right when the suggested speaker is the same person as the gold one: the same surname
(the last word of the name, case-folded). Two settings: with the gold PERSON spans tagged
(`tagged`), and with no PERSON tagged, the speaker drawn from the name suggester's proposals
(`untagged`). Gold quotes without a speaker that get one anyway are counted as false speakers.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from tui.suggest.names import suggest_names
from tui.suggest.speakers import Extent, suggest_speakers

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class SpeakerGold:
    """One gold document: its text, QUOTE and PERSON extents, and quote → speaker."""

    id: str
    text: str
    quotes: tuple[Extent, ...]
    people: tuple[Extent, ...]
    speakers: dict[Extent, Extent]


@dataclass(frozen=True, slots=True)
class SpeakerScore:
    """How many gold speakers were found, of how many, and how many speakers were invented."""

    correct: int
    gold: int
    false_speakers: int
    no_speaker: int
    misses: tuple[str, ...] = ()

    @property
    def accuracy(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


def read_speaker_gold(path: Path) -> list[SpeakerGold]:
    """The documents of a gold .jsonl file (native JSONL with `relations`)."""
    out = []
    for line in path.read_bytes().splitlines():
        if not line.strip():
            continue
        value = orjson.loads(line)
        spans = value.get("spans", [])
        quotes = tuple((s["start"], s["end"]) for s in spans if s["label"] == "QUOTE")
        people = tuple((s["start"], s["end"]) for s in spans if s["label"] == "PERSON")
        speakers = {
            (r["head"]["start"], r["head"]["end"]): (r["child"]["start"], r["child"]["end"])
            for r in value.get("relations", [])
            if r.get("label", "SPEAKER") == "SPEAKER"
        }
        out.append(SpeakerGold(value["id"], value["text"], quotes, people, speakers))
    return out


def _surname(text: str, extent: Extent) -> str:
    words = _WORD.findall(text[extent[0] : extent[1]])
    return words[-1].casefold() if words else ""


def score_speakers(documents: Sequence[SpeakerGold], *, tagged: bool = True) -> SpeakerScore:
    """Speaker accuracy over the documents (see the module docstring)."""
    correct = gold = false = 0
    misses: list[str] = []
    for doc in documents:
        untagged: list[Extent] = []
        if not tagged:
            untagged = [(s.start, s.end) for s in suggest_names(doc.text) if s.label == "PERSON"]
        found = {
            s.quote: s.speaker
            for s in suggest_speakers(
                doc.text, doc.quotes, doc.people if tagged else (), untagged=untagged
            )
        }
        for quote in doc.quotes:
            expected, got = doc.speakers.get(quote), found.get(quote)
            if expected is None:
                false += got is not None
                continue
            gold += 1
            if got is not None and _surname(doc.text, got) == _surname(doc.text, expected):
                correct += 1
            else:
                said = doc.text[got[0] : got[1]] if got else None
                misses.append(
                    f"{doc.id} {doc.text[quote[0] : quote[0] + 30]!r}…: "
                    f"{said!r} for {doc.text[expected[0] : expected[1]]!r}"
                )
    none = sum(1 for d in documents for q in d.quotes if q not in d.speakers)
    return SpeakerScore(correct, gold, false, none, tuple(misses))


def _files(path: Path) -> list[Path]:
    return sorted(path.glob("*.jsonl")) if path.is_dir() else [path]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the speaker accuracy of each gold set given."""
    parser = argparse.ArgumentParser(prog="python -m tui.suggest.speaker_eval", description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path, help="gold .jsonl files or folders")
    parser.add_argument("--misses", action="store_true", help="list every quote missed")
    args = parser.parse_args(argv)
    for path in args.paths:
        try:
            documents = [d for file in _files(path) for d in read_speaker_gold(file)]
        except (OSError, ValueError, KeyError) as exc:
            print(f"error: {path}: {exc}", file=sys.stderr)
            return 1
        print(f"speakers of {path} ({len(documents)} documents):")
        for tagged in (True, False):
            score = score_speakers(documents, tagged=tagged)
            setting = "tagged  " if tagged else "untagged"
            print(
                f"  {setting} accuracy {score.accuracy:.3f} ({score.correct}/{score.gold} quotes"
                f" with a speaker); {score.false_speakers} false speakers on the"
                f" {score.no_speaker} quotes without one"
            )
            if args.misses:
                for miss in score.misses:
                    print(f"    miss: {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
