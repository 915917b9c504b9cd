"""The dict API: policies from every source, exact money in and out, pickling, operations."""

from __future__ import annotations

import datetime
import decimal
import json
import pickle
import threading
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import salesrules

LINEAR_TOML = '[attribution]\ndefault_model = "linear"\n'


def _credits(response: dict[str, Any]) -> dict[str, str]:
    return {c["rep"]: c["amount"] for c in response["credits"]}


def test_module_metadata() -> None:
    assert isinstance(salesrules.__version__, str) and salesrules.__version__.count(".") == 2
    assert {"attribute", "key_influencers", "policy"} <= set(salesrules.OPERATIONS)
    assert "invalid_request" in salesrules.ERROR_CODES


def test_spec_example_redistributes_the_unmet_rule(engine: salesrules.Engine, sample_request) -> None:
    # 0.40 and 0.25 are met, 0.35 is redistributed: alice 8/13, bob 5/13.
    result = engine.attribute(sample_request)
    assert result["deal_id"] == "D-1"
    assert result["policy_fingerprint"] == engine.fingerprint
    assert [(c["rep"], c["share_exact"], c["amount"]) for c in result["credits"]] == [
        ("alice", "8/13", "61538.46"),
        ("bob", "5/13", "38461.54"),
    ]
    parts = [decimal.Decimal(c["amount"]) for c in result["credits"]]
    parts += [decimal.Decimal(l["amount"]) for l in result["locked"]]
    parts.append(decimal.Decimal(result["unassigned"]["amount"]))
    assert sum(parts) == decimal.Decimal("100000.00")
    assert all(isinstance(c["amount"], str) for c in result["credits"])
    assert result["explanation"], "the explanation is on by default"


def test_call_by_name_equals_the_method(engine: salesrules.Engine, sample_request) -> None:
    assert engine.call("attribute", sample_request) == engine.attribute(sample_request)
    assert engine.call("attribute", json.dumps(sample_request)) == engine.attribute(sample_request)
    text = engine.call_json("attribute", json.dumps(sample_request))
    assert json.loads(text)["credits"] == engine.attribute(sample_request)["credits"]


def test_every_operation_is_reachable_as_a_method(engine: salesrules.Engine) -> None:
    # Every operation of the core has a documented method of its own; one the core adds later
    # still works at once through the by-name fallback.
    for op in salesrules.OPERATIONS:
        assert callable(getattr(engine, op)), op
        assert op in vars(salesrules.Engine) and getattr(salesrules.Engine, op).__doc__, op
    with pytest.raises(salesrules.UnknownOperation):
        salesrules.Engine.call(engine, "not_yet_an_operation", {})
    with pytest.raises(AttributeError):
        engine.no_such_operation  # noqa: B018


def test_key_influencers(engine: salesrules.Engine, sample_request) -> None:
    request = {
        "contacts": sample_request["contacts"],
        "touches": sample_request["touches"],
        "relations": [{"from": "P1", "to": "P3", "kind": "reports_to"}],
    }
    result = engine.key_influencers(request)
    ranked = [i["contact"] for i in result["influencers"]]
    assert sorted(ranked) == ["P1", "P3"]
    assert [i["rank"] for i in result["influencers"]] == [1, 2]
    assert all(isinstance(i["score"], str) for i in result["influencers"])


def test_decimal_amount_is_exact(engine: salesrules.Engine, sample_request) -> None:
    by_string = engine.attribute(sample_request)
    sample_request["deal"]["amount"] = decimal.Decimal("100000.00")
    assert engine.attribute(sample_request)["credits"] == by_string["credits"]
    # Exponent notation is written in plain digits, never "1E+5".
    sample_request["deal"]["amount"] = decimal.Decimal("1E+5")
    assert engine.attribute(sample_request)["amount"] == "100000.00"


def test_decimal_keeps_cents_a_float_would_lose(engine: salesrules.Engine, sample_request) -> None:
    sample_request["deal"]["amount"] = decimal.Decimal("12345678901234567.89")
    result = engine.attribute(sample_request)
    assert result["amount"] == "12345678901234567.89"
    total = sum(decimal.Decimal(c["amount"]) for c in result["credits"])
    assert total == decimal.Decimal("12345678901234567.89")
    shares = sum(Fraction(c["share_exact"]) for c in result["credits"])
    assert shares == 1


def test_float_amount_is_rejected_with_its_path(engine: salesrules.Engine, sample_request) -> None:
    sample_request["deal"]["amount"] = 100000.5
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute(sample_request)
    assert caught.value.code == "invalid_request"
    assert caught.value.path == "deal.amount"


def test_nan_and_unwritable_values_name_their_path(engine: salesrules.Engine, sample_request) -> None:
    sample_request["deal"]["amount"] = float("nan")
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute(sample_request)
    assert caught.value.path == "deal.amount"

    sample_request["deal"]["amount"] = "1.00"
    sample_request["touches"][1]["rep"] = object()
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute(sample_request)
    assert caught.value.path == "touches[1].rep"


def test_aware_datetimes_are_accepted_and_naive_ones_rejected(
    engine: salesrules.Engine, sample_request
) -> None:
    expected = engine.attribute(sample_request)["credits"]
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    for touch in sample_request["touches"]:
        touch["at"] = datetime.datetime.fromisoformat(touch["at"]).astimezone(shanghai)
    assert engine.attribute(sample_request)["credits"] == expected
    sample_request["touches"][2]["at"] = datetime.datetime(2026, 3, 30, 10, 0)
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute(sample_request)
    assert caught.value.path == "touches[2].at"


def test_default_policy_is_a_dict_with_exact_weights() -> None:
    policy = salesrules.default_policy()
    weights = [rule["weight"] for rule in policy["attribution"]["rules"]]
    assert weights and all(isinstance(w, str) for w in weights)
    assert sum(decimal.Decimal(w) for w in weights) == 1
    assert salesrules.Engine(policy).fingerprint == salesrules.Engine().fingerprint


def _linear_policy() -> dict[str, Any]:
    policy = salesrules.default_policy()
    policy["attribution"]["default_model"] = "linear"
    return policy


@pytest.mark.parametrize("source", ["dict", "json", "toml", "path", "str_path", "bytes"])
def test_policy_from_every_source(source: str, tmp_path: Path, sample_request) -> None:
    policy = _linear_policy()
    if source == "dict":
        engine = salesrules.Engine(policy)
    elif source == "json":
        engine = salesrules.Engine(json.dumps(policy))
    elif source == "toml":
        engine = salesrules.Engine(LINEAR_TOML)
    elif source == "bytes":
        engine = salesrules.Engine(json.dumps(policy).encode())
    else:
        file = tmp_path / "policy.toml"
        file.write_text(LINEAR_TOML, encoding="utf-8")
        engine = salesrules.Engine(file if source == "path" else str(file))
    assert engine.fingerprint == salesrules.Engine(policy).fingerprint
    assert engine.fingerprint != salesrules.Engine().fingerprint
    assert engine.policy()["attribution"]["default_model"] == "linear"
    # Linear: alice 2 touches of 3, bob 1 of 3.
    result = engine.attribute(sample_request)
    assert result["model"] == "linear"
    assert [c["share_exact"] for c in result["credits"]] == ["2/3", "1/3"]
    assert _credits(result) == {"alice": "66666.67", "bob": "33333.33"}


def test_policy_json_file_path(tmp_path: Path) -> None:
    file = tmp_path / "policy.json"
    file.write_text(json.dumps(_linear_policy()), encoding="utf-8")
    assert salesrules.Engine(file).fingerprint == salesrules.Engine(_linear_policy()).fingerprint


def test_missing_policy_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        salesrules.Engine(tmp_path / "nope.toml")
    with pytest.raises(FileNotFoundError):
        salesrules.Engine(str(tmp_path / "nope.toml"))


def test_invalid_policy_names_the_field() -> None:
    policy = salesrules.default_policy()
    policy["attribution"]["rules"][0]["weight"] = "1.5"
    with pytest.raises(salesrules.InvalidPolicy) as caught:
        salesrules.Engine(policy)
    assert caught.value.code == "invalid_policy"
    assert caught.value.path == "attribution.rules[0].weight"
    with pytest.raises(salesrules.InvalidPolicy):
        salesrules.Engine("this is = not [valid toml")


def test_policy_of_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        salesrules.Engine(42)  # type: ignore[arg-type]


def test_engine_pickles_by_policy(sample_request) -> None:
    engine = salesrules.Engine(_linear_policy())
    clone = pickle.loads(pickle.dumps(engine))
    assert isinstance(clone, salesrules.Engine)
    assert clone.fingerprint == engine.fingerprint
    assert clone.policy() == engine.policy()
    assert clone.attribute(sample_request) == engine.attribute(sample_request)


def test_engine_is_shared_across_threads(engine: salesrules.Engine, sample_request) -> None:
    expected = engine.attribute(sample_request)
    results: list[dict[str, Any]] = []

    def work() -> None:
        for _ in range(20):
            results.append(engine.attribute(sample_request))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 80 and all(r == expected for r in results)


def test_repr_names_the_fingerprint(engine: salesrules.Engine) -> None:
    assert engine.fingerprint in repr(engine)
    assert engine.fingerprint.startswith("sha256:")


def test_attribute_result_is_a_dict_with_html(engine: salesrules.Engine, sample_request) -> None:
    result = engine.attribute(sample_request)
    assert isinstance(result, dict) and isinstance(result, salesrules.AttributeResult)
    assert result == engine.call("attribute", sample_request)
    html = result._repr_html_()
    assert "<table>" in html and "alice" in html and "61538.46" in html and "8/13" in html
    sample_request["touches"][0]["rep"] = "<script>"
    assert "<script>" not in engine.attribute(sample_request)._repr_html_()
    assert pickle.loads(pickle.dumps(result)) == result


def test_silent_period_lock_shows_as_locked_and_still_sums(
    engine: salesrules.Engine, sample_request
) -> None:
    del sample_request["handovers"]
    result = engine.attribute(sample_request)
    assert [c["rep"] for c in result["credits"]] == ["alice"]
    assert [(l["rep"], l["amount"]) for l in result["locked"]] == [("bob", "38461.54")]
    assert result["locked"][0]["reason"]
    parts = [decimal.Decimal(c["amount"]) for c in result["credits"] + result["locked"]]
    assert sum(parts) + decimal.Decimal(result["unassigned"]["amount"]) == decimal.Decimal(
        "100000.00"
    )
