# Set-up and everyday commands. Each target installs what it needs first.
PYTHON ?= python3
# The preview's port: `make serve PORT=8001` when 8000 is taken.
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve serve-fr build offline test benchmark check new translations schemas lock clean

## serve: install the site's dependencies and preview it on http://127.0.0.1:8000 (PORT=… for another port)
serve: $(VENV)/.site-deps
	scripts/ensure-system-libs.sh
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

## serve-fr: the same preview, French pages only: rebuilds faster while editing
serve-fr: $(VENV)/.site-deps
	scripts/ensure-system-libs.sh
	BUILD_ENGLISH=false $(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

## build: strict build of the public site into site/
build: $(VENV)/.site-deps
	scripts/ensure-system-libs.sh
	$(BIN)/mkdocs build --strict

## offline: the trainers' zip, dist/prendre-soin-de-soi-offline-<version>.zip (opens from file://)
offline: $(VENV)/.site-deps
	scripts/ensure-system-libs.sh
	$(BIN)/python -m macros.offline

## test: install test dependencies (and Debian's chromium, Pango, poppler when missing), run every test
test: $(VENV)/.test-deps node_modules/.installed
	scripts/ensure-chromium.sh
	scripts/ensure-system-libs.sh --test
	$(BIN)/pytest

## benchmark: build times (real site, 200 and 2,000 synthetic tools) against plain Material; writes benchmarks/results.json
benchmark: $(VENV)/.test-deps
	scripts/ensure-chromium.sh
	scripts/ensure-system-libs.sh
	npm ci --prefix benchmarks --no-audit --no-fund --loglevel=error
	$(BIN)/python benchmarks/run.py

## check: validate every data file without building the site (all problems at once, in French)
check: $(VENV)/.site-deps
	$(BIN)/python -m macros.cli check

## new: skeleton of a new data file, e.g. `make new KIND=territoire ID=pays-de-retz` (KIND: territoire, outil, evenement)
new: $(VENV)/.site-deps
	$(BIN)/python -m macros.cli new $(KIND) $(ID)

## translations: pages and data texts that have no English version yet
translations: $(VENV)/.site-deps
	$(BIN)/python -m macros.cli translations

## schemas: regenerate schemas/*.json from the models (a test fails when they are stale)
schemas: $(VENV)/.site-deps
	$(BIN)/python -m macros.cli schemas

## lock: re-pin requirements*.lock from pyproject.toml (needs network to the registry)
lock: $(VENV)/.site-deps
	$(BIN)/pip install -q uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -q --no-header -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -q --no-header -o requirements-test.lock

clean:
	rm -rf site dist $(VENV) node_modules docs/territoires docs/cps docs/outils docs/agenda docs/plaquette .cache

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-deps: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	touch $@

# axe-core (accessibility checks injected by the browser tests), pinned by package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.test-deps: requirements-test.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements-test.lock
	touch $@ $(VENV)/.site-deps
