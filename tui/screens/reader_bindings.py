"""The reader's keys: bindings with ids (for keymaps) and tooltips (help screen, palette)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.labels import Label
from tui.screens.attributing import ATTRIBUTION_BINDINGS
from tui.screens.span_keys import SPAN_BINDINGS
from tui.screens.suggestion_keys import SUGGESTION_BINDINGS
from tui.widgets.bindings import binding

READER_BINDINGS: list[BindingType] = [
    binding("x,delete", "remove", "Remove", "annotation.remove"),
    binding("u", "undo", "Undo", "history.undo", show=True),
    binding("U", "redo", "Redo", "history.redo"),
    binding("right_square_bracket", "next_annotation", "Next span", "annotation.next"),
    binding("left_square_bracket", "previous_annotation", "Prev span", "annotation.previous"),
    binding("greater_than_sign", "next_document", "Next doc", "document.next"),
    binding("less_than_sign", "previous_document", "Prev doc", "document.previous"),
    binding("slash", "search", "Search", "search.start", show=True),
    binding("n", "search_next", "Next match", "search.next"),
    binding("N", "search_previous", "Previous match", "search.previous"),
    binding("escape", "escape", "Clear", "selection.clear"),
    binding("d", "toggle_status('done')", "Done", "document.done"),
    binding("s", "toggle_status('skipped')", "Skip", "document.skip"),
    binding("a", "focus_annotations", "Span list", "panel.annotations"),
    binding("o", "focus_documents", "Doc list", "panel.documents"),
    binding("ctrl+b", "toggle_panel", "Panel", "panel.toggle"),
    *SUGGESTION_BINDINGS,
    *ATTRIBUTION_BINDINGS,
    *SPAN_BINDINGS,
]


def label_binding(label: Label) -> Binding:
    """The keys that tag with `label` (its key and its alternative key), with the id
    `tag.<name>` that the keymap file remaps (docs/labels.md)."""
    return Binding(
        ",".join(label.keys),
        f"tag('{label.name}')",
        label.name.title(),
        show=True,
        key_display=label.key,
        id=label.binding_id,
        tooltip=f"Tag the selection, or what is under the cursor, as {label.name}",
    )
