#!/usr/bin/env bash
# Run every cargo-fuzz target for SECONDS each (default 60) on the stable toolchain
# (RUSTC_BOOTSTRAP=1 lets it take cargo-fuzz's -Z flags). Installs cargo-fuzz if missing, seeds
# the corpora from golden/, and fails if any target crashes (artifacts in fuzz/artifacts/).
#
#   fuzz/run.sh 60            # every target, 60 s each
#   fuzz/run.sh 30 engine_call
#   FUZZ_SANITIZER=none fuzz/run.sh 10   # the CI smoke: coverage-guided, no ASan (faster build;
#                                        # core has no unsafe code for ASan to watch)
set -euo pipefail
SECONDS_PER_TARGET="${1:-60}"
shift || true
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(policy_text engine_call engine_mutate check_text tracking_code daily_sheets)
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
python3 seed_corpus.py
mkdir -p target
failed=()
for t in "${TARGETS[@]}"; do
  echo "=== $t: ${SECONDS_PER_TARGET}s"
  mkdir -p "corpus/$t"
  set +e
  cargo fuzz run --sanitizer "${FUZZ_SANITIZER:-address}" "$t" "corpus/$t" -- -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 \
    -timeout=10 -rss_limit_mb=2048 >"target/fuzz-$t.log" 2>&1
  status=$?
  set -e
  grep -E "^(stat::|Done|==[0-9]+==|SUMMARY|thread '|Test unit written)" "target/fuzz-$t.log" || true
  if [ "$status" -ne 0 ] || grep -qE "Test unit written|SUMMARY: " "target/fuzz-$t.log"; then
    failed+=("$t")
    echo "!!! $t failed (exit $status); see fuzz/target/fuzz-$t.log and fuzz/artifacts/$t/"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashing target(s): ${failed[*]}"
  exit 1
fi
echo "all ${#TARGETS[@]} target(s) ran ${SECONDS_PER_TARGET}s without a crash"
