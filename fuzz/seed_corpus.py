#!/usr/bin/env python3
"""Seed fuzz/corpus/<target>/ from the golden vectors (deterministic; re-run any time).

- engine_call:   one byte (the operation's index in OPERATIONS) + the request JSON
- policy_text:   every case-level policy, as JSON, plus the same policies as TOML where simple
- check_text:    the text of every check_text case (and triage_email subjects / bodies)
- tracking_code: the code of every parse_tracking_code case and generated code
- daily_sheets:  the sample daily-report files (.xlsx prefixed by byte 1, .csv by byte 0)
"""

import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOLDEN = os.path.join(ROOT, "golden")
CORPUS = os.path.join(HERE, "corpus")
MAX_SEED = 64 * 1024  # libFuzzer's default -max_len is smaller anyway


def operations():
    text = open(os.path.join(ROOT, "core", "src", "contract.rs"), encoding="utf-8").read()
    block = re.search(r"pub const OPERATIONS: &\[&str\] = &\[(.*?)\];", text, re.S).group(1)
    return re.findall(r'"([a-z_]+)"', block)


def write(target, data):
    if len(data) > MAX_SEED:
        return 0
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)
    return 1


def main():
    ops = operations()
    counts = {}
    for dirpath, _, files in sorted(os.walk(GOLDEN)):
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                case = json.load(f)
            op, request = case.get("op"), case.get("request")
            raw = json.dumps(request, ensure_ascii=False).encode()
            if op in ops:
                counts["engine_call"] = counts.get("engine_call", 0) + write(
                    "engine_call", bytes([ops.index(op)]) + raw)
            if case.get("policy") is not None:
                doc = json.dumps(case["policy"], ensure_ascii=False).encode()
                counts["policy_text"] = counts.get("policy_text", 0) + write("policy_text", doc)
            if op == "check_text" and isinstance(request, dict) and isinstance(request.get("text"), str):
                counts["check_text"] = counts.get("check_text", 0) + write(
                    "check_text", request["text"].encode())
            if op == "triage_email" and isinstance(request, dict):
                for key in ("subject", "body"):
                    if isinstance(request.get(key), str):
                        counts["check_text"] = counts.get("check_text", 0) + write(
                            "check_text", request[key].encode())
            if op == "parse_tracking_code" and isinstance(request, dict) and isinstance(request.get("code"), str):
                counts["tracking_code"] = counts.get("tracking_code", 0) + write(
                    "tracking_code", request["code"].encode())
            response = case.get("expect", {}).get("response")
            if op == "generate_tracking_code" and isinstance(response, dict) and "code" in response:
                counts["tracking_code"] = counts.get("tracking_code", 0) + write(
                    "tracking_code", response["code"].encode())
    toml = b'name = "seed"\n[handover]\nsilent_period = "14d"\n[limits]\nmax_touches_per_deal = 10\n'
    counts["policy_text"] = counts.get("policy_text", 0) + write("policy_text", toml)
    counts["policy_text"] += write("policy_text", b"{}")
    # daily_sheets: first byte even = CSV, odd = XLSX; the sample files of two template versions.
    samples = os.path.join(ROOT, "bindings-python", "tests", "data", "daily")
    for name in sorted(os.listdir(samples)):
        data = open(os.path.join(samples, name), "rb").read()
        kind = b"\x01" if name.endswith(".xlsx") else b"\x00"
        counts["daily_sheets"] = counts.get("daily_sheets", 0) + write("daily_sheets", kind + data)
    counts["daily_sheets"] += write("daily_sheets", "\x00日期,客户,销售代表,拜访方式,拜访次数\n2026-03-05,华为,alice,拜访,2\n".encode())
    for target in sorted(counts):
        print(f"{target}: {counts[target]} seed(s) in fuzz/corpus/{target}", file=sys.stderr)


if __name__ == "__main__":
    main()
