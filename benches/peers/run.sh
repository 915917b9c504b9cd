#!/usr/bin/env bash
# The peer comparison in one command (issue 9, items 2, 3 and 5):
#
#   bash benches/peers/run.sh            # full sizes (~10 min on a 2-core machine)
#   bash benches/peers/run.sh --quick    # small smoke run (sizes ÷ 20, one repeat)
#
# Creates benches/peers/.venv (gitignored), installs the pinned peers
# (benches/peers/requirements.txt), builds and installs salesrules from ./bindings-python
# (release), builds the `peer_data` / `peer_native` bins (release), writes the data once, times
# salesrules natively, then runs every peer and the Python binding on the same files
# (benches/peers/peers.py), checks that the answers agree, prints the ratio table and writes it
# to benches/peers/latest.md. Exits non-zero when a build fails or any answer differs.
#
#   PYTHON          interpreter that creates the venv (default python3, >= 3.11)
#   PEERS_DATA      where the generated data goes (default: a fresh temporary directory)
#   SKIP_BUILD=1    reuse the installed wheel and the built bins (re-runs while editing)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$HERE/.venv"
PYTHON="${PYTHON:-python3}"
say() { printf '[peers] %s\n' "$*"; }

QUICK=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
    esac
done
if [ "$QUICK" = 1 ]; then
    SIZES=(--deals 5000 --journeys 2000 --text-kb 256 --leads 5000)
    REPEATS=1
    OUT_MD="$HERE/latest-quick.md"
else
    SIZES=(--deals 100000 --journeys 20000 --text-kb 4096 --leads 100000)
    REPEATS=3
    OUT_MD="$HERE/latest.md"
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    if ! "$VENV/bin/python" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
        say "creating virtualenv in $VENV"
        rm -rf "$VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    say "installing the pinned peers"
    "$VENV/bin/python" -m pip --disable-pip-version-check --quiet install -r "$HERE/requirements.txt"
    say "building and installing salesrules from bindings-python (release)"
    # The build backend runs the `maturin` executable: the venv's pinned one.
    PATH="$VENV/bin:$PATH" "$VENV/bin/python" -m pip --disable-pip-version-check --quiet \
        install --no-build-isolation --force-reinstall --no-deps "$ROOT/bindings-python"
    say "building peer_data and peer_native (release)"
    cargo build --quiet --release --manifest-path "$ROOT/Cargo.toml" -p salesrules-benches \
        --bin peer_data --bin peer_native
fi

TARGET="$(cargo metadata --format-version 1 --no-deps --manifest-path "$ROOT/Cargo.toml" \
    | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
if [ -n "${PEERS_DATA:-}" ]; then
    DATA="$PEERS_DATA"
else
    DATA="$(mktemp -d -t salesrules-peers.XXXXXX)"
    trap 'rm -rf "$DATA"' EXIT
fi
mkdir -p "$DATA/native"

say "writing the data to $DATA (${SIZES[*]})"
"$TARGET/release/peer_data" "$DATA" "${SIZES[@]}" > /dev/null
say "timing salesrules natively (peer_native, fastest of $REPEATS)"
"$TARGET/release/peer_native" "$DATA" "$DATA/native" "$REPEATS" > "$DATA/native.json"
cd "$HERE"
say "checking the plain-Python reference on hand-computed cases"
"$VENV/bin/python" test_reference.py
say "running the peers and the Python binding"
"$VENV/bin/python" peers.py "$DATA" "$DATA/native" "$DATA/native.json" "$OUT_MD" \
    --repeats "$REPEATS"
