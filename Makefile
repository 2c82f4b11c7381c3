# The README's commands. `make venv` builds .venv (spantag installed editable, with the test and
# interop extras: the interop tests then must run, SPANTAG_INTEROP=required); `test`, `check` and
# the rest build it first when pyproject.toml is newer than the last install. `make run` needs
# none of that: it builds .venv-run, spantag (editable) and its runtime dependencies only.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= annotations.json
RUN_VENV := .venv-run
RUN_STAMP := $(RUN_VENV)/.installed

.PHONY: venv run-venv run test bench check eval stress clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "spantag needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,interop]'
	@touch $(STAMP)

# No extras, no pip upgrade, no .pyc compiled ahead (only the modules imported get compiled),
# and no pip inside the venv when the system's pip can install into it (pip >= 22.3 --python):
# a fresh machine opens the reader in well under 30 s (README: Quick start).
RUN_PIP := install --quiet --disable-pip-version-check --no-compile -e .

run-venv: $(RUN_STAMP)

$(RUN_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "spantag needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	@rm -rf $(RUN_VENV)
	@if $(PYTHON) -m pip --version >/dev/null 2>&1 && $(PYTHON) -m venv --without-pip $(RUN_VENV) \
		&& $(PYTHON) -m pip --python $(RUN_VENV)/bin/python $(RUN_PIP); then :; else \
		rm -rf $(RUN_VENV) && $(PYTHON) -m venv $(RUN_VENV) && $(RUN_VENV)/bin/python -m pip $(RUN_PIP); fi
	@touch $(RUN_STAMP)

run: $(RUN_STAMP)
	$(RUN_VENV)/bin/spantag sample_articles/ seeds/ --db $(DB)

test: venv
	SPANTAG_INTEROP=required $(BIN)/python -m pytest -n 2 -p no:cacheprovider

bench: venv
	$(BIN)/python -m tests.bench.run

# The long variant of the reliability tests (docs/reliability.md): 500 + 50 kills, 20,000 edits
# under a reading loop, and hypothesis at 2,000 examples. About 7 minutes on 2 cores.
stress: venv
	SPANTAG_CRASH_KILLS=500 SPANTAG_APP_KILLS=50 SPANTAG_READER_OPS=20000 \
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest -p no:cacheprovider -s -q \
		tests/reliability/test_crash_safety.py tests/reliability/test_concurrent_readers.py tests/reliability/test_reanchor.py \
		tests/reliability/test_bad_database.py

eval: venv
	$(BIN)/python -m tui.suggest.evaluate tests/data/gold/ && $(BIN)/python -m tests.support.keypress_annotator tests/data/gold/

check: venv
	$(BIN)/ruff check tui tests
	$(BIN)/ruff format --check tui tests
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) $(RUN_VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
