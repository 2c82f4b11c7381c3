"""The user config file: where it is, what it accepts, and the theme written back to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.config.app_config import (
    AppConfig,
    ConfigError,
    config_path,
    load_config,
    save_theme,
)
from tui.config.keymap import keymap_path


def test_the_folder_follows_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_path() == tmp_path / "spantag" / "config.toml"
    assert keymap_path() == tmp_path / "spantag" / "keymap.toml"  # one function finds both
    assert load_config() == AppConfig(path=tmp_path / "spantag" / "config.toml")


def test_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('annotator = "ana"\ntheme = "nord"\nlabels = "l.toml"\n[keymap]\n"a.b" = "c"\n')
    config = load_config(path)
    assert config == AppConfig("ana", "nord", tmp_path / "l.toml", {"a.b": "c"}, path)
    path.write_text('labels = "/abs/l.toml"\n')
    assert load_config(path).labels == Path("/abs/l.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("theme = \n", r"not valid TOML: .*\(at line 1, column 9\)"),
        ("annotator = 3\n", "'annotator' must be a string"),
        ('[keymap]\n"a" = 1\n', r"\[keymap\] must map binding ids to strings"),
        ('label = "x"\n', "unknown setting 'label'"),
    ],
)
def test_a_broken_file_is_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as error:
        load_config(path)
    assert error.value.exit_code == 2 and "\n" not in str(error.value)


def test_save_theme_keeps_everything_else(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    save_theme("nord", path)
    assert path.read_text() == 'theme = "nord"\n'
    path.write_text('# my settings\nannotator = "ana"\n\n[keymap]\ntheme = "not this one"\n')
    save_theme("gruvbox", path)
    assert path.read_text() == (
        'theme = "gruvbox"\n# my settings\nannotator = "ana"\n\n[keymap]\ntheme = "not this one"\n'
    )
    save_theme("textual-light", path)
    assert load_config(path).theme == "textual-light"
    assert path.read_text().count("theme = ") == 2
    assert not list(path.parent.glob("*.tmp"))
