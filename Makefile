# Himoya: `make demo` runs the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: demo test lint bench messages clean

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

demo: $(VENV)/.installed messages
	$(BIN)/himoya demo

test: $(VENV)/.installed-test messages
	$(BIN)/ruff check .
	HIMOYA_MODE=test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.installed-test messages
	$(BIN)/python -m himoya.bench

clean:
	rm -rf $(VENV) var/static
