"""The spantag reader app: wires the session, the single writer and the reader screen."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme

from tui.config.app_config import AppConfig
from tui.crash import write_crash_log
from tui.errors import SpantagError
from tui.jobs.saver import Saver, SaveState
from tui.messages import SaveStateChanged
from tui.paths import styles_dir
from tui.screens.reader import ReaderScreen
from tui.session import Session
from tui.store import Store
from tui.suggest.base import Suggester
from tui.widgets.article_view import ArticleView


class SpantagApp(App[int]):
    """Read articles and tag spans with the keyboard; every tag is saved as it is made."""

    TITLE = "spantag"
    CSS_PATH = str(styles_dir() / "app.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            priority=True,
            id="app.quit",
            tooltip="Quit (after every change is saved)",
        ),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Show every key"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            id="app.commands",
            tooltip="Command palette: every action by name",
        ),
    ]

    @dataclass
    class TaskFinished(Message):
        """A job run on the writer thread (an export) finished."""

        message: str
        error: bool

    def __init__(
        self,
        store: Store,
        session: Session,
        warnings: list[str] | None = None,
        keymap: dict[str, str] | None = None,
        config: AppConfig | None = None,
    ) -> None:
        super().__init__()
        self.keymap = keymap or {}
        # The user's config file (docs/configuration.md): its theme is applied, and a theme
        # chosen in the palette is written back to it. None (tests): no file is touched.
        self.config = config
        self._remembered_theme = config.theme if config is not None else None
        self.store = store
        self.session = session
        self.warnings = warnings or []
        self.saver = Saver(store, self._save_state_changed)
        self._reader: ReaderScreen | None = None
        if session.learner is not None:
            # The training process reads the database: what was decided must be on disk first;
            # its new model is shown once it is there.
            session.learner.before_training = lambda: self.saver.flush(5.0)
            # post_message, not call_from_thread: it never waits, even once the app has ended.
            session.learner.on_trained = lambda: self.post_message(self.ModelTrained())

    class ModelTrained(Message):
        """The background training replaced the learned model: suggest from the new one."""

    def on_spantag_app_model_trained(self, _: ModelTrained) -> None:
        if self._reader is not None and self._reader.is_attached:
            self._reader.suggestions.refresh()

    crash_message: str | None = None

    def _fatal_error(self) -> None:
        """An unexpected exception: log the traceback to a file and exit with one line.

        (Overrides Textual's handler, which prints the traceback on the terminal.) Every change
        made before the error is still flushed by `run_app`.
        """
        error = self._exception
        log = write_crash_log(error)
        self.crash_message = f"internal error: {error!r} (details in {log})"
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        if self.config is not None:
            theme = self.config.theme
            if theme and theme in self.available_themes:
                self.theme = theme
            elif theme:
                self.notify(
                    f"Unknown theme {theme!r} in {self.config.path}; using {self.theme}",
                    severity="warning",
                    markup=False,
                )
            self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._reader = self.make_reader()
        self.push_screen(self._reader)
        if self.session.learner_note is not None:
            self.notify(self.session.learner_note, timeout=6, markup=False)  # information
        self.call_after_refresh(self._first_frame)

    def make_reader(self) -> ReaderScreen:
        """The reader screen (a served session makes its own: tui/served_app.py)."""
        return ReaderScreen(self.session, self.saver, self.warnings)

    def _remember_theme(self, theme: Theme) -> None:
        """A theme chosen in the palette is written to the config file (atomically)."""
        if self.config is None or theme.name == self._remembered_theme:
            return
        from tui.config.app_config import save_theme

        try:
            save_theme(theme.name, self.config.path)
        except (OSError, SpantagError) as exc:
            self.notify(f"Theme not remembered: {exc}", severity="warning", markup=False)
            return
        self._remembered_theme = theme.name

    def _first_frame(self) -> None:
        """Once the article is on screen: let the garbage collector run again (the command
        line paused it for start-up), without walking everything loaded so far."""
        gc.freeze()
        gc.enable()

    async def _on_key(self, event: events.Key) -> None:
        """Keys reach here in the order they were typed: the reader sees each first (its open
        search line takes it), then the bindings run.

        (Runs before Textual's App._on_key, which checks the bindings; preventing the default
        stops that for a key the reader took.)
        """
        screen = self.screen
        if isinstance(screen, ReaderScreen) and await screen.route_key(event):
            event.prevent_default()
            event.stop()

    def on_paste(self, event: events.Paste) -> None:
        screen = self.screen
        if isinstance(screen, ReaderScreen):
            screen.route_paste(event.text)

    def _save_state_changed(self, state: SaveState) -> None:
        # Called on the writer thread: post a message (thread-safe), never touch widgets.
        if self._reader is not None:
            self._reader.post_message(SaveStateChanged(state))

    # -- quitting ---------------------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Quit once every change is on disk; refuse (and say why) while some are not."""
        if self.saver.state.pending:
            saved = await asyncio.to_thread(self.saver.flush, 3.0)
            if not saved:
                state = self.saver.state
                self.notify(
                    f"Not quitting: {state.pending} change(s) are not on disk yet "
                    f"({state.error or 'still saving'}). spantag keeps retrying; fix the cause "
                    "(e.g. free disk space), or choose 'Quit without saving' in ctrl+p.",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
                return
        self.exit(0)

    def action_quit_discarding(self) -> None:
        """Quit even though some changes could not be saved (asked for explicitly)."""
        self.exit(1)

    # -- help and commands ------------------------------------------------------------------
    def action_help(self) -> None:
        from tui.screens.help import HelpScreen  # imported on first use: start-up matters

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        screen = self.screen
        nodes: list[DOMNode] = [self]
        if isinstance(screen, ReaderScreen):
            nodes += screen.key_sources()
        self.push_screen(HelpScreen(nodes, self.session.labels))

    def action_export(self) -> None:
        """Ask for a file name, then write native JSONL there (on the writer thread)."""

        def chosen(answer: str | None) -> None:
            if not answer:
                return
            path = Path(answer).expanduser()

            def done(result: object) -> None:
                if isinstance(result, BaseException):
                    self.post_message(self.TaskFinished(f"Export failed: {result}", True))
                else:
                    self.post_message(
                        self.TaskFinished(f"Exported {result} spans to {path}", False)
                    )

            # The exporters are imported on first use: they are not needed to start reading.
            from tui.jobs.exporting import export_native_file

            self.saver.submit_task(lambda store: export_native_file(store, path), done)
            self.notify(f"Exporting to {path}…", timeout=2, markup=False)

        from tui.screens.prompt import PromptScreen

        self.push_screen(
            PromptScreen("Export native JSONL to file:", "spantag-export.jsonl"), chosen
        )

    def on_spantag_app_task_finished(self, event: TaskFinished) -> None:
        self.notify(event.message, severity="error" if event.error else "information", markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The app's commands that have no key (the reader's keys: tui/screens/commands.py)."""
        yield SystemCommand(
            "Export native JSONL…",
            "Write every document and span to a JSONL file",
            self.action_export,
        )
        if self.saver.state.pending:
            yield SystemCommand(
                "Quit without saving",
                "Quit although some changes could not be written to disk",
                self.action_quit_discarding,
            )
        yield from super().get_system_commands(screen)


def run_app(
    store: Store,
    doc_ids: list[str],
    annotator: str = "",
    warnings: list[str] | None = None,
    *,
    suggest: bool = True,
    backends: Sequence[Suggester] = (),
    make_app: Callable[[Store, Session, list[str], dict[str, str], AppConfig | None], SpantagApp]
    | None = None,
) -> int:
    """Run the reader until the user quits; returns the process exit code.

    `make_app` builds another SpantagApp from (store, session, warnings, keymap, config): a
    served one.
    """
    import sys

    from tui.config.app_config import load_config
    from tui.config.keymap import load_keymap

    config = load_config()
    # config.toml's [keymap], then keymap.toml (the older, more specific file wins).
    keymap = {**config.keymap, **load_keymap()}
    session = Session(store, doc_ids, annotator=annotator, suggest=suggest, backends=backends)
    app = (make_app or SpantagApp)(store, session, warnings or [], keymap, config)
    try:
        code = app.run()
    finally:
        gc.enable()
        if session.learner is not None:
            session.learner.close()
    saved = app.saver.close(timeout=10)
    if app.crash_message is not None:
        print(f"spantag: {app.crash_message}", file=sys.stderr)
        code = 2
    if not saved:
        state = app.saver.state
        print(
            f"spantag: {state.pending} change(s) could not be saved to {store.path}: {state.error}",
            file=sys.stderr,
        )
        return 1
    return code or 0


__all__ = ["ArticleView", "SpantagApp", "run_app"]
