"""The domain and the command line's import/export/stats never import Textual (STYLE.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import REPO, SAMPLES

PROBE = """
import sys
from pathlib import Path

import tui.annotated, tui.history, tui.model, tui.span_index, tui.stats, tui.store
import tui.formats.native, tui.importer, tui.textio, tui.dbfile
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


def test_domain_and_subcommands_do_not_import_textual(tmp_path: Path) -> None:
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
