"""spaCy's binary `.spacy` DocBin: every span in `doc.spans["sc"]`, PERSON/PLACE also in `doc.ents`.

Only with the `spantag[spacy]` extra. Tokens are spaCy's English tokens, split where a span
edge falls inside one (tokens.py), so every span maps. `doc.ents` cannot overlap: a PERSON or
PLACE that overlaps another PERSON or PLACE stays out of them, and its tokens are marked
missing (unknown) rather than outside. The document id and title ride in `doc.user_data`.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

from tui.formats.common import (
    ExportOptions,
    FormatError,
    ImportOptions,
    Parsed,
    Record,
    SpanLine,
    report_progress,
    string_id,
    text_id,
)
from tui.formats.tokens import aligned_tokens, blank_english, require_spacy
from tui.labels import DEFAULT_LABEL_SET, LabelSet
from tui.model import Annotation, SpanKey

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

SPANS_KEY = DEFAULT_LABEL_SET.span_key
ENT_LABELS = DEFAULT_LABEL_SET.entities


def entity_spans(
    spans: list[Annotation], entities: frozenset[str] = ENT_LABELS
) -> tuple[list[Annotation], list[Annotation]]:
    """Spans of the entity labels (PERSON/PLACE by default) that overlap no other entity
    span, and those that do."""
    candidates = sorted((s for s in spans if s.label in entities), key=lambda s: s.start)
    clash = [False] * len(candidates)
    for i, span in enumerate(candidates):
        for j in range(i + 1, len(candidates)):
            if candidates[j].start >= span.end:
                break
            clash[i] = clash[j] = True
    kept = [s for s, bad in zip(candidates, clash, strict=True) if not bad]
    dropped = [s for s, bad in zip(candidates, clash, strict=True) if bad]
    return kept, dropped


def _token_ranges(doc_spans: list[Span]) -> list[tuple[int, int]]:
    """The token ranges of spans merged so that none overlap."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((s.start, s.end) for s in doc_spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def make_doc(record: Record, labels: LabelSet = DEFAULT_LABEL_SET) -> Doc:
    """The spaCy Doc of one document, with its spans (under the set's span key), entities
    (the set's entity labels) and id."""
    from spacy.tokens import Doc
    from spacy.tokens import Span as DocSpan

    document, spans = record
    text = document.text
    tokens, _ = aligned_tokens(text, spans)
    doc = Doc(
        blank_english().vocab,
        words=[text[t.start : t.end] for t in tokens],
        spaces=[t.ws for t in tokens],
    )
    if doc.text != text:  # cannot happen unless spaCy changes how it rebuilds text
        raise FormatError(f"document {document.id!r}: spaCy tokens do not rebuild its text")

    def char_span(span: Annotation) -> Span:
        found = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")
        if found is None:
            raise FormatError(f"{document.id}: span {span.start}..{span.end} does not align")
        return found

    doc.spans[labels.span_key] = [char_span(s) for s in spans]
    kept, dropped = entity_spans(spans, labels.entities)
    missing = [DocSpan(doc, a, b) for a, b in _token_ranges([char_span(s) for s in dropped])]
    doc.set_ents([char_span(s) for s in kept], missing=missing, default="outside")
    doc.user_data["id"] = document.id
    doc.user_data["title"] = document.title
    return doc


def write_docbin(records: list[Record], out: IO[bytes], options: ExportOptions) -> int:
    """Write every document into one DocBin; returns the number of spans written."""
    require_spacy("the spacy format")
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True)
    for done, record in enumerate(records, 1):
        docbin.add(make_doc(record, options.labels))
        report_progress(options, done, len(records))
    out.write(docbin.to_bytes())
    return sum(len(spans) for _, spans in records)


def read_docbin(path: Path, options: ImportOptions) -> Parsed:
    """Parse a `.spacy` DocBin: the spans of every span group (`doc.spans["sc"]` as spantag
    writes by default) and of `doc.ents`."""
    require_spacy("reading the spacy format")
    from spacy.tokens import DocBin

    try:
        docbin = DocBin(store_user_data=True).from_bytes(path.read_bytes())
    except ValueError as exc:
        raise FormatError(f"{path}: not a spaCy DocBin ({exc})") from None
    parsed = Parsed()
    for number, doc in enumerate(docbin.get_docs(blank_english().vocab), 1):
        doc_id = string_id(doc.user_data.get("id"))
        title = doc.user_data.get("title")
        spans: dict[SpanKey, dict[str, object]] = {}
        groups = [span for key in sorted(doc.spans) for span in doc.spans[key]]
        for span in [*groups, *doc.ents]:  # an entity is usually in both
            key = (span.start_char, span.end_char, span.label_)
            spans.setdefault(
                key, {"start": key[0], "end": key[1], "label": key[2], "text": span.text}
            )
        parsed.lines.append(
            SpanLine(
                number,
                doc_id or text_id(doc.text),
                doc.text,
                {"title": title} if isinstance(title, str) else {},
                list(spans.values()),
                where=f"doc {number}",
                by_text=doc_id is None,
            )
        )
    return parsed
