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
from tui.suggest.evaluate import GoldDocument, GoldSpan, gold_files, gold_sets, read_gold

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

    from tui.screens import pacing

    saved = _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE
    _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = 0.002, 0.0001
    # The reader waits for the keys to pause before it updates the panel and the suggestions;
    # the script waits for that update before its next key anyway, so the pause can be short.
    idle = pacing.IDLE_DELAY
    pacing.IDLE_DELAY = 0.005
    try:
        yield
    finally:
        _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = saved
        pacing.IDLE_DELAY = idle


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
    """Annotate `gold` fully on a fresh database in `folder`; what it took (rules only)."""
    db = folder / ("with.json" if suggest else "without.json")
    store = Store.open(db)
    try:
        store.add_documents([Document(id=gold.id, text=gold.text, title=gold.id)])
        run = await annotate_in(store, gold, suggest=suggest, learn=False)
    finally:
        store.close()
    check_database(db, gold)
    return run


async def annotate_in(store: Store, gold: GoldDocument, *, suggest: bool, learn: bool) -> Run:
    """Annotate `gold` (already in `store`) in a reader opened on it alone, then mark it done
    with `d` (not counted: it is the same one key with or without suggestions). With `learn`,
    the learned model retrains when the document is marked done (not after every N decisions,
    so that the figures do not depend on how fast the training process runs), and the next
    document waits for it."""
    session = Session(store, [gold.id], annotator="script", suggest=suggest, learn=learn)
    if session.learner is not None:
        session.learner.every = 0
    app = SpantagApp(store, session)
    try:
        async with app.run_test(size=SIZE) as pilot:
            annotator = Annotator(pilot, gold)
            await pilot.pause()
            if suggest:
                await annotator.annotate_with_suggestions()
            else:
                await annotator.annotate_by_hand()
            run = annotator.run()
            await pilot.press("d")
            await pilot.app.workers.wait_for_complete()
    finally:
        app.saver.close(timeout=10)
    if session.learner is not None:
        if not session.learner.wait(timeout=300):
            raise AssertionError("the training did not finish")
        if session.learner.last_error is not None:
            raise AssertionError(f"the training failed: {session.learner.last_error}")
        session.learner.close()
    return run


@dataclass(frozen=True, slots=True)
class Step:
    """One document of a sequential run: how many documents were annotated before it."""

    before: int
    doc_id: str
    spans: int
    run: Run


async def annotate_sequence(documents: Sequence[GoldDocument], *, learn: bool) -> list[Step]:
    """Annotate the documents one after another in ONE database, with suggestions, so that
    propagation (and with `learn`, the learned model) carries what was decided before over to
    the next; the database must hold exactly the gold spans of each document after its turn."""
    steps = []
    with tempfile.TemporaryDirectory(prefix="spantag-sequence-") as folder:
        db = Path(folder) / "sequence.json"
        store = Store.open(db)
        try:
            store.add_documents([Document(id=d.id, text=d.text, title=d.id) for d in documents])
            for number, gold in enumerate(documents):
                run = await annotate_in(store, gold, suggest=True, learn=learn)
                steps.append(Step(number, gold.id, len(gold.spans), run))
        finally:
            store.close()
        for gold in documents:
            check_database(db, gold)
    return steps


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


def _total(counts: Sequence[Count]) -> Count:
    return Count(
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


def format_counts(counts: Sequence[Count]) -> str:
    """A plain-text table: per document, then the total (with keys per gold span)."""
    width = max([len(c.doc_id) for c in counts] + [8])
    head = (
        f"{'document':<{width}} {'spans':>5} {'without':>7} {'with':>5} {'saved':>5}"
        f" {'keys/span':>9}  {'accepted':>8} {'relabelled':>10} {'rejected':>8} {'by hand':>7}"
    )
    lines = [head]
    for c in [*counts, _total(counts)]:
        w = c.with_suggestions
        lines.append(
            f"{c.doc_id:<{width}} {c.spans:>5} {c.without.keys:>7} {w.keys:>5} {c.saved:>5.0%}"
            f" {w.keys / max(1, c.spans):>9.2f}  {w.accepted:>8} {w.relabelled:>10}"
            f" {w.rejected:>8} {w.by_hand:>7}"
        )
    return "\n".join(lines)


def format_curve(
    counts: Sequence[Count], rules: Sequence[Step], learned: Sequence[Step] | None
) -> str:
    """Keys per gold span on document k+1 after k documents, k = 0, 2, 4, ..., then the whole
    sequence; "without" is the run without suggestions (the same in any order)."""
    without = {c.doc_id: c.without.keys for c in counts}
    width = max([len(s.doc_id) for s in rules] + [8])
    head = f"{'k':>2}  {'document k+1':<{width}} {'spans':>5} {'without':>7} {'rules':>6}"
    head += f" {'+learned':>8}" if learned is not None else ""
    lines = [head]

    def row(k: str, name: str, spans: int, keys_without: int, a: int, b: int | None) -> str:
        line = f"{k:>2}  {name:<{width}} {spans:>5} {keys_without / max(1, spans):>7.2f}"
        line += f" {a / max(1, spans):>6.2f}"
        if b is not None:
            line += f" {b / max(1, spans):>8.2f}"
        return line

    for index, step in enumerate(rules):
        if step.before % 2 == 0:
            other = learned[index].run.keys if learned is not None else None
            lines.append(
                row(str(step.before), step.doc_id, step.spans, without[step.doc_id],
                    step.run.keys, other)
            )  # fmt: skip
    spans = sum(s.spans for s in rules)
    keys_without = sum(without[s.doc_id] for s in rules)
    a = sum(s.run.keys for s in rules)
    b = sum(s.run.keys for s in learned) if learned is not None else None
    lines.append(row("", "all, in order", spans, keys_without, a, b))
    saved = f"saved: rules {1 - a / max(1, keys_without):.0%}"
    if b is not None:
        saved += f", rules + learned {1 - b / max(1, keys_without):.0%}"
    lines.append(f"{'':>2}  {saved}")
    return "\n".join(lines)


async def count_all(documents: Sequence[GoldDocument]) -> list[Count]:
    return [await count_keys(d) for d in documents]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the key presses needed per gold document, with and without suggestions, for the
    held-out set (first) and the tuning set, then the learning curve on the held-out set."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.keypress_annotator",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", type=Path, help="gold .jsonl files or folders")
    parser.add_argument("--steps", action="store_true", help="print every step and its keys")
    parser.add_argument(
        "--no-curve", action="store_true", help="skip the learning curve (sequential runs)"
    )
    args = parser.parse_args(argv)
    try:
        sets = [(s.name, s.documents()) for s in gold_sets(args.paths or [GOLD])]
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not sets:
        print("error: no gold .jsonl files found", file=sys.stderr)
        return 1
    from tui.suggest.learned import learner_available

    with quick_pilot():
        results = [(name, docs, asyncio.run(count_all(docs))) for name, docs in sets]
        curve_name, curve_docs, curve_counts = results[0]
        curve = None
        if not args.no_curve and len(curve_docs) > 1:
            rules = asyncio.run(annotate_sequence(curve_docs, learn=False))
            learned = (
                asyncio.run(annotate_sequence(curve_docs, learn=True))
                if learner_available()
                else None
            )
            curve = (rules, learned)
    for number, (name, documents, counts) in enumerate(results):
        if number:
            print()
        print(
            f"{name} set: key presses to annotate {len(documents)} document(s) fully, without and"
            f" with suggestions (each alone on a fresh database, rules only; window"
            f" {SIZE[0]}x{SIZE[1]}); the columns after 'saved' are for the run with."
        )
        print(format_counts(counts))
    if curve is not None:
        rules, learned = curve
        print(
            f"\nLearning curve, {curve_name} set annotated in order in ONE database: keys per"
            " gold span on document k+1 after k documents (rules: with propagation from the"
            " documents before; +learned: and the model retrained when each is marked done)"
        )
        if learned is None:
            print("(the learner is not installed: pip install 'spantag[learn]')")
        print(format_curve(curve_counts, rules, learned))
    if args.steps:
        for _, _, counts in results:
            for count in counts:
                for title, run in (("without", count.without), ("with", count.with_suggestions)):
                    print(f"\n{count.doc_id}, {title} suggestions: {run.keys} keys")
                    print("\n".join(f"  {step}" for step in run.steps))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
