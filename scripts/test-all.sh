#!/usr/bin/env bash
# Install what the tests need and run ALL tests: Rust (fmt, clippy, unit, golden, property,
# differential), Python, Node and C. Works on a fresh machine with Rust, Python 3.11, Node 20
# and gcc; each binding's script installs its own tools. Exits non-zero on the first failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
start=$(date +%s)
stage() { printf '\n=== %s (%ss)\n' "$*" "$(($(date +%s) - start))"; }

# The bindings' tests build release libraries three times (Python wheel, Node addon, C library).
# The release profile's thin LTO and single codegen unit make the shipped libraries a little
# faster but compile the core on one core; for the tests a parallel, LTO-free release build
# gives the same answers in about half the time. Set SALESRULES_TEST_SHIPPING_PROFILE=1 to test
# with the shipping profile instead (do so before benches/overhead/run.sh, which measures the
# bindings this script built).
if [ "${SALESRULES_TEST_SHIPPING_PROFILE:-0}" != 1 ]; then
    export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
fi

stage "rust: format and lints"
rustup component add rustfmt clippy >/dev/null 2>&1 || true
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The core's optional features (spreadsheet parsers, exported proptest strategies) lint clean too.
cargo clippy -p salesrules-core --all-targets --all-features --locked -- -D warnings

stage "rust: tests (unit, golden vectors, property and differential tests, doc tests)"
cargo test --workspace --locked
# The opt-in multi-core batch (core feature `parallel`) gives the sequential answers.
cargo test -p salesrules-core --features parallel --locked --test batch_fast_path

stage "rust: golden vectors are up to date with the engine"
cargo run -q --locked -p salesrules-examples --bin golden

stage "python binding"
bash bindings-python/test.sh

stage "node binding"
bash bindings-node/test.sh

stage "c binding"
bash bindings-c/test.sh

stage "fuzz smoke: every cargo-fuzz target for 10 s (no sanitizer; fuzz/run.sh for long runs)"
FUZZ_SANITIZER=none bash fuzz/run.sh 10

stage "all tests passed"
