"""Times the Arrow batch paths of lead evaluation and text checks against a Python loop over
the one-item dict API on the same data (same process, wall time).

    bindings-python/.venv/bin/python benches/overhead/py_tables.py [N_LEADS] [N_TEXTS]
"""
import sys
import time

import pyarrow as pa

import salesrules

n_leads = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
n_texts = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
engine = salesrules.Engine()
now = "2026-03-04T12:00:00+08:00"

leads = {"lead_id": [], "owner": [], "backup": [], "supervisor": [], "assigned_at": []}
events = {"lead_id": [], "kind": [], "at": [], "rep": []}
for i in range(n_leads):
    lead_id = f"L-{i:06d}"
    day = 2 + i % 2
    leads["lead_id"].append(lead_id)
    leads["owner"].append(f"rep-{i % 50}")
    leads["backup"].append(f"rep-{(i + 1) % 50}")
    leads["supervisor"].append(f"sup-{i % 5}")
    leads["assigned_at"].append(f"2026-03-0{day}T09:00:00+08:00")
    for k, (kind, hour) in enumerate((("first_contact", 10), ("status_update", 15))[: i % 3]):
        events["lead_id"].append(lead_id)
        events["kind"].append(kind)
        events["at"].append(f"2026-03-0{day}T{hour}:00:00+08:00")
        events["rep"].append(f"rep-{i % 50}")
by_lead = {}
for lead_id, kind, at, rep in zip(*events.values()):
    by_lead.setdefault(lead_id, []).append({"kind": kind, "at": at, "rep": rep})
requests = [
    {"lead": {"id": l, "owner": o, "backup": b, "supervisor": s, "assigned_at": a,
              "events": by_lead.get(l, [])}, "now": now}
    for l, o, b, s, a in zip(*leads.values())
]
lt, et = pa.table(leads), pa.table(events)
start = time.perf_counter()
table = engine.lead_escalation_table(lt, et, now=now)
arrow_s = time.perf_counter() - start
start = time.perf_counter()
for r in requests:
    engine.lead_escalation(r)
loop_s = time.perf_counter() - start
print(f"lead_escalation_table {n_leads} leads: {arrow_s * 1e3:.0f} ms "
      f"({arrow_s / n_leads * 1e6:.1f} us/lead); dict loop {loop_s * 1e3:.0f} ms "
      f"({loop_s / n_leads * 1e6:.1f} us/lead); {table.num_rows} rows")

samples = [
    "请尽快处理，3月5日前交付。",
    "Please ship ASAP, by March 5.",
    "客户要求加急，务必在72小时内完成安装调试。",
    "We will review the proposal next week and follow up as needed.",
    "尽量提高响应速度，适当增加人手。",
]
texts = {"text_id": [f"T{i}" for i in range(n_texts)],
         "text": [samples[i % len(samples)] * (1 + i % 3) for i in range(n_texts)]}
tt = pa.table(texts)
start = time.perf_counter()
summary, findings = engine.check_text_table(tt, reference_date="2026-03-02")
arrow_s = time.perf_counter() - start
start = time.perf_counter()
for text in texts["text"]:
    engine.check_text({"text": text, "reference_date": "2026-03-02"})
loop_s = time.perf_counter() - start
print(f"check_text_table {n_texts} texts: {arrow_s * 1e3:.0f} ms "
      f"({arrow_s / n_texts * 1e6:.1f} us/text); dict loop {loop_s * 1e3:.0f} ms "
      f"({loop_s / n_texts * 1e6:.1f} us/text); {findings.num_rows} findings")
