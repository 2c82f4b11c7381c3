"""The reader's side panel: the label legend with counts, the annotation list, the document list.
Mounted after the first frame of the article (start-up: docs/performance.md)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.containers import Vertical
from textual.widgets import Static

from tui.document.annotated import AnnotatedDocument
from tui.labels import LabelSet
from tui.model import Document
from tui.widgets.annotation_list import AnnotationList
from tui.widgets.document_list import DocumentList
from tui.widgets.legend import legend_height, legend_markup


class SidePanel(Vertical):
    """Legend, spans and documents; empty until `fill` (the screen calls it after a frame)."""

    def __init__(self, labels: LabelSet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.ready = False

    async def fill(
        self,
        order: list[str],
        row: Callable[[str], tuple[Document, int, bool]],
        doc: AnnotatedDocument,
    ) -> None:
        """Mount the contents, showing `doc`'s annotations and every document of `order`."""
        legend = Static(id="legend")
        # Fixed for the set, so that updating the counts never needs a layout pass.
        legend.styles.height = legend_height(self.labels)
        await self.mount(
            legend,
            Static(id="annotations-title", classes="panel-title"),
            AnnotationList(self.labels, id="annotations"),
            Static(id="documents-title", classes="panel-title"),
            DocumentList(id="documents"),
        )
        self.ready = True
        self.documents.set_documents(order, row)
        self.annotations.show_document(doc)

    @property
    def annotations(self) -> AnnotationList:
        return self.query_one(AnnotationList)

    @property
    def documents(self) -> DocumentList:
        return self.query_one(DocumentList)

    def show_titles(self, counts: Mapping[str, int], spans: int, done: int, total: int) -> None:
        """The legend's counts and the two lists' titles."""
        if not self.ready:
            return
        legend = legend_markup(self.labels, counts)
        self.query_one("#legend", Static).update(legend, layout=False)
        listed = self.annotations.label_filter or "all labels"
        self.query_one("#annotations-title", Static).update(
            f"[b]Spans[/] {spans} · showing {listed}", layout=False
        )
        self.query_one("#documents-title", Static).update(
            f"[b]Documents[/] done {done}/{total}", layout=False
        )
