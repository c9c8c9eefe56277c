# The two commands a newcomer needs:
#   make demo   installs ekbom and runs it on the bundled example patients
#   make test   installs ekbom with its test tools and runs every check CI runs
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint typecheck pytest bench bench-cohort bench-serve bench-notes constraints clean

demo: $(STAMP)
	$(BIN)/ekbom demo

test: lint typecheck pytest

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest --doctest-modules src/ekbom tests

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py

bench-cohort: $(STAMP)
	$(BIN)/python benchmarks/bench_cohort.py

bench-serve: $(STAMP)
	$(BIN)/python benchmarks/bench_serve.py

bench-notes: $(STAMP)
	$(BIN)/python benchmarks/bench_notes.py

# Refresh the pins after changing dependencies in pyproject.toml (see CONTRIBUTING.md).
constraints: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check | sort > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
