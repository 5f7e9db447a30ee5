# OneX: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the suite.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet
HOST ?= 127.0.0.1
PORT ?= 8000
# Certificate links and QR codes point here: the address this server answers on, unless set.
ONEX_PUBLIC_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

.PHONY: run test bench lint venv dev-venv

# Stamps: reinstall only when a requirements file changes.
$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/.runtime-installed
	$(PIP) install -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.runtime-installed

dev-venv: $(VENV)/.dev-installed

run: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py signing_keys
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo
	@echo "OneX is starting on http://$(HOST):$(PORT)/ with a background worker (Ctrl-C stops both)."
	@echo "Demo logins, password onex-demo: office coordinator teacher finance leader student province office2"
	@echo
	@export ONEX_PUBLIC_URL="$(ONEX_PUBLIC_URL)"; \
	$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: $(VENV)/.dev-installed
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Every benchmark in one run, each line a figure and its ratio to a baseline measured beside it.
# The figures and the load test also use PostgreSQL (BENCH_DATABASE_URL, default the local server).
bench: $(VENV)/.dev-installed
	$(PY) bench/run.py
	$(PY) bench/figures.py
	$(PY) bench/report.py
	$(PY) bench/load.py

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
