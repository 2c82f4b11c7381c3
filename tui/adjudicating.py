"""The reader app in adjudication mode: the gold database, the disagreements, their commands."""

from __future__ import annotations

from tui.app import SpantagApp, run_app
from tui.config.app_config import AppConfig
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
        config: AppConfig | None = None,
    ) -> None:
        super().__init__(store, session, warnings, keymap, config)
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

    def make_app(
        store: Store,
        session: Session,
        warnings: list[str],
        keymap: dict[str, str],
        config: AppConfig | None,
    ) -> SpantagApp:
        return AdjudicationApp(store, session, state, warnings, keymap, config)

    return run_app(
        store, order, annotator=adjudicator, warnings=warnings, suggest=False, make_app=make_app
    )
