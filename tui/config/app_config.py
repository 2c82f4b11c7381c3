"""The user's config file, `$XDG_CONFIG_HOME/spantag/config.toml` (docs/configuration.md).

    annotator = "ana"              # default --annotator
    theme = "gruvbox"              # the reader's theme (rewritten when one is chosen in ctrl+p)
    labels = "~/news-labels.toml"  # the label file of a database that has no label set yet

    [keymap]                       # binding id = keys, as in keymap.toml
    "tag.person" = "ctrl+e"

A missing file is an empty config; a malformed one is a one-line error (exit code 2).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from tui.config.dirs import config_dir
from tui.errors import SpantagError

FIELDS = ("annotator", "theme", "labels", "keymap")


class ConfigError(SpantagError):
    """A config file that cannot be used (exit code 2)."""

    exit_code = 2


def config_path() -> Path:
    """The user's config file: config.toml in spantag's config folder (tui/config/dirs.py),
    beside keymap.toml."""
    return config_dir() / "config.toml"


@dataclass(frozen=True)
class AppConfig:
    """What the config file sets; None (or empty) where it sets nothing."""

    annotator: str | None = None
    theme: str | None = None
    labels: Path | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None


def load_config(path: Path | None = None) -> AppConfig:
    """The user's config (empty without a file); ConfigError, one line, when it is broken."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return AppConfig(path=path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from None
    import tomllib  # only when there is a file: every command starts here (docs/configuration.md)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    unknown = [key for key in data if key not in FIELDS]
    if unknown:
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r} (expected {', '.join(FIELDS)})")
    for name in ("annotator", "theme", "labels"):
        if name in data and not isinstance(data[name], str):
            raise ConfigError(f"{path}: {name!r} must be a string")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise ConfigError(f"{path}: [keymap] must map binding ids to strings of keys")
    labels = data.get("labels")
    return AppConfig(
        annotator=data.get("annotator"),
        theme=data.get("theme"),
        # A relative label file is relative to the config file's folder.
        labels=(path.parent / Path(labels).expanduser()) if labels else None,
        keymap={str(k): v for k, v in keymap.items()},
        path=path,
    )


_TABLE = re.compile(r"^\s*\[")
_THEME = re.compile(r"^\s*theme\s*=")


def save_theme(theme: str, path: Path | None = None) -> Path:
    """Remember the chosen theme: the config file rewritten atomically, all else kept as is."""
    from tui.db.file import write_atomic

    path = path or config_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except FileNotFoundError:
        lines = []
    setting = f"theme = {json.dumps(theme)}\n"
    found = False
    for number, line in enumerate(lines):
        if _TABLE.match(line):
            break  # top-level settings come before the first table
        if _THEME.match(line):
            lines[number], found = setting, True
            break
    if not found:
        lines.insert(0, setting)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, "".join(lines).encode("utf-8"))
    return path
