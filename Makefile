# Two commands do all set-up on a machine with only Python 3.11+ and pip:
#   make demo   create .venv, install the kit, run the demo
#   make test   create .venv if missing, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
# nbgrader calls `alembic` from PATH when it creates a gradebook.
export PATH := $(BIN):$(PATH)

.PHONY: demo test lab lint format build datasets lock clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/medsos demo

test: $(VENV)/.installed
	$(BIN)/python -m pytest

lab: $(VENV)/.installed
	$(BIN)/medsos lab

build: $(VENV)/.installed
	$(BIN)/medsos build

datasets: $(VENV)/.installed
	$(BIN)/medsos datasets

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks nbgrader_config.py
	$(BIN)/ruff format --check src tests benchmarks nbgrader_config.py

format: $(VENV)/.installed
	$(BIN)/ruff check --fix src tests benchmarks nbgrader_config.py
	$(BIN)/ruff format src tests benchmarks nbgrader_config.py

# Re-resolve the pinned versions (run deliberately, then commit constraints.txt).
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^medsos' > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .ruff_cache
