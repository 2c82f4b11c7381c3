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
