"""`spantag serve`: the reader in a browser, for annotators who install nothing (docs/serve.md).

Checks everything it can before listening (the PATHs, the database or the team folder, the
token rule), so that a mistake is one line here rather than a broken page there; then serves
until Ctrl+C, each browser tab running its own reader process (`tui/commands/served.py`).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from tui.commands.common import (
    add_labels,
    annotator,
    db_path,
    report_problems,
    requested_labels,
    say,
    store_labels,
)
from tui.errors import SpantagError, UsageError

EXAMPLES = (
    "spantag serve news/                    # the reader in a browser, on loopback",
    "spantag serve --team team/             # one database per annotator",
    "spantag serve --host 0.0.0.0          # another address: a token is generated",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=".txt/.md files or folders to add and serve (default: the documents in the database)",
    )
    parser.add_argument(
        "--team",
        metavar="DIR",
        type=Path,
        help="team mode: each annotator gives a name and works in DIR/NAME.json on the PATHs",
    )
    add_labels(parser)
    parser.add_argument("--annotator", help="name stored with every tag (default: $USER)")
    parser.add_argument("--no-suggest", action="store_true", help="no suggestions")
    parser.add_argument("--model", metavar="NAME", help="also suggest from a spaCy pipeline")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; any other needs a"
        " token)",
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)"
    )
    parser.add_argument(
        "--token",
        help="the secret every request must carry (default on a non-loopback host: generated)",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address the browsers use, when behind a reverse proxy (e.g. https://x.org/tag)",
    )


def check_options(args: argparse.Namespace) -> str | None:
    """The token to require (None: none), after refusing the combinations that make no sense."""
    from tui.serve.access import is_loopback, new_token

    if args.team is not None and args.db is not None:
        raise UsageError("--team and --db exclude each other: team mode has one file per person")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: not a port number")
    if args.public_url is not None and not args.public_url.startswith(("http://", "https://")):
        raise UsageError(f"--public-url {args.public_url}: give a http:// or https:// URL")
    if args.token is not None and len(args.token) < 8:
        raise UsageError("--token: at least 8 characters (or leave it out to have one made)")
    if args.token is None and not is_loopback(args.host):
        return new_token()
    return str(args.token) if args.token is not None else None


def prepare_database(args: argparse.Namespace, files: list[Path]) -> Path:
    """Add the PATHs to --db now, so that bad files or a bad database are said here."""
    from tui.commands.reader import documents_to_open
    from tui.store import Store

    labels = requested_labels(args)  # a bad label file writes nothing
    path = db_path(args).absolute()
    store = Store.open(path)
    try:
        report_problems(store)
        store_labels(store, labels)
        documents_to_open(store, files)
    finally:
        store.close()
    return path


def prepare_team(team: Path, files: list[Path]) -> Path:
    """The team folder, made if missing; team mode needs the team's documents."""
    if not files:
        raise UsageError("--team needs the team's documents: give article files or folders")
    team = team.absolute()
    if team.exists() and not team.is_dir():
        raise SpantagError(f"--team {team}: not a folder")
    try:
        team.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SpantagError(f"--team {team}: cannot create the folder ({exc.strerror})") from None
    return team


def run(args: argparse.Namespace) -> int:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        raise SpantagError(
            "spantag serve needs the serve extra: pip install 'spantag[serve]'"
        ) from None
    from tui.serve.access import Access
    from tui.serve.names import team_database
    from tui.serve.server import SpantagServer
    from tui.text.reading import expand_paths

    token = check_options(args)
    files = expand_paths(args.paths)
    if args.team is not None:
        requested_labels(args)  # checked here once; each session stores it in its database
    team = prepare_team(args.team, files) if args.team is not None else None
    db = prepare_database(args, files) if team is None else None
    session = [sys.executable, "-m", "tui.commands.served"]
    if args.no_suggest:
        session.append("--no-suggest")
    if args.model:
        session += ["--model", args.model]
    if args.labels is not None:
        session += ["--labels", str(args.labels.absolute())]
    session += ["--", *(str(path) for path in args.paths)]
    who = annotator(args)

    def launch(name: str | None) -> str:
        if name is None:
            assert db is not None
            options = ["--db", str(db), "--annotator", who]
        else:
            assert team is not None
            options = ["--db", str(team_database(team, name)), "--annotator", name]
            options += ["--owner", name]
        # exec: the reader is the server's own child, so it can end with the server.
        return "exec " + shlex.join([*session[:3], *options, *session[3:]])

    server = SpantagServer(
        launch,
        Access(token, public_url=args.public_url),
        host=args.host,
        port=args.port,
        team=team.name if team is not None else None,  # the page shows no server path
        public_url=args.public_url,
    )

    def announce(url: str) -> None:
        what = f"team {team}" if team is not None else str(db)
        print(f"spantag serve: {what} at {url}", flush=True)
        say("open that URL in a browser; Ctrl+C stops the server")

    import asyncio

    try:
        asyncio.run(server.run(announce))
    except OSError as exc:
        raise SpantagError(f"cannot listen on {args.host}:{args.port} ({exc.strerror})") from None
    return 0
