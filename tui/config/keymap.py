"""User keymaps: ~/.config/spantag/keymap.toml maps binding ids to keys (Textual's keymap).

    # ~/.config/spantag/keymap.toml ($XDG_CONFIG_HOME/spantag/keymap.toml)
    "tag.person" = "ctrl+e"
    "suggestion.accept" = "y,enter"

The ids are shown in the help screen (`?`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from tui.config.app_config import ConfigError, config_dir


def keymap_path() -> Path:
    """The keymap file, beside config.toml (one function finds both)."""
    return config_dir() / "keymap.toml"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The user's keymap ({} without a file); a broken file is a one-line error."""
    path = path or keymap_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the keymap ({exc})") from None
    table = data.get("keymap", data)
    bad = [key for key, value in table.items() if not isinstance(value, str)]
    if bad:
        raise ConfigError(f"{path}: keymap value of {bad[0]!r} must be a string of keys")
    return {str(key): value for key, value in table.items()}
