"""Adding articles and pre-existing spans to a store: the work behind `spantag import`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tui.db.suggestions import suggestion_record
from tui.errors import SpantagError
from tui.formats.common import SpanLine
from tui.labels import DEFAULT_LABEL_SET, RELATION_RULES, LabelSet
from tui.model import (
    RELATION_SOURCES,
    SOURCES,
    SPEAKER,
    Annotation,
    AnyChange,
    Change,
    Document,
    Relation,
    RelationChange,
    SpanError,
    check_span,
)
from tui.store import Store
from tui.text.reading import doc_id_from_path, read_article, sha256_text, storable, title_of

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    """What an import did, and the one-line reasons for everything it skipped."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    changed_on_disk: list[str] = field(default_factory=list)
    changed_texts: dict[str, str] = field(default_factory=dict)
    """The new text of each document in `changed_on_disk` (for `--reanchor`)."""
    duplicates: list[str] = field(default_factory=list)
    spans_added: int = 0
    spans_existing: int = 0
    relations_added: int = 0
    relations_existing: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _unique_id(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def plan_documents(
    store: Store,
    files: Iterable[Path],
    report: ImportReport,
    progress: Progress | None = None,
    *,
    reanchor: bool = False,
) -> list[Document]:
    """Read the files and decide, for each, whether it is new, known, changed or a duplicate.

    A changed file is reported with a warning, unless `reanchor` says it will be re-anchored.
    """
    by_path = {doc.path: doc for doc in store.documents.values() if doc.path}
    by_sha = {doc.sha256: doc for doc in store.documents.values()}
    taken = set(store.documents)
    new: list[Document] = []
    files = list(files)
    for number, path in enumerate(files, 1):
        if progress is not None:
            progress(number, len(files))
        resolved = storable(str(path.resolve()))
        try:
            text = read_article(path)
        except SpantagError as exc:
            report.errors.append(str(exc))
            continue
        sha = sha256_text(text)
        known = by_path.get(resolved)
        if known is not None:
            if known.sha256 == sha:
                report.unchanged.append(known.id)
            else:
                report.changed_on_disk.append(known.id)
                report.changed_texts[known.id] = text
                if not reanchor:
                    report.warnings.append(
                        f"{path}: changed on disk since it was imported as {known.id!r}; the "
                        "stored text stays the reference for its spans (to move them to the new "
                        "text: spantag import --reanchor)"
                    )
            continue
        twin = by_sha.get(sha)
        if twin is not None:
            report.duplicates.append(str(path))
            report.warnings.append(f"{path}: same text as document {twin.id!r}; not added again")
            continue
        doc_id = _unique_id(doc_id_from_path(path), taken)
        taken.add(doc_id)
        document = Document(id=doc_id, text=text, path=resolved, title=title_of(text), sha256=sha)
        by_path[resolved] = by_sha[sha] = document
        new.append(document)
        report.added.append(doc_id)
    return new


def import_files(
    store: Store, files: Iterable[Path], progress: Progress | None = None, *, reanchor: bool = False
) -> ImportReport:
    """Add the articles in `files` to the store in one durable write (changed ones are left to
    the caller when `reanchor`: see tui/jobs/reanchor.py)."""
    report = ImportReport()
    new = plan_documents(store, files, report, progress, reanchor=reanchor)
    if new:
        store.add_documents(new)
    return report


def validate_spans(
    store: Store,
    lines: Iterable[SpanLine],
    report: ImportReport,
    *,
    annotator: str = "",
    labels: LabelSet = DEFAULT_LABEL_SET,
) -> tuple[list[Document], list[Annotation]]:
    """Check proposed spans against their documents; new documents are created from `text`."""
    documents = dict(store.documents)
    by_sha = {doc.sha256: doc for doc in documents.values()}
    new_docs: list[Document] = []
    existing = {(a.doc_id, *a.key) for a in store.annotations()}
    accepted: list[Annotation] = []
    for item in lines:
        document = documents.get(item.doc_id)
        if document is None and item.by_text and item.text is not None:
            document = by_sha.get(sha256_text(item.text))
        if document is None:
            if item.text is None:
                report.errors.append(
                    f"{item.place()}: unknown document {item.doc_id!r} and no text"
                )
                continue
            if not item.text.strip():
                report.errors.append(f"{item.place()}: document {item.doc_id!r} has empty text")
                continue
            meta = item.meta
            status = meta.get("status", "todo")
            document = Document(
                id=item.doc_id,
                text=item.text,
                path=str(meta.get("path") or ""),
                title=str(meta.get("title") or title_of(item.text)),
                status=status if status in ("todo", "done", "skipped") else "todo",
                note=_note(meta.get("note")),
                review=meta.get("review") is True,
            )
            sha = meta.get("sha256")
            if isinstance(sha, str) and sha and sha != document.sha256:
                report.warnings.append(
                    f"{item.place()}: meta.sha256 does not match the text of {item.doc_id!r};"
                    " the text is kept as given"
                )
            documents[item.doc_id] = document
            by_sha.setdefault(document.sha256, document)
            new_docs.append(document)
            report.added.append(item.doc_id)
        elif item.text is not None and item.text != document.text:
            report.errors.append(
                f"{item.place()}: text of {item.doc_id!r} differs from the stored document;"
                " its spans were skipped"
            )
            continue
        for index, span in enumerate(item.spans):
            where = item.span_place(index)
            if index in item.problems:
                report.errors.append(f"{where}: {item.problems[index]}; skipped")
                continue
            try:
                annotation = _span_annotation(span, document, annotator, labels)
            except SpanError as exc:
                report.errors.append(f"{where}: {exc}")
                continue
            identity = (document.id, *annotation.key)
            if identity in existing:
                report.spans_existing += 1
                continue
            existing.add(identity)
            accepted.append(annotation)
    return new_docs, accepted


def _span_annotation(
    span: dict[str, object], document: Document, annotator: str, labels: LabelSet
) -> Annotation:
    start, end, label = span.get("start"), span.get("end"), span.get("label")
    if type(start) is not int or type(end) is not int:
        raise SpanError("'start' and 'end' must be integers")
    if not isinstance(label, str):
        raise SpanError("'label' must be a string")
    check_span(document.text, start, end, label, labels)
    actual = document.text[start:end]
    given = span.get("text")
    if given is not None and given != actual:
        raise SpanError(
            f"text {given!r} does not match the document at {start}..{end} ({actual!r});"
            " not shifted, skipped"
        )
    source = span.get("source")
    annotators = span.get("annotators")
    return Annotation(
        doc_id=document.id,
        start=start,
        end=end,
        label=label,
        text=actual,
        annotator=str(span.get("annotator") or annotator),
        source=source if source in SOURCES else "import",
        annotators=tuple(str(n) for n in annotators) if isinstance(annotators, list) else (),
        note=_note(span.get("note")),
    )


def _note(value: object) -> str:
    """A note read from input: a string, or nothing."""
    return value if isinstance(value, str) else ""


def import_spans(
    store: Store,
    lines: Iterable[SpanLine],
    *,
    annotator: str = "",
    labels: LabelSet = DEFAULT_LABEL_SET,
    as_suggestions: bool = False,
) -> ImportReport:
    """Add documents and spans from parsed span lines, all in one durable write.

    With `as_suggestions`, the spans become pending suggestions (pre-annotations the reader
    offers to accept or reject) instead of annotations.
    """
    report = ImportReport()
    lines = list(lines)
    new_docs, accepted = validate_spans(store, lines, report, annotator=annotator, labels=labels)
    relations: list[Relation] = []
    if as_suggestions:
        if any(line.relations for line in lines):
            report.warnings.append("relations are not imported as suggestions; they were skipped")
    else:
        relations = resolve_relations(store, lines, accepted, report, annotator)
    if new_docs or accepted or relations:
        with store.batch():
            if new_docs:
                store.add_documents(new_docs)
            if accepted and as_suggestions:
                scores = _scores(lines)
                store.put_suggestions(
                    suggestion_record(
                        store.documents[a.doc_id],
                        a.start,
                        a.end,
                        a.label,
                        "pending",
                        score=scores.get((a.doc_id, *a.key), 1.0),
                        source="import",
                        annotator=a.annotator,
                    )
                    for a in accepted
                )
            elif accepted or relations:
                changes: list[AnyChange] = [Change("put", a) for a in accepted]
                changes += [RelationChange("put", r) for r in relations]
                store.apply(changes)
    report.spans_added = len(accepted)
    report.relations_added = len(relations)
    return report


SpanKey = tuple[object, object, object]


def _ref(value: object) -> SpanKey:
    if not isinstance(value, dict):
        return (None, None, None)
    return (value.get("start"), value.get("end"), value.get("label"))


def resolve_relations(
    store: Store,
    lines: list[SpanLine],
    accepted: list[Annotation],
    report: ImportReport,
    annotator: str = "",
) -> list[Relation]:
    """The relations of the lines, their spans found by (start, end, label) among the stored
    and the newly imported spans of the same document (source `import`); a relation whose
    spans are missing or break the rules is reported and skipped."""
    by_doc: dict[str, dict[SpanKey, Annotation]] = {}
    heads: dict[tuple[str, str], str] = {(r.head, r.label): r.child for r in store.relations()}
    out: list[Relation] = []
    for line in lines:
        if not line.relations:
            continue
        spans = by_doc.get(line.doc_id)
        if spans is None:
            spans = {a.key: a for a in store.annotations(line.doc_id)}
            spans.update((a.key, a) for a in accepted if a.doc_id == line.doc_id)
            by_doc[line.doc_id] = spans
        for index, item in enumerate(line.relations):
            where = f"{line.place()}, relation {index + 1}"
            if index in line.relation_problems:
                report.errors.append(f"{where}: {line.relation_problems[index]}; skipped")
                continue
            head, child = spans.get(_ref(item.get("head"))), spans.get(_ref(item.get("child")))
            label = item.get("label") or SPEAKER
            if head is None or child is None:
                missing = "head" if head is None else "child"
                report.errors.append(
                    f"{where}: its {missing} span {_ref(item.get(missing))!r} is not a span of "
                    f"document {line.doc_id!r}; skipped"
                )
                continue
            problem = _relation_problem(label, head, child)
            if problem is not None:
                report.errors.append(f"{where}: {problem}; skipped")
                continue
            assert isinstance(label, str)
            known = heads.get((head.id, label))
            if known == child.id:
                report.relations_existing += 1
                continue
            if known is not None:
                report.errors.append(
                    f"{where}: that {head.label} already has a {label} relation; kept, skipped"
                )
                continue
            heads[(head.id, label)] = child.id
            given, source = item.get("annotator"), item.get("source")
            out.append(
                Relation(
                    head.doc_id,
                    head.id,
                    child.id,
                    label,
                    given if isinstance(given, str) and given else annotator,
                    source if source in RELATION_SOURCES else "import",
                )
            )
    return out


def _relation_problem(label: object, head: Annotation, child: Annotation) -> str | None:
    if not isinstance(label, str) or not label.strip() or any(c.isspace() for c in label):
        return f"relation label {label!r} must be a word"
    if head.id == child.id:
        return "a relation cannot link a span to itself"
    rule = RELATION_RULES.get(label)
    if rule is not None and (head.label, child.label) != (rule.head, rule.child):
        return (
            f"{label} goes from a {rule.head} to a {rule.child}, not {head.label} to {child.label}"
        )
    return None


def _scores(lines: list[SpanLine]) -> dict[tuple[str, int, int, str], float]:
    """The `score` of each span that gives one (pre-annotations from a model often do)."""
    out = {}
    for line in lines:
        for span in line.spans:
            score = span.get("score")
            if isinstance(score, int | float) and not isinstance(score, bool):
                key = (line.doc_id, span.get("start"), span.get("end"), span.get("label"))
                out[key] = min(max(float(score), 0.0), 1.0)
    return out  # type: ignore[return-value]
