# goldmine — two commands on a fresh machine with Python 3.11 and pip:
#   make demo   set up .venv, then run the main job on the bundled examples (SQLite)
#   make test   set up .venv with the dev extras, then run the tests
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip

.PHONY: demo test setup setup-dev lint bench dist clean

$(VENV)/.stamp-core: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.stamp-dev: pyproject.toml $(VENV)/.stamp-core
	$(PIP) install --quiet -e ".[dev]"
	touch $@

setup: $(VENV)/.stamp-core

setup-dev: $(VENV)/.stamp-dev

demo: setup
	$(VENV)/bin/goldmine demo --out goldmine-out

# ruff, mypy (strict, zero errors), the import-layer contracts, then the whole suite.
test: setup-dev
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -p no:cacheprovider tests/test_architecture.py
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

# Benchmarks are scripts; each writes its tables into docs/benchmarks.md (the regions it lists in
# DOC_REGIONS, stamped with date, machine and load). Some read ../shared/data and skip without it.
BENCHMARKS := $(shell grep -l '^DOC_REGIONS' benchmarks/*.py)
bench: setup-dev
	for b in $(BENCHMARKS); do echo "== $$b"; $(PY) $$b || exit 1; done
	$(PY) benchmarks/report_bench.py --cold

# The wheel and the sdist (dist/); CI installs the wheel into a fresh virtual environment.
dist: setup-dev
	$(PY) -m build --outdir dist .

clean:
	rm -rf $(VENV) goldmine-out .pytest_cache .hypothesis dist build
