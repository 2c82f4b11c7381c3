"""The reader's command palette (ctrl+p): every action of its live bindings, by name, with the key
it has now (after the user's keymap), and the few commands that have no key."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from tui.widgets.bindings import key_display, live_bindings

NOT_IN_PALETTE = frozenset({"app.commands"})
"""Bindings the palette does not list (opening the palette from the palette)."""


@dataclass(frozen=True)
class Command:
    """One line of the palette: what it does, its help line, what runs."""

    title: str
    help: str
    run: Callable[[], object]


@runtime_checkable
class HasCommands(Protocol):
    """A screen that offers commands with no key (e.g. accept all suggestions of a label)."""

    def palette_commands(self) -> Iterable[Command]: ...


def binding_commands(nodes: Iterable[DOMNode]) -> Iterator[Command]:
    """A command for each identified binding of `nodes` (first node first), run as its key."""
    seen: set[str] = set()
    for node in nodes:
        for binding in live_bindings(node):
            if binding.id is None or binding.id in seen or binding.id in NOT_IN_PALETTE:
                continue
            seen.add(binding.id)
            yield Command(
                binding.tooltip or binding.description,
                f"key: {key_display(node, binding)}",
                partial(node.app.run_action, binding.action, node),
            )


class ReaderCommands(Provider):
    """The palette's commands for the reader, built when the palette opens."""

    def _commands(self) -> list[Command]:
        commands = list(binding_commands([self.screen, self.app]))
        if isinstance(self.screen, HasCommands):
            commands += self.screen.palette_commands()
        return commands

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)
