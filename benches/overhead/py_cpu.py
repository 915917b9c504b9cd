"""Per-call CPU time of the Python dict path against the Rust call inside the same process,
robust on a loaded machine: thread CPU time (not wall time), the forms interleaved in rounds,
min and median over the rounds. `native.call(text)` is `Engine::call` behind pyo3 (a str in,
a str out): the in-process Rust baseline.

    bindings-python/.venv/bin/python benches/overhead/py_cpu.py REQUEST.json [ROUNDS]
"""
import json
import marshal
import statistics
import sys
import time

import salesrules
from salesrules import _dumps, _loads
from salesrules._html import AttributeResult

request = json.loads(open(sys.argv[1], encoding="utf-8").read())
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 30
text = json.dumps(request, separators=(",", ":"), ensure_ascii=False)
engine = salesrules.Engine()
native = engine._native
response = engine.attribute(request)
marshalled = marshal.dumps(dict(response))
forms = {
    "native.call(text)": lambda: native.call("attribute", text),
    "engine.call_json(text)": lambda: engine.call_json("attribute", text),
    "engine.attribute(dict)": lambda: engine.attribute(request),
    "old json-module path": lambda: AttributeResult(_loads(native.call("attribute", _dumps(request)))),
    "floor: marshal.loads": lambda: marshal.loads(marshalled),
}
times = {name: [] for name in forms}
for call in forms.values():
    for _ in range(1000):
        call()
for _ in range(rounds):
    for name, call in forms.items():
        start = time.thread_time_ns()
        for _ in range(500):
            call()
        times[name].append((time.thread_time_ns() - start) // 500)
base = min(times["native.call(text)"])
for name, t in times.items():
    print(f"{name:24s} min {min(t):6d} ns  median {int(statistics.median(t)):6d} ns  "
          f"added vs native.call {min(t) - base:+6d} ns")
