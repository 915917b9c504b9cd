"""Prove a bonus policy fair with Hypothesis: the example of docs/fairness.md, plus checks that
the Python checkers and the core's audit agree."""

import pytest

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

import salesrules  # noqa: E402
from salesrules import testing as fair  # noqa: E402

settings.register_profile(
    "fairness", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("fairness")

# --- docs/fairness.md, Python example (keep in sync) ---
OUR_POLICY = {"attribution": {"unmet_rules": "unassigned", "rules": [
    {"id": "demo_to_tech", "roles": ["technical_director", "cto"], "kinds": ["demo"], "min_count": 2, "weight": "0.6"},
    {"id": "cfo_signoff", "roles": ["cfo"], "kinds": ["signoff"], "min_count": 1, "weight": "0.4"}]}}
engine = salesrules.Engine(OUR_POLICY)

@given(fair.deal(OUR_POLICY), st.integers(0, 1))
def test_our_policy_pays_fairly(deal, rule):
    fair.exact_sums(engine, deal)
    fair.symmetry(engine, deal, "alice", "bob")
    fair.strong_monotonicity(engine, deal, "alice", rule)
    fair.null_player(engine, deal)
# --- end of example ---


DEFAULT = salesrules.Engine()


@settings(max_examples=40)
@given(fair.month(), st.integers(0, 2**32))
def test_every_deal_of_a_month_is_fair_under_the_default_policy(month, seed):
    for deal in month:
        # Strong monotonicity fails under `redistribute`, as documented.
        assert fair.check_all(DEFAULT, deal, seed, skip=["strong_monotonicity"]) == []


def test_strong_monotonicity_counterexample_under_redistribute():
    # SPEC 2A: alice's third procurement e-mail completes a second rule and lowers her share.
    def touch(rep, contact, kind, day):
        return {"rep": rep, "contact": contact, "kind": kind, "at": f"2026-03-{day:02d}T10:00:00+08:00"}

    deal = {
        "deal": {"id": "D", "amount": "90000.00", "currency": "CNY", "closed_at": fair.CLOSED_AT},
        "contacts": [{"id": "TD", "role": "technical_director"}, {"id": "PD", "role": "procurement_director"}],
        "touches": [touch("alice", "TD", "demo", 1), touch("alice", "TD", "demo", 2),
                    touch("bob", "PD", "email", 3), touch("bob", "PD", "email", 4)],
    }
    with pytest.raises(fair.FairnessViolation) as caught:
        fair.strong_monotonicity(DEFAULT, deal, "alice", 1)
    v = caught.value
    assert v.invariant == "strong_monotonicity"
    assert "lowered alice's share from 1/1 to 31/45" in v.text
    assert [c["share_exact"] for c in v.responses[1]["credits"]] == ["31/45", "14/45"]
    unassigned = salesrules.Engine({"attribution": {"unmet_rules": "unassigned"}})
    fair.strong_monotonicity(unassigned, deal, "alice", 1)


def _failing(report):
    return {line["invariant"]: line for line in report["invariants"] if line["verdict"] == "fails"}


@pytest.mark.parametrize(
    "policy, invariant",
    [
        (None, "strong_monotonicity"),
        ({"attribution": {"rules": [
            {"id": "deep_exchange", "roles": ["technical_director"], "kinds": ["demo"], "min_count": 1, "weight": "0.5"},
            {"id": "technical_buy_in", "roles": ["technical_director", "cto"], "kinds": ["demo", "meeting"], "min_count": 1, "weight": "0.5"}]}},
         "each_touch_counts_once"),
        ({"attribution": {"default_model": "time_decay", "time_decay_half_life": "1s"}}, "contributors_paid"),
        ({"handover": {"silent_period": "1h"}}, "locks_follow_silence"),
    ],
)
def test_the_audit_and_the_python_checkers_agree(policy, invariant):
    report = fair.audit(DEFAULT, policy, seed=0, budget=12)
    assert report == fair.audit(DEFAULT, policy, seed=0, budget=12)  # deterministic
    line = _failing(report)[invariant]
    cx = line["counterexample"]
    engine = salesrules.Engine(policy)
    check = getattr(fair, invariant)
    # The shrunk counterexample replays in Python: the same checker fails on it.
    with pytest.raises(fair.FairnessViolation) as caught:
        if invariant == "strong_monotonicity":
            added = cx["variant"]["touches"][-1]
            rules = engine.policy()["attribution"]["rules"]
            rule = next(i for i, r in enumerate(rules) if r["kinds"][0] == added["kind"])
            check(engine, cx["request"], added["rep"], rule)
        else:
            check(engine, cx["request"])
    assert caught.value.text == cx["text"]


def test_a_bad_policy_in_the_audit_names_its_path():
    with pytest.raises(salesrules.InvalidPolicy) as caught:
        DEFAULT.call("audit_policy_fairness", {"policy": {"handover": {"silent_period": "0d"}}})
    assert caught.value.path == "policy.handover.silent_period"
