"""Beyond one machine: a month of deals attributed in partitions on a dask.distributed cluster.

A local cluster of two worker processes stands in for a real one: the engine (with a custom
policy) is pickled to the workers, each partition is attributed there, and the gathered result
must equal the single-process run exactly — per-rep credit and locked totals and unassigned
totals as ``Decimal`` per currency, every row, and every deal's parts summing to its amount.

A second test runs the per-batch function of the README's Spark ``mapInArrow`` snippet on the
nested (one row per deal) form it receives, without Spark.
"""

from __future__ import annotations

import datetime
import decimal
import importlib
import os
import random
from collections import Counter, defaultdict
from fractions import Fraction
from typing import Any, Iterator

import pytest

import salesrules


def _library(name: str) -> Any:
    """test.sh installs dask and pyarrow and sets SALESRULES_REQUIRE_TABLE_LIBS=1, so that a
    missing one fails instead of skipping."""
    if os.environ.get("SALESRULES_REQUIRE_TABLE_LIBS") == "1":
        return importlib.import_module(name)
    return pytest.importorskip(name)


pa = _library("pyarrow")
distributed = _library("dask.distributed")

N_DEALS = 400
N_PARTITIONS = 6
REPS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
ROLES = ["technical_director", "procurement_director", "cfo", "ceo", "user"]
KINDS = ["demo", "email", "signoff", "call"]
JAN_1 = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
OUTPUT = ["deal_id", "rep", "kind", "amount", "share_exact", "currency"]


def _month(seed: int = 20260331) -> dict[str, dict[str, list[Any]]]:
    """A deterministic month of deals (March 2026) with contacts, touches and handovers.

    Amounts are exact decimal strings (whole yen for JPY). About half the deals have a
    customer, so the silent-period rule locks some shares; some of those carry a confirmed
    handover that releases the lock; some deals have no touches at all (all unassigned), and
    some touches fall after the close (ignored)."""
    rng = random.Random(seed)
    deals: dict[str, list[Any]] = {k: [] for k in
                                   ["deal_id", "amount", "currency", "closed_at", "customer_id"]}
    contacts: dict[str, list[Any]] = {k: [] for k in ["deal_id", "contact_id", "role"]}
    touches: dict[str, list[Any]] = {k: [] for k in ["deal_id", "rep", "contact_id", "kind", "at"]}
    handovers: dict[str, list[Any]] = {k: [] for k in ["deal_id", "from", "to", "at", "evidence"]}
    for i in range(N_DEALS):
        deal_id = f"D-{i:04d}"
        currency = rng.choice(["CNY", "CNY", "USD", "JPY"])
        if currency == "JPY":
            amount = str(rng.randint(1, 9_000_000))
        else:
            cents = rng.randint(1, 2_000_000_000)
            amount = f"{cents // 100}.{cents % 100:02d}"
        close_day = rng.randint(1, 31)
        deals["deal_id"].append(deal_id)
        deals["amount"].append(amount)
        deals["currency"].append(currency)
        deals["closed_at"].append(f"2026-03-{close_day:02d}T18:00:00+08:00")
        deals["customer_id"].append(f"C-{i:04d}" if rng.random() < 0.5 else None)

        people = [f"{deal_id}-P{j}" for j in range(rng.randint(1, 4))]
        for person in people:
            contacts["deal_id"].append(deal_id)
            contacts["contact_id"].append(person)
            contacts["role"].append(rng.choice(ROLES))
        if rng.random() < 0.08:
            continue  # no touches: the whole amount is unassigned
        reps = rng.sample(REPS, rng.randint(1, 4))
        for _ in range(rng.randint(1, 12)):
            # Touches from early January to a few days after the close.
            at = JAN_1 + datetime.timedelta(days=rng.randint(0, 59 + close_day + 3),
                                            minutes=rng.randint(8 * 60, 20 * 60 - 1))
            touches["deal_id"].append(deal_id)
            touches["rep"].append(rng.choice(reps))
            touches["contact_id"].append(rng.choice(people))
            touches["kind"].append(rng.choice(KINDS))
            touches["at"].append(at.isoformat())
        if deals["customer_id"][-1] and len(reps) > 1 and rng.random() < 0.4:
            handovers["deal_id"].append(deal_id)
            handovers["from"].append(reps[0])
            handovers["to"].append(reps[1])
            handovers["at"].append(f"2026-02-{rng.randint(1, 28):02d}T09:00:00+08:00")
            handovers["evidence"].append(f"doc-{i}")
    return {"deals": deals, "contacts": contacts, "touches": touches, "handovers": handovers}


def _partitions(month: dict[str, dict[str, list[Any]]], n: int) -> list[dict[str, Any]]:
    """Co-partition by deal: each deal's contacts, touches and handovers go with it."""
    part_of = {d: i % n for i, d in enumerate(month["deals"]["deal_id"])}
    parts: list[dict[str, Any]] = []
    for p in range(n):
        tables = {}
        for name, columns in month.items():
            keep = [part_of[d] == p for d in columns["deal_id"]]
            tables[name] = pa.table(
                {k: [v for v, k_ in zip(values, keep) if k_] for k, values in columns.items()},
                schema=pa.schema([(k, pa.string()) for k in columns]),
            )
        parts.append(tables)
    return parts


def _custom_policy() -> dict[str, Any]:
    """Not the default policy, so that a worker re-creating a default engine would be caught."""
    policy = salesrules.default_policy()
    weights = {"technical_deep_exchange": "0.45", "procurement_negotiation": "0.35",
               "cfo_signoff": "0.20"}
    for rule in policy["attribution"]["rules"]:
        rule["weight"] = weights[rule["id"]]
    return policy


def _totals(table: Any) -> dict[str, dict[tuple[Any, ...], decimal.Decimal]]:
    """Exact totals: credit and locked per (rep, currency), unassigned per currency."""
    totals: dict[str, dict[tuple[Any, ...], decimal.Decimal]] = {
        "credit": defaultdict(decimal.Decimal),
        "locked": defaultdict(decimal.Decimal),
        "unassigned": defaultdict(decimal.Decimal),
    }
    for row in table.to_pylist():
        key = (row["currency"],) if row["kind"] == "unassigned" else (row["rep"], row["currency"])
        totals[row["kind"]][key] += decimal.Decimal(row["amount"])
    return {kind: dict(values) for kind, values in totals.items()}


def _check_every_deal_sums(table: Any, deals: dict[str, list[Any]]) -> None:
    amounts: dict[str, decimal.Decimal] = defaultdict(decimal.Decimal)
    shares: dict[str, Fraction] = defaultdict(Fraction)
    for row in table.to_pylist():
        amounts[row["deal_id"]] += decimal.Decimal(row["amount"])
        shares[row["deal_id"]] += Fraction(row["share_exact"])
    assert set(amounts) == set(deals["deal_id"])
    for deal_id, amount in zip(deals["deal_id"], deals["amount"]):
        assert amounts[deal_id] == decimal.Decimal(amount), deal_id
        assert shares[deal_id] == 1, deal_id


def _sorted_rows(table: Any) -> list[tuple[Any, ...]]:
    return sorted(tuple(r[k] or "" for k in OUTPUT) for r in table.to_pylist())


@pytest.fixture(scope="module")
def month() -> dict[str, dict[str, list[Any]]]:
    return _month()


@pytest.fixture(scope="module")
def custom_engine() -> salesrules.Engine:
    return salesrules.Engine(_custom_policy())


@pytest.fixture(scope="module")
def single_process(month: dict[str, Any], custom_engine: salesrules.Engine) -> Any:
    """The reference: the whole month attributed at once, in this process."""
    return custom_engine.attribute_table(
        pa.table(month["deals"]), pa.table(month["contacts"]), pa.table(month["touches"]),
        handovers=pa.table(month["handovers"]),
    )


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two single-threaded worker processes on loopback, no dashboard, closed afterwards."""
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1,
        host="127.0.0.1", dashboard_address=None, protocol="tcp",
    )
    try:
        with distributed.Client(cluster, timeout="30s") as dask_client:
            yield dask_client
    finally:
        cluster.close()


def test_the_sample_month_is_varied(single_process: Any, month: dict[str, Any]) -> None:
    """The data exercises every kind of line, so the comparison below means something."""
    kinds = Counter(single_process.column("kind").to_pylist())
    assert kinds["credit"] > N_DEALS and kinds["locked"] > 10 and kinds["unassigned"] > 10
    assert len(month["handovers"]["deal_id"]) > 10
    assert set(single_process.column("currency").to_pylist()) == {"CNY", "USD", "JPY"}
    _check_every_deal_sums(single_process, month["deals"])


def test_partitions_on_a_dask_cluster_equal_the_single_process_run(
    client: Any, month: dict[str, Any], custom_engine: salesrules.Engine, single_process: Any
) -> None:
    # The workers are other processes: whatever they compute came through pickling.
    worker_pids = set(client.run(os.getpid).values())
    assert len(worker_pids) == 2 and os.getpid() not in worker_pids

    # The pattern of the README: ship the engine (pickled by its policy) with each partition.
    futures = [
        client.submit(custom_engine.attribute_table, part["deals"], part["contacts"],
                      part["touches"], handovers=part["handovers"], pure=False)
        for part in _partitions(month, N_PARTITIONS)
    ]
    assert {w for ws in client.who_has(futures).values() for w in ws} <= set(
        client.scheduler_info()["workers"])
    results = client.gather(futures)
    distributed_run = pa.concat_tables(results)

    for table in results:  # every partition was attributed under the shipped custom policy
        assert table.schema.metadata[b"policy_fingerprint"] == custom_engine.fingerprint.encode()
    assert custom_engine.fingerprint != salesrules.Engine().fingerprint

    assert distributed_run.num_rows == single_process.num_rows
    assert _totals(distributed_run) == _totals(single_process)
    assert _sorted_rows(distributed_run) == _sorted_rows(single_process)
    _check_every_deal_sums(distributed_run, month["deals"])


def test_engine_pickled_to_a_worker_is_the_same_engine(
    client: Any, custom_engine: salesrules.Engine
) -> None:
    [remote] = client.gather([client.submit(lambda e: (e.fingerprint, e.policy_json()),
                                            custom_engine, pure=False)])
    assert remote == (custom_engine.fingerprint, custom_engine.policy_json())


# The per-batch function of the README's Spark snippet (``mapInArrow`` hands it record batches
# of deals, one row per deal, with that deal's contacts and touches as lists of structs).


def _attribute_batches(engine: salesrules.Engine, batches: Iterator[Any]) -> Iterator[Any]:
    for batch in batches:
        def child(column: str) -> Any:
            lists = batch.column(column)
            rows = pa.Table.from_struct_array(lists.flatten())
            return rows.append_column(
                "deal_id", batch.column("deal_id").take(lists.value_parent_indices()))
        deals = pa.Table.from_batches([batch]).select(
            ["deal_id", "amount", "currency", "closed_at", "customer_id"])
        yield from engine.attribute_table(deals, child("contacts"), child("touches")).to_batches()


def test_spark_map_in_arrow_function_without_spark(
    month: dict[str, Any], custom_engine: salesrules.Engine
) -> None:
    deals = month["deals"]
    by_deal: dict[str, dict[str, list[dict[str, Any]]]] = {
        d: {"contacts": [], "touches": []} for d in deals["deal_id"]}
    for name, fields in (("contacts", ["contact_id", "role"]),
                         ("touches", ["rep", "contact_id", "kind", "at"])):
        columns = month[name]
        for i, deal_id in enumerate(columns["deal_id"]):
            by_deal[deal_id][name].append({f: columns[f][i] for f in fields})
    nested = pa.table({
        **deals,
        "contacts": [by_deal[d]["contacts"] for d in deals["deal_id"]],
        # A left join leaves a null list, not an empty one, for a deal without touches.
        "touches": [by_deal[d]["touches"] or None for d in deals["deal_id"]],
    })
    empty = pa.RecordBatch.from_arrays(
        [pa.array([], type=field.type) for field in nested.schema], schema=nested.schema)
    batches = [empty, *nested.to_batches(max_chunksize=64)]
    out = pa.Table.from_batches(list(_attribute_batches(custom_engine, iter(batches))))
    reference = custom_engine.attribute_table(
        pa.table(deals), pa.table(month["contacts"]), pa.table(month["touches"]))
    assert _totals(out) == _totals(reference)
    assert _sorted_rows(out) == _sorted_rows(reference)
    _check_every_deal_sums(out, deals)
