# Every target bootstraps .venv from requirements/dev.lock first; nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPEC := openapi/onlyoffice-crm-invoices.yaml
HAND_WRITTEN := src openapi/src tools tests contract_tests bench mock_portal/src examples docs/hooks

.DEFAULT_GOAL := help
.PHONY: help venv generate check-generated lint test serve bench contract breaking docs docs-check

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The repository is one distribution (client, library, CLI, spec, mock portal); the spec and the mock were
# distributions of their own before 2.0.0, so a .venv made then drops them first.
$(STAMP): requirements/dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	@$(BIN)/python -m pip uninstall --quiet --yes onlyoffice-crm-spec onlyoffice-mock-portal 2>/dev/null || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

venv: $(STAMP) ## Create .venv with the pinned tools and this repo's one distribution (editable)

generate: $(STAMP) ## Regenerate generated/ from the spec, the generator config and the template patches
	$(BIN)/python -m tools.generate_client write

check-generated: $(STAMP) ## Fail, naming the files, when generated/ differs from what the spec produces
	$(BIN)/python -m tools.generate_client check

BASE ?=
CHANGELOG ?=
# make exits 2 for any failing recipe, so the tool's own code (1 breaking, 2 bad input) is printed.
breaking: $(STAMP) ## Classify spec, Python API and CLI changes since BASE (default: newest vX.Y.Z tag, else main); CHANGELOG=1 prints the entry
	@$(BIN)/python -m tools.breaking $(if $(BASE),--base '$(BASE)') $(if $(CHANGELOG),--changelog); code=$$?; \
	if [ $$code -ne 0 ]; then echo "make breaking: exit code $$code (1 = something breaks, 2 = bad input)" >&2; fi; \
	exit $$code

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

# A thin call of the installed checker, `onlyoffice-crm-contract` (it reads BASE_URL, TOKEN, USER_NAME, PASSWORD,
# CONTRACT_* from the environment). make exits 2 for any failing recipe, so the checker's own code (1 contract
# failures, 2 bad input or preflight) is printed; a CI job that needs the code itself calls the checker directly.
contract: $(STAMP) ## The main job: contract suite over HTTP vs the mock portal, or BASE_URL=... TOKEN=... (live)
	@$(BIN)/onlyoffice-crm-contract; code=$$?; \
	if [ $$code -ne 0 ]; then echo "make contract: exit code $$code (1 = contract failures, 2 = bad input or preflight)" >&2; fi; \
	exit $$code

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

# Chromium is not on CI machines, so `make test` does not run this; here it installs Debian's packages when missing.
docs-check: docs ## Open site/ in headless Chromium: every page, search, pictures; screenshots in reports/
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	  else echo "make docs-check needs Chromium: sudo apt-get install chromium chromium-driver" >&2; exit 2; fi; }
	$(BIN)/python -m tests.docs.browser_check
