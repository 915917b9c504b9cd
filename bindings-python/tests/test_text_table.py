"""The Arrow batch path of text checks: a table of texts in, a summary table and a long table
of findings out. Every text must match the one-text dict API (`check_text`) exactly.
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
from typing import Any

import pytest

import salesrules

from conftest import GOLDEN_DIR


def _library(name: str) -> Any:
    """Import a table library (test.sh makes a missing one fail instead of skipping)."""
    if os.environ.get("SALESRULES_REQUIRE_TABLE_LIBS") == "1":
        return importlib.import_module(name)
    return pytest.importorskip(name)


pa = _library("pyarrow")

FINDING_COLUMNS = [
    "text_id", "finding", "text", "start", "end", "category", "smell", "negated", "satisfied",
    "needs_clarification", "suggestion", "date", "concrete", "value", "unit", "comparator",
]


def _golden_texts() -> dict[str, list[Any]]:
    """Every valid default-policy golden text with its reference date (null when absent)."""
    columns: dict[str, list[Any]] = {"text_id": [], "text": [], "reference_date": []}
    for path in sorted((GOLDEN_DIR / "check_text").glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        if "policy" in case or "error" in case["expect"]:
            continue
        columns["text_id"].append(path.stem)
        columns["text"].append(case["request"]["text"])
        columns["reference_date"].append(case["request"].get("reference_date"))
    return columns


def _expected(engine: salesrules.Engine, columns: dict[str, list[Any]], default: str | None = None):
    summary, findings = [], []
    for text_id, text, date in zip(columns["text_id"], columns["text"], columns["reference_date"]):
        request: dict[str, Any] = {"text": text}
        if (date or default) is not None:
            request["reference_date"] = date or default
        r = engine.check_text(request)
        summary.append({
            "text_id": text_id,
            "verdict": r["verdict"],
            "vague": len(r["vague"]),
            "open": sum(v["needs_clarification"] for v in r["vague"]),
            "deadlines": len(r["deadlines"]),
            "quantities": len(r["quantities"]),
        })
        blank = dict.fromkeys(FINDING_COLUMNS)
        for v in r["vague"]:
            findings.append({**blank, "text_id": text_id, "finding": "vague", "text": v["term"],
                             "start": v["start"], "end": v["end"],
                             **{k: v[k] for k in ("category", "smell", "negated", "satisfied",
                                                  "needs_clarification", "suggestion")}})
        for d in r["deadlines"]:
            findings.append({**blank, "text_id": text_id, "finding": "deadline", "text": d["text"],
                             "start": d["start"], "end": d["end"], "date": d["date"],
                             "concrete": d["concrete"]})
        for q in r["quantities"]:
            findings.append({**blank, "text_id": text_id, "finding": "quantity", "text": q["text"],
                             "start": q["start"], "end": q["end"], "value": q["value"],
                             "unit": q["unit"], "comparator": q["comparator"]})
    return summary, findings


def test_golden_texts_exist() -> None:
    assert len(_golden_texts()["text_id"]) >= 50


def test_pyarrow_batch_matches_the_dict_api(engine: salesrules.Engine) -> None:
    columns = _golden_texts()
    result = engine.check_text_table(pa.table(columns))
    assert isinstance(result, salesrules.TextCheckTables)
    summary, findings = result
    assert summary.column_names == [
        "text_id", "verdict", "vague", "open", "deadlines", "quantities",
    ]
    assert findings.column_names == FINDING_COLUMNS
    want_summary, want_findings = _expected(engine, columns)
    assert summary.to_pylist() == want_summary
    assert findings.to_pylist() == want_findings
    verdicts = set(summary.column("verdict").to_pylist())
    assert verdicts == {"ok", "needs_clarification"}
    assert set(findings.column("finding").to_pylist()) == {"vague", "deadline", "quantity"}
    for table in result:
        assert table.schema.metadata[b"policy_fingerprint"].decode() == engine.fingerprint


def test_offsets_are_python_string_indices(engine: salesrules.Engine) -> None:
    columns = _golden_texts()
    texts = dict(zip(columns["text_id"], columns["text"]))
    _, findings = engine.check_text_table(pa.table(columns))
    checked = 0
    for row in findings.to_pylist():
        span = texts[row["text_id"]][row["start"]:row["end"]]
        # Findings are written as the text has them (NFKC may fold full-width forms).
        if span == row["text"]:
            checked += 1
    assert checked >= len(findings) * 9 // 10


def test_polars_and_pandas_inputs_give_the_same_tables(engine: salesrules.Engine) -> None:
    pl = _library("polars")
    pd = _library("pandas")
    columns = _golden_texts()
    expected = [t.to_pylist() for t in engine.check_text_table(pa.table(columns))]
    for frame in (pl.DataFrame(columns), pd.DataFrame(columns)):
        assert [t.to_pylist() for t in engine.check_text_table(frame)] == expected


def test_reference_date_argument_and_date_column(engine: salesrules.Engine) -> None:
    columns = _golden_texts()
    default = "2026-03-02"
    # Null cells fall back to the argument; a date32 column works like strings.
    result = engine.check_text_table(pa.table(columns), reference_date=datetime.date(2026, 3, 2))
    want = _expected(engine, columns, default)
    assert [t.to_pylist() for t in result] == list(want)
    dates = pa.array(
        [None if d is None else datetime.date.fromisoformat(d) for d in columns["reference_date"]],
        pa.date32(),
    )
    table = pa.table(columns).set_column(2, "reference_date", dates)
    result = engine.check_text_table(table, reference_date=default)
    assert [t.to_pylist() for t in result] == list(want)
    # Without the column at all, the argument applies to every text.
    only = {k: columns[k] for k in ("text_id", "text")}
    all_default = {**only, "reference_date": [None] * len(only["text"])}
    result = engine.check_text_table(pa.table(only), reference_date=default)
    assert [t.to_pylist() for t in result] == list(_expected(engine, all_default, default))


def test_empty_table(engine: salesrules.Engine) -> None:
    empty = pa.table({"text_id": pa.array([], pa.string()), "text": pa.array([], pa.string())})
    summary, findings = engine.check_text_table(empty)
    assert summary.num_rows == 0 and findings.num_rows == 0


def test_errors_name_the_table_row(engine: salesrules.Engine) -> None:
    columns = _golden_texts()
    bad = {**columns, "reference_date": list(columns["reference_date"])}
    bad["reference_date"][3] = "2026-02-30"
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.check_text_table(pa.table(bad))
    assert caught.value.path == "texts[3].reference_date"

    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.check_text_table(pa.table(columns), reference_date="March 2")
    assert caught.value.path == "reference_date"

    dup = {k: v + v[:1] for k, v in columns.items()}
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.check_text_table(pa.table(dup))
    assert caught.value.path == f"texts[{len(columns['text'])}].text_id"

    nulls = pa.table(columns).set_column(1, "text", pa.array([None] * len(columns["text"]),
                                                               pa.string()))
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.check_text_table(nulls)
    assert caught.value.path == "texts[0].text"

    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.check_text_table(pa.table({"text_id": columns["text_id"]}))
    assert caught.value.path == "texts.text"

    floats = pa.table({"text_id": columns["text_id"], "text": [1.5] * len(columns["text"])})
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.check_text_table(floats)
    assert caught.value.path == "texts.text"
