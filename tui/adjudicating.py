"""The reader app in adjudication mode: the gold database, the disagreements, their commands."""

from __future__ import annotations

from tui.app import SpantagApp, run_until_quit
from tui.screens.adjudication import AdjudicationScreen
from tui.screens.reader import ReaderScreen
from tui.session import Session
from tui.store import Store
from tui.team.adjudication import AdjudicationState


class AdjudicationApp(SpantagApp):
    """SpantagApp whose reader is the adjudication screen (its palette adds "accept all of")."""

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
