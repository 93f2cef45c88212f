# Safehold — every job is a make target. Tools bootstrap themselves: uv goes into a
# local virtual environment (.tools), Python packages into .venv from uv.lock, and the
# front-end packages into node_modules from package-lock.json. Nothing is installed
# globally except Debian's Chromium for the browser tests (see `make browser`).

SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null)
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help install demo test test-fast check lint format bench browser clean street-points pdf-libs

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Safehold needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --quiet
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

src/safehold/static/vendor/.done: node_modules/.package-lock.json $(VENV)/.synced src/safehold/config/vendor.py
	$(BIN)/python -m safehold.config.vendor
	@touch $@

install: $(VENV)/.synced src/safehold/static/vendor/.done ## Create .venv and node_modules from the lock files (idempotent)

demo: install pdf-libs ## Migrate, seed the synthetic force when empty, serve http://127.0.0.1:8000
	$(BIN)/safehold demo --port $(PORT)

browser: ## Find or install Debian's Chromium for the browser tests
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	echo "Installing Debian's chromium for the browser tests"; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi; \
	$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	  || { echo "Could not install chromium: run 'sudo apt-get install chromium'"; exit 1; }

pdf-libs: ## Find or install Debian's Pango, which WeasyPrint needs for the PDF reports
	@if /sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0; then exit 0; fi; \
	echo "Installing Debian's Pango for the PDF reports (WeasyPrint)"; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi; \
	$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null \
	  || { echo "Could not install Pango: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0'"; exit 1; }

test: install browser pdf-libs ## Run the whole test suite (SQLite unless DATABASE_URL is set), browser tests included
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install ## The suite without the browser and slow tests
	$(BIN)/pytest -m "not browser and not slow" $(PYTEST_ARGS)

check: install ## Format check, lint, types, import contracts, Django's deploy checks
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy src
	$(BIN)/lint-imports
	SAFEHOLD_SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  DJANGO_SETTINGS_MODULE=safehold.config.settings_production \
	  $(BIN)/safehold check --deploy --fail-level WARNING

format: install ## Format the code and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install ## Run the benchmarks (each prints its figures and ratios; about 45 minutes)
	$(BIN)/python -P bench/safeguarding_queue.py
	$(BIN)/python -P bench/linkage.py
	$(BIN)/python -P bench/backlog.py
	$(BIN)/python -P bench/shortcuts.py
	$(BIN)/python -P bench/planner.py
	$(BIN)/python -P bench/planner.py --large
	$(BIN)/python -P bench/vrptw.py data/vrptw/solomon --seconds 10
	$(BIN)/python -P bench/simulation.py
	$(BIN)/python -P bench/load.py --users 50 --seconds 120
	$(BIN)/python -P bench/load.py --users 50 --seconds 60 --stress
	$(BIN)/python -P bench/ingest.py

street-points: install ## Rebuild the packaged street points from data/policeuk (after changing those files)
	$(BIN)/python -m safehold.synth.policeuk data/policeuk src/safehold/synth/data/street-points.csv

clean: ## Remove the virtual environments, node_modules and var/
	rm -rf $(TOOLS) $(VENV) node_modules var src/safehold/static/vendor
