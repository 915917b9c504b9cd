"""The dict path converts in Rust (request objects → JSON text, typed responses → Python
objects). It must give exactly what the JSON-text path gives, and fail with the same paths."""

from __future__ import annotations

import datetime
import decimal
import json
from typing import Any

import pytest

import salesrules


def _via_json(engine: salesrules.Engine, op: str, request: Any) -> Any:
    text = engine.call_json(op, json.dumps(request, default=str))
    return json.loads(text, parse_float=decimal.Decimal)


def test_response_objects_equal_the_json_text_path(engine, sample_request) -> None:
    result = engine.attribute(sample_request)
    assert result == _via_json(engine, "attribute", sample_request)
    assert list(result) == list(_via_json(engine, "attribute", sample_request))  # key order
    assert type(result) is salesrules.AttributeResult
    assert all(type(c["amount"]) is str for c in result["credits"])


def test_policy_operation_falls_back_to_text(engine) -> None:
    assert engine.policy() == json.loads(engine.policy_json(), parse_float=decimal.Decimal)


def test_decimals_datetimes_tuples_and_sets_are_written(engine, sample_request) -> None:
    expected = engine.attribute(sample_request)
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    request = {
        **sample_request,
        "deal": {**sample_request["deal"], "amount": decimal.Decimal("1.0000000E+5")},
        "contacts": tuple(sample_request["contacts"]),
        "touches": [
            {**t, "at": datetime.datetime.fromisoformat(t["at"]).astimezone(shanghai)}
            for t in sample_request["touches"]
        ],
    }
    result = engine.attribute(request)
    assert result["credits"] == expected["credits"]
    # An empty set is an empty list.
    assert engine.attribute({**sample_request, "relations": set()})["credits"] == expected["credits"]


def test_unicode_and_escapes_round_trip(engine) -> None:
    text = 'Quote " backslash \\ tab \t 紧急 🚀 请尽快'
    assert engine.check_text({"text": text}) == _via_json(engine, "check_text", {"text": text})


def test_int_keys_are_written_like_json(engine) -> None:
    # json.dumps writes {1: ...} as {"1": ...}; the core then names the unknown field.
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.check_text({"text": "x", 1: "y"})
    assert caught.value.path == "1"


@pytest.mark.parametrize(
    "bad, path",
    [
        (lambda r: r["touches"][2].__setitem__("at", object()), "touches[2].at"),
        (lambda r: r["deal"].__setitem__("amount", float("inf")), "deal.amount"),
        (lambda r: r["deal"].__setitem__((1, 2), "x"), "deal"),
        (lambda r: r["contacts"][1].__setitem__("role", b"cfo"), "contacts[1].role"),
        (lambda r: r["touches"][0].__setitem__("rep", "\ud800"), "touches[0].rep"),
    ],
)
def test_unwritable_values_name_their_path(engine, sample_request, bad, path) -> None:
    bad(sample_request)
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute(sample_request)
    assert caught.value.path == path
    assert "use str, int, bool, None, Decimal, datetime, lists and dicts" in caught.value.message


def test_reference_cycle_is_an_error_not_a_crash(engine, sample_request) -> None:
    sample_request["deal"]["self"] = sample_request
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.attribute(sample_request)
    assert "nested too deeply" in caught.value.message


def test_non_dict_requests_reach_the_core(engine) -> None:
    for request in ([], True, 1.5, 42):
        with pytest.raises(salesrules.InvalidRequest) as caught:
            engine.call("check_text", request)
        assert caught.value.path == ""
    assert engine.call("check_text", b'{"text": "ok"}')["verdict"] == "ok"
