"""Where spantag keeps per-user files: the platform's folders, as platformdirs computes them.

On Linux that is the XDG Base Directory layout ($XDG_CONFIG_HOME/spantag, by default
~/.config/spantag; $XDG_STATE_HOME/spantag, by default ~/.local/state/spantag); on macOS
~/Library/Application Support/spantag; on Windows %LOCALAPPDATA%\\spantag.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "spantag"


def config_dir() -> Path:
    """The folder of the user's configuration files (keymap.toml and the like)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """The folder of what spantag leaves behind between runs (the crash log)."""
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
