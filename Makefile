# My Plan. `make run` serves the demo; `make test` runs every check. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2 --durations=10

.PHONY: help run install assets migrate seed test lint typecheck test-deps pytest i18n bench clean

help: ## show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 (and python3.11-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20 or newer with npm is needed: install nodejs and npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed scripts/build-assets.mjs $(wildcard static/src/*.scss)
	npm run --silent build
	touch $@

install: $(VENV)/.installed static/dist/.built ## install Python and front-end dependencies, build assets

assets: static/dist/.built ## build CSS and copy JavaScript into static/dist

migrate: install ## apply database migrations
	$(BIN)/python -m app migrate

seed: migrate ## load demo data (once)
	$(BIN)/python -m app seed-demo

run: seed ## install everything and serve the demo on http://$(HOST):$(PORT)
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m app serve

test-deps: install ## install what the browser tests need (Chromium)
	@bash scripts/ensure-chromium.sh

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install ## mypy
	$(BIN)/mypy

pytest: test-deps ## run the test suite (SQLite, and PostgreSQL too when TEST_DATABASE_URL is set)
	$(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL: $$TEST_DATABASE_URL"; \
		MYPLAN_TEST_DB=postgresql $(BIN)/pytest $(PYTEST_ARGS) -m "not sqlite_only"; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI=true but TEST_DATABASE_URL is not set: the PostgreSQL run is required in CI"; exit 1; \
	else \
		echo "== PostgreSQL run skipped: set TEST_DATABASE_URL=postgresql+psycopg://user@host:5432/db to include it"; \
	fi

test: lint typecheck pytest ## every check: lint, types, tests on SQLite (and PostgreSQL if TEST_DATABASE_URL is set)

i18n: install ## extract strings and update the translation catalogues in locales/
	$(BIN)/pybabel extract -F locales/babel.cfg -k lazy_gettext -k N_ --no-location --sort-output --project="My Plan" -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete

bench: install ## benchmark key pages against a bare Starlette page (SQLite and PostgreSQL)
	$(BIN)/python -m scripts.bench

clean: ## remove installed dependencies, built assets and local data
	rm -rf $(VENV) node_modules static/dist var
