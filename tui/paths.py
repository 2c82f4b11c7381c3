"""Where spantag's files are: the stylesheets, in a source checkout or inside the wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def styles_dir() -> Path:
    """The folder of .tcss files: `tui/styles` in an installed wheel, `styles/` in a checkout."""
    for candidate in (_PACKAGE / "styles", _PACKAGE.parent / "styles"):
        if (candidate / "app.tcss").is_file():
            return candidate
    raise FileNotFoundError("spantag's styles folder is missing from this installation")
