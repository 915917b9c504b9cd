"""Times Engine.attribute on one request file through the Python binding (dict in, dict out,
and JSON text in/out): the Python side of benches/overhead/run.sh."""
import json
import sys
import time

import salesrules

path, iterations = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20000
text = open(path, encoding="utf-8").read()
request = json.loads(text)
engine = salesrules.Engine()
for form, call in (("python-dict", lambda: engine.attribute(request)),
                   ("python-json", lambda: engine.call_json("attribute", text))):
    for _ in range(iterations // 10):
        call()
    start = time.perf_counter_ns()
    for _ in range(iterations):
        call()
    print(f"{form} {(time.perf_counter_ns() - start) // iterations} ns/call")
