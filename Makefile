# The README's commands. `make venv` builds .venv (spantag installed editable, with the test and
# interop extras: the interop tests then must run, SPANTAG_INTEROP=required);
# `run` and `test` build it first when pyproject.toml is newer than the last install.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= annotations.json

.PHONY: venv run test bench check eval clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "spantag needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,interop]'
	@touch $(STAMP)

run: venv
	$(BIN)/spantag sample_articles/ seeds/ --db $(DB)

test: venv
	SPANTAG_INTEROP=required $(BIN)/python -m pytest -n 2 -p no:cacheprovider

bench: venv
	$(BIN)/python -m tests.bench.run

eval: venv
	$(BIN)/python -m tui.suggest.evaluate tests/data/gold/ && $(BIN)/python -m tests.keypress_annotator tests/data/gold/

check: venv
	$(BIN)/ruff check tui tests
	$(BIN)/ruff format --check tui tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
