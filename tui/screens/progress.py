"""The progress screen: documents done / skipped / todo, spans per label as bars, spans and time
spent per document, and the annotators when there are several (the figures of `spantag stats`,
computed in tui/jobs/stats.py)."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.jobs.stats import IDLE_GAP_MINUTES, Progress, bar, duration
from tui.labels import DEFAULT_LABEL_SET, LabelSet
from tui.text.layout import printable

STATUS_STYLES = {"done": "green", "skipped": "yellow", "todo": "grey50"}
BAR_WIDTH = 30


def status_bar(progress: Progress, width: int = 60) -> Text:
    """One bar split in done / skipped / todo, with the counts after it."""
    total = len(progress.documents) or 1
    text = Text()
    for status, style in STATUS_STYLES.items():
        count = progress.statuses.get(status, 0)
        text.append("█" * round(count / total * width), style=style)
    text.append("\n")
    for status, style in STATUS_STYLES.items():
        text.append("■ ", style=style)
        text.append(f"{status} {progress.statuses.get(status, 0)}   ")
    flagged = sum(d.review for d in progress.documents)
    noted = sum(d.note for d in progress.documents)
    text.append(f"⚑ for review {flagged}   ✎ with notes {noted}", style="dim")
    return text


def label_table(progress: Progress, labels: LabelSet) -> Table:
    """Spans per label, as bars in each label's colour."""
    table = Table(box=None, show_header=False, padding=(0, 1))
    highest = max(progress.labels.values(), default=0)
    for name, count in progress.labels.items():
        color = labels[name].color if name in labels else "grey62"
        table.add_row(
            Text(printable(name), style=f"bold {color}"),
            Text(str(count), justify="right"),
            Text(bar(count, highest, BAR_WIDTH), style=color),
        )
    return table


def document_table(progress: Progress) -> Table:
    """Spans and time spent per document, with its status, review flag and note mark."""
    table = Table(box=None, padding=(0, 1), header_style="bold")
    for column, justify in (("document", "left"), ("", "left"), ("spans", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    table.add_column("", no_wrap=True)
    table.add_column("time", justify="right")
    highest = max((d.spans for d in progress.documents), default=0)
    for d in progress.documents:
        marks = Text("✓" if d.status == "done" else "↷" if d.status == "skipped" else "·")
        marks.stylize(STATUS_STYLES.get(d.status, ""))
        if d.review:
            marks.append(" ⚑", style="bold red")
        if d.note:
            marks.append(" ✎")
        table.add_row(
            Text(printable(d.id), overflow="ellipsis", no_wrap=True),
            marks,
            str(d.spans),
            Text(bar(d.spans, highest, BAR_WIDTH // 2), style="cyan"),
            duration(d.seconds) if d.seconds else "–",
        )
    return table


def progress_body(progress: Progress, labels: LabelSet = DEFAULT_LABEL_SET) -> RenderableType:
    """Everything the screen shows, as one Rich renderable (tested without the app)."""
    parts: list[RenderableType] = [
        Text(f"Documents ({len(progress.documents)})", style="bold"),
        status_bar(progress),
        Text(""),
        Text(f"Spans per label ({progress.spans})", style="bold"),
        label_table(progress, labels),
        Text(""),
        Text("Spans and time per document", style="bold"),
        document_table(progress),
    ]
    if len(progress.annotators) > 1:
        annotators = Table(box=None, show_header=False, padding=(0, 1))
        for name, count in sorted(progress.annotators.items(), key=lambda item: -item[1]):
            annotators.add_row(printable(name) or "(none)", str(count))
        parts += [Text(""), Text("Annotators", style="bold"), annotators]
    parts += [
        Text(""),
        Text(
            f"Time spent: {duration(progress.seconds)} (from the annotations' times; pauses over "
            f"{IDLE_GAP_MINUTES} min are not counted)",
            style="dim",
        ),
    ]
    return Group(*parts)


class ProgressScreen(ModalScreen[None]):
    """The figures of the session's documents; Esc or P closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,P,q", "close", "Close", id="progress.close", tooltip="Close the progress screen"
        ),
    ]

    def __init__(self, progress: Progress, labels: LabelSet = DEFAULT_LABEL_SET) -> None:
        super().__init__()
        self._progress = progress
        self._labels = labels

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="progress-body"):
            yield Static("[b]spantag — progress[/]  (Esc closes)", id="progress-title")
            yield Static(progress_body(self._progress, self._labels), id="progress-figures")

    def action_close(self) -> None:
        self.dismiss(None)
