#!/usr/bin/env bash
# Per-call overhead of each binding against the Rust call, on the same 10-touch deal, in one
# run: prints ns/call per form and the difference to Rust. Needs the bindings built with the
# shipping profile (`SALESRULES_TEST_SHIPPING_PROFILE=1 bash scripts/test-all.sh` builds them): bindings-python/.venv, bindings-node/*.node, target/release/libsalesrules.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
N="${N:-20000}"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
# The request: a 10-touch deal from the benchmark generator.
cargo run -q --release -p salesrules-benches --bin bench_request -- 10 > "$TMP/request.json"
{
  cargo run -q --release -p salesrules-benches --bin bench_call -- "$TMP/request.json" "$N"
  make -s -C bindings-c lib >/dev/null 2>&1
  # Static link: the timing then includes no dynamic-symbol indirection either way.
  gcc -O2 -std=c11 -I bindings-c/include benches/overhead/bench_call.c target/release/libsalesrules.a \
      -lgcc_s -lutil -lrt -lpthread -lm -ldl -o "$TMP/bench_c"
  "$TMP/bench_c" "$TMP/request.json" "$N"
  [ -x bindings-python/.venv/bin/python ] && bindings-python/.venv/bin/python benches/overhead/bench_call.py "$TMP/request.json" "$N"
  node benches/overhead/bench_call.js "$TMP/request.json" "$N"
} | tee "$TMP/out.txt"
rust=$(awk '$1=="rust"{print $2}' "$TMP/out.txt")
echo "--- overhead against the Rust call (${rust} ns), same run, $(nproc) cores, $(uname -m)"
awk -v r="$rust" '$1!="rust"{printf "%-12s %+8d ns/call  (%.2fx)\n", $1, $2-r, $2/r}' "$TMP/out.txt"
# Where the Python dict path's time goes (the previous json-module path, its two conversions,
# and the cost of only building the response's Python objects), same request.
if [ -x bindings-python/.venv/bin/python ]; then
  echo "--- python pieces (ns/call; compare with the rust line above)"
  bindings-python/.venv/bin/python benches/overhead/py_breakdown.py "$TMP/request.json" "$N"
fi

# Batches: the Python Arrow path against the Rust batch on the same sample deals.
DEALS="${DEALS:-20000}"
cargo run -q --release -p salesrules-examples --bin sample -- "$TMP/month" --deals "$DEALS" >/dev/null
{
  cargo run -q --release -p salesrules-benches --bin bench_batch -- "$TMP/month/attribute_requests.json"
  [ -x bindings-python/.venv/bin/python ] && bindings-python/.venv/bin/python benches/overhead/batch.py "$TMP/month/attribute_requests.json"
} | tee "$TMP/batch.txt"
awk '$1=="rust-batch"{r=$2} $1=="python-arrow"{p=$2} END{if (r>0 && p>0) printf "python-arrow / rust-batch = %.2fx\n", p/r}' "$TMP/batch.txt"
