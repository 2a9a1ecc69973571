# Balans backend. `make help` lists the targets; `make run` and `make test` bootstrap themselves.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed-$(UV_VERSION)
SPECTRAL := tools/spectral/node_modules/.bin/spectral
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
ROLE ?= consulent
CREDITOR ?=
PARTNER_TYPE ?=
PYTEST_ARGS ?=
MATCHING_ARGS ?=

# Compiled bytecode is kept (each service process then starts in half the CPU time), but under
# .venv, out of the source tree; the machine's own PYTHONDONTWRITEBYTECODE=1 is overridden.
export PYTHONDONTWRITEBYTECODE :=
export PYTHONPYCACHEPREFIX := $(CURDIR)/.venv/pycache

.DEFAULT_GOAL := help
.PHONY: help install run test test-quick test-postgres fuzz lint fmt typecheck migrate openapi bench load token spectral clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml uv.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --inexact --quiet
	@touch $@

install: $(STAMP) ## Create .venv and install the locked dependencies

run: $(STAMP) ## Migrate and start all four services on SQLite under var/ (Ctrl-C stops them)
	@$(BIN)/python -m deploy.local

test: $(STAMP) $(SPECTRAL) ## Run the whole suite (SQLite)
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

test-quick: $(STAMP) ## The suite without the end-to-end tests
	@$(BIN)/python -m pytest -m "not e2e" $(PYTEST_ARGS)

test-postgres: $(STAMP) $(SPECTRAL) ## Run the whole suite against PostgreSQL (PG_URL=...)
	@BALANS_TEST_POSTGRES_URL=$(PG_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

fuzz: $(STAMP) ## Longer schemathesis run over the four APIs (FUZZ_EXAMPLES per operation, default 200)
	@BALANS_FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),200) $(BIN)/python -m pytest tests/proof -m fuzz $(PYTEST_ARGS)

lint: $(STAMP) ## ruff, mypy and the import boundaries
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@$(BIN)/mypy shared services
	@$(BIN)/lint-imports

fmt: $(STAMP) ## Format and autofix
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

migrate: $(STAMP) ## Migrate every service database to head (respects <SERVICE>_DATABASE_URL)
	@$(BIN)/python -m deploy.local --migrate-only

openapi: $(STAMP) ## Write each service's OpenAPI document to docs/openapi/
	@$(BIN)/python -m deploy.openapi docs/openapi

bench: $(STAMP) ## Run the benchmarks (figures go to docs/benchmarks.md; BENCH_ARGS="--engine sqlite ...")
	@command -v wrk >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; \
	  then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
	  else echo "make bench needs wrk: sudo apt-get install -y wrk" >&2; exit 1; fi; }
	@$(BIN)/python -m tests.bench $(BENCH_ARGS)
	@$(BIN)/python -m tests.bench.matching $(MATCHING_ARGS)

load: $(STAMP) ## Mixed load, 60 s: creditors push, staff read work lists (LOAD_ARGS="--engine postgres")
	@$(BIN)/python -m tests.load $(LOAD_ARGS)

token: $(STAMP) ## Print a development token: make token ROLE=consulent [CREDITOR=id PARTNER_TYPE=Huur]
	@$(BIN)/python -m shared.auth --role $(ROLE) $(if $(CREDITOR),--creditor $(CREDITOR)) $(if $(PARTNER_TYPE),--partner-type "$(PARTNER_TYPE)")

image: ## Build the container image balans:local (needs a running Docker daemon)
	docker build -t balans:local .

deploy-check: $(STAMP) ## Validate the Dockerfile, compose file, realm and Kubernetes manifests (offline)
	@$(BIN)/python -m pytest tests/deploy -m "not postgres" $(PYTEST_ARGS)

spectral: $(SPECTRAL) ## Install the API Design Rules linter (Spectral, from npm)

$(SPECTRAL): tools/spectral/package.json tools/spectral/package-lock.json
	@cd tools/spectral && npm ci --silent --no-audit --no-fund
	@touch $@

clean: ## Remove the environment, databases and caches
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache tools/spectral/node_modules
