#!/usr/bin/env bash
# Build the Python binding and run its tests. Works from any directory (the top-level test
# script calls it from the repo root). Needs only Rust, Python >= 3.11 with pip, and gcc.
#
#   SALESRULES_PY_VENV  where the virtualenv lives (default: bindings-python/.venv, reused)
#   PYTHON              the interpreter that creates it (default: python3)
#
# Exits non-zero when the build fails, a test fails, or pytest collects no tests.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${SALESRULES_PY_VENV:-$HERE/.venv}"
PYTHON="${PYTHON:-python3}"

say() { printf '[bindings-python] %s\n' "$*"; }

if ! "$VENV/bin/python" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
    say "creating virtualenv in $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
# The build backend runs the `maturin` executable: it must be the venv's pinned one.
export PATH="$VENV/bin:$PATH"
PIP=("$PY" -m pip --disable-pip-version-check --quiet)

say "installing pinned build and test dependencies"
"${PIP[@]}" install -r "$HERE/requirements-test.txt"

# The table and cluster tests run with SALESRULES_REQUIRE_TABLE_LIBS=1: a missing library fails
# them instead of skipping. Check here too, so that the failure names what is missing.
if ! "$PY" -c 'import pyarrow, polars, pandas, dask.distributed'; then
    say "FAIL: pyarrow, polars, pandas or dask.distributed cannot be imported"
    exit 1
fi

say "building and installing the package (release, abi3)"
# The venv's pinned maturin builds the wheel; --force-reinstall replaces any editable install.
"${PIP[@]}" install --no-build-isolation --force-reinstall --no-deps "$HERE"

say "running pytest"
cd "$HERE"
set +e
SALESRULES_REQUIRE_TABLE_LIBS=1 "$PY" -m pytest -q -rs -p no:cacheprovider tests
status=$?
set -e
if [ "$status" -eq 5 ]; then
    say "FAIL: pytest collected no tests"
    exit 1
fi
if [ "$status" -ne 0 ]; then
    say "FAIL: pytest exited with $status"
    exit "$status"
fi
say "ok"
