"""The Arrow batch path of lead evaluation: leads and events tables in, one row per lead out.

Every lead of a batch must match the one-lead dict API (`lead_escalation`) exactly: state,
breach, owner, cycle, next deadline and the due actions.
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
from pathlib import Path
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

GOLDEN = sorted((GOLDEN_DIR / "lead_escalation").glob("*.json"))
NOW = "2026-03-03T10:00:00+08:00"
LEAD_COLUMNS = ("lead_id", "owner", "backup", "supervisor", "assigned_at")


def _case(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return case


def _tables(leads: list[dict[str, Any]]) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """Column dicts of leads (as in the dict API) and of their events, events interleaved
    across leads (each lead's own events stay in order)."""
    lead_cols: dict[str, list[Any]] = {c: [] for c in LEAD_COLUMNS}
    per_lead = []
    for lead in leads:
        lead_cols["lead_id"].append(lead["id"])
        for c in LEAD_COLUMNS[1:]:
            lead_cols[c].append(lead[c])
        per_lead.append([(lead["id"], e) for e in lead.get("events", [])])
    event_cols: dict[str, list[Any]] = {"lead_id": [], "kind": [], "at": [], "rep": []}
    while any(per_lead):
        for queue in per_lead:
            if queue:
                lead_id, e = queue.pop(0)
                event_cols["lead_id"].append(lead_id)
                for c in ("kind", "at", "rep"):
                    event_cols[c].append(e[c])
    return lead_cols, event_cols


def _expected_row(response: dict[str, Any]) -> dict[str, Any]:
    """The table row that the dict API's response stands for."""
    return {
        "lead_id": response["lead_id"],
        "state": response["state"],
        "breached": response["breached"],
        "owner": response["owner"],
        "cycle": response["cycle"],
        "next_deadline": response["next_deadline"],
        "actions": [
            {
                "id": a["id"],
                "kind": a["kind"],
                "due_at": a["due_at"],
                "from": a["from"],
                "to": a["to"],
                "reason": a["brief"]["reason"] if "brief" in a else None,
            }
            for a in response["actions"]
        ],
    }


def _batch_leads() -> list[dict[str, Any]]:
    """Every valid default-policy golden lead, renamed so that ids are unique."""
    leads = []
    for i, path in enumerate(GOLDEN):
        case = _case(path)
        if "policy" in case or "error" in case["expect"]:
            continue
        lead = dict(case["request"]["lead"])
        lead["id"] = f"{lead['id']}#{i}"
        lead.pop("profile", None)
        leads.append(lead)
    return leads


def _expected(engine: salesrules.Engine, leads: list[dict[str, Any]], now: str) -> list[Any]:
    return [_expected_row(engine.lead_escalation({"lead": lead, "now": now})) for lead in leads]


def test_golden_leads_exist() -> None:
    assert len(_batch_leads()) >= 10


@pytest.mark.parametrize("now", [NOW, "2026-03-02T08:30:00+08:00", "2026-03-07T00:00:00+08:00"])
def test_pyarrow_batch_matches_the_dict_api(engine: salesrules.Engine, now: str) -> None:
    leads = _batch_leads()
    lead_cols, event_cols = _tables(leads)
    table = engine.lead_escalation_table(pa.table(lead_cols), pa.table(event_cols), now=now)
    assert isinstance(table, pa.Table)
    assert table.column_names == [
        "lead_id", "state", "breached", "owner", "cycle", "next_deadline", "actions",
    ]
    assert table.schema.field("breached").type == pa.bool_()
    assert table.schema.field("cycle").type == pa.uint32()
    assert table.to_pylist() == _expected(engine, leads, now)
    meta = table.schema.metadata
    assert meta[b"policy_fingerprint"].decode() == engine.fingerprint
    assert meta[b"now"].decode() == now


def test_the_batch_has_breaches_and_quiet_leads(engine: salesrules.Engine) -> None:
    lead_cols, event_cols = _tables(_batch_leads())
    rows = engine.lead_escalation_table(pa.table(lead_cols), pa.table(event_cols), now=NOW)
    states = {r["state"] for r in rows.to_pylist()}
    breached = rows.column("breached").to_pylist()
    assert any(breached) and not all(breached)
    assert {"running", "met"} <= states
    kinds = {a["kind"] for r in rows.to_pylist() for a in r["actions"]}
    assert kinds == {"remind_supervisor", "reassign"}


def test_polars_and_pandas_inputs_give_the_same_table(engine: salesrules.Engine) -> None:
    pl = _library("polars")
    pd = _library("pandas")
    leads = _batch_leads()
    lead_cols, event_cols = _tables(leads)
    expected = engine.lead_escalation_table(pa.table(lead_cols), pa.table(event_cols), now=NOW)
    from_polars = engine.lead_escalation_table(
        pl.DataFrame(lead_cols), pl.DataFrame(event_cols), now=NOW
    )
    from_pandas = engine.lead_escalation_table(
        pd.DataFrame(lead_cols), pd.DataFrame(event_cols), now=NOW
    )
    assert from_polars.to_pylist() == expected.to_pylist()
    assert from_pandas.to_pylist() == expected.to_pylist()


def test_timestamp_columns_and_datetime_now(engine: salesrules.Engine) -> None:
    leads = _batch_leads()
    lead_cols, event_cols = _tables(leads)
    expected = engine.lead_escalation_table(pa.table(lead_cols), pa.table(event_cols), now=NOW)
    shanghai = datetime.timezone(datetime.timedelta(hours=8))

    def stamps(values: list[str]) -> Any:
        times = [datetime.datetime.fromisoformat(v).astimezone(shanghai) for v in values]
        return pa.array(times, type=pa.timestamp("s", tz="+08:00"))

    # Only the Shanghai leads: a timestamp column holds one zone, so New York times would be
    # written with +08:00 (same instants, other wall clock in the output).
    keep = [i for i, a in enumerate(lead_cols["assigned_at"]) if a.endswith("+08:00")]
    ids = {lead_cols["lead_id"][i] for i in keep}
    leads_ts = {c: [lead_cols[c][i] for i in keep] for c in LEAD_COLUMNS}
    ev_keep = [i for i, l in enumerate(event_cols["lead_id"]) if l in ids]
    events_ts = {c: [event_cols[c][i] for i in ev_keep] for c in event_cols}
    leads_t = pa.table(leads_ts).set_column(
        4, "assigned_at", stamps(leads_ts["assigned_at"])
    )
    events_t = pa.table(events_ts).set_column(2, "at", stamps(events_ts["at"]))
    now = datetime.datetime.fromisoformat(NOW)
    table = engine.lead_escalation_table(leads_t, events_t, now=now)
    want = [r for r in expected.to_pylist() if r["lead_id"] in ids]
    assert table.to_pylist() == want


def test_no_events_table(engine: salesrules.Engine) -> None:
    lead = {"id": "L-1", "owner": "alice", "backup": "bob", "supervisor": "carol",
            "assigned_at": "2026-03-02T09:00:00+08:00"}
    lead_cols, _ = _tables([lead])
    table = engine.lead_escalation_table(pa.table(lead_cols), now=NOW)
    assert table.to_pylist() == _expected(engine, [lead], NOW)
    [row] = table.to_pylist()
    assert row["owner"] == "bob" and row["cycle"] == 2 and row["breached"]


def test_empty_leads_table(engine: salesrules.Engine) -> None:
    empty = pa.table({c: pa.array([], pa.string()) for c in LEAD_COLUMNS})
    table = engine.lead_escalation_table(empty, now=NOW)
    assert table.num_rows == 0
    assert table.column_names[0] == "lead_id"


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_every_golden_case_as_a_one_lead_table(path: Path) -> None:
    case = _case(path)
    engine = salesrules.Engine(case.get("policy"))
    request = case["request"]
    lead_cols, event_cols = _tables([request["lead"]])
    run = lambda: engine.lead_escalation_table(  # noqa: E731
        pa.table(lead_cols), pa.table(event_cols) if event_cols["lead_id"] else None,
        now=request["now"],
    )
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(salesrules.SalesrulesError) as caught:
            run()
        assert caught.value.code == expect["error"]["code"]
        # `lead.events[i].x` of the request is row i of the one-lead events table.
        wanted = expect["error"].get("path", "")
        wanted = wanted.replace("lead.events[", "events[").replace("lead.", "leads[0].")
        assert caught.value.path == wanted
    else:
        assert run().to_pylist() == [_expected_row(expect["response"])]


def test_errors_name_the_table_row(engine: salesrules.Engine) -> None:
    leads = _batch_leads()
    lead_cols, event_cols = _tables(leads)
    # An event out of order for its lead: the path is the events table row.
    bad = dict(event_cols)
    bad["at"] = list(event_cols["at"])
    first_of = {}
    for row, lead_id in enumerate(event_cols["lead_id"]):
        if lead_id in first_of:
            bad["at"][row] = "2026-03-02T09:00:00+08:00"
            bad["at"][first_of[lead_id]] = "2026-03-02T10:00:00+08:00"
            target = row
            break
        first_of[lead_id] = row
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.lead_escalation_table(pa.table(lead_cols), pa.table(bad), now=NOW)
    assert caught.value.path == f"events[{target}].at"

    cases = [
        ({**event_cols, "kind": ["call"] * len(event_cols["kind"])}, "events[0].kind"),
        ({**event_cols, "lead_id": ["nope"] * len(event_cols["lead_id"])}, "events[0].lead_id"),
        ({**event_cols, "at": ["yesterday"] * len(event_cols["at"])}, "events[0].at"),
    ]
    for events, path in cases:
        with pytest.raises(salesrules.InvalidRequest) as caught:
            engine.lead_escalation_table(pa.table(lead_cols), pa.table(events), now=NOW)
        assert caught.value.path == path, caught.value

    dup = {c: v + v[:1] for c, v in lead_cols.items()}
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.lead_escalation_table(pa.table(dup), now=NOW)
    assert caught.value.path == f"leads[{len(leads)}].lead_id"

    missing = {c: v for c, v in lead_cols.items() if c != "backup"}
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.lead_escalation_table(pa.table(missing), now=NOW)
    assert caught.value.path == "leads.backup"

    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.lead_escalation_table(pa.table(lead_cols), now="2026-03-03 10:00")
    assert caught.value.path == "now"
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.lead_escalation_table(pa.table(lead_cols), now=datetime.datetime(2026, 3, 3))
    assert caught.value.path == "now"

    nulls = pa.table(lead_cols).set_column(
        1, "owner", pa.array([None] + lead_cols["owner"][1:], pa.string())
    )
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.lead_escalation_table(nulls, now=NOW)
    assert caught.value.path == "leads[0].owner"
