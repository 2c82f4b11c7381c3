"""`]` and `[`: from the cursor, or from the annotation last reached, to the next or previous."""

from __future__ import annotations

from tui.document.span_index import SpanIndex
from tui.model import Annotation


def step_annotation(
    spans: SpanIndex[Annotation],
    current: Annotation | None,
    selection: tuple[int, int] | None,
    cursor: int,
    step: int,
) -> tuple[Annotation, bool]:
    """The annotation `step` (1 or -1) away, and whether it wrapped around; `spans` is not empty.

    From `current` (the one last reached) while it is still selected, so that nested and equal
    starts are visited one by one; else from the cursor.
    """
    if current is not None and current in spans and selection == (current.start, current.end):
        rank = spans.rank(current) + step
        target = spans.nth(rank) if 0 <= rank < len(spans) else None
    elif step > 0:
        target = spans.first_starting_after(cursor)
    else:
        target = spans.last_starting_before(cursor)
    if target is None:
        return spans.nth(0 if step > 0 else -1), True
    return target, False
