# Two commands do all set-up on a machine with only Python 3.11+ and pip:
#   make demo   create .venv, install the kit, run the demo
#   make test   create .venv if missing, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
# nbgrader calls `alembic` from PATH when it creates a gradebook.
export PATH := $(BIN):$(PATH)

.PHONY: demo test lab lint format build datasets lock clean bahasa labextension hub-proxy

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	# the kit ships its own id_ID language pack (same module name as PyPI's, which it replaces)
	$(BIN)/python -m pip uninstall --quiet -y jupyterlab-language-pack-id-ID 2>/dev/null || true
	# an editable install gets no wheel data files: copy the kit's Jupyter files in
	$(BIN)/python -c "from medsos.lab import install_jupyter_files; install_jupyter_files()"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/medsos demo

# Test files run in parallel (pytest-xdist; one file per worker, so module-scoped fixtures
# start once); the slowest tests are listed at the end of the run.
TEST_WORKERS ?= auto
test: $(VENV)/.installed
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses=4 --dist loadfile --durations=25

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

# Language pack: regenerate the .json/.mo files from the edited .po files.
bahasa: $(VENV)/.installed
	$(BIN)/python -m medsos.lab.bahasa

# Tugas panel (JupyterLab extension): Node build of labextension/ into
# src/medsos/labextension/ (shipped prebuilt; installing the kit needs no Node.js).
labextension: $(VENV)/.installed
	cd labextension && npm ci --no-audit --no-fund
	$(BIN)/python -m medsos.lab.bundle

# configurable-http-proxy (JupyterHub's proxy, npm) in .hub-node/, found by `medsos hub`.
hub-proxy: .hub-node/node_modules/.bin/configurable-http-proxy

.hub-node/node_modules/.bin/configurable-http-proxy:
	npm install --prefix .hub-node --no-audit --no-fund --loglevel=error configurable-http-proxy@5

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
