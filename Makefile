# make serve / make test: each sets up .venv (once, and again when pyproject.toml or the
# constraints change) with the tested versions from requirements/constraints.txt. make test also
# installs the npm tools of package-lock.json (axe-core, the Nu validator, Lighthouse) into
# node_modules, with `npm ci`, again when the lock file changes.

PYTHON ?= python3
ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CONSTRAINTS := requirements/constraints.txt
# An older Material release, standing in for the next one: tests/test_a11y.py builds the site with
# it (on PYTHONPATH) to show the accessibility fixes do not depend on one release's templates.
OTHER_MATERIAL := 9.8.0

.PHONY: serve test build bench lighthouse clean venv

serve: $(STAMP)
	$(BIN)/mkdocs serve -a $(ADDR)

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

build: $(STAMP)
	$(BIN)/mkdocs build --strict

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

lighthouse: $(STAMP) $(NODE_STAMP)
	$(BIN)/python scripts/lighthouse.py

venv: $(STAMP)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "error: Python 3.11 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>/dev/null || echo "not found")." >&2; \
	  echo "       Run with another interpreter, e.g. make PYTHON=python3.12 ..." >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install -c $(CONSTRAINTS) -e '.[test]'
	rm -rf $(VENV)/mkdocs-material-$(OTHER_MATERIAL)
	$(BIN)/python -m pip install --no-deps --target $(VENV)/mkdocs-material-$(OTHER_MATERIAL) mkdocs-material==$(OTHER_MATERIAL)
	touch $@

# Without npm the accessibility and validity tests skip on a laptop; in CI (CI set) that is an error.
# --ignore-scripts: vnu-jar's install script would download a Java runtime, which the tests never use.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --ignore-scripts --no-audit --no-fund && touch $@; \
	elif [ -n "$$CI" ]; then \
	  echo "error: npm not found: the accessibility tests need Node.js and npm" >&2; exit 1; \
	else \
	  echo "note: npm not found: the accessibility and HTML validity tests will be skipped" >&2; \
	fi

clean:
	rm -rf site $(VENV) node_modules
