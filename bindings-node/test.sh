#!/usr/bin/env bash
# Build and test the Node binding from a clean checkout: needs Rust, Node >= 20, npm and a C
# toolchain. Called from the repository root by the top-level test script; exits non-zero on
# any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "== bindings-node: npm ci"
npm ci --no-audit --no-fund

echo "== bindings-node: release build"
npm run build

echo "== bindings-node: drift check (native.js, native.d.ts)"
npm run check:drift

echo "== bindings-node: type check"
npm run typecheck

echo "== bindings-node: tests"
npm run test:unit
