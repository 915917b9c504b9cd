"""attribute_table runs the core's flat batch path when it can answer exactly, and the
per-deal path otherwise. Whichever path answers, every row (and the row order) must equal what
the one-deal dict API `engine.attribute` gives for each deal, and every error must name the
same table row as before.
"""

from __future__ import annotations

import datetime
import importlib
import os
import random
from fractions import Fraction
from typing import Any

import pytest

import salesrules

if os.environ.get("SALESRULES_REQUIRE_TABLE_LIBS") == "1":
    pa = importlib.import_module("pyarrow")
else:
    pa = pytest.importorskip("pyarrow")
hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

MODELS = ["role_weighted", "linear", "first_touch", "last_touch", "u_shaped", "w_shaped",
          "time_decay", "shapley"]
REPS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "Zoe", "amy"]
ROLES = ["technical_director", "procurement_director", "cfo", "ceo", "user"]
KINDS = ["demo", "email", "signoff", "call"]
CURRENCIES = ["CNY", "USD", "JPY", "KWD"]
TZ = datetime.timezone(datetime.timedelta(hours=8))
JAN_1 = datetime.datetime(2026, 1, 1, tzinfo=TZ)
OUTPUT = ("deal_id", "rep", "kind", "amount", "share_exact", "currency")
Tables = dict[str, dict[str, list[Any]]]


def _amount(rng: random.Random, currency: str) -> str:
    places = {"JPY": 0, "KWD": 3}.get(currency, 2)
    minor = rng.choice([0, 1, 2, 3, 7, rng.randint(1, 10**9), rng.randint(1, 10**15)])
    if places == 0:
        return str(minor)
    return f"{minor // 10**places}.{minor % 10**places:0{places}d}"


def _month(seed: int, n_deals: int = 40, directory: bool = False, stages: bool = False,
           subsecond: bool = False) -> Tables:
    """A deterministic month of deals: several currencies, touches over three months (so the
    silent period locks shares), some after the close, some deals without touches, and
    handovers that release some locks (and some that release nothing)."""
    rng = random.Random(seed)
    t: Tables = {
        "deals": {k: [] for k in ["deal_id", "amount", "currency", "closed_at", "customer_id"]},
        "contacts": {k: [] for k in ["deal_id", "contact_id", "role"]},
        "touches": {k: [] for k in ["deal_id", "rep", "contact_id", "kind", "at"]
                    + (["stage"] if stages else [])},
        "handovers": {k: [] for k in ["deal_id", "from", "to", "at", "evidence"]},
    }
    for i in range(n_deals):
        deal_id = f"D-{i:04d}"
        currency = rng.choice(CURRENCIES)
        close_day = rng.randint(1, 31)
        d = t["deals"]
        d["deal_id"].append(deal_id)
        d["amount"].append(_amount(rng, currency))
        d["currency"].append(currency)
        d["closed_at"].append(f"2026-03-{close_day:02d}T18:00:00+08:00")
        d["customer_id"].append(f"C-{i}" if rng.random() < 0.5 else None)
        people = [f"P{j}" if directory else f"{deal_id}-P{j}" for j in range(rng.randint(1, 4))]
        if not directory:
            for person in people:
                t["contacts"]["deal_id"].append(deal_id)
                t["contacts"]["contact_id"].append(person)
                t["contacts"]["role"].append(rng.choice(ROLES))
        if rng.random() < 0.08:
            continue
        reps = rng.sample(REPS, rng.randint(1, 5))
        for _ in range(rng.randint(1, 14)):
            at = JAN_1 + datetime.timedelta(
                days=rng.randint(0, 59 + close_day + 3),
                hours=rng.choice([0, 0, 9, 10]),
                microseconds=rng.choice([0, 0, 0, 500_000]) if subsecond else 0)
            x = t["touches"]
            x["deal_id"].append(deal_id)
            x["rep"].append(rng.choice(reps))
            x["contact_id"].append(rng.choice(people))
            x["kind"].append(rng.choice(KINDS))
            x["at"].append(at.isoformat())
            if stages:
                x["stage"].append(rng.choice([None, "opportunity", "discovery"]))
        for _ in range(rng.choice([0, 0, 1, 2])):
            h = t["handovers"]
            a, b = rng.sample(REPS, 2) if rng.random() < 0.3 else (reps * 2)[:2]
            if a == b:
                continue
            h["deal_id"].append(deal_id)
            h["from"].append(a)
            h["to"].append(b)
            h["at"].append(f"2026-0{rng.randint(1, 4)}-{rng.randint(1, 28):02d}T09:00:00+08:00")
            h["evidence"].append(rng.choice([None, f"doc-{i}"]))
    if directory:
        t["contacts"] = {"contact_id": [f"P{j}" for j in range(4)],
                         "role": [rng.choice(ROLES) for _ in range(4)]}
    return t


def _requests(t: Tables, model: str) -> list[dict[str, Any]]:
    """Each deal as a one-deal dict request, as the per-deal path assembles it."""
    out = []
    directory = "deal_id" not in t["contacts"]
    roles = dict(zip(t["contacts"]["contact_id"], t["contacts"]["role"])) if directory else {}
    for i, deal_id in enumerate(t["deals"]["deal_id"]):
        deal = {k: t["deals"][k][i] for k in ("amount", "currency", "closed_at")}
        x = t["touches"]
        touches = []
        for j in range(len(x["deal_id"])):
            if x["deal_id"][j] == deal_id:
                touch = {"rep": x["rep"][j], "contact": x["contact_id"][j], "kind": x["kind"][j],
                         "at": x["at"][j]}
                if "stage" in x and x["stage"][j] is not None:
                    touch["stage"] = x["stage"][j]
                touches.append(touch)
        if directory:
            seen = list(dict.fromkeys(tt["contact"] for tt in touches))
            contacts = [{"id": c, "role": roles[c]} for c in seen]
        else:
            c = t["contacts"]
            contacts = [{"id": c["contact_id"][j], "role": c["role"][j]}
                        for j in range(len(c["deal_id"])) if c["deal_id"][j] == deal_id]
        h = t["handovers"]
        handovers = []
        for j in range(len(h["deal_id"])):
            if h["deal_id"][j] == deal_id:
                ho = {"from": h["from"][j], "to": h["to"][j], "at": h["at"][j]}
                if h["evidence"][j] is not None:
                    ho["evidence"] = h["evidence"][j]
                handovers.append(ho)
        out.append({"deal": {"id": deal_id, **deal}, "contacts": contacts, "touches": touches,
                    "handovers": handovers, "model": model, "explain": False})
    return out


def _expected(engine: salesrules.Engine, t: Tables, model: str) -> list[tuple[Any, ...]]:
    rows = []
    for request in _requests(t, model):
        r = engine.attribute(request)
        base = (r["deal_id"],)
        for c in r["credits"]:
            rows.append((*base, c["rep"], "credit", c["amount"], c["share_exact"], r["currency"]))
        for l in r["locked"]:
            rows.append((*base, l["rep"], "locked", l["amount"], l["share_exact"], r["currency"]))
        u = r["unassigned"]
        if Fraction(u["share_exact"]) != 0:
            rows.append((*base, None, "unassigned", u["amount"], u["share_exact"], r["currency"]))
    return rows


def _pa(columns: dict[str, list[Any]]) -> Any:
    """A table of string columns (an empty list would otherwise be a Null column)."""
    return pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})


def _table(engine: salesrules.Engine, t: Tables, model: str) -> list[tuple[Any, ...]]:
    out = engine.attribute_table(_pa(t["deals"]), _pa(t["contacts"]), _pa(t["touches"]),
                                 model=model, handovers=_pa(t["handovers"]))
    assert out.schema.metadata[b"model"] == model.encode()
    return [tuple(r[k] for k in OUTPUT) for r in out.to_pylist()]


ENGINES = {
    "default": salesrules.Engine(),
    "previous_rep": salesrules.Engine({**salesrules.default_policy(),
                                       "handover": {**salesrules.default_policy()["handover"],
                                                    "locked_share": "previous_rep"}}),
}


@pytest.mark.parametrize("policy", sorted(ENGINES))
@pytest.mark.parametrize("model", MODELS)
def test_sample_month_matches_the_dict_api_row_for_row(model: str, policy: str) -> None:
    engine = ENGINES[policy]
    month = _month(20260331, n_deals=120)
    rows = _table(engine, month, model)
    assert rows == _expected(engine, month, model)
    if model == "linear":
        assert any(r[2] == "locked" for r in rows) == (policy == "default")
    assert {r[5] for r in rows} == set(CURRENCIES)


@hypothesis.settings(max_examples=60, deadline=None)
@hypothesis.given(seed=st.integers(0, 2**32), model=st.sampled_from(MODELS),
                  policy=st.sampled_from(sorted(ENGINES)), directory=st.booleans(),
                  stages=st.booleans(), subsecond=st.booleans())
def test_random_tables_match_the_dict_api_row_for_row(
    seed: int, model: str, policy: str, directory: bool, stages: bool, subsecond: bool
) -> None:
    engine = ENGINES[policy]
    month = _month(seed, n_deals=12, directory=directory, stages=stages, subsecond=subsecond)
    assert _table(engine, month, model) == _expected(engine, month, model)


def _error(engine: salesrules.Engine, t: Tables) -> tuple[type, str]:
    with pytest.raises(salesrules.SalesrulesError) as caught:
        engine.attribute_table(_pa(t["deals"]), _pa(t["contacts"]), _pa(t["touches"]),
                               handovers=_pa(t["handovers"]))
    return type(caught.value), caught.value.path


def _with(t: Tables, table: str, column: str, row: int, value: Any) -> Tables:
    out = {k: {c: list(v) for c, v in cols.items()} for k, cols in t.items()}
    out[table][column][row] = value
    return out


@pytest.mark.parametrize(
    ("table", "column", "row", "value", "path"),
    [
        ("touches", "rep", 5, " ", "touches[5].rep"),
        ("touches", "rep", 5, None, "touches[5].rep"),
        ("touches", "kind", 9, "fax", "touches[9].kind"),
        ("touches", "at", 3, "2026-01-01T00:00:00", "touches[3].at"),
        ("touches", "contact_id", 4, "D-0000-P0", "touches[4].contact_id"),
        ("touches", "deal_id", 2, "D-9999", "touches[2].deal_id"),
        ("deals", "amount", 1, "1.0001", "deals[1].amount"),
        ("deals", "currency", 2, "XXX", "deals[2].currency"),
        ("deals", "closed_at", 0, "tomorrow", "deals[0].closed_at"),
        # The old id is gone: its contacts are the first rows that name no deal.
        ("deals", "deal_id", 3, " ", "contacts[4].deal_id"),
        ("contacts", "role", 0, "wizard", "contacts[0].role"),
        ("contacts", "contact_id", 2, "D-0001-P0", "contacts[2].contact_id"),
        ("handovers", "to", 0, None, "handovers[0].to"),
    ],
)
def test_errors_name_the_same_row_as_the_per_deal_path(
    table: str, column: str, row: int, value: Any, path: str
) -> None:
    month = _month(5, n_deals=10)
    # The row must belong to a deal the change breaks; the month is deterministic.
    assert len(month[table][column]) > row
    if table == "contacts" and column == "contact_id":
        assert month["contacts"]["deal_id"][1:3] == ["D-0001", "D-0001"]
    if table == "touches" and column == "contact_id":
        assert month["touches"]["deal_id"][4] == "D-0001"
    kind, got = _error(ENGINES["default"], _with(month, table, column, row, value))
    assert (kind, got) == (salesrules.InvalidRequest, path)


def test_handover_to_the_same_rep_is_rejected_with_its_row() -> None:
    month = _month(5, n_deals=10)
    month["handovers"]["to"][0] = month["handovers"]["from"][0]
    assert _error(ENGINES["default"], month) == (salesrules.InvalidRequest, "handovers[0].to")


def test_contact_limit_applies_per_deal() -> None:
    policy = salesrules.default_policy()
    policy["limits"]["max_contacts"] = 2
    month = _month(5, n_deals=10)
    counts: dict[str, int] = {}
    for d in month["contacts"]["deal_id"]:
        counts[d] = counts.get(d, 0) + 1
    assert max(counts.values()) > 2
    kind, _ = _error(salesrules.Engine(policy), month)
    assert kind is salesrules.LimitExceeded


def test_unknown_directory_contact_is_named() -> None:
    month = _month(6, n_deals=10, directory=True)
    month["touches"]["contact_id"][3] = "P9"
    assert _error(ENGINES["default"], month) == (salesrules.InvalidRequest,
                                                 "touches[3].contact_id")
