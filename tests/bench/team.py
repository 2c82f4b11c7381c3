"""The team benchmarks: `spantag agree` on two large databases, and a key in adjudication mode.

Two annotators' databases are made from the same documents: ben's spans are ana's with about
one in six changed (dropped, shifted by a character, relabelled, or a new span added).
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from tests.bench import data, keys
from tui.model import Annotation, Change, Document
from tui.store import Store


def perturbed(
    text: str, spans: list[tuple[int, int, str]], rng: random.Random
) -> list[tuple[int, int, str]]:
    """Another annotator's version of `spans`: most kept, some dropped, shifted, relabelled."""
    out: set[tuple[int, int, str]] = set()
    for start, end, label in spans:
        roll = rng.random()
        if roll < 0.04:
            continue  # missed
        if roll < 0.08 and end - start > 1:
            out.add((start + 1, end, label))  # boundary shift
        elif roll < 0.12:
            out.add((start, end, rng.choice([x for x in data.LABELS if x != label])))
        else:
            out.add((start, end, label))
    extra = data.random_spans(text, max(1, len(spans) // 25), seed=rng.randrange(10**9))
    out.update(extra)
    return sorted(out)


def write(path: Path, documents: list[Document], spans: dict[str, list], name: str) -> None:  # type: ignore[type-arg]
    path.unlink(missing_ok=True)
    with Store.open(path) as store, store.batch():
        store.add_documents(documents)
        store.apply(
            Change("put", Annotation(d.id, s, e, label, d.text[s:e], name, "manual"))
            for d in documents
            for s, e, label in spans[d.id]
        )


def team_pair(folder: Path, documents: int, per_doc: int, size: int) -> tuple[Path, Path]:
    """ana.json and ben.json: `documents` articles of `size` characters, `per_doc` spans each."""
    rng = random.Random(11)
    docs = [
        Document(id=f"doc{i:05d}", text=data.article(size, seed=rng.randrange(10**9)))
        for i in range(documents)
    ]
    ana = {d.id: data.random_spans(d.text, per_doc, seed=i) for i, d in enumerate(docs)}
    ben = {d.id: perturbed(d.text, ana[d.id], rng) for d in docs}
    paths = folder / "ana.json", folder / "ben.json"
    write(paths[0], docs, ana, "ana")
    write(paths[1], docs, ben, "ben")
    return paths


async def adjudication_keys(folder: Path, ana: Path, ben: Path, presses: int) -> list[float]:
    """Key-to-frame times in adjudication mode: moving, Tab to a disagreement, Enter on it."""
    from tui.adjudicating import AdjudicationApp
    from tui.screens.adjudication import AdjudicationScreen
    from tui.session import Session
    from tui.team.corpus import load_corpus
    from tui.team.gold import prepare_gold

    corpus = load_corpus([Store.open(ana, write=False), Store.open(ben, write=False)])
    gold_path = folder / "gold.json"
    gold_path.unlink(missing_ok=True)
    gold = Store.open(gold_path)
    setup = prepare_gold(corpus, corpus.annotators, gold, "bench")
    app = AdjudicationApp(gold, Session(gold, setup.order, suggest=False), setup.state)
    times: list[float] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            clock = keys.FrameClock(app)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, AdjudicationScreen)
            screen.view.move_to(len(screen.doc.text) // 2)
            screen.view.scroll_to_cursor(center=True)
            while not screen.view.layout_complete:
                await asyncio.sleep(0.05)
            await pilot.pause()
            for _ in range(presses):
                times.append(await keys.key_to_frame(app, clock, "down"))
                times.append(await keys.key_to_frame(app, clock, "w"))
                times.append(await keys.key_to_frame(app, clock, "tab"))
                times.append(await keys.key_to_frame(app, clock, "enter"))
            app.saver.flush(60)
    finally:
        app.saver.close(60)
        gold.close()
    return times
