"""The domain never loads Textual: each of its modules imported alone, in a fresh interpreter.

The static form of the same rule is the import-linter contracts in pyproject.toml (`make check`);
this is the run-time check that no import hides in a function or behind a lazy attribute.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tui
from tests.conftest import REPO, SAMPLES

# Everything under tui/ but the TUI (app, served app, screens, widgets, messages) and the command
# line. The web server (tui.serve) is in: it starts reader processes, it never runs Textual.
TUI_OR_CLI = (
    "tui.app",
    "tui.served_app",
    "tui.adjudicating",
    "tui.messages",
    "tui.screens",
    "tui.widgets",
    "tui.cli",
    "tui.commands",
)
DOMAIN = sorted(
    info.name
    for info in pkgutil.walk_packages(tui.__path__, "tui.")
    if not info.name.startswith(TUI_OR_CLI) and info.name != "tui.__main__"
)


def test_the_domain_list_is_complete() -> None:
    for name in ("tui.model", "tui.store", "tui.document.annotated", "tui.formats.native"):
        assert name in DOMAIN
    assert len(DOMAIN) > 40


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_does_not_load_textual(module: str) -> None:
    probe = (
        f"import sys, {module}\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] == 'textual']\n"
        "assert not loaded, loaded[:5]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


PROBE = """
import sys
from pathlib import Path

from tui.cli import main

db = Path(sys.argv[1])
spans = db.with_name("spans.jsonl")
assert main(["import", sys.argv[2], "--db", str(db)]) == 0
assert main(["export", "--db", str(db), "-o", str(spans)]) == 0
assert main(["import", "--spans", str(spans), "--db", str(db)]) == 0
assert main(["stats", "--db", str(db)]) == 0
for error in (["import", "missing.txt"], ["export", "--db", "missing.json"], ["--bogus"]):
    assert main(error) != 0
assert "textual" not in sys.modules
loaded = sorted(name for name in sys.modules if name.split(".")[0] in {"textual", "tui"})
print("\\n".join(loaded))
"""


def test_subcommands_do_not_import_textual(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "db.json"), str(SAMPLES)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    modules = result.stdout.split()
    assert "tui.store" in modules and "tui.formats.native" in modules  # the probe really ran
    assert not [name for name in modules if name.split(".")[0] == "textual"]
    assert "tui.app" not in modules
