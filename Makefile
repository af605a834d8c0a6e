# Plainly: `make demo` serves the demo site, `make test` runs the tests. Both set themselves up.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test lint format bench lock clean

demo: $(INSTALLED)
	$(BIN)/plainly demo

# Two xdist workers: while one waits on a served site or the browser, the other computes.
# Tests that share the served site or the browser stay on one worker, and those that make
# installations of their own from the demo on one too (conftest.py).
test: $(INSTALLED) node_modules/.installed
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/plainly makemigrations --check --dry-run

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The benchmark suite (needs wrk, nginx and varnish: apt-get install wrk nginx-light varnish).
# BENCH_ARGS="--smoke" for a quick run; "--backends sqlite" for the embedded default only.
bench: $(INSTALLED)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Re-pin every dependency (run after changing pyproject.toml).
lock: $(INSTALLED)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --extra dev pyproject.toml -o requirements.lock

clean:
	rm -rf $(VENV) node_modules

$(INSTALLED): pyproject.toml requirements.lock
	@$(PYTHON) -c "import sys; sys.exit(sys.version_info < (3, 11))" || { echo "Plainly needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@
