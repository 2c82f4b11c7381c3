"""The reader app in adjudication mode: the gold database, the disagreements, their commands."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand
from textual.screen import Screen

from tui.app import SpantagApp, run_until_quit
from tui.screens.adjudication import AdjudicationScreen
from tui.screens.reader import ReaderScreen
from tui.session import Session
from tui.store import Store
from tui.team.adjudication import AdjudicationState


class AdjudicationApp(SpantagApp):
    """SpantagApp whose reader is the adjudication screen, with "accept all of NAME" commands."""

    def __init__(
        self,
        store: Store,
        session: Session,
        state: AdjudicationState,
        warnings: list[str] | None = None,
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__(store, session, warnings, keymap)
        self.state = state

    def make_reader(self) -> ReaderScreen:
        return AdjudicationScreen(self.session, self.saver, self.state, self.warnings)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if screen is not self._reader:
            return
        adjudication = self._reader
        if not isinstance(adjudication, AdjudicationScreen):
            return
        names = sorted({name for plan in self.state.plans.values() for name in plan.annotators})
        for name in names:
            yield SystemCommand(
                f"Accept all of {name}'s spans in this document",
                f"Every open disagreement that {name} has, into the gold (undo: u)",
                lambda who=name: adjudication.accept_all_of(who),
            )
            yield SystemCommand(
                f"Accept all of {name}'s spans in every document",
                f"Every open disagreement that {name} has, in every document",
                lambda who=name: adjudication.accept_all_of(who, everywhere=True),
            )


def run_adjudication(
    store: Store,
    state: AdjudicationState,
    order: list[str],
    adjudicator: str,
    warnings: list[str] | None = None,
) -> int:
    """Open the reader on the gold in adjudication mode until the user quits."""
    from tui.config.keymap import load_keymap

    session = Session(store, order, annotator=adjudicator, suggest=False)
    app = AdjudicationApp(store, session, state, warnings, load_keymap())
    return run_until_quit(app, store)
