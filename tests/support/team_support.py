"""Helpers for the team tests: small annotators' databases built from hand-made spans."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from tui.model import Annotation, Change, Document
from tui.store import Store

# (doc_id, start, end, label) or (doc_id, start, end, label, annotator)
Span = tuple[str, int, int, str] | tuple[str, int, int, str, str]


def make_db(
    path: Path,
    texts: dict[str, str],
    spans: Iterable[Span],
    annotator: str = "",
    done: Sequence[str] = (),
) -> Path:
    """A database at `path` with these documents and spans (annotator: the file stem)."""
    name = annotator or path.stem
    with Store.open(path) as store:
        store.add_documents(
            Document(id=doc_id, text=text, status="done" if doc_id in done else "todo")
            for doc_id, text in texts.items()
        )
        changes = []
        for span in spans:
            doc_id, start, end, label = span[:4]
            who = span[4] if len(span) == 5 else name
            text = texts[doc_id][start:end]
            changes.append(Change("put", Annotation(doc_id, start, end, label, text, who)))
        if changes:
            store.apply(changes)
    return path


def digest(*paths: Path) -> dict[str, str]:
    """The SHA-256 of each file's bytes (to prove a command left it untouched)."""
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_786e792f34019fa1.txt"
# Two annotators of the seed article: four spans agreed, then one missing, one extra, one
# shifted and one relabelled (in ben's database compared with ana's).
SEED_ANA = [
    ("ISLAMABAD", "PLACE", 0),
    ("Islamabad", "PLACE", 0),
    ("“It is a final push to clear the mosque of armed militants,”", "QUOTE", 0),
    ("Abdul Rashi Ghazi", "PERSON", 0),
    ("20", "FIGURE", 0),  # missing in ben's
    ("Waheed Arshad", "PERSON", 0),  # shifted in ben's
    ("Red Mosque", "PLACE", 0),  # relabelled in ben's
]
SEED_BEN = [
    ("ISLAMABAD", "PLACE", 0),
    ("Islamabad", "PLACE", 0),
    ("“It is a final push to clear the mosque of armed militants,”", "QUOTE", 0),
    ("Abdul Rashi Ghazi", "PERSON", 0),
    ("eight days", "FIGURE", 0),  # extra in ben's
    ("Major General Waheed Arshad", "PERSON", 0),
    ("Red Mosque", "PERSON", 0),
]


def seed_span(text: str, needle: str, label: str, nth: int = 0) -> tuple[str, int, int, str]:
    """The (doc, start, end, label) of the nth occurrence of `needle` in the seed article."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return (SEED.stem, start, start + len(needle), label)


def seed_pair(folder: Path) -> tuple[Path, Path]:
    """ana.json and ben.json: the seed article annotated by two people who disagree a little."""
    from tui.text.reading import read_article

    text = read_article(SEED)
    texts = {SEED.stem: text}
    ana = make_db(folder / "ana.json", texts, [seed_span(text, *s) for s in SEED_ANA])
    ben = make_db(folder / "ben.json", texts, [seed_span(text, *s) for s in SEED_BEN])
    return ana, ben
