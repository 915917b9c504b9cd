"""The Arrow batch path: pyarrow, polars and pandas tables in, a long pyarrow table out.

Every deal of the batch must match the one-deal dict API exactly, and each deal's rows must
sum exactly to its amount.
"""

from __future__ import annotations

import datetime
import decimal
import importlib
import os
from collections import defaultdict
from fractions import Fraction
from typing import Any

import pytest

import salesrules


def _library(name: str) -> Any:
    """Import a table library; test.sh installs them all and sets
    SALESRULES_REQUIRE_TABLE_LIBS=1 so that a missing one fails instead of skipping."""
    if os.environ.get("SALESRULES_REQUIRE_TABLE_LIBS") == "1":
        return importlib.import_module(name)
    return pytest.importorskip(name)


pa = _library("pyarrow")

CLOSE = "2026-03-31T18:00:00+08:00"

DEALS: dict[str, list[Any]] = {
    "deal_id": ["D-1", "D-2", "D-3", "D-4"],
    "amount": ["100000.00", "0.10", "999.99", "5000"],
    "currency": ["CNY", "CNY", "USD", "JPY"],
    "closed_at": [CLOSE] * 4,
}
# Contacts per deal.
CONTACTS: dict[str, list[Any]] = {
    "deal_id": ["D-1", "D-1", "D-2", "D-3", "D-3", "D-4"],
    "contact_id": ["P1", "P3", "Q1", "R1", "R2", "S1"],
    "role": ["technical_director", "cfo", "user", "procurement_director", "cfo", "ceo"],
}
TOUCHES: dict[str, list[Any]] = {
    "deal_id": ["D-1", "D-1", "D-1", "D-2", "D-2", "D-2", "D-3", "D-3", "D-3", "D-3", "D-3"],
    "rep": ["alice", "alice", "bob", "a", "b", "c", "carol", "carol", "dave", "carol", "erin"],
    "contact_id": ["P1", "P1", "P3", "Q1", "Q1", "Q1", "R1", "R1", "R1", "R2", "R2"],
    "kind": [
        "demo", "demo", "signoff", "call", "call", "call",
        "email", "email", "email", "signoff", "email",
    ],
    "at": [
        "2026-01-10T10:00:00+08:00", "2026-01-20T10:00:00+08:00", "2026-03-30T10:00:00+08:00",
        "2026-02-01T10:00:00+08:00", "2026-02-02T10:00:00+08:00", "2026-02-03T10:00:00+08:00",
        "2026-02-01T09:00:00+08:00", "2026-02-05T09:00:00+08:00", "2026-02-07T09:00:00+08:00",
        "2026-03-01T09:00:00+08:00", "2026-04-02T09:00:00+08:00",  # erin's is after close
    ],
}


def _requests(model: str | None = None) -> dict[str, dict[str, Any]]:
    """The same deals as one-deal dict requests, for the differential check."""
    out: dict[str, dict[str, Any]] = {}
    for i, deal_id in enumerate(DEALS["deal_id"]):
        request: dict[str, Any] = {
            "deal": {
                "id": deal_id,
                "amount": DEALS["amount"][i],
                "currency": DEALS["currency"][i],
                "closed_at": DEALS["closed_at"][i],
            },
            "contacts": [
                {"id": c, "role": r}
                for d, c, r in zip(CONTACTS["deal_id"], CONTACTS["contact_id"], CONTACTS["role"])
                if d == deal_id
            ],
            "touches": [
                {"rep": rep, "contact": c, "kind": k, "at": at}
                for d, rep, c, k, at in zip(
                    TOUCHES["deal_id"], TOUCHES["rep"], TOUCHES["contact_id"],
                    TOUCHES["kind"], TOUCHES["at"],
                )
                if d == deal_id
            ],
        }
        if model:
            request["model"] = model
        out[deal_id] = request
    return out


def _rows(table: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def _expected_rows(engine: salesrules.Engine, model: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for request in _requests(model).values():
        r = engine.attribute(request)
        base = {"deal_id": r["deal_id"], "currency": r["currency"]}
        for c in r["credits"]:
            rows.append({**base, "rep": c["rep"], "kind": "credit", "amount": c["amount"],
                         "share_exact": c["share_exact"]})
        for l in r["locked"]:
            rows.append({**base, "rep": l["rep"], "kind": "locked", "amount": l["amount"],
                         "share_exact": l["share_exact"]})
        u = r["unassigned"]
        if Fraction(u["share_exact"]) != 0:
            rows.append({**base, "rep": None, "kind": "unassigned", "amount": u["amount"],
                         "share_exact": u["share_exact"]})
    return rows


def _normalise(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    keys = ("deal_id", "rep", "kind", "amount", "share_exact", "currency")
    return [tuple(r[k] for k in keys) for r in rows]


def _check_sums(table: Any) -> None:
    totals: dict[str, decimal.Decimal] = defaultdict(decimal.Decimal)
    shares: dict[str, Fraction] = defaultdict(Fraction)
    for row in _rows(table):
        totals[row["deal_id"]] += decimal.Decimal(row["amount"])
        shares[row["deal_id"]] += Fraction(row["share_exact"])
    for deal_id, amount in zip(DEALS["deal_id"], DEALS["amount"]):
        assert totals[deal_id] == decimal.Decimal(amount), deal_id
        assert shares[deal_id] == 1, deal_id


def test_pyarrow_tables_match_the_dict_api(engine: salesrules.Engine) -> None:
    table = engine.attribute_table(pa.table(DEALS), pa.table(CONTACTS), pa.table(TOUCHES))
    assert isinstance(table, pa.Table)
    assert table.column_names == ["deal_id", "rep", "kind", "amount", "share_exact", "currency"]
    assert all(t == pa.string() for t in table.schema.types)
    assert _normalise(_rows(table)) == _normalise(_expected_rows(engine))
    _check_sums(table)
    meta = table.schema.metadata
    assert meta[b"policy_fingerprint"] == engine.fingerprint.encode()
    assert meta[b"model"] == b"role_weighted"


def test_known_deal_values(engine: salesrules.Engine) -> None:
    table = engine.attribute_table(pa.table(DEALS), pa.table(CONTACTS), pa.table(TOUCHES))
    d1 = [(r["rep"], r["share_exact"], r["amount"]) for r in _rows(table) if r["deal_id"] == "D-1"]
    assert d1 == [("alice", "8/13", "61538.46"), ("bob", "5/13", "38461.54")]
    # Ten cents over three equal reps: the extra cent goes to the lowest rep id.
    d2 = [(r["rep"], r["amount"]) for r in _rows(table) if r["deal_id"] == "D-2"]
    assert d2 == [("a", "0.04"), ("b", "0.03"), ("c", "0.03")]
    # A deal without touches is all unassigned, and still has its row.
    d4 = [(r["rep"], r["kind"], r["amount"]) for r in _rows(table) if r["deal_id"] == "D-4"]
    assert d4 == [(None, "unassigned", "5000")]


@pytest.mark.parametrize("model", ["linear", "first_touch", "last_touch", "u_shaped", "w_shaped"])
def test_model_override_matches_the_dict_api(engine: salesrules.Engine, model: str) -> None:
    table = engine.attribute_table(
        pa.table(DEALS), pa.table(CONTACTS), pa.table(TOUCHES), model=model
    )
    assert _normalise(_rows(table)) == _normalise(_expected_rows(engine, model))
    assert table.schema.metadata[b"model"] == model.encode()
    _check_sums(table)


def test_unknown_model_is_an_invalid_request(engine: salesrules.Engine) -> None:
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute_table(pa.table(DEALS), pa.table(CONTACTS), pa.table(TOUCHES), "magic")
    assert caught.value.path == "model"


def test_contact_directory_without_deal_id(engine: salesrules.Engine) -> None:
    directory = {"contact_id": ["P1", "P3", "Q1", "R1", "R2", "S1"],
                 "role": ["technical_director", "cfo", "user", "procurement_director", "cfo", "ceo"]}
    table = engine.attribute_table(pa.table(DEALS), pa.table(directory), pa.table(TOUCHES))
    assert _normalise(_rows(table)) == _normalise(_expected_rows(engine))


def test_decimal_and_timestamp_columns(engine: salesrules.Engine) -> None:
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    deals = pa.table({
        "deal_id": pa.array(DEALS["deal_id"]),
        "amount": pa.array([decimal.Decimal(a) for a in ["100000.00", "0.10", "999.99", "5000"]],
                           type=pa.decimal128(20, 2)),
        "currency": pa.array(DEALS["currency"]),
        "closed_at": pa.array([datetime.datetime(2026, 3, 31, 18, tzinfo=shanghai)] * 4,
                              type=pa.timestamp("us", tz="+08:00")),
    })
    touches = dict(TOUCHES)
    touches["at"] = pa.array(
        [datetime.datetime.fromisoformat(a) for a in TOUCHES["at"]],
        type=pa.timestamp("s", tz="Asia/Shanghai"),
    )
    table = engine.attribute_table(deals, pa.table(CONTACTS), pa.table(touches))
    got = {(r["deal_id"], r["rep"]): r["amount"] for r in _rows(table)}
    want = {(r["deal_id"], r["rep"]): r["amount"] for r in _expected_rows(engine)}
    # JPY 5000 comes from the decimal(20, 2) column as "5000.00": trailing zeros are whole yen.
    assert got == want
    assert got[("D-1", "alice")] == "61538.46" and got[("D-2", "a")] == "0.04"


def test_float_money_column_is_rejected(engine: salesrules.Engine) -> None:
    deals = dict(DEALS)
    deals["amount"] = [100000.0, 0.1, 999.99, 5000.0]
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute_table(pa.table(deals), pa.table(CONTACTS), pa.table(TOUCHES))
    assert caught.value.path == "deals.amount"
    assert "float" in caught.value.message


def test_naive_timestamp_column_is_rejected(engine: salesrules.Engine) -> None:
    touches = dict(TOUCHES)
    touches["at"] = pa.array([datetime.datetime(2026, 2, 1)] * len(TOUCHES["at"]),
                             type=pa.timestamp("s"))
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute_table(pa.table(DEALS), pa.table(CONTACTS), pa.table(touches))
    assert caught.value.path == "touches.at"


@pytest.mark.parametrize(
    ("table", "column", "value", "path"),
    [
        ("touches", "at", "2026-02-01 10:00", "touches[4].at"),
        ("touches", "kind", "carrier_pigeon", "touches[4].kind"),
        ("touches", "contact_id", "NOBODY", "touches[4].contact_id"),
        ("touches", "deal_id", "D-404", "touches[4].deal_id"),
        ("touches", "rep", None, "touches[4].rep"),
        ("deals", "amount", "-5.00", "deals[1].amount"),
        ("deals", "amount", "0.001", "deals[1].amount"),
        ("deals", "currency", "XXX", "deals[1].currency"),
        ("deals", "deal_id", "D-1", "deals[1].deal_id"),
        ("contacts", "role", "wizard", "contacts[2].role"),
        ("contacts", "contact_id", "P1", "contacts[1].contact_id"),
    ],
)
def test_bad_rows_name_the_table_row(
    engine: salesrules.Engine, table: str, column: str, value: Any, path: str
) -> None:
    tables = {"deals": dict(DEALS), "contacts": dict(CONTACTS), "touches": dict(TOUCHES)}
    row = int(path.split("[")[1].split("]")[0])
    tables[table][column] = list(tables[table][column])
    tables[table][column][row] = value
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute_table(*(pa.table(tables[t]) for t in ("deals", "contacts", "touches")))
    assert caught.value.path == path, caught.value.message


def test_missing_column_is_named(engine: salesrules.Engine) -> None:
    deals = {k: v for k, v in DEALS.items() if k != "currency"}
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute_table(pa.table(deals), pa.table(CONTACTS), pa.table(TOUCHES))
    assert caught.value.path == "deals.currency"


def test_limit_applies_per_deal(sample_request) -> None:
    policy = salesrules.default_policy()
    policy["limits"]["max_touches_per_deal"] = 4
    engine = salesrules.Engine(policy)
    with pytest.raises(salesrules.LimitExceeded) as caught:
        engine.attribute_table(pa.table(DEALS), pa.table(CONTACTS), pa.table(TOUCHES))
    assert caught.value.path == "deals[2].touches"


def test_multiple_record_batches_and_large_strings(engine: salesrules.Engine) -> None:
    touches = pa.table(TOUCHES)
    chunked = pa.concat_tables([touches.slice(0, 4), touches.slice(4)])
    assert chunked.column("rep").num_chunks == 2
    deals = pa.table(DEALS).cast(
        pa.schema([(n, pa.large_string()) for n in DEALS])
    )
    table = engine.attribute_table(deals, pa.table(CONTACTS), chunked)
    assert _normalise(_rows(table)) == _normalise(_expected_rows(engine))


def test_empty_tables_give_an_empty_result(engine: salesrules.Engine) -> None:
    empty = {k: pa.array([], pa.string()) for k in DEALS}
    table = engine.attribute_table(
        pa.table(empty),
        pa.table({k: pa.array([], pa.string()) for k in CONTACTS}),
        pa.table({k: pa.array([], pa.string()) for k in TOUCHES}),
    )
    assert table.num_rows == 0
    assert table.column_names[:2] == ["deal_id", "rep"]


def test_polars_frames(engine: salesrules.Engine) -> None:
    pl = _library("polars")
    table = engine.attribute_table(pl.DataFrame(DEALS), pl.DataFrame(CONTACTS), pl.DataFrame(TOUCHES))
    assert _normalise(_rows(table)) == _normalise(_expected_rows(engine))
    _check_sums(table)
    # polars reads the result back without copying through Python.
    assert pl.from_arrow(table).height == table.num_rows


def test_pandas_frames(engine: salesrules.Engine) -> None:
    pd = _library("pandas")
    deals = pd.DataFrame(DEALS)
    deals["amount"] = [decimal.Decimal(a) for a in DEALS["amount"]]
    table = engine.attribute_table(deals, pd.DataFrame(CONTACTS), pd.DataFrame(TOUCHES))
    assert _normalise(_rows(table)) == _normalise(_expected_rows(engine))
    _check_sums(table)


def test_plain_python_tables_are_converted_with_pyarrow(engine: salesrules.Engine) -> None:
    touches = [dict(zip(TOUCHES, values)) for values in zip(*TOUCHES.values())]
    table = engine.attribute_table(DEALS, CONTACTS, touches)
    assert _normalise(_rows(table)) == _normalise(_expected_rows(engine))


def test_a_large_batch_sums_exactly(engine: salesrules.Engine) -> None:
    n = 2000
    deals = {
        "deal_id": [f"D{i:05}" for i in range(n)],
        "amount": [f"{(i * 7919) % 100000}.{i % 100:02}" for i in range(n)],
        "currency": ["CNY"] * n,
        "closed_at": [CLOSE] * n,
    }
    contacts = {"contact_id": ["P1", "P2"], "role": ["technical_director", "cfo"]}
    touches: dict[str, list[str]] = {k: [] for k in ("deal_id", "rep", "contact_id", "kind", "at")}
    for i in range(n):
        for j in range(1 + i % 5):
            touches["deal_id"].append(deals["deal_id"][i])
            touches["rep"].append(f"rep{(i + j) % 7}")
            touches["contact_id"].append("P1" if j % 2 else "P2")
            touches["kind"].append("demo" if j % 2 else "signoff")
            touches["at"].append(f"2026-03-{1 + j:02}T10:00:00+08:00")
    table = engine.attribute_table(pa.table(deals), pa.table(contacts), pa.table(touches))
    totals: dict[str, decimal.Decimal] = defaultdict(decimal.Decimal)
    for deal_id, amount in zip(table.column("deal_id").to_pylist(), table.column("amount").to_pylist()):
        totals[deal_id] += decimal.Decimal(amount)
    assert totals == {d: decimal.Decimal(a) for d, a in zip(deals["deal_id"], deals["amount"])}


def test_locks_and_handovers_in_the_batch(engine: salesrules.Engine) -> None:
    # Customer C-9: alice silent from 01-20 to 03-30, then bob's sign-off.
    deals = {k: v[:1] for k, v in DEALS.items()}
    deals["customer_id"] = ["C-9"]
    touches = {k: v[:3] for k, v in TOUCHES.items()}
    contacts = {k: v[:2] for k, v in CONTACTS.items()}
    locked = engine.attribute_table(pa.table(deals), pa.table(contacts), pa.table(touches))
    assert [(r["rep"], r["kind"], r["amount"]) for r in _rows(locked)] == [
        ("alice", "credit", "61538.46"),
        ("bob", "locked", "38461.54"),
    ]
    handovers = pa.table({"deal_id": ["D-1"], "from": ["alice"], "to": ["bob"],
                          "at": ["2026-02-20T09:00:00+08:00"], "evidence": ["doc-1"]})
    paid = engine.attribute_table(
        pa.table(deals), pa.table(contacts), pa.table(touches), handovers=handovers
    )
    assert [(r["rep"], r["kind"], r["amount"]) for r in _rows(paid)] == [
        ("alice", "credit", "61538.46"),
        ("bob", "credit", "38461.54"),
    ]
    bad = handovers.set_column(3, "at", pa.array(["2026-02-20"]))
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute_table(pa.table(deals), pa.table(contacts), pa.table(touches), handovers=bad)
    assert caught.value.path == "handovers[0].at"
