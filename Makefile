# Himoya: `make demo` runs the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: demo test lint bench messages screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

messages: $(VENV)/.installed
	@HIMOYA_MODE=test $(MANAGE) compilemessages --ignore=.venv --ignore=var -l tg -l ru -l en -v0

# `make demo PORT=8001` or `make demo BIND=0.0.0.0:8001`; links in notifications follow.
PORT ?= 8000
BIND ?= 127.0.0.1:$(PORT)

demo: $(VENV)/.installed messages
	$(BIN)/himoya demo --bind $(BIND)

# The suite runs on every core (pytest-xdist); the tests that flush the database run
# one after another in one worker (conftest.py). `make test PYTEST_XDIST=` runs it in
# one process; PYTEST_ARGS adds pytest options, e.g. PYTEST_ARGS='-m "not slow"'.
PYTEST_XDIST ?= -n auto --dist loadgroup
# pytest's exit code 5 means "no tests collected": a broken suite, never a pass.
PYTEST := status=0; $(BIN)/pytest -q $(PYTEST_XDIST) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

export TEST_DATABASE_URL

# The suite always runs on SQLite; with TEST_DATABASE_URL=postgres://... on PostgreSQL too.
test: $(VENV)/.installed-test messages
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	HIMOYA_MODE=test $(MANAGE) makemigrations --check --dry-run
	@echo "make test: the suite on SQLite"
	env -u TEST_DATABASE_URL sh -c '$(PYTEST)'
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "make test: the suite on PostgreSQL ($${TEST_DATABASE_URL%%@*}@...)"; \
		sh -c '$(PYTEST)'; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff format --check .

bench: $(VENV)/.installed-test messages
	$(BIN)/python -m himoya.bench

# Screenshots of the main pages with the demo data at 360 and 1280 px (tests/screenshots.py):
# `make screenshots` starts a demo on port 8199 and writes var/screenshots/pages/;
# `make screenshots SCREENSHOTS=/tmp/after SCREENSHOT_ARGS='--languages tg ru en'`.
SCREENSHOTS ?= var/screenshots/pages
SCREENSHOT_ARGS ?=

screenshots: $(VENV)/.installed-test messages
	$(BIN)/python -m tests.screenshots --out $(SCREENSHOTS) $(SCREENSHOT_ARGS)

clean:
	rm -rf $(VENV) var/static
