"""Times Engine.attribute_table over pyarrow tables built from attribute_requests.json: the
Python side of the batch comparison in benches/overhead/run.sh. Prints `python-arrow <ms>`."""
import json
import sys
import time

import pyarrow as pa

import salesrules

requests = json.load(open(sys.argv[1], encoding="utf-8"))
deals = {"deal_id": [], "amount": [], "currency": [], "closed_at": [], "customer_id": []}
contacts = {"deal_id": [], "contact_id": [], "role": []}
touches = {"deal_id": [], "rep": [], "contact_id": [], "kind": [], "at": []}
handovers = {"deal_id": [], "from": [], "to": [], "at": []}
for r in requests:
    d = r["deal"]
    for k in ("amount", "currency", "closed_at"):
        deals[k].append(d[k])
    deals["deal_id"].append(d["id"])
    deals["customer_id"].append(d.get("customer_id"))
    for c in r.get("contacts", []):
        contacts["deal_id"].append(d["id"]); contacts["contact_id"].append(c["id"]); contacts["role"].append(c["role"])
    for t in r.get("touches", []):
        touches["deal_id"].append(d["id"]); touches["rep"].append(t["rep"])
        touches["contact_id"].append(t["contact"]); touches["kind"].append(t["kind"]); touches["at"].append(t["at"])
    for h in r.get("handovers", []):
        handovers["deal_id"].append(d["id"]); handovers["from"].append(h["from"])
        handovers["to"].append(h["to"]); handovers["at"].append(h["at"])
tables = [pa.table(x) for x in (deals, contacts, touches, handovers)]
engine = salesrules.Engine()
start = time.perf_counter()
out = engine.attribute_table(tables[0], tables[1], tables[2], model="role_weighted", handovers=tables[3])
print(f"python-arrow {int((time.perf_counter() - start) * 1000)} ms ({len(requests)} deals, {out.num_rows} lines)")
