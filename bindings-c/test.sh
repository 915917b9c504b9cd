#!/usr/bin/env bash
# Test the C binding end to end: release build, header drift, C tests (plain, under Valgrind,
# under ASan/UBSan), install to a temporary prefix, and the pkg-config example.
# Run from anywhere (normally the repo root). Exits non-zero on any failure; the last line is
# "N passed, M failed" (C checks of the three test runs plus the stages around them).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
CBINDGEN_VERSION=0.29.4
MAKE=(make --no-print-directory -C "$HERE")

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
not_ok() { failed=$((failed + 1)); echo "FAILED: $*"; }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# --- tools -------------------------------------------------------------------------------
apt_updated=0
apt_install() {
    if [ "$apt_updated" -eq 0 ]; then
        apt-get update -qq >/dev/null && apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v valgrind >/dev/null || apt_install valgrind || { not_ok "install valgrind"; finish; }
command -v pkg-config >/dev/null || apt_install pkgconf || { not_ok "install pkg-config"; finish; }
command -v gcc >/dev/null || apt_install gcc || { not_ok "install gcc"; finish; }

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"
if [ "$(cbindgen --version 2>/dev/null)" != "cbindgen $CBINDGEN_VERSION" ]; then
    echo "installing cbindgen $CBINDGEN_VERSION (once per machine)"
    cargo install cbindgen --locked --version "$CBINDGEN_VERSION" --quiet \
        || { not_ok "install cbindgen $CBINDGEN_VERSION"; finish; }
fi

# --- build and header ----------------------------------------------------------------------
if "${MAKE[@]}" lib; then ok "release build of libsalesrules.so/.a"; else not_ok "release build"; finish; fi
if "${MAKE[@]}" check-header; then ok "header matches cbindgen output"; else not_ok "header drift"; fi

# --- C tests -------------------------------------------------------------------------------
# Each run prints "N passed, M failed"; add its counts to ours.
run_c_tests() {
    local name="$1" target="$2" log
    log="$(mktemp)"
    "${MAKE[@]}" "$target" 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    local line
    line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n1)"
    rm -f "$log"
    if [ -n "$line" ]; then
        passed=$((passed + ${line%% passed*}))
        local f=${line#*, }
        failed=$((failed + ${f%% failed*}))
    fi
    if [ "$rc" -eq 0 ] && [ -n "$line" ]; then ok "C tests ($name)"; else not_ok "C tests ($name), exit $rc"; fi
}
run_c_tests plain test-run
run_c_tests valgrind test-valgrind
run_c_tests "asan+ubsan" test-asan

# --- Rust-side unit tests of the binding (panic guard, status table) -------------------------
if (cd "$ROOT" && cargo test -q -p salesrules-c); then ok "cargo test -p salesrules-c"; else not_ok "cargo test -p salesrules-c"; fi

# --- install and the pkg-config example ---------------------------------------------------
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
PREFIX="$TMP/prefix"
if "${MAKE[@]}" install PREFIX="$PREFIX" >/dev/null \
    && [ -f "$PREFIX/lib/libsalesrules.a" ] && [ -e "$PREFIX/lib/libsalesrules.so" ] \
    && [ -f "$PREFIX/include/salesrules.h" ] && [ -f "$PREFIX/lib/pkgconfig/salesrules.pc" ] \
    && [ "$(PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" pkg-config --variable=prefix salesrules)" = "$PREFIX" ]; then
    ok "install to $PREFIX (lib, header, salesrules.pc with the right prefix)"
else
    not_ok "install"
fi

mkdir -p "$TMP/example"
if PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" make --no-print-directory -C "$ROOT/examples/c" OUT="$TMP/example" \
    && out="$("$TMP/example/attribute" "$ROOT/examples/c/deal.json")" \
    && grep -q '"deal_id":"D-1"' <<<"$out" && grep -q '"credits":\[{"rep":"alice"' <<<"$out"; then
    ok "examples/c built with pkg-config against the installed library, attributes deal.json"
else
    not_ok "examples/c"
fi
# The example reports an engine error with a non-zero exit.
echo '{"deal": {"id": "D", "amount": 5}}' >"$TMP/bad.json"
if [ -x "$TMP/example/attribute" ] && ! "$TMP/example/attribute" "$TMP/bad.json" 2>"$TMP/err" \
    && grep -q 'invalid_request' "$TMP/err"; then
    ok "examples/c reports an invalid deal"
else
    not_ok "examples/c error path"
fi

finish
