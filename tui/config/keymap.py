"""User keymaps: keymap.toml in the config folder maps binding ids to keys (Textual's keymap).

    # ~/.config/spantag/keymap.toml on Linux ($XDG_CONFIG_HOME/spantag/); see config_dir()
    "tag.person" = "ctrl+e"
    "suggestion.accept" = "y,enter"

The ids are shown in the help screen (`?`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from tui.config.dirs import config_dir
from tui.errors import SpantagError


def keymap_path() -> Path:
    """The user's keymap file: keymap.toml in spantag's config folder."""
    return config_dir() / "keymap.toml"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The user's keymap ({} without a file); a broken file is a one-line error."""
    path = path or keymap_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SpantagError(f"{path}: cannot read the keymap ({exc})") from None
    table = data.get("keymap", data)
    bad = [key for key, value in table.items() if not isinstance(value, str)]
    if bad:
        raise SpantagError(f"{path}: keymap value of {bad[0]!r} must be a string of keys")
    return {str(key): value for key, value in table.items()}
