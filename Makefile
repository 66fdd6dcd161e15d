# Set-up and everyday commands. Each target installs what it needs first.
PYTHON ?= python3
# The preview's port: `make serve PORT=8001` when 8000 is taken.
PORT   ?= 8000
# The form editor's local backend under `make serve` (macros/content/cms_proxy.py); only the
# preview's /admin/config.yml names it, never a built site's.
CMS_PORT ?= 8081
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# The engine of serve, serve-fr, build and offline: mkdocs (MkDocs 1.6.1, the default) or
# properdocs (ProperDocs 1.6.7, a maintained continuation of MkDocs 1.x whose output is tested
# byte-identical: tests/engine/test_engines.py), e.g. `make build ENGINE=properdocs`.
ENGINE ?= mkdocs
ENGINES := mkdocs properdocs
ifneq ($(filter serve serve-fr build offline,$(or $(MAKECMDGOALS),serve)),)
ifneq ($(words $(ENGINE)) $(filter $(ENGINES),$(ENGINE)),1 $(strip $(ENGINE)))
$(error ENGINE=« $(ENGINE) » : moteur inconnu. Choisissez mkdocs (par défaut) ou properdocs, par exemple « make build ENGINE=properdocs » (Zensical reste expérimental, hors du Makefile : voir benchmarks/README.md))
endif
endif
# ProperDocs looks for properdocs.yml first and logs a note when it falls back to mkdocs.yml.
ENGINE_FLAGS := $(if $(filter properdocs,$(ENGINE)),-f mkdocs.yml)

.PHONY: serve serve-fr setup build generate offline test test-deps test-fast lint guide-images benchmark check new translations schemas lock clean

## serve: install the site's dependencies and preview it on http://127.0.0.1:8000 (PORT=… for another port), form editor on /admin/
serve: $(VENV)/.site-deps cms/node_modules/.installed
	scripts/ensure-system-libs.sh
	$(WITH_CMS_PROXY) CMS_LOCAL_PORT=$(CMS_PORT) $(BIN)/$(ENGINE) serve $(ENGINE_FLAGS) --dev-addr 127.0.0.1:$(PORT)

## setup: install what `make serve` needs without starting it (the dev container runs it once)
setup: $(VENV)/.site-deps cms/node_modules/.installed
	scripts/ensure-system-libs.sh

## serve-fr: the same preview, French pages only: rebuilds faster while editing
serve-fr: $(VENV)/.site-deps
	scripts/ensure-system-libs.sh
	BUILD_ENGLISH=false $(BIN)/$(ENGINE) serve $(ENGINE_FLAGS) --dev-addr 127.0.0.1:$(PORT)

## build: strict build of the public site into site/ (with the form editor at /admin/ when npm is there)
build: $(VENV)/.site-deps cms/node_modules/.installed
	scripts/ensure-system-libs.sh
	$(BIN)/$(ENGINE) build --strict $(ENGINE_FLAGS)

## generate: write what resources/ yields into docs/ (pages, open data, .ics feeds, brochure PDFs), with no engine
generate: $(VENV)/.site-deps
	scripts/ensure-system-libs.sh
	$(BIN)/python -m macros.cli generate

## offline: the trainers' zip, dist/prendre-soin-de-soi-offline-<version>.zip (opens from file://)
offline: $(VENV)/.site-deps
	scripts/ensure-system-libs.sh
	$(BIN)/python -m macros.engine.offline --engine $(ENGINE)

## test: install test dependencies (and Debian's chromium, Pango, poppler when missing), lint, type-check, run every test (two processes, pytest-xdist; a test file stays on one)
test: test-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	scripts/ensure-chromium.sh
	scripts/ensure-system-libs.sh --test
	$(BIN)/pytest -n 2 --dist loadfile

# What `make test` installs, the three at once: a fresh clone waits for the longest (npm's
# Decap tree, some 25 s) rather than for their sum.
test-deps:
	@$(MAKE) --no-print-directory -j3 -Otarget $(VENV)/.test-deps node_modules/.installed cms/node_modules/.installed

## test-fast: lint and type-check, then the tests that need no built site, server or browser (the edit-test loop)
test-fast: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q -m "not slow and not browser"

## lint: ruff on the Python code and mypy on the models (rules and reasons in pyproject.toml), as `make test` does first
lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/mypy

## guide-images: retake the editors' guide's screenshots (contributing/*.png) with the tests that show them
guide-images: $(VENV)/.test-deps node_modules/.installed cms/node_modules/.installed
	scripts/ensure-chromium.sh
	GUIDE_IMAGES=$(CURDIR)/contributing $(BIN)/pytest -q -p no:cacheprovider \
	  tests/engine/test_banner.py::test_a_failed_rebuild_shows_a_banner_until_the_fix \
	  tests/content/test_cms.py::test_a_new_tool_through_the_form_is_valid_and_published \
	  tests/content/test_cms.py::test_a_tool_file_with_a_yaml_error_cannot_be_opened_empty_nor_overwritten \
	  tests/content/test_cms.py::test_the_published_form_signs_in_with_a_token_through_the_site_itself

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

## schemas: regenerate schemas/*.json (and a copy of the form's configuration, cms/config.yml, git-ignored: each build writes its own) from the models and the data
schemas: $(VENV)/.site-deps
	$(BIN)/python -m macros.cli schemas
	$(BIN)/python -m macros.cli cms

## lock: re-pin requirements*.lock from pyproject.toml (needs network to the registry)
lock: $(BIN)/uv
	echo "uv==$(UV_VERSION)" | $(BIN)/uv pip compile - --generate-hashes -q --no-header -o requirements-uv.lock
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -q --no-header -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -q --no-header -o requirements-test.lock

clean:
	rm -rf site dist $(VENV) node_modules cms/node_modules docs/territoires docs/cps docs/outils docs/agenda docs/plaquette .cache

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv installs what a lock names, hash-checked and without resolving anything again: 11 s
# where pip took 41 s, and a dependency's extras (weasyprint's fonttools[woff]) cannot pull in
# a version newer than the lock's, as they made pip fail. Bytecode compiled once here, as pip
# does: where PYTHONDONTWRITEBYTECODE is set, nothing would ever cache it. `pip check` proves
# the lock complete.
UV_VERSION := 0.13.9
UV_INSTALL = $(BIN)/uv pip install -q --no-deps --require-hashes --compile-bytecode --python $(BIN)/python -r

$(BIN)/uv: requirements-uv.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements-uv.lock
	touch $@

$(VENV)/.site-deps: requirements.lock | $(BIN)/uv
	$(UV_INSTALL) requirements.lock
	$(BIN)/pip check
	touch $@

# The form editor (Decap CMS, decap-server, yaml), pinned by cms/package-lock.json. Without
# Node the site still builds, and /admin/ says what to install.
cms/node_modules/.installed: cms/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix cms --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "Node.js (npm) absent : le formulaire /admin/ ne sera pas installé ; le reste du site fonctionne."; fi

# The form's local backend on 127.0.0.1:$(CMS_PORT), confined to resources/ and the media
# folder, answering the preview's pages only, for as long as the preview runs (stopped with
# it, Ctrl+C included).
WITH_CMS_PROXY = if [ -f cms/node_modules/decap-cms/dist/decap-cms.js ]; then \
	  $(BIN)/python -m macros.content.cms_proxy --root "$(CURDIR)" --port $(CMS_PORT) --preview-port $(PORT) & proxy=$$!; \
	  trap 'kill $$proxy 2>/dev/null' EXIT INT TERM; \
	  echo "Formulaire d'édition : http://127.0.0.1:$(PORT)/admin/"; \
	fi;

# axe-core (accessibility checks injected by the browser tests), pinned by package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.test-deps: requirements-test.lock | $(BIN)/uv
	$(UV_INSTALL) requirements-test.lock
	$(BIN)/pip check
	touch $@ $(VENV)/.site-deps
