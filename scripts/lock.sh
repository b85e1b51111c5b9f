#!/usr/bin/env bash
# Writes the lock files from pyproject.toml with uv (`make lock` installs uv in .venv and runs this):
#   requirements/test.txt     the extra `test`: what `make test`, `make demo` and `make lint` install
#   requirements/council.txt  the extra `council`: a production install, at test.txt's versions
# Pins that still fit pyproject.toml are kept (uv reads the old file). Arguments go to uv, e.g.
#   scripts/lock.sh --upgrade                   every package to the newest version its range allows
#   scripts/lock.sh --upgrade-package fastapi   that package only
# One lock for every platform (--universal), resolved for the oldest Python the project supports.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${BIN:-.venv/bin}/uv"
compile() {  # compile OUTPUT HEADER UV-ARGS...
  local out=$1 header=$2
  shift 2
  "$UV" pip compile --quiet --universal --python-version 3.11 --no-header pyproject.toml -o "$out" "$@"
  { printf '%s\n' "$header"; cat "$out"; } >"$out.tmp" && mv "$out.tmp" "$out"
}
compile requirements/test.txt "\
# The exact versions the tests run with: the extra \`test\` of pyproject.toml (the council's service,
# the road engines, pytest, playwright, ruff, mypy), for every platform, Python 3.11 and newer.
# Installed by the Makefile: pip install -r requirements/test.txt && pip install --no-deps -e .
# Do not edit: regenerate with \`make lock\` (scripts/lock.sh) after changing pyproject.toml;
# \`make lock LOCK_FLAGS=--upgrade\` moves every package to the newest version its range allows." \
  --extra test "$@"
compile requirements/council.txt "\
# A council's production install, at the versions the tests ran with (requirements/test.txt):
# the extra \`council\` of pyproject.toml, for every platform, Python 3.11 and newer.
#   pip install -r requirements/council.txt && pip install --no-deps .
# Do not edit: regenerate with \`make lock\` (scripts/lock.sh) after changing pyproject.toml." \
  --extra council --constraint requirements/test.txt
