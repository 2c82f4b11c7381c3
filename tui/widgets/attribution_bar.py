"""The attribution bar: one line under the article while the annotator picks a quote's speaker.

It owns the candidates (an `Attribution`) and the keys of the mode, and reports each step
upward in messages; the screen makes the edits and moves the view. Focused while the mode is
on, so that its keys (Tab, Enter, Esc, ...) come before the reader's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Static

from tui.model import Annotation
from tui.suggest.attribution import Attribution, Candidate
from tui.text.layout import printable
from tui.widgets.bindings import binding

ATTRIBUTION_MODE_BINDINGS: list[BindingType] = [
    binding("tab,right_square_bracket", "step(1)", "Next speaker", "speaker.next", show=True),
    binding("shift+tab,left_square_bracket", "step(-1)", "Previous speaker", "speaker.previous"),
    binding(
        "enter", "link", "Link", "speaker.link", show=True, tip="Link the quote to this speaker"
    ),
    binding(
        "p,1",
        "link",
        "Tag and link",
        "speaker.tag_link",
        tip="Tag the speaker PERSON (if it is not yet) and link the quote to it",
    ),
    binding("backspace", "reject", "Reject", "speaker.reject", tip="Reject the suggested speaker"),
    binding("x,delete", "unlink", "Unlink", "speaker.unlink", tip="Remove the quote's speaker"),
    binding("escape", "cancel", "Cancel", "speaker.cancel", show=True),
]


def _excerpt(text: str, limit: int = 30) -> str:
    flat = printable(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class AttributionBar(Static, can_focus=True):
    """Shows the candidate speaker of the quote being attributed; its keys drive the mode."""

    BINDINGS: ClassVar[list[BindingType]] = ATTRIBUTION_MODE_BINDINGS

    @dataclass
    class Moved(Message):
        """Another candidate is current: the view should show it."""

        candidate: Candidate

    @dataclass
    class Linked(Message):
        """Link the quote to this candidate (tagging it PERSON first if it is not yet)."""

        attribution: Attribution
        candidate: Candidate

    @dataclass
    class Unlinked(Message):
        """Remove the quote's speaker."""

        attribution: Attribution

    @dataclass
    class Rejected(Message):
        """The suggested speaker was turned down."""

        attribution: Attribution
        candidate: Candidate

    @dataclass
    class Closed(Message):
        """The mode ended (a link, an unlink, or Esc); the view goes back to the quote."""

        quote: Annotation
        cancelled: bool

    attribution: Attribution | None = None

    def start(self, attribution: Attribution) -> None:
        """Begin attributing: show the first candidate and take the keys."""
        self.attribution = attribution
        self.display = True
        self.focus()
        self._show()
        if attribution.current is not None:
            self.post_message(self.Moved(attribution.current))

    def stop(self, cancelled: bool = False) -> None:
        """End the mode (hidden again; the screen takes the keys back)."""
        if self.attribution is None:
            return
        quote, self.attribution = self.attribution.quote, None
        self.display = False
        self.post_message(self.Closed(quote, cancelled))

    def _show(self) -> None:
        attribution = self.attribution
        if attribution is None:
            return
        quote = _excerpt(attribution.quote.text)
        current = attribution.current
        parts: list[Text | str] = [Text(" SPEAKER ", style="bold reverse"), f" of ‹{quote}›: "]
        if current is None:
            parts.append(Text("no PERSON in this document (Esc)", style="italic"))
        else:
            where = f"{attribution.index + 1}/{len(attribution.candidates)} "
            parts += [where, Text(printable(current.text), style="bold")]
            if current.suggested:
                parts.append(Text(f" · suggested ({printable(current.reason)})", style="cyan"))
            if current.person is None:
                parts.append(Text(" · not tagged yet: Enter tags it PERSON", style="yellow"))
            if attribution.current_speaker is not None:
                speaker = printable(attribution.current_speaker.text)
                parts.append(Text(f" · now: {speaker}", style="italic"))
        parts.append("  Tab/] next · Enter link · ⌫ reject · x unlink · Esc cancel")
        self.update(Text.assemble(*parts, no_wrap=True, overflow="ellipsis"))

    def action_step(self, by: int) -> None:
        if self.attribution is None:
            return
        candidate = self.attribution.step(by)
        self._show()
        if candidate is not None:
            self.post_message(self.Moved(candidate))

    def action_link(self) -> None:
        attribution = self.attribution
        if attribution is None or attribution.current is None:
            return
        self.post_message(self.Linked(attribution, attribution.current))
        self.stop()

    def action_unlink(self) -> None:
        attribution = self.attribution
        if attribution is None:
            return
        if attribution.current_speaker is None:
            self.app.bell()
            return
        self.post_message(self.Unlinked(attribution))
        self.stop()

    def action_reject(self) -> None:
        attribution = self.attribution
        if attribution is None:
            return
        rejected = attribution.current
        if rejected is None or not attribution.reject():
            self.app.bell()
            return
        self.post_message(self.Rejected(attribution, rejected))
        self._show()
        if attribution.current is not None:
            self.post_message(self.Moved(attribution.current))

    def action_cancel(self) -> None:
        if self.attribution is not None:
            self.stop(cancelled=True)
