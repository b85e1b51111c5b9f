#!/usr/bin/env bash
# The checks of `make lint`: ruff's linter, ruff's formatter (check only), mypy and import-linter's
# layers, as configured in pyproject.toml. Each runs even when one before it failed; the script fails if any did.
# Fixing: `.venv/bin/ruff check --fix .` and `.venv/bin/ruff format .` rewrite what they can
# (`ruff format --diff .` shows what the formatter would change).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"
failed=()
run() {  # run NAME COMMAND...
  local name=$1
  shift
  echo "+ $*"
  "$@" || failed+=("$name")
}
run "ruff check" "$BIN/ruff" check .
run "ruff format" "$BIN/ruff" format --check --output-format concise .
run "mypy" "$BIN/mypy"
run "import layers" "$BIN/lint-imports" --no-cache
if ((${#failed[@]})); then
  echo "lint failed: $(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')" >&2
  exit 1
fi
echo "lint passed: ruff check, ruff format, mypy, import layers"
