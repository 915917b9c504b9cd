"""Where the Python dict path's time goes, for one request file: each piece timed alone in one
run (ns per call, median of 5 rounds). Run by benches/overhead/run.sh after bench_call.py.

  python-old-dict   the previous dict path: json.dumps in Python, JSON text to the core,
                    json.loads(parse_float=Decimal) of the response (kept here for comparison)
  dumps-json        json.dumps of the request (the old path's first step)
  loads-json        json.loads of the response text (the old path's last step)
  floor-pickle      pickle.loads of the response dict: only building its Python objects, the
                    least any dict path must pay for a response of this shape
  floor-marshal     the same with marshal (no Decimal in this response)
"""
import decimal
import json
import marshal
import pickle
import statistics
import sys
import time

import salesrules
from salesrules import _dumps, _loads
from salesrules._html import AttributeResult

path, iterations = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20000
text = open(path, encoding="utf-8").read()
request = json.loads(text)
engine = salesrules.Engine()
native = engine._native
response_text = engine.call_json("attribute", text)
response = engine.attribute(request)
pickled = pickle.dumps(dict(response), protocol=pickle.HIGHEST_PROTOCOL)
marshalled = marshal.dumps(json.loads(response_text))


def old_dict_path():
    return AttributeResult(_loads(native.call("attribute", _dumps(request))))


forms = {
    "python-old-dict": old_dict_path,
    "dumps-json": lambda: _dumps(request),
    "loads-json": lambda: json.loads(response_text, parse_float=decimal.Decimal),
    "floor-pickle": lambda: pickle.loads(pickled),
    "floor-marshal": lambda: marshal.loads(marshalled),
}
assert old_dict_path() == response
for name, call in forms.items():
    for _ in range(iterations // 10):
        call()
    rounds = []
    n = max(iterations // 5, 1)
    for _ in range(5):
        start = time.perf_counter_ns()
        for _ in range(n):
            call()
        rounds.append((time.perf_counter_ns() - start) // n)
    print(f"{name} {int(statistics.median(rounds))} ns/call")
print(f"# response {len(response_text)} bytes of JSON", file=sys.stderr)
