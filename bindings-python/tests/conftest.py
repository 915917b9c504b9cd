"""Shared fixtures: the repository root, the golden cases and a sample deal."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import salesrules

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = REPO_ROOT / "golden"

# SPEC section 4's example deal: alice 2 demos with the technical director, bob the CFO sign-off
# after a confirmed handover.
SAMPLE_REQUEST: dict[str, Any] = {
    "deal": {
        "id": "D-1",
        "customer_id": "C-9",
        "amount": "100000.00",
        "currency": "CNY",
        "closed_at": "2026-03-31T18:00:00+08:00",
    },
    "contacts": [{"id": "P1", "role": "technical_director"}, {"id": "P3", "role": "cfo"}],
    "touches": [
        {"rep": "alice", "contact": "P1", "kind": "demo", "at": "2026-01-10T10:00:00+08:00"},
        {"rep": "alice", "contact": "P1", "kind": "demo", "at": "2026-01-20T10:00:00+08:00"},
        {"rep": "bob", "contact": "P3", "kind": "signoff", "at": "2026-03-30T10:00:00+08:00"},
    ],
    # The confirmed handover keeps bob's share from being locked by the silent-period rule.
    "handovers": [
        {"from": "alice", "to": "bob", "at": "2026-02-20T09:00:00+08:00", "evidence": "doc-1"}
    ],
}


@pytest.fixture
def sample_request() -> dict[str, Any]:
    """A fresh copy of the sample request, safe to modify."""
    return copy.deepcopy(SAMPLE_REQUEST)


@pytest.fixture(scope="session")
def engine() -> salesrules.Engine:
    """An engine with the default policy."""
    return salesrules.Engine()
