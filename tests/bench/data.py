"""Deterministic benchmark data: realistic news prose, articles of a given size, random spans,
and databases of many documents and annotations."""

from __future__ import annotations

import random
import re
from pathlib import Path

from tui.model import Annotation, Change, Document
from tui.store import Store

ROOT = Path(__file__).resolve().parent.parent.parent
LABELS = ("PERSON", "PLACE", "QUOTE", "FIGURE")
_WORD = re.compile(r"\w+")


def sentences() -> list[str]:
    """Sentences of the seed and the sample articles: the prose the benchmark recombines."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [
        p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "sample_articles").glob("*.txt"))
        if "hard" not in p.name
    ]
    out: list[str] = []
    for text in texts:
        for paragraph in text.splitlines():
            out.extend(s.strip() for s in re.split(r"(?<=[.!?”])\s+", paragraph) if s.strip())
    return out


def article(size: int, seed: int = 1) -> str:
    """About `size` characters of news prose in paragraphs of 2-6 sentences."""
    rng = random.Random(seed)
    pool = sentences()
    paragraphs: list[str] = []
    total = 0
    while total < size:
        paragraph = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs)[:size].rstrip() + "\n"


def random_spans(text: str, count: int, seed: int = 2) -> list[tuple[int, int, str]]:
    """`count` distinct word-aligned spans of 1-4 words (they overlap and nest freely)."""
    rng = random.Random(seed)
    words = [m.span() for m in _WORD.finditer(text)]
    spans: set[tuple[int, int, str]] = set()
    while len(spans) < count:
        i = rng.randrange(len(words))
        j = min(len(words) - 1, i + rng.randint(0, 3))
        spans.add((words[i][0], words[j][1], rng.choice(LABELS)))
    return sorted(spans)


def make_annotations(document: Document, spans: list[tuple[int, int, str]]) -> list[Annotation]:
    return [
        Annotation(document.id, s, e, label, document.text[s:e], "bench", "import")
        for s, e, label in spans
    ]


def database_with_article(path: Path, text: str, span_count: int) -> str:
    """A database holding one article with `span_count` random spans; returns its id."""
    path.unlink(missing_ok=True)
    document = Document(id="article", text=text, title="benchmark article")
    with Store.open(path) as store:
        store.add_documents([document])
        spans = random_spans(text, span_count) if span_count else []
        store.apply(Change("put", a) for a in make_annotations(document, spans))
    return document.id


def corpus_database(path: Path, documents: int, spans: int, seed: int = 3) -> None:
    """`documents` articles of about 3 KB holding `spans` annotations in all."""
    path.unlink(missing_ok=True)
    rng = random.Random(seed)
    docs = [
        Document(id=f"doc{i:05d}", text=article(3000, seed=rng.randrange(10**9)), title=f"doc {i}")
        for i in range(documents)
    ]
    with Store.open(path) as store, store.batch():
        store.add_documents(docs)
        per_doc = spans // documents
        changes: list[Change] = []
        for number, document in enumerate(docs):
            picked = random_spans(document.text, per_doc, seed=number)
            changes.extend(Change("put", a) for a in make_annotations(document, picked))
        store.apply(changes)
