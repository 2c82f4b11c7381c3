"""The help screen: every key of the reader, read from the live bindings (so remapped keys
show as remapped), and what each label means."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.markup import escape
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.config.keymap import keymap_path
from tui.labels import LabelSet
from tui.widgets.bindings import key_display, live_bindings

SECTIONS = (
    ("Move", "cursor."),
    ("Select", "select."),
    ("Tag", "tag."),
    ("Annotations", "annotation."),
    ("Boundaries", "bounds."),
    ("Notes", "note."),
    ("History", "history."),
    ("Suggestions", "suggestion."),
    ("Speakers", "speaker."),
    ("Search", "search."),
    ("Documents", "document."),
    ("Panel", "panel."),
    ("Progress", "progress."),
    ("Annotation list", "list."),
    ("App", "app."),
)


def key_table(nodes: list[DOMNode]) -> Table:
    """A table of every identified binding of `nodes`, grouped by the prefix of its id."""
    everything: dict[str, Binding] = {}
    for node in nodes:
        for binding in live_bindings(node):
            everything.setdefault(binding.id or "", binding)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    table.add_column(style="dim", no_wrap=True)
    for title, prefix in SECTIONS:
        rows = [b for i, b in everything.items() if i.startswith(prefix)]
        if not rows:
            continue
        table.add_row(f"[b u]{title}[/]", "")
        for binding in rows:
            table.add_row(
                escape(key_display(nodes[0], binding)),
                escape(binding.tooltip or binding.description),
                escape(binding.id or ""),
            )
    return table


def label_table(labels: LabelSet) -> Table:
    """Each label of the set: colour, name, keys, what it marks and its guideline."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    for label in labels:
        table.add_row(
            f"[on {label.color}]  [/] [b]{escape(label.name)}[/] ({'/'.join(label.keys)})",
            escape(label.description),
        )
        if label.guideline:
            table.add_row("", f"[dim]{escape(label.guideline)}[/]")
    return table


def tagging_notes(labels: LabelSet) -> str:
    """How a label key tags with no selection (FIGURE and QUOTE widen, when in the set)."""
    wider = []
    if "FIGURE" in labels:
        wider.append("FIGURE takes the whole number expression (1,200 · 300-400 · 12% · 11 hours)")
    if "QUOTE" in labels:
        wider.append("QUOTE the quotation around the cursor, marks included")
    return (
        "With no selection, a label key tags the word under the cursor"
        + ("; " + " and ".join(wider) if wider else "")
        + ". A label key on an exactly selected span (after ] or [) relabels it. Offsets are "
        "code points of the stored text."
    )


class HelpScreen(ModalScreen[None]):
    """Keys and labels; any of Esc, ?, F1 or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,f1,q",
            "app.pop_screen",
            "Close",
            id="help.close",
            tooltip="Close help",
        ),
    ]

    def __init__(self, nodes: list[DOMNode], labels: LabelSet) -> None:
        super().__init__()
        self._sources = nodes
        self._labels = labels

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(
                "[b]spantag — keys[/]  (Esc closes; every tag is saved as it is made)",
                id="help-title",
            )
            yield Static(label_table(self._labels), id="help-labels")
            yield Static(key_table(self._sources), id="help-keys")
            yield Static(
                f"Keys can be remapped in {escape(_home_relative(keymap_path()))} (binding id"
                ' = keys), e.g. "tag.person" = "ctrl+e".',
                id="help-keymap",
            )
            yield Static(tagging_notes(self._labels), id="help-notes")


def _home_relative(path: Path) -> str:
    """`path` with the home folder written as ~ (shorter, and the same on every machine)."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)
