# Every target bootstraps .venv first: pip and setuptools from requirements/bootstrap.txt (hashes), then the exact
# versions of requirements/dev.lock; nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPEC := openapi/onlyoffice-crm-invoices.yaml
HAND_WRITTEN := src openapi/src tools tests contract_tests bench mock_portal/src examples docs/hooks

.DEFAULT_GOAL := help
.PHONY: help venv lock generate check-generated lint test serve bench contract breaking change-cost docs docs-serve docs-check

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The repository is one distribution (client, library, CLI, spec, mock portal); the spec and the mock were
# distributions of their own before 2.0.0, so a .venv made then drops them first.
# pip and setuptools come first, from their hashed lock: the interpreter's bundled ones have published fixes.
$(STAMP): requirements/bootstrap.txt requirements/dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/bootstrap.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	@$(BIN)/python -m pip uninstall --quiet --yes onlyoffice-crm-spec onlyoffice-mock-portal 2>/dev/null || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

venv: $(STAMP) ## Create .venv with the pinned tools and this repo's one distribution (editable)

# The hashed locks, compiled by uv from the package index in a throwaway environment under build/: the bootstrap
# tools; the [contract] extra for each Python the action accepts (its python-version input); the [mock] extra for
# the container's Python. Dependabot (.github/dependabot.yml) proposes the same updates.
UV_VERSION := 0.13.9
ACTION_PYTHONS := 3.11 3.12 3.13 3.14
IMAGE_PYTHON := 3.11
LOCK_TOOL := build/lock-tool
UV_COMPILE = cd requirements && ../$(LOCK_TOOL)/bin/uv pip compile --quiet --generate-hashes --universal
lock: ## Recompile the hashed locks in requirements/ (pip and setuptools, the action's [contract], the image's [mock])
	$(PYTHON) -m venv $(LOCK_TOOL)
	$(LOCK_TOOL)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV_COMPILE) --python-version $(IMAGE_PYTHON) bootstrap.in -o bootstrap.txt
	for python in $(ACTION_PYTHONS); do \
	  ($(UV_COMPILE) --python-version $$python ../pyproject.toml --extra contract -o contract-py$$python.txt) || exit 1; \
	done
	$(UV_COMPILE) --python-version $(IMAGE_PYTHON) ../pyproject.toml --extra mock -o mock-py$(IMAGE_PYTHON).txt

generate: $(STAMP) ## Regenerate generated/ from the spec, the generator config and the template patches
	$(BIN)/python -m tools.generate_client write

check-generated: $(STAMP) ## Fail, naming the files, when generated/ differs from what the spec produces
	$(BIN)/python -m tools.generate_client check

BASE ?=
CHANGELOG ?=
# make exits 2 for any failing recipe, so the tool's own code (1 breaking, 2 bad input) is printed.
breaking: $(STAMP) ## Classify spec, Python API and CLI changes since BASE (default: the last release, docs/releasing.md); CHANGELOG=1 prints the entry
	@$(BIN)/python -m tools.breaking $(if $(BASE),--base '$(BASE)') $(if $(CHANGELOG),--changelog); code=$$?; \
	if [ $$code -ne 0 ]; then echo "make breaking: exit code $$code (1 = something breaks, 2 = bad input)" >&2; fi; \
	exit $$code

CHANGES ?=
JOBS ?=
# Three whole test suites (about 5 min each on 2 cores), so not part of `make test`; tests/breaking checks the patches.
change-cost: $(STAMP) ## Apply each spec change of tools/change_cost/changes/ in a temporary clone, regenerate, test; list the failing parts (CHANGES=1 3, JOBS=3)
	$(BIN)/python -m tools.change_cost $(CHANGES) $(if $(JOBS),--jobs $(JOBS) --workers 1)

lint: $(STAMP) ## Validate the spec; ruff and mypy --strict on hand-written code; the layers of ARCHITECTURE.md; the CI workflow and the action
	$(BIN)/openapi-spec-validator $(SPEC)
	$(BIN)/ruff check $(wildcard $(HAND_WRITTEN))
	$(BIN)/ruff format --check $(wildcard $(HAND_WRITTEN))
	$(BIN)/mypy $(wildcard $(HAND_WRITTEN))
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows $(wildcard .github/workflows/*.yml)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-actions action.yml
	$(BIN)/lint-imports

# The drift check runs inside pytest (tests/generation), the same code as `check-generated`; so do the strict build
# of the documentation site and its examples (tests/docs).
# One pytest worker per core (pytest-xdist); the packaging tests stay on one worker, which builds the wheel once.
test: lint ## Run everything CI runs: lint, drift check, spec, client, mock portal, contract and documentation tests
	$(BIN)/pytest -n auto --dist loadgroup

# A thin call of the installed checker, `onlyoffice-crm-contract`, always against the mock portal it starts: the
# portal variables (the library's ONLYOFFICE_* and the old aliases) are removed from its environment, so that a
# shell or CI job that holds them still checks the mock here; a live portal is checked by calling the checker
# itself. CONTRACT_* pass through. make exits 2 for any failing recipe, so the checker's own code is printed (its
# meanings: `onlyoffice-crm-contract --help`, docs/contract.md).
CONTRACT_ENV := env -u ONLYOFFICE_URL -u ONLYOFFICE_TOKEN -u ONLYOFFICE_USER_NAME -u ONLYOFFICE_PASSWORD \
	-u BASE_URL -u TOKEN -u USER_NAME -u PASSWORD
# ROLE=admin|user|guest|auto: whom the token belongs to; the mock portal answers as it (CONTRACT_ROLE, default auto:
# an admin mock, the role inferred).
ROLE ?=
contract: $(STAMP) ## The main job: the contract suite over HTTP against the mock portal (whatever the environment holds)
	@$(CONTRACT_ENV) $(BIN)/onlyoffice-crm-contract $(if $(ROLE),--role $(ROLE)); code=$$?; \
	if [ $$code -ne 0 ]; then echo "make contract: exit code $$code (see onlyoffice-crm-contract --help)" >&2; fi; \
	exit $$code

# Each portal of contract_tests/proofs/battery.py served on 127.0.0.1 and checked by the installed checker, beside
# plain schemathesis (GET only, the same max-examples); BATTERY_DOCS=1 writes the table to docs/contract.md.
BATTERY_EXAMPLES ?= 5
BATTERY_WORKERS ?= 2
BATTERY_DOCS ?=
.PHONY: battery
battery: $(STAMP) ## The regression battery: baseline, regressions and decoys vs the checker and plain schemathesis (a table)
	$(BIN)/python -m contract_tests.proofs.run_battery --max-examples $(BATTERY_EXAMPLES) --workers $(BATTERY_WORKERS) \
	  $(if $(BATTERY_DOCS),--docs docs/contract.md)

PORT ?= 8080
TOKEN ?= mock-portal-token
INVOICES ?= 300
SEED ?= 1
serve: $(STAMP) ## Run the mock portal in the foreground on 127.0.0.1 (PORT, TOKEN, INVOICES, SEED)
	$(BIN)/onlyoffice-mock-portal --port $(PORT) --token $(TOKEN) --invoices $(INVOICES) --seed $(SEED)

bench: $(STAMP) ## Measure the speed and memory goals (mock portal, library, CLI), each beside its figure; fails on a miss
	$(BIN)/python bench/bench_mock_portal.py
	$(BIN)/python bench/bench_cli.py
	$(BIN)/python bench/bench_library.py
	$(BIN)/python -m bench.bench_hostile

# The site's pages show the mock portal's defaults, which these variables would change; NO_MKDOCS_2_WARNING silences
# Material's notice about its end of life (it is not a warning of this build, which fails on any).
DOCS_ENV := env -u PORT -u TOKEN -u INVOICES -u SEED -u DATA NO_MKDOCS_2_WARNING=1
docs: $(STAMP) ## Build the documentation site into site/, strictly (a broken link, a missing reference or a warning fails)
	$(DOCS_ENV) $(BIN)/mkdocs build --strict

# Opened from disk (site/index.html) every page and link works; Material's search needs the site served.
DOCS_PORT ?= 8000
docs-serve: docs ## Build the site and serve it on http://127.0.0.1:8000/ (DOCS_PORT), search included; Ctrl-C stops
	@echo "The documentation: http://127.0.0.1:$(DOCS_PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server --directory site --bind 127.0.0.1 $(DOCS_PORT)

# Chromium is not on CI machines, so `make test` does not run this; here it installs Debian's packages when missing.
docs-check: docs ## Open site/ in headless Chromium as the README says: from disk every page, picture and 1280 px width; served, search; screenshots in reports/
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	  else echo "make docs-check needs Chromium: sudo apt-get install chromium chromium-driver" >&2; exit 2; fi; }
	$(BIN)/python -m tests.docs.browser_check
