"""The README's screenshot: the reader on the seed article with spans, suggestions (one selected
with Tab) and the side panel, drawn headless and saved as SVG.

    .venv/bin/python -m tests.support.readme_screenshot docs/images/reader.svg
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from tests.support.app_support import SEED, suggestions_settled
from tui.app import SpantagApp
from tui.jobs.importer import import_files
from tui.model import Annotation, Change
from tui.session import Session
from tui.store import Store

SPANS = [
    ("Islamabad", "PLACE"),
    ("Red Mosque", "PLACE"),
    ("“It is a final push to clear the mosque of armed militants,”", "QUOTE"),
    ("Waheed Arshad", "PERSON"),
    ("300-400", "FIGURE"),
    ("20", "FIGURE"),
]
SIZE = (120, 36)


async def shoot(target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "annotations.json")
        report = import_files(store, [SEED])
        doc = store.documents[report.added[0]]
        changes = []
        for number, (needle, label) in enumerate(SPANS):
            start = doc.text.index(needle)
            annotation = Annotation(
                doc.id,
                start,
                start + len(needle),
                label,
                needle,
                "ana",
                id=f"r{number}",
                created="2026-01-01T00:00:00.000Z",
            )
            changes.append(Change("put", annotation))
        store.apply(changes)
        app = SpantagApp(store, Session(store, report.added, annotator="ana"))
        try:
            async with app.run_test(size=SIZE) as pilot:
                await suggestions_settled(pilot)
                await pilot.press("tab", "tab")
                await suggestions_settled(pilot)
                await pilot.pause(0.3)
                app.save_screenshot(target.name, str(target.parent))
        finally:
            app.saver.close(timeout=10)
            store.close()


def main() -> None:
    """Write the screenshot to the path given (default docs/images/reader.svg)."""
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images/reader.svg")
    target.parent.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot(target.resolve()))
    print(target)


if __name__ == "__main__":
    main()
