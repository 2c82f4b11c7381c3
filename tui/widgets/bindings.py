"""Bindings made at run time (one per label of a configurable label set)."""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode


def binding(
    key: str, action: str, description: str, id: str, show: bool = False, tip: str = ""
) -> Binding:
    """A Binding with an id (for keymaps) and a tooltip (the help screen's text)."""
    return Binding(key, action, description, show=show, id=id, tooltip=tip or description)


def add_binding(node: DOMNode, binding: Binding) -> None:
    """Bind each of `binding`'s comma-separated keys on `node`, keeping its id for keymaps."""
    for key in binding.key.split(","):
        key = key.strip()
        node._bindings.key_to_bindings.setdefault(key, []).append(
            Binding(
                key,
                binding.action,
                binding.description,
                show=binding.show,
                key_display=binding.key_display,
                priority=binding.priority,
                tooltip=binding.tooltip,
                id=binding.id,
            )
        )


def live_bindings(node: DOMNode) -> list[Binding]:
    """`node`'s bindings that have an id, one per id, with the keys they have now (after the
    app's keymap), comma-separated: what the help screen and the command palette show."""
    bindings = node._bindings.copy()
    bindings.apply_keymap(node.app._keymap)
    first: dict[str, Binding] = {}
    keys: dict[str, list[str]] = {}
    for key, bound in bindings.key_to_bindings.items():
        for one in bound:
            if one.id is not None:
                first.setdefault(one.id, one)
                listed = keys.setdefault(one.id, [])
                if key not in listed:  # a remapped key of a binding added once per key
                    listed.append(key)
    return [
        Binding(
            ",".join(keys[binding_id]),
            one.action,
            one.description,
            show=one.show,
            id=binding_id,
            tooltip=one.tooltip,
        )
        for binding_id, one in first.items()
    ]


def key_display(node: DOMNode, binding: Binding) -> str:
    """The keys of `binding` as the footer shows them (`^b`, `]`, `tab`), space-separated."""
    return " ".join(node.app.get_key_display(Binding(key, "")) for key in binding.key.split(","))
