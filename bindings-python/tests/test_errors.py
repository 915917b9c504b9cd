"""Exception classes: one per stable code, rooted at SalesrulesError(ValueError)."""

from __future__ import annotations

import pickle

import pytest

import salesrules
from salesrules._errors import error_class

EXPECTED = {
    "invalid_request": salesrules.InvalidRequest,
    "invalid_policy": salesrules.InvalidPolicy,
    "unknown_operation": salesrules.UnknownOperation,
    "limit_exceeded": salesrules.LimitExceeded,
    "calendar_data_missing": salesrules.CalendarDataMissing,
    "invalid_transition": salesrules.InvalidTransition,
    "arithmetic_overflow": salesrules.ArithmeticOverflow,
    "internal_error": salesrules.InternalError,
}


def test_every_core_code_has_its_own_class() -> None:
    assert set(salesrules.ERROR_CODES) == set(EXPECTED), "core error codes changed: map them"
    for code in salesrules.ERROR_CODES:
        cls = error_class(code)
        assert cls is EXPECTED[code]
        assert issubclass(cls, salesrules.SalesrulesError)
        assert issubclass(cls, ValueError)
        assert cls.__doc__ and code in cls.__doc__
    assert len(set(map(error_class, salesrules.ERROR_CODES))) == len(EXPECTED)


def test_an_unknown_future_code_still_raises_the_base_class() -> None:
    assert error_class("some_new_code") is salesrules.SalesrulesError


def test_unknown_operation(engine: salesrules.Engine) -> None:
    with pytest.raises(salesrules.UnknownOperation) as caught:
        engine.call("attribute_everything", {})
    assert caught.value.code == "unknown_operation"
    assert caught.value.path == ""
    assert "attribute" in caught.value.message


def test_limit_exceeded_from_a_policy_limit(sample_request) -> None:
    policy = salesrules.default_policy()
    policy["limits"]["max_touches_per_deal"] = 2
    with pytest.raises(salesrules.LimitExceeded) as caught:
        salesrules.Engine(policy).attribute(sample_request)
    assert caught.value.code == "limit_exceeded"
    assert caught.value.path == "touches"


def test_invalid_json_text_is_an_invalid_request(engine: salesrules.Engine) -> None:
    with pytest.raises(salesrules.InvalidRequest) as caught:
        engine.call("attribute", "{not json")
    assert caught.value.code == "invalid_request"


def test_error_fields_str_and_pickle(engine: salesrules.Engine, sample_request) -> None:
    sample_request["touches"][0]["kind"] = "carrier_pigeon"
    with pytest.raises(salesrules.SalesrulesError) as caught:
        engine.attribute(sample_request)
    error = caught.value
    assert type(error) is salesrules.InvalidRequest
    assert error.path == "touches[0].kind"
    assert str(error).startswith("invalid_request: touches[0].kind: ")
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is salesrules.InvalidRequest
    assert (clone.code, clone.path, clone.message) == (error.code, error.path, error.message)
