# Two commands a council needs: `make demo` and `make test`. Each sets itself up from nothing.
# For developers: `make lint` (ruff, mypy, import layers), `make lock` (rewrites requirements/*.txt from pyproject.toml).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB := sqlite:///var/demo.sqlite
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint lock clean chromium

$(STAMP): pyproject.toml requirements/test.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	@$(PYTHON) -m venv $(VENV) || (apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV))
	$(BIN)/pip install -q --upgrade pip
	@# The exact versions the tests run with (requirements/test.txt, from `make lock`), then this checkout itself.
	$(BIN)/pip install -q -r requirements/test.txt
	$(BIN)/pip install -q --no-deps -e .
	@# Compile the dial-a-ride search once (numba keeps it on disk), so no timed solve pays for it.
	$(BIN)/python -c "from transport.optimizer.lns import warm_up; warm_up()"
	@touch $(STAMP)

# A re-run keeps var/demo.sqlite (its accounts, sign-ins and published plans): the import updates
# the sample council in place and a new draft plan is made. `rm var/demo.sqlite` starts afresh.
demo: $(STAMP)
	@[ ! -f var/demo.sqlite ] || echo "make demo: keeping var/demo.sqlite and its accounts (rm var/demo.sqlite to start afresh)"
	DATABASE_URL=$(DEMO_DB) $(BIN)/transport import data/sample
	DATABASE_URL=$(DEMO_DB) $(BIN)/transport plan --starts-on 2026-09-07 --seconds 3 --out out/demo

# The browser tests use Debian's chromium (Playwright drives it; no browser is downloaded).
chromium:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

# Two test processes (pytest-xdist), a file each at a time: the machine's two cores.
TEST_WORKERS ?= 2
test: $(STAMP) chromium
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

# ruff check, ruff format --check, mypy and the import layers (lint-imports), with the versions of the lock; each runs even when one before it fails.
lint: $(STAMP)
	BIN=$(BIN) bash scripts/lint.sh

# Rewrites requirements/*.txt from pyproject.toml (scripts/lock.sh says how; extra arguments go to uv,
# e.g. `make lock LOCK_FLAGS=--upgrade`, or `make lock LOCK_FLAGS="--upgrade-package fastapi"`).
LOCK_FLAGS ?=
lock:
	@test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q "uv>=0.5,<1"
	BIN=$(BIN) bash scripts/lock.sh $(LOCK_FLAGS)

clean:
	rm -rf $(VENV) var out .pytest_cache .hypothesis .mypy_cache .ruff_cache
