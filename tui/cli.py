"""The command line: `spantag [PATH ...]` opens the reader; the subcommands need no TUI.

Each subcommand is a module of `tui/commands/` with `add_arguments(parser)` and `run(args)`,
imported only when it runs, so scripts start fast and never import Textual. Every failure the
user can act on is one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tui import __version__
from tui.commands.common import DEFAULT_DB, Parser, add_db, add_labels, formats_epilog, say
from tui.errors import SpantagError

# name: (module under tui.commands, one-line summary, usage shown in `spantag --help`)
SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "import": ("importing", "add documents (and spans)", "PATH ... [--spans FILE [--format F]]"),
    "export": ("exporting", "write the annotations", "[--format F] [-o OUT]"),
    "stats": ("stats", "progress: counts, labels, time spent", "[--json]"),
    "suggest": ("suggest", "batch pre-annotation", "[--accept-all | --store]"),
    "agree": ("agree", "agreement between annotators", "DB [DB ...] [--json]"),
    "merge": ("merge", "gather databases into one", "SRC [SRC ...] --into DEST"),
    "split": ("split", "deal documents to annotators", "PATH ... --annotators A,B --out DIR"),
    "adjudicate": ("adjudicate", "resolve disagreements", "DB [DB ...] --db GOLD"),
    "learn": ("learn", "train the learned suggester", "[--folds K]"),
    "labels": ("labels", "print the label set", "[--toml]"),
    "serve": ("serve", "the reader in a browser", "[PATH ...] [--team DIR] [--host H]"),
}
# Subcommands that take their databases as arguments, not --db.
WITHOUT_DB = {"agree", "merge", "split"}
# Subcommands whose --help lists the formats.
WITH_FORMATS = {"import", "export"}
DESCRIPTIONS = {
    "import": "Add documents, and optionally spans in one of the formats below, without the TUI."
    " Spans whose text does not match their offsets are reported, not shifted.",
    "export": "Write the annotations in one of the formats below (docs/formats.md).",
    "stats": "Progress: documents by status, spans per document, label and annotator, and the"
    " time spent per document (docs/stats.md).",
    "suggest": "Batch pre-annotation: the built-in suggesters (and a spaCy model) over the"
    " documents. Writes JSONL by default; --accept-all or --store write the database.",
    "agree": "Agreement between the annotators of the given databases (matched by text): exact"
    " and overlap span F1 per label, Krippendorff's alpha over characters (docs/team.md).",
    "merge": "Copy the documents and annotations of the sources into DEST (one write); the"
    " sources are only read.",
    "split": "Deal the documents out to annotators, one database each in DIR, a share of them"
    " to everyone (for agreement); the same seed gives the same split.",
    "adjudicate": "Open the reader on the gold database GOLD to resolve every disagreement"
    " between the input databases (docs/team.md); the inputs are only read.",
    "learn": "Train the learned suggester from the database's decisions (needs spantag[learn])"
    " and print its cross-validated figures over the documents marked done. The model is"
    " written beside the database (annotations.model/); the database is only read.",
    "labels": "Print the database's label set: each label's keys, colour and description, the"
    " relations and the spaCy span key (docs/labels.md). --toml prints it as a label file.",
    "serve": "Serve the reader at http://HOST:PORT/ for annotators with a browser (needs"
    " spantag[serve]; docs/serve.md). Each tab runs its own reader; one writer per database."
    " Any host but the loopback address needs a token, printed in the URL to open.",
}


# The examples that end `spantag --help`; each subcommand module has its own EXAMPLES.
EXAMPLES = (
    "spantag sample_articles/ seeds/        # add these articles and open the reader",
    "spantag --db team.json --annotator ana  # open the documents of another database",
    "spantag export --format brat -o brat/   # write the annotations for brat",
)


def examples_epilog(examples: Sequence[str]) -> str:
    """The closing 'examples:' block of a --help text."""
    return "examples:\n" + "\n".join(f"  {line}" for line in examples)


def build_open_parser() -> argparse.ArgumentParser:
    """The parser of `spantag [PATH ...]`, which opens the reader."""
    rows = [
        f"  spantag {name} {usage}".ljust(55) + summary
        for name, (_, summary, usage) in SUBCOMMANDS.items()
    ]
    parser = Parser(
        prog="spantag",
        description="Read news articles and tag spans as PERSON, PLACE, QUOTE or FIGURE (or"
        " the labels of a label file: --labels FILE).",
        epilog="subcommands:\n" + "\n".join(rows) + "\nRun 'spantag SUBCOMMAND --help' for their"
        " options.\n\n" + examples_epilog(EXAMPLES),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=".txt/.md files or folders to add and open (default: the documents in the database)",
    )
    add_db(parser)
    add_labels(parser)
    parser.add_argument(
        "--annotator",
        default=None,
        help="name stored with every tag (default: $SPANTAG_ANNOTATOR, the config file's"
        " annotator, or $USER)",
    )
    parser.add_argument(
        "--no-suggest", action="store_true", help="do not compute or show suggestions"
    )
    parser.add_argument(
        "--model",
        metavar="NAME",
        help="also suggest from an installed spaCy pipeline (needs spantag[spacy])",
    )
    parser.add_argument("--version", action="version", version=f"spantag {__version__}")
    return parser


def build_command_parser(command: str) -> tuple[argparse.ArgumentParser, object]:
    """The parser of one subcommand, and its module (which has `run(args)`)."""
    module = importlib.import_module(f"tui.commands.{SUBCOMMANDS[command][0]}")
    epilog = [formats_epilog()] if command in WITH_FORMATS else []
    if hasattr(module, "EXAMPLES"):
        epilog.append(examples_epilog(module.EXAMPLES))
    parser = Parser(
        prog=f"spantag {command}",
        description=DESCRIPTIONS[command],
        epilog="\n\n".join(epilog) or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    module.add_arguments(parser)
    if command not in WITHOUT_DB:
        add_db(parser)
    return parser, module


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `spantag` and `python -m tui`; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not {"-h", "--help", "--version"} & set(argv):
            from tui.config.app_config import load_config

            load_config()  # a broken config file stops every command, with one line
        if argv and argv[0] in SUBCOMMANDS:
            parser, module = build_command_parser(argv[0])
            code: int = module.run(parser.parse_args(argv[1:]))  # type: ignore[attr-defined]
            return code
        from tui.commands import reader

        return reader.run(build_open_parser().parse_args(argv))
    except SpantagError as exc:
        say(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


__all__ = ["DEFAULT_DB", "main"]
