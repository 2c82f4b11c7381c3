"""The reader in adjudication mode: the annotators' disagreements drawn like suggestions.

The gold database is the one being edited; every ordinary key still works on it. On top:
Tab / Shift+Tab move between the open disagreements, Enter accepts one into the gold, Backspace
rejects it, a label key accepts it with that label; `>` / `<` go to the next / previous
document with open disagreements. The state (what is open) is the plain `AdjudicationState`;
this screen only turns keys into its decisions and the saver's writes (docs/team.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import partial
from typing import ClassVar

from textual.binding import BindingType

from tui.document.annotated import EditResult
from tui.document.history import BatchEdit, RelabelEdit
from tui.jobs.saver import Saver
from tui.model import Annotation
from tui.screens.commands import Command
from tui.screens.reader import ReaderScreen
from tui.session import Session
from tui.team.adjudication import AdjudicationState, Disagreement
from tui.team.corpus import SpanKey
from tui.team.gold import rejection_records
from tui.widgets.bindings import binding


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision, for undo: the rejections it made, whether it added to the gold, and the
    document's history depth right after it (an undo reaches it only when nothing came since)."""

    rejected: tuple[SpanKey, ...]
    edited: bool
    depth: int


def gold_delta(result: EditResult) -> tuple[set[SpanKey], set[SpanKey]]:
    """The spans an edit (or its undo) added to and removed from the gold."""
    added = {c.annotation.key for c in result.changes if c.kind == "put"}
    removed = {c.annotation.key for c in result.changes if c.kind == "delete"}
    edits = result.edit.edits if isinstance(result.edit, BatchEdit) else (result.edit,)
    for edit in edits:
        if isinstance(edit, RelabelEdit):
            removed.add((edit.new if result.undone else edit.old).key)
    return added, removed - added


class AdjudicationScreen(ReaderScreen):
    """The reader on the gold database, with the disagreements to decide."""

    # The reader's suggestion and document keys, named for what they do here (same ids, so a
    # keymap that moves them moves these too).
    BINDINGS: ClassVar[list[BindingType]] = [
        binding(
            "tab",
            "step_suggestion(1)",
            "Disagreement",
            "suggestion.next",
            show=True,
            tip="Select the next open disagreement",
        ),
        binding(
            "shift+tab",
            "step_suggestion(-1)",
            "Previous disagreement",
            "suggestion.previous",
            tip="Select the previous open disagreement",
        ),
        binding(
            "enter",
            "accept_suggestion",
            "Accept",
            "suggestion.accept",
            tip="Accept the selected disagreement into the gold (a label key: with that label)",
        ),
        binding(
            "backspace",
            "reject_suggestion",
            "Reject",
            "suggestion.reject",
            tip="Reject the selected disagreement (it is not asked again)",
        ),
        binding(
            "greater_than_sign",
            "next_document",
            "Next open doc",
            "document.next",
            tip="Open the next document with open disagreements",
        ),
        binding(
            "less_than_sign",
            "previous_document",
            "Prev open doc",
            "document.previous",
            tip="Open the previous document with open disagreements",
        ),
    ]

    def __init__(
        self,
        session: Session,
        saver: Saver,
        state: AdjudicationState,
        warnings: list[str] | None = None,
    ) -> None:
        super().__init__(session, saver, warnings)
        self.state = state
        self._selected: Disagreement | None = None
        self._decisions: dict[str, list[Decision]] = {}

    # -- showing -------------------------------------------------------------------------------
    def open_document(self, doc_id: str) -> None:
        super().open_document(doc_id)
        self._selected = None
        self.view.set_suggestions(self.state.open_index(doc_id))
        self._show_counts()

    def _show_counts(self) -> None:
        here = self.state.open_count(self.doc_id)
        self.info.adjudication = f"{here} open here · {self.state.total_open} in the set"
        self.status_changed()

    def _select(self, item: Disagreement) -> None:
        self._selected = item
        self._bring_near_top(item.start)
        self.view.select(item.start, item.end)
        self.info.note = f"{item.describe()} — Enter accepts, Backspace rejects"
        self.status_changed()

    def _bring_near_top(self, offset: int) -> None:
        """A disagreement below the screen is scrolled to near its top, not its bottom: the ones
        after it then come into view without scrolling again (each scroll repaints the view)."""
        view, layout = self.view, self.view.text_layout
        if layout is None or not view.size.height:
            return
        row, top = layout.row_of(offset), int(view.scroll_offset.y)
        if row >= top + view.scrollable_content_region.height - 2:
            view.scroll_to(y=max(0, row - 2), animate=False, immediate=True)

    def selected_disagreement(self) -> Disagreement | None:
        """The open disagreement that is exactly selected (Tab's, first), if any."""
        selection = self.view.selection
        if selection is None:
            return None
        current = self._selected
        if (
            current is not None
            and (current.start, current.end) == (selection.start, selection.end)
            and self.state.is_open(self.doc_id, current.key)
        ):
            return current
        for item in self.state.open_index(self.doc_id).overlapping(selection.start, selection.end):
            if (item.start, item.end) == (selection.start, selection.end):
                return item
        return None

    # -- moving --------------------------------------------------------------------------------
    def action_step_suggestion(self, step: int) -> None:
        index = self.state.open_index(self.doc_id)
        if not index:
            elsewhere = self.state.total_open
            self.notify(
                "No open disagreement in this document"
                + (f"; {elsewhere} in others (> goes to the next)" if elsewhere else ""),
                timeout=3,
            )
            return
        current = self.selected_disagreement()
        target: Disagreement | None
        if current is not None:
            rank = index.rank(current) + step
            target = index.nth(rank) if 0 <= rank < len(index) else None
        elif step > 0:
            target = index.first_starting_after(self.view.cursor - 1)
        else:
            target = index.last_starting_before(self.view.cursor)
        if target is None:
            target = index.nth(0 if step > 0 else -1)
        self._select(target)

    def action_next_document(self) -> None:
        self._step_open_document(1)

    def action_previous_document(self) -> None:
        self._step_open_document(-1)

    def _step_open_document(self, step: int) -> None:
        target = self.state.next_document(self.session.order, self.doc_id, step)
        if target is None:
            where = "after" if step > 0 else "before"
            self.notify(f"No document {where} this one has open disagreements", timeout=3)
            return
        self.open_document(target)
        self.view.move_to(0)
        self.action_step_suggestion(1)

    def _advance(self, decided: Disagreement) -> None:
        """After a decision: the next open disagreement, or a word that the document is done."""
        index = self.state.open_index(self.doc_id)
        if index:
            rank = index.rank(decided)
            self._select(index.nth(rank) if rank < len(index) else index.nth(0))
            return
        self._selected = None
        self.view.move_to(decided.end)
        self.info.note = ""
        left = self.state.total_open
        self.notify(
            "Every disagreement of this document is decided"
            + (f"; {left} left in others (> goes to the next)" if left else "; the set is done"),
            timeout=3,
        )

    # -- deciding ------------------------------------------------------------------------------
    def action_accept_suggestion(self) -> None:
        item = self.selected_disagreement()
        if item is None:
            self.notify("No disagreement selected: Tab goes to the next one", timeout=2)
            return
        self.accept_disagreement(item, item.label)

    def action_tag(self, label: str) -> None:
        item = self.selected_disagreement()
        if item is not None and item is self._selected:
            self.accept_disagreement(item, label)  # a label key on the disagreement Tab selected
            return
        super().action_tag(label)

    def _gold_annotation(self, item: Disagreement, label: str) -> Annotation:
        plan = self.state.plans[self.doc_id]
        had = plan.disagreements.get((item.start, item.end, label))
        annotation = self.doc.make_annotation(item.start, item.end, label, source="adjudicated")
        return replace(annotation, annotators=had.annotators if had is not None else ())

    def accept_disagreement(self, item: Disagreement, label: str) -> None:
        """Put the disagreement's span into the gold (with `label`); its rivals are rejected."""
        rivals = [a.key for a in self.state.alternatives(self.doc_id, item) if a.label != label]
        if label != item.label:
            rivals.append(item.key)
        result = self.doc.add_many([self._gold_annotation(item, label)], label=f"accept {label}")
        rejected = self._reject_keys(rivals)
        if result is not None:
            self.persist(result, item.start, item.end)
        self._remember(rejected, edited=result is not None)
        self._advance(item)

    def action_reject_suggestion(self) -> None:
        item = self.selected_disagreement()
        if item is None:
            self.notify("No disagreement selected: Tab goes to the next one", timeout=2)
            return
        rejected = self._reject_keys([item.key])
        self._remember(rejected, edited=False)
        self.view.spans_changed(item.start, item.end)
        self._show_counts()
        self._advance(item)

    def _reject_keys(self, keys: list[SpanKey]) -> tuple[SpanKey, ...]:
        done = tuple(self.state.reject(self.doc_id, keys))
        if done:
            records = rejection_records(self.doc.document, done, self.session.annotator)
            self.saver.submit_op(lambda store: store.put_suggestions(records))
            for start, end, _ in done:
                self.view.spans_changed(start, end)
        return done

    def _remember(self, rejected: tuple[SpanKey, ...], *, edited: bool) -> None:
        if rejected or edited:
            decision = Decision(rejected, edited, self.doc.history.depth)
            self._decisions.setdefault(self.doc_id, []).append(decision)
        self._sync_status()

    def palette_commands(self) -> Iterator[Command]:
        """The palette's "accept all of NAME's spans" commands, for each annotator."""
        names = sorted({name for plan in self.state.plans.values() for name in plan.annotators})
        for name in names:
            yield Command(
                f"Accept all of {name}'s spans in this document",
                f"Every open disagreement that {name} has, into the gold (undo: u)",
                partial(self.accept_all_of, name),
            )
            yield Command(
                f"Accept all of {name}'s spans in every document",
                f"Every open disagreement that {name} has, in every document",
                partial(self.accept_all_of, name, everywhere=True),
            )

    def accept_all_of(self, annotator: str, everywhere: bool = False) -> None:
        """Accept every open disagreement that `annotator` has: here, or in every document."""
        doc_ids = list(self.session.order) if everywhere else [self.doc_id]
        accepted = 0
        for doc_id in doc_ids:
            accepted += self._accept_all_in(doc_id, annotator)
        self.view.spans_changed()
        self._show_counts()
        where = "in every document" if everywhere else "in this document"
        self.notify(f"Accepted {accepted} spans of {annotator} {where}", timeout=3, markup=False)

    def _accept_all_in(self, doc_id: str, annotator: str) -> int:
        items = self.state.open_of(doc_id, annotator)
        if not items:
            return 0
        doc = self.session.load(doc_id)
        annotations = []
        rivals: list[SpanKey] = []
        for item in items:
            annotation = doc.make_annotation(item.start, item.end, item.label, source="adjudicated")
            annotations.append(replace(annotation, annotators=item.annotators))
            rivals += [
                a.key
                for a in self.state.alternatives(doc_id, item)
                if annotator not in a.annotators
            ]
        result = doc.add_many(annotations, label=f"accept all of {annotator}")
        done = tuple(self.state.reject(doc_id, rivals))
        if done:
            records = rejection_records(doc.document, done, self.session.annotator)
            self.saver.submit_op(lambda store: store.put_suggestions(records))
        if result is not None:
            if doc_id == self.doc_id:
                self.persist(result)
            else:
                self.saver.submit(result.changes)
                self.state.note_gold(doc_id, *gold_delta(result))
            self._decisions.setdefault(doc_id, []).append(Decision(done, True, doc.history.depth))
        self._sync_status(doc_id)
        return len(annotations)

    # -- the gold changes ------------------------------------------------------------------------
    def persist(self, result: EditResult, start: int | None = None, end: int | None = None) -> None:
        super().persist(result, start, end)
        added, removed = gold_delta(result)
        self.state.note_gold(self.doc_id, added, removed)
        for key in added | removed:
            self.view.spans_changed(key[0], key[1])
        self._show_counts()

    def action_remove(self) -> None:
        selection = self.view.selection
        found = self.doc.with_extent(selection.start, selection.end) if selection else []
        inner = self.doc.innermost_at(self.view.cursor)
        removed = found[-1] if found else inner  # what EditKeys.remove takes out
        super().action_remove()
        if removed is None:
            return
        key = removed.key
        plan = self.state.plans.get(self.doc_id)
        if plan is not None and key in plan.agreed and self.doc.get(*key) is None:
            # An agreed span the adjudicator took out: kept out when adjudication is reopened.
            records = rejection_records(self.doc.document, [key], self.session.annotator)
            self.saver.submit_op(lambda store: store.put_suggestions(records))

    def action_undo(self) -> None:
        stack = self._decisions.get(self.doc_id)
        if not stack or stack[-1].depth != self.doc.history.depth:
            super().action_undo()
            return
        decision = stack.pop()
        if decision.edited:
            super().action_undo()
        if decision.rejected:
            doc_id, keys = self.doc_id, list(decision.rejected)
            self.state.unreject(doc_id, keys)
            self.saver.submit_op(lambda store: store.remove_suggestions(doc_id, keys))
            for start, end, _ in keys:
                self.view.spans_changed(start, end)
        self.info.note = "undo decision"
        self._sync_status()
        self._show_counts()

    def _sync_status(self, doc_id: str | None = None) -> None:
        """A document whose disagreements are all decided is done; reopened, it is todo."""
        doc_id = doc_id or self.doc_id
        status = self.session.documents[doc_id].status
        open_count = self.state.open_count(doc_id)
        new = "done" if open_count == 0 and status == "todo" else None
        if open_count and status == "done":
            new = "todo"
        if new is not None:
            self.session.set_status(doc_id, new)  # type: ignore[arg-type]
            self.saver.submit_status(doc_id, new)  # type: ignore[arg-type]
            self._refresh_document_rows(doc_id)
            self._refresh_panel_titles()
