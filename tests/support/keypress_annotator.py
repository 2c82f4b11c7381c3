"""A scripted annotator: annotates gold documents in the real reader (Pilot, real keys, real
database) and counts every key it presses, with and without suggestions.

    python -m tests.support.keypress_annotator [GOLD.jsonl or folder ...]
    (default: tests/data/gold)

Each document is annotated on a fresh database of its own, so no document helps another
(propagation from documents annotated before would save more keys).
- Without suggestions (`Session(suggest=False)`), each gold span, in text order, is tagged with
  the fewest keys that tests/support/keypress_plan.py finds from the cursor: motions or
  search, then the
  label key on its default extent or on a selection.
- With suggestions: Tab to the next suggestion; Enter when it is a gold span, the right label
  key when only its label is wrong, Backspace when it is not gold (after each decision the reader
  selects the next one itself); then the first gold span still missing is tagged as above, which
  may bring new (propagated) suggestions, decided the same way; until the document is done.
The strategy reads only what the reader shows: the text, its rows, the cursor, the selected
suggestion and the spans. After each run the database file must hold exactly the gold spans.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot

from tests.support.app_support import suggestions_settled
from tests.support.keypress_plan import Plan, Screen, plan_tag
from tui.app import SpantagApp
from tui.model import Document, SpanKey
from tui.screens.reader import ReaderScreen
from tui.session import Session
from tui.store import Store
from tui.suggest.evaluate import GoldDocument, GoldSpan, gold_files, read_gold

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"
SIZE = (120, 40)


@dataclass(frozen=True, slots=True)
class Run:
    """What one annotation of a document took."""

    keys: int
    by_hand: int = 0
    """Gold spans tagged with motions or search and a label key."""
    accepted: int = 0
    relabelled: int = 0
    rejected: int = 0
    steps: tuple[str, ...] = ()
    """What was done, with its keys, one line a step (printed by --steps)."""


@dataclass(frozen=True, slots=True)
class Count:
    """Key presses to annotate one document fully, without and with suggestions."""

    doc_id: str
    spans: int
    without: Run
    with_suggestions: Run

    @property
    def saved(self) -> float:
        """The share of the key presses that suggestions saved."""
        return 1 - self.with_suggestions.keys / self.without.keys if self.without.keys else 0.0


@contextmanager
def quick_pilot() -> Iterator[None]:
    """Pilot waits after each key until the app is idle, sampling every 20 ms; sample every
    2 ms instead. The keys and their order stay the same, only less time is spent waiting
    (the script checks the reader's state before every label key, so a key not yet handled
    would fail, not count)."""
    from textual import _wait

    saved = _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE
    _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = 0.002, 0.0001
    try:
        yield
    finally:
        _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = saved


class GoldMismatch(AssertionError):
    """The database does not hold exactly the gold spans after a run."""


class Annotator:
    """Presses keys in a running reader, counting them, to reach a document's gold spans."""

    def __init__(self, pilot: Pilot[int], gold: GoldDocument) -> None:
        self.pilot = pilot
        self.gold = gold
        self.wanted: dict[SpanKey, GoldSpan] = {(s.start, s.end, s.label): s for s in gold.spans}
        self.keys = 0
        self.by_hand = 0
        self.decisions: dict[str, int] = {"accepted": 0, "relabelled": 0, "rejected": 0}
        self.log: list[str] = []

    @property
    def reader(self) -> ReaderScreen:
        screen = self.pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        return screen

    async def press(self, *keys: str) -> None:
        self.keys += len(keys)
        await self.pilot.press(*keys)

    async def settle(self) -> None:
        """Let the suggestion worker finish and its result reach the screen."""
        await suggestions_settled(self.pilot)

    def tagged(self) -> set[SpanKey]:
        return {a.key for a in self.reader.doc.spans}

    def missing(self) -> list[GoldSpan]:
        have = self.tagged()
        return [s for key, s in sorted(self.wanted.items()) if key not in have]

    def label_key(self, label: str) -> str:
        return self.reader.session.labels[label].key

    # -- without suggestions ---------------------------------------------------------------------
    async def tag(self, span: GoldSpan) -> None:
        """Tag one gold span with the planned keys; the plan must come true."""
        view = self.reader.view
        layout = view.text_layout
        assert layout is not None and layout.complete
        screen = Screen(self.reader.doc.text, layout)
        state = (view.cursor, getattr(view, "_goal_column", None))
        plan = plan_tag(screen, state, span.start, span.end, span.label, self.label_key(span.label))
        self.by_hand += 1
        self.log.append(f"{span.label:<6} {span.text[:30]!r:<34} by hand: {' '.join(plan.keys)}")
        await self.press(*plan.keys[:-1])
        self._check(plan, span)
        await self.press(plan.keys[-1])
        if (span.start, span.end, span.label) not in self.tagged():
            raise AssertionError(f"{plan.keys} did not tag {span}")

    def _check(self, plan: Plan, span: GoldSpan) -> None:
        view = self.reader.view
        selection = view.selection
        shown = (selection.start, selection.end) if selection is not None else None
        if view.cursor != plan.cursor or shown != plan.selection:
            raise AssertionError(
                f"planned {plan} for {span}, but the cursor is at {view.cursor} "
                f"and the selection {shown}"
            )

    async def annotate_by_hand(self) -> None:
        for span in self.missing():
            await self.tag(span)

    # -- with suggestions ------------------------------------------------------------------------
    async def decide_suggestions(self) -> None:
        """Tab to each suggestion and accept, relabel or reject it, until none is left."""
        reader = self.reader
        while reader.suggestions.state.shown:
            suggestion = reader.suggestions.selected()
            if suggestion is None:
                self.log.append("Tab to the next suggestion")
                await self.press("tab")
                continue
            if suggestion.key in self.wanted:
                key, decision = "enter", "accepted"
            else:
                labels = [k[2] for k in self.wanted if k[:2] == suggestion.key[:2]]
                key, decision = (
                    (self.label_key(labels[0]), "relabelled")
                    if labels
                    else ("backspace", "rejected")
                )
            self.decisions[decision] += 1
            text = reader.doc.text[suggestion.start : suggestion.end]
            self.log.append(f"{suggestion.label:<6} {text[:30]!r:<34} suggested: {key}")
            await self.press(key)
            await self.settle()

    def run(self) -> Run:
        return Run(self.keys, self.by_hand, **self.decisions, steps=tuple(self.log))

    async def annotate_with_suggestions(self) -> None:
        await self.settle()
        while True:
            await self.decide_suggestions()
            missing = self.missing()
            if not missing:
                return
            await self.tag(missing[0])
            await self.settle()


async def annotate(gold: GoldDocument, folder: Path, *, suggest: bool) -> Run:
    """Annotate `gold` fully on a fresh database in `folder`; what it took."""
    db = folder / ("with.json" if suggest else "without.json")
    store = Store.open(db)
    try:
        store.add_documents([Document(id=gold.id, text=gold.text, title=gold.id)])
        app = SpantagApp(store, Session(store, [gold.id], annotator="script", suggest=suggest))
        try:
            async with app.run_test(size=SIZE) as pilot:
                annotator = Annotator(pilot, gold)
                await pilot.pause()
                if suggest:
                    await annotator.annotate_with_suggestions()
                else:
                    await annotator.annotate_by_hand()
                run = annotator.run()
                await pilot.app.workers.wait_for_complete()
        finally:
            app.saver.close(timeout=10)
    finally:
        store.close()
    check_database(db, gold)
    return run


def check_database(db: Path, gold: GoldDocument) -> None:
    """The database file, read as any program would, holds exactly the gold spans."""
    data = json.loads(db.read_text(encoding="utf-8"))
    stored = {
        (r["start"], r["end"], r["label"])
        for r in data["annotations"].values()
        if r["doc_id"] == gold.id
    }
    expected = {(s.start, s.end, s.label) for s in gold.spans}
    if stored != expected:
        raise GoldMismatch(
            f"{gold.id}: {len(stored - expected)} spans not in the gold "
            f"{sorted(stored - expected)[:5]}, {len(expected - stored)} gold spans missing "
            f"{sorted(expected - stored)[:5]}"
        )


async def count_keys(gold: GoldDocument) -> Count:
    """Annotate one document twice (without, then with suggestions) and count the keys."""
    with tempfile.TemporaryDirectory(prefix="spantag-keys-") as folder:
        without = await annotate(gold, Path(folder), suggest=False)
        with_suggestions = await annotate(gold, Path(folder), suggest=True)
    return Count(gold.id, len(gold.spans), without, with_suggestions)


def load_gold(paths: Sequence[Path] = (GOLD,)) -> list[GoldDocument]:
    return [d for path in gold_files(paths) for d in read_gold(path)]


def format_counts(counts: Sequence[Count]) -> str:
    """A plain-text table: per document, then the total."""
    width = max([len(c.doc_id) for c in counts] + [8])
    head = (
        f"{'document':<{width}} {'spans':>5} {'without':>7} {'with':>5} {'saved':>5}"
        f"  {'accepted':>8} {'relabelled':>10} {'rejected':>8} {'by hand':>7}"
    )
    total = Count(
        "total",
        sum(c.spans for c in counts),
        Run(sum(c.without.keys for c in counts)),
        Run(
            *(
                sum(getattr(c.with_suggestions, field) for c in counts)
                for field in ("keys", "by_hand", "accepted", "relabelled", "rejected")
            )
        ),
    )
    lines = [head]
    for c in [*counts, total]:
        w = c.with_suggestions
        lines.append(
            f"{c.doc_id:<{width}} {c.spans:>5} {c.without.keys:>7} {w.keys:>5} {c.saved:>5.0%}"
            f"  {w.accepted:>8} {w.relabelled:>10} {w.rejected:>8} {w.by_hand:>7}"
        )
    return "\n".join(lines)


async def count_all(documents: Sequence[GoldDocument]) -> list[Count]:
    return [await count_keys(d) for d in documents]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the key presses needed per gold document, with and without suggestions."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.keypress_annotator",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", type=Path, help="gold .jsonl files or folders")
    parser.add_argument("--steps", action="store_true", help="print every step and its keys")
    args = parser.parse_args(argv)
    try:
        documents = load_gold(args.paths or [GOLD])
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with quick_pilot():
        counts = asyncio.run(count_all(documents))
    print(
        f"Key presses to annotate {len(documents)} document(s) fully, without and with "
        f"suggestions (window {SIZE[0]}x{SIZE[1]}); the last four columns are for the run with."
    )
    print(format_counts(counts))
    if args.steps:
        for count in counts:
            for title, run in (("without", count.without), ("with", count.with_suggestions)):
                print(f"\n{count.doc_id}, {title} suggestions: {run.keys} keys")
                print("\n".join(f"  {step}" for step in run.steps))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
