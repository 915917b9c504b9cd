"""Every golden vector of the repository, run through the Python binding.

Cases are found at collection time, so vectors added by anyone are run without editing this file.
"""

from __future__ import annotations

import decimal
import json
from pathlib import Path
from typing import Any

import pytest

import salesrules
from salesrules._errors import error_class

from conftest import GOLDEN_DIR

CASES = sorted(GOLDEN_DIR.rglob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return case


def _as_value(value: Any) -> Any:
    """A response as a JSON value, numbers exact (the binding reads non-integers as Decimal)."""
    return json.loads(json.dumps(value, default=str), parse_float=decimal.Decimal)


def test_golden_vectors_exist() -> None:
    assert GOLDEN_DIR.is_dir(), f"no golden folder at {GOLDEN_DIR}"
    assert len(CASES) >= 3, f"expected golden cases under {GOLDEN_DIR}, found {len(CASES)}"


@pytest.mark.parametrize(
    "path", CASES, ids=[str(p.relative_to(GOLDEN_DIR)) for p in CASES]
)
@pytest.mark.parametrize("form", ["dict", "json_text"])
def test_golden_vector(path: Path, form: str) -> None:
    case = _load(path)
    expect = case["expect"]

    def run() -> dict[str, Any]:
        engine = salesrules.Engine(case.get("policy"))
        if form == "dict":
            return engine.call(case["op"], case["request"])
        text = engine.call_json(case["op"], json.dumps(case["request"]))
        value: dict[str, Any] = json.loads(text, parse_float=decimal.Decimal)
        return value

    if "error" in expect:
        wanted = expect["error"]
        with pytest.raises(salesrules.SalesrulesError) as caught:
            run()
        error = caught.value
        assert error.code == wanted["code"], str(error)
        assert error.path == wanted.get("path", ""), str(error)
        assert type(error) is error_class(wanted["code"])
        assert type(error) is not salesrules.SalesrulesError
        assert isinstance(error, ValueError)
        assert error.message
    else:
        assert set(expect) == {"response"}, f"unknown expectation in {path}"
        assert _as_value(run()) == _as_value(expect["response"])
