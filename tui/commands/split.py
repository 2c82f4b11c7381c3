"""`spantag split`: deal documents out to annotators, one database each (docs/team.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.common import say
from tui.errors import SpantagError

if TYPE_CHECKING:
    from tui.model import Document


EXAMPLES = (
    "spantag split news/ --annotators ana,ben --out team/  # a database each, 20% shared",
    "spantag split news/ --annotators ana,ben,cy --overlap 0.1 --out team/",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `spantag split`."""
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help=".txt/.md files or folders, or a spantag database (.json) whose documents to deal",
    )
    parser.add_argument(
        "--annotators", required=True, metavar="NAMES", help="comma list, e.g. ana,ben,cy"
    )
    parser.add_argument(
        "--overlap",
        type=float,
        default=0.2,
        metavar="SHARE",
        help="share of the documents every annotator gets (default 0.2)",
    )
    parser.add_argument("--seed", type=int, default=0, help="shuffle seed (default 0)")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder for DIR/NAME.json"
    )


def read_documents(paths: list[Path]) -> list[Document]:
    """The documents of the articles and databases given, each text once, in the given order."""
    from dataclasses import replace

    from tui.model import Document
    from tui.store import Store
    from tui.team.merging import free_id
    from tui.text.reading import doc_id_from_path, expand_paths, read_article, storable, title_of

    documents: dict[str, Document] = {}
    ids: set[str] = set()

    for path in paths:
        if path.is_file() and path.suffix.lower() == ".json":
            store = Store.open(path, write=False)
            found = [d.with_status("todo") for d in store.documents.values()]
        else:
            found = []
            for file in expand_paths([path]):
                text = read_article(file)
                doc_id = doc_id_from_path(file)
                found.append(
                    Document(
                        id=doc_id,
                        text=text,
                        path=storable(str(file.resolve())),
                        title=title_of(text),
                    )
                )
        for document in found:
            if document.sha256 in documents:
                continue
            doc_id = free_id(document.id, ids)
            ids.add(doc_id)
            documents[document.sha256] = replace(document, id=doc_id)
    return list(documents.values())


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from tui.store import Store
    from tui.team.splitting import split

    names = [name.strip() for name in args.annotators.split(",") if name.strip()]
    documents = read_documents(args.paths)
    assignment = split(documents, names, args.overlap, args.seed)
    if args.out.exists() and not args.out.is_dir():
        raise SpantagError(f"--out {args.out} is a file, not a folder")
    targets = {name: args.out / f"{name}.json" for name in names}
    for target in targets.values():
        if target.exists():
            raise SpantagError(f"{target} already exists; split writes new databases only")
    args.out.mkdir(parents=True, exist_ok=True)
    table = Table(title=f"{len(documents)} documents split into {args.out}", title_justify="left")
    for column in ("annotator", "database", "documents", "shared", "own"):
        table.add_column(column, justify="left" if column in ("annotator", "database") else "right")
    for name in names:
        chosen = assignment.documents_of(name)
        with Store.open(targets[name]) as store:
            store.add_documents(d for d in documents if d.id in chosen)
        table.add_row(
            name,
            str(targets[name]),
            str(len(chosen)),
            str(len(assignment.shared)),
            str(len(assignment.own[name])),
        )
    Console().print(table)
    say(
        f"{len(assignment.shared)} documents shared by all {len(names)} annotators "
        f"(seed {args.seed})"
    )
    return 0
