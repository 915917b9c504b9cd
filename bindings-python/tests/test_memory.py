"""Memory stays flat over many calls (issue 10, part 4): 100,000 `attribute` calls and a few
thousand failing calls must not grow the resident set beyond a small bound after warm-up.

RSS is read from /proc/self/statm (Linux only; no psutil).
"""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import Any

import pytest

import salesrules

pytestmark = pytest.mark.skipif(
    not os.path.exists("/proc/self/statm"), reason="needs Linux /proc/self/statm"
)

CALLS = 100_000
ERROR_CALLS = 5_000
# A leak of even 16 bytes per call would add 1.6 MB over the run; allocator noise stays far
# below this.
BOUND_BYTES = 1_500_000


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        resident_pages = int(f.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def _settled_rss() -> int:
    gc.collect()
    return _rss_bytes()


def _errors(engine: salesrules.Engine, sample: dict[str, Any]) -> None:
    bad_kind = {**sample, "touches": [{**sample["touches"][0], "kind": "telepathy"}]}
    for i in range(ERROR_CALLS):
        request = (bad_kind, {**sample, "deal": {**sample["deal"], "amount": 1.5}},
                   {**sample, "extra": object()})[i % 3]
        with pytest.raises(salesrules.InvalidRequest):
            engine.attribute(request)
        with pytest.raises(salesrules.UnknownOperation):
            engine.call("no_such_operation", sample)


def test_rss_is_flat_over_100k_calls(sample_request: dict[str, Any]) -> None:
    engine = salesrules.Engine()
    # The explanation off keeps the run short; one call in ten keeps it on so that the
    # explanation's objects are in the loop too.
    lean = {**sample_request, "explain": False}
    # Warm-up: caches (interned names, allocator arenas, exception classes) fill here.
    for _ in range(5_000):
        engine.attribute(lean)
    _errors(engine, sample_request)
    before = _settled_rss()
    start = time.perf_counter()
    for i in range(CALLS):
        result = engine.attribute(sample_request if i % 10 == 0 else lean)
    _errors(engine, sample_request)
    elapsed = time.perf_counter() - start
    after = _settled_rss()
    assert result["credits"], "the calls must do real work"
    grown = after - before
    print(f"rss before {before} after {after} grown {grown} bytes in {elapsed:.1f}s",
          file=sys.stderr)
    assert grown < BOUND_BYTES, f"RSS grew by {grown} bytes over {CALLS} calls"
