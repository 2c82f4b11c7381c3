"""Where an unexpected error's traceback goes: a log file, never the user's terminal."""

from __future__ import annotations

import tempfile
import time
import traceback
from pathlib import Path

from tui.config.dirs import state_dir


def crash_log_path() -> Path:
    """crash.log in spantag's state folder ($XDG_STATE_HOME/spantag on Linux)."""
    return state_dir() / "crash.log"


def write_crash_log(error: BaseException | None) -> Path:
    """Append the error's traceback to the crash log and return the log's path."""
    text = "".join(traceback.format_exception(error)) if error is not None else "unknown error\n"
    entry = f"--- {time.strftime('%Y-%m-%dT%H:%M:%S%z')} ---\n{text}\n"
    for path in (crash_log_path(), Path(tempfile.gettempdir()) / "spantag-crash.log"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(entry)
            return path
        except OSError:
            continue
    return Path("(nowhere: no writable log location)")
