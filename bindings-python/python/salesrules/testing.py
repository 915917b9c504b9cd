"""Fairness toolkit for your own test suite: Hypothesis strategies and invariant checkers.

Mirrors ``salesrules::fairness`` of the Rust core (see docs/fairness.md). The strategies build
plain ``attribute`` requests (dicts of the JSON contract) whose contact roles and touch kinds
come from *your* policy, biased towards the ones its rules count. The checkers call the engine
and raise :class:`FairnessViolation` — an ``AssertionError`` carrying the counterexample (the
request, the variant it was compared with, the responses and a sentence) — so Hypothesis
shrinks it to the smallest unfair deal.

>>> from hypothesis import given
>>> import salesrules
>>> from salesrules import testing as fair
>>> engine = salesrules.Engine()
>>> @given(fair.deal())
... def test_sums(deal):
...     fair.exact_sums(engine, deal)

The policy-level audit (the same in every binding) is
``engine.call("audit_policy_fairness", {"policy": ..., "seed": 0, "budget": 100})``.

Requires the ``hypothesis`` package for the strategies; the checkers need only salesrules.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from fractions import Fraction
from typing import Any, Mapping, Optional, Sequence, Union

import salesrules

__all__ = [
    "REPS",
    "CLOSED_AT",
    "INVARIANTS",
    "FairnessViolation",
    "contact",
    "touch",
    "handover",
    "deal",
    "month",
    "exact_sums",
    "no_negative_credit",
    "order_independence",
    "symmetry",
    "null_player",
    "monotonicity",
    "strong_monotonicity",
    "scaling",
    "additivity",
    "single_touch_gets_all",
    "locks_never_leak",
    "locks_follow_silence",
    "each_touch_counts_once",
    "contributors_paid",
    "check_all",
    "audit",
]

REPS: tuple[str, ...] = ("alice", "bob", "carol", "dave", "erin")
"""The reps of generated deals, in rep-id order (the same as the Rust generator)."""

_TZ = datetime.timezone(datetime.timedelta(hours=8))
_CLOSE = datetime.datetime(2026, 3, 31, 18, 0, 0, tzinfo=_TZ)
CLOSED_AT: str = _CLOSE.isoformat()
"""Close of every generated deal."""

_CURRENCIES = (("CNY", 2), ("JPY", 0), ("KWD", 3))
_DAY = 86_400
ADDITIVITY_TOLERANCE = 2
"""Minor units a split deal's totals may differ by (three roundings)."""
MIN_SILENCE_SECONDS = 7 * _DAY
"""Locks need a silence at least this long (7 days)."""

INVARIANTS: tuple[str, ...] = (
    "exact_sums",
    "no_negative_credit",
    "order_independence",
    "symmetry",
    "null_player",
    "monotonicity",
    "strong_monotonicity",
    "scaling",
    "additivity",
    "single_touch_gets_all",
    "locks_never_leak",
    "locks_follow_silence",
    "each_touch_counts_once",
    "contributors_paid",
)
"""Every invariant, in report order (the same names as the audit's)."""

PolicySource = Union[None, str, Mapping[str, Any], "salesrules.Engine"]


class FairnessViolation(AssertionError):
    """An invariant failed. ``invariant``, ``text``, ``request``, ``variant`` (or None) and
    ``responses`` describe the counterexample; ``str()`` is the sentence."""

    def __init__(
        self,
        invariant: str,
        text: str,
        request: Mapping[str, Any],
        variant: Optional[Mapping[str, Any]] = None,
        responses: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__(f"{invariant} fails: {text}")
        self.invariant = invariant
        self.text = text
        self.request = dict(request)
        self.variant = None if variant is None else dict(variant)
        self.responses = list(responses)

    def to_dict(self) -> dict[str, Any]:
        """The counterexample in the audit's JSON shape."""
        out: dict[str, Any] = {
            "invariant": self.invariant,
            "text": self.text,
            "request": self.request,
            "responses": self.responses,
        }
        if self.variant is not None:
            out["variant"] = self.variant
        return out


# ---------------------------------------------------------------------------------------------
# Policy helpers


def _policy(policy: PolicySource) -> dict[str, Any]:
    if isinstance(policy, salesrules.Engine):
        return policy.policy()
    return salesrules.Engine(policy).policy()


def _rule_roles_kinds(policy: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    rules = policy["attribution"]["rules"]
    roles = sorted({r for rule in rules for r in rule["roles"]})
    kinds = sorted({k for rule in rules for k in rule["kinds"]})
    return roles, kinds


def _at(before_close: int) -> str:
    return (_CLOSE - datetime.timedelta(seconds=before_close)).isoformat()


# ---------------------------------------------------------------------------------------------
# Hypothesis strategies


def _st():
    try:
        from hypothesis import strategies as st
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("salesrules.testing strategies need the 'hypothesis' package") from e
    return st


def _biased(st, counted: Sequence[str], every: Sequence[str]):
    every_s = st.sampled_from(list(every))
    if not counted:
        return every_s
    counted_s = st.sampled_from(list(counted))
    return st.one_of(counted_s, counted_s, counted_s, every_s)


def contact(policy: PolicySource = None):
    """A contact role of the policy, biased towards the roles its rules count."""
    st = _st()
    p = _policy(policy)
    roles, _ = _rule_roles_kinds(p)
    return _biased(st, roles, p["roles"])


def _before_close(st):
    return st.one_of(
        st.integers(0, 39).map(lambda d: d * _DAY),
        st.integers(0, 39).map(lambda d: d * _DAY),
        st.integers(40, 119).map(lambda d: d * _DAY),
        st.integers(1, 959).map(lambda h: h * 3_600),
        st.integers(1, 5).map(lambda h: -h * 3_600),
    )


def touch(policy: PolicySource = None, contacts: int = 1):
    """A touch on one of ``contacts`` contacts (``P0``…), kinds biased towards the counted ones."""
    st = _st()
    p = _policy(policy)
    _, kinds = _rule_roles_kinds(p)

    def build(rep, contact_index, kind, before, opportunity):
        t = {"rep": rep, "contact": f"P{contact_index}", "kind": kind, "at": _at(before)}
        if opportunity:
            t["stage"] = "opportunity"
        return t

    return st.builds(
        build,
        st.sampled_from(REPS),
        st.integers(0, max(contacts, 1) - 1),
        _biased(st, kinds, p["touch_kinds"]),
        _before_close(st),
        st.sampled_from((False, False, False, False, True)),
    )


def handover():
    """A handover confirmation between two different reps (some after close)."""
    st = _st()
    return (
        st.tuples(st.sampled_from(REPS), st.sampled_from(REPS), st.integers(-3, 39))
        .filter(lambda x: x[0] != x[1])
        .map(lambda x: {"from": x[0], "to": x[1], "at": _at(x[2] * _DAY), "evidence": "minutes-1"})
    )


def _amount(st):
    return st.one_of(
        st.integers(0, 9_999),
        st.just(1),
        st.integers(10_000, 99_999_999_999),
        st.integers(1_000_000_000_000, 9_999_999_999_999),
    )


def _format_minor(minor: int, units: int) -> str:
    if units == 0:
        return str(minor)
    scale = 10**units
    return f"{minor // scale}.{minor % scale:0{units}d}"


def deal(policy: PolicySource = None, model: Optional[str] = None, deal_id: str = "D-1"):
    """A whole ``attribute`` request for the policy: 1 to 4 contacts, up to 16 touches, up to 2
    handovers, explanations off (``model`` when given)."""
    st = _st()
    p = _policy(policy)

    @st.composite
    def build(draw):
        currency, units = draw(st.sampled_from(_CURRENCIES[:1] * 4 + _CURRENCIES[1:]))
        # A policy may redefine a currency's minor units: amounts follow the policy.
        units = p.get("currencies", {}).get(currency, units)
        roles = draw(st.lists(contact(p), min_size=1, max_size=4))
        touches = draw(st.lists(touch(p, len(roles)), max_size=16))
        handovers = draw(st.lists(handover(), max_size=2))
        request = {
            "deal": {
                "id": deal_id,
                "amount": _format_minor(draw(_amount(st)), units),
                "currency": currency,
                "closed_at": CLOSED_AT,
            },
            "contacts": [{"id": f"P{i}", "role": r} for i, r in enumerate(roles)],
            "touches": touches,
            "handovers": handovers,
            "explain": False,
        }
        if model is not None:
            request["model"] = model
        return request

    return build()


def month(policy: PolicySource = None, max_deals: int = 4, model: Optional[str] = None):
    """A month: 1 to ``max_deals`` deals (ids ``D-1``…) for the policy."""
    st = _st()
    p = _policy(policy)
    return st.integers(1, max(max_deals, 1)).flatmap(
        lambda n: st.tuples(*[deal(p, model, f"D-{i + 1}") for i in range(n)]).map(list)
    )


# ---------------------------------------------------------------------------------------------
# Response helpers


def _run(engine: "salesrules.Engine", invariant: str, request: Mapping[str, Any]) -> dict:
    try:
        return dict(engine.call("attribute", dict(request)))
    except salesrules.SalesrulesError as e:
        raise FairnessViolation(invariant, f"the engine refused the case: {e}", request) from e


def _units(resp: Mapping[str, Any]) -> int:
    amount = resp["amount"]
    return len(amount.split(".", 1)[1]) if "." in amount else 0


def _minor(resp: Mapping[str, Any], amount: str) -> int:
    return int(Decimal(amount).scaleb(_units(resp)))


def _fraction(s: str) -> Fraction:
    return Fraction(s.replace(" ", ""))


def _fmt(f: Fraction) -> str:
    """A fraction as the core prints it: always ``num/den``."""
    return f"{f.numerator}/{f.denominator}"


def _entitlement(resp: Mapping[str, Any], rep: str) -> Fraction:
    items = [c for c in resp["credits"] if c["rep"] == rep] + [
        l for l in resp["locked"] if l["rep"] == rep
    ]
    return sum((_fraction(x["share_exact"]) for x in items), Fraction(0))


def _rep_minor(resp: Mapping[str, Any], rep: str) -> tuple[int, int]:
    paid = sum(_minor(resp, c["amount"]) for c in resp["credits"] if c["rep"] == rep)
    held = sum(_minor(resp, l["amount"]) for l in resp["locked"] if l["rep"] == rep)
    return paid, held


def _reps(resp: Mapping[str, Any]) -> set[str]:
    return {c["rep"] for c in resp["credits"]} | {l["rep"] for l in resp["locked"]}


def _time(s: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


def _considered(request: Mapping[str, Any]) -> list[dict]:
    close = _time(request["deal"]["closed_at"])
    return [t for t in request.get("touches", []) if _time(t["at"]) <= close]


def _model(engine: "salesrules.Engine", request: Mapping[str, Any]) -> str:
    return request.get("model") or engine.policy()["attribution"]["default_model"]


def _rule_view(engine, request) -> tuple[list[tuple[int, list[int]]], list[bool], list[int]]:
    roles = {c["id"]: c["role"] for c in request.get("contacts", [])}
    rules = engine.policy()["attribution"]["rules"]
    counts = [0] * len(rules)
    close = _time(request["deal"]["closed_at"])
    per_touch = []
    for i, t in enumerate(request.get("touches", [])):
        if _time(t["at"]) > close:
            continue
        role = roles.get(t["contact"], "")
        hits = [j for j, r in enumerate(rules) if role in r["roles"] and t["kind"] in r["kinds"]]
        for j in hits:
            counts[j] += 1
        per_touch.append((i, hits))
    met = [c >= r["min_count"] for c, r in zip(counts, rules)]
    return per_touch, met, counts


def _copy(request: Mapping[str, Any]) -> dict:
    import copy

    return copy.deepcopy(dict(request))


# ---------------------------------------------------------------------------------------------
# Checkers (the same claims as salesrules::fairness::checks)


def exact_sums(engine, request) -> None:
    """Credits + locked + unassigned equal the deal amount, to the minor unit."""
    resp = _run(engine, "exact_sums", request)
    parts = [c["amount"] for c in resp["credits"]] + [l["amount"] for l in resp["locked"]]
    total = sum(_minor(resp, a) for a in parts) + _minor(resp, resp["unassigned"]["amount"])
    whole = _minor(resp, resp["amount"])
    if total != whole:
        raise FairnessViolation(
            "exact_sums",
            f"credits + locked + unassigned come to {total} minor units, but the deal is "
            f"{whole} ({resp['amount']} {resp['currency']})",
            request,
            responses=[resp],
        )


def no_negative_credit(engine, request) -> None:
    """No credit, lock or unassigned amount or share is negative."""
    resp = _run(engine, "no_negative_credit", request)
    for item in resp["credits"] + resp["locked"]:
        for key in ("amount", "share_exact"):
            if item[key].lstrip().startswith("-"):
                raise FairnessViolation(
                    "no_negative_credit",
                    f"{item['rep']} is given a negative amount or share ({item[key]})",
                    request,
                    responses=[resp],
                )
    if resp["unassigned"]["amount"].lstrip().startswith("-"):
        raise FairnessViolation(
            "no_negative_credit", "the unassigned amount is negative", request, responses=[resp]
        )


def order_independence(engine, request, seed: int = 0) -> None:
    """The same touches, contacts and handovers in another order give the identical result."""
    rng = random.Random(seed)
    variant = _copy(request)
    for key in ("touches", "contacts", "handovers"):
        if key in variant:
            rng.shuffle(variant[key])
    a = _run(engine, "order_independence", request)
    b = _run(engine, "order_independence", variant)
    if a != b:
        raise FairnessViolation(
            "order_independence",
            "the same deal with its touches, contacts and handovers in another order gives a "
            "different result",
            request,
            variant,
            [a, b],
        )


def mirror_rep(request, a: str, b: str) -> dict:
    """The request with rep ``b``'s history replaced by a copy of rep ``a``'s."""
    v = _copy(request)
    touches = [t for t in v.get("touches", []) if t["rep"] != b]
    touches += [dict(t, rep=b) for t in touches if t["rep"] == a]
    v["touches"] = touches
    handovers = [h for h in v.get("handovers", []) if h["from"] != b and h["to"] != b]
    copies = []
    for h in handovers:
        if h["from"] == a or h["to"] == a:
            c = dict(h, **{"from": b if h["from"] == a else h["from"], "to": b if h["to"] == a else h["to"]})
            if c["from"] != c["to"]:
                copies.append(c)
    v["handovers"] = handovers + copies
    return v


def symmetry(engine, request, a: str = "alice", b: str = "bob") -> None:
    """Rep ``b`` given exactly rep ``a``'s touches and handovers gets equal shares (paid and
    locked) and amounts within one minor unit."""
    if a == b:
        return
    variant = mirror_rep(request, a, b)
    resp = _run(engine, "symmetry", variant)
    for key, what in (("credits", "paid"), ("locked", "locked")):
        sa = sum((_fraction(x["share_exact"]) for x in resp[key] if x["rep"] == a), Fraction(0))
        sb = sum((_fraction(x["share_exact"]) for x in resp[key] if x["rep"] == b), Fraction(0))
        if sa != sb:
            raise FairnessViolation(
                "symmetry",
                f"{b} was given exactly {a}'s touches and handovers, yet their {what} shares "
                f"differ: {a} {_fmt(sa)}, {b} {_fmt(sb)}",
                request,
                variant,
                [resp],
            )
    ma, mb = _rep_minor(resp, a), _rep_minor(resp, b)
    if abs(ma[0] - mb[0]) > 1 or abs(ma[1] - mb[1]) > 1:
        raise FairnessViolation(
            "symmetry",
            f"{b} was given exactly {a}'s touches, yet their amounts differ by more than one "
            f"minor unit: paid {ma[0]} vs {mb[0]}, locked {ma[1]} vs {mb[1]}",
            request,
            variant,
            [resp],
        )


def null_player(engine, request) -> None:
    """(role_weighted) When a rule is met, a rep with no touch on a met rule gets nothing."""
    if _model(engine, request) != "role_weighted":
        return
    per_touch, met, _ = _rule_view(engine, request)
    if not any(met):
        return
    touches = request.get("touches", [])
    contributes: dict[str, bool] = {}
    for i, hits in per_touch:
        rep = touches[i]["rep"]
        contributes[rep] = contributes.get(rep, False) or any(met[j] for j in hits)
    resp = _run(engine, "null_player", request)
    for rep in sorted(_reps(resp)):
        if contributes.get(rep, False):
            continue
        share = _entitlement(resp, rep)
        if share != 0:
            raise FairnessViolation(
                "null_player",
                f"{rep} made no touch that counts for a met rule, yet is given a share of {_fmt(share)}",
                request,
                responses=[resp],
            )


def _one_hour_before_close(request) -> str:
    return (_time(request["deal"]["closed_at"]) - datetime.timedelta(hours=1)).isoformat()


def with_rule_touch(engine, request, rep: str, rule: int) -> Optional[dict]:
    """The request plus a touch by ``rep`` that qualifies for rule ``rule``, one hour before close."""
    rules = engine.policy()["attribution"]["rules"]
    if not 0 <= rule < len(rules):
        return None
    r = rules[rule]
    v = _copy(request)
    v.setdefault("contacts", [])
    found = [c for c in v["contacts"] if c["role"] in r["roles"]]
    if found:
        contact_id = found[0]["id"]
    else:
        contact_id = f"P{len(v['contacts'])}"
        v["contacts"].append({"id": contact_id, "role": r["roles"][0]})
    v.setdefault("touches", []).append(
        {"rep": rep, "contact": contact_id, "kind": r["kinds"][0], "at": _one_hour_before_close(request)}
    )
    return v


def _compare_entitlement(engine, invariant, request, variant, rep, what) -> None:
    before = _run(engine, invariant, request)
    after = _run(engine, invariant, variant)
    b, a = _entitlement(before, rep), _entitlement(after, rep)
    if a < b:
        raise FairnessViolation(
            invariant, f"{what} lowered {rep}'s share from {_fmt(b)} to {_fmt(a)}", request, variant, [before, after]
        )


def monotonicity(engine, request, rep: str = "alice", rule: int = 0) -> None:
    """One more touch never lowers the toucher's share: for role_weighted a touch on rule
    ``rule``, which must already be met; for linear and time_decay any touch."""
    model = _model(engine, request)
    if model == "role_weighted":
        _, met, _ = _rule_view(engine, request)
        if not (0 <= rule < len(met) and met[rule]):
            return
        variant = with_rule_touch(engine, request, rep, rule)
    elif model in ("linear", "time_decay"):
        variant = with_rule_touch(engine, request, rep, rule)
        if variant is None and request.get("contacts"):
            variant = _copy(request)
            variant.setdefault("touches", []).append(
                {
                    "rep": rep,
                    "contact": request["contacts"][0]["id"],
                    "kind": engine.policy()["touch_kinds"][0],
                    "at": _one_hour_before_close(request),
                }
            )
    else:
        return
    if variant is not None:
        if model == "role_weighted":
            what = f"one more touch by {rep} on rule #{rule}, already met,"
        else:
            what = f"one more touch by {rep}"
        _compare_entitlement(engine, "monotonicity", request, variant, rep, what)


def strong_monotonicity(engine, request, rep: str = "alice", rule: int = 0) -> None:
    """(role_weighted) When some rule is met, one more touch that counts for rule ``rule`` —
    met or not — never lowers the toucher's share. Fails under ``redistribute``."""
    if _model(engine, request) != "role_weighted":
        return
    _, met, _ = _rule_view(engine, request)
    if not any(met):
        return
    variant = with_rule_touch(engine, request, rep, rule)
    if variant is None:
        return
    rule_id = engine.policy()["attribution"]["rules"][rule]["id"]
    what = f"one more touch by {rep} that counts for rule {rule_id}"
    _compare_entitlement(engine, "strong_monotonicity", request, variant, rep, what)


def _with_minor(request, resp, minor: int) -> dict:
    v = _copy(request)
    v["deal"]["amount"] = _format_minor(minor, _units(resp))
    return v


def scaling(engine, request, k: int = 7) -> None:
    """A ``k`` times larger deal keeps every share and multiplies every amount by ``k``."""
    a = _run(engine, "scaling", request)
    whole = _minor(a, a["amount"])
    if whole * k > 9_999_999_999_999_999_999:
        return
    scaled = _with_minor(request, a, whole * k)
    b = _run(engine, "scaling", scaled)

    def shares(r):
        out = [(c["rep"], c["share_exact"]) for c in r["credits"]]
        out += [(f"{l['rep']} (locked)", l["share_exact"]) for l in r["locked"]]
        return out + [("unassigned", r["unassigned"]["share_exact"])]

    if shares(a) != shares(b):
        raise FairnessViolation(
            "scaling",
            f"multiplying the amount by {k} changed the shares: {shares(a)} became {shares(b)}",
            request,
            scaled,
            [a, b],
        )
    for rep in sorted(_reps(a) | _reps(b)):
        x, y = _rep_minor(a, rep), _rep_minor(b, rep)
        if abs(x[0] * k - y[0]) > k or abs(x[1] * k - y[1]) > k:
            raise FairnessViolation(
                "scaling",
                f"multiplying the amount by {k} took {rep} from {x[0]} (+{x[1]} locked) to "
                f"{y[0]} (+{y[1]} locked) minor units, not about {k} times as much",
                request,
                scaled,
                [a, b],
            )


def additivity(engine, request, first: Optional[int] = None) -> None:
    """Splitting the amount into ``first`` minor units and the rest pays every rep the same
    total within :data:`ADDITIVITY_TOLERANCE` minor units (default split: a third)."""
    whole = _run(engine, "additivity", request)
    total = _minor(whole, whole["amount"])
    first = total // 3 if first is None else min(max(first, 0), total)
    p = _with_minor(request, whole, first)
    q = _with_minor(request, whole, total - first)
    a, b = _run(engine, "additivity", p), _run(engine, "additivity", q)
    for rep in sorted(_reps(whole) | _reps(a) | _reps(b)):
        w, x, y = _rep_minor(whole, rep), _rep_minor(a, rep), _rep_minor(b, rep)
        if abs(w[0] - x[0] - y[0]) > ADDITIVITY_TOLERANCE or abs(w[1] - x[1] - y[1]) > ADDITIVITY_TOLERANCE:
            raise FairnessViolation(
                "additivity",
                f"split into two deals of {first} and {total - first} minor units, {rep} is paid "
                f"{x[0]} + {y[0]} (locked {x[1]} + {y[1]}), but {w[0]} (locked {w[1]}) on the "
                "whole deal",
                request,
                p,
                [whole, a, b],
            )


def single_touch(request) -> Optional[dict]:
    """The request with only its earliest touch at or before close (later ones kept)."""
    considered = _considered(request)
    if not considered:
        return None
    first = min(considered, key=lambda t: (_time(t["at"]), t["rep"], t["contact"]))
    v = _copy(request)
    close = _time(request["deal"]["closed_at"])
    v["touches"] = [t for t in v.get("touches", []) if _time(t["at"]) > close] + [dict(first)]
    return v


def single_touch_gets_all(engine, request) -> None:
    """A deal with exactly one touch gives that rep the whole amount (paid or locked)."""
    v = single_touch(request)
    if v is None:
        return
    rep = _considered(v)[0]["rep"]
    resp = _run(engine, "single_touch_gets_all", v)
    paid, held = _rep_minor(resp, rep)
    whole = _minor(resp, resp["amount"])
    if paid + held != whole:
        raise FairnessViolation(
            "single_touch_gets_all",
            f"{rep} made the deal's only touch, yet gets {paid + held} of {whole} minor units "
            f"({resp['unassigned']['amount']} unassigned)",
            v,
            responses=[resp],
        )


def _lock_steps(resp) -> list[tuple[str, str, str]]:
    return [
        (s["rep"], s["previous_rep"], s["outcome"])
        for s in resp.get("explanation", [])
        if s.get("step") == "lock"
    ]


def locks_never_leak(engine, request) -> None:
    """A valid handover to a locked rep pays them exactly what was held back (or taken from
    the previous rep); nobody else gains and ``unassigned`` does not move."""
    req = dict(_copy(request), explain=True)
    before = _run(engine, "locks_never_leak", req)
    locks = [x for x in _lock_steps(before) if x[2] in ("locked", "given_to_previous_rep")]
    if not locks:
        return
    rep, previous, _ = locks[0]
    variant = _copy(req)
    at = (_time(request["deal"]["closed_at"]) - datetime.timedelta(days=1)).isoformat()
    variant.setdefault("handovers", []).append(
        {"from": previous, "to": rep, "at": at, "evidence": "minutes-release"}
    )
    after = _run(engine, "locks_never_leak", variant)
    b_rep, a_rep = _rep_minor(before, rep), _rep_minor(after, rep)
    others_lost = 0
    for other in sorted((_reps(before) | _reps(after)) - {rep}):
        b, a = _rep_minor(before, other), _rep_minor(after, other)
        if a[0] > b[0] or a[1] > b[1]:
            raise FairnessViolation(
                "locks_never_leak",
                f"releasing {rep}'s lock by a handover from {previous} raised {other}'s amount "
                f"from {b[0]} (+{b[1]} locked) to {a[0]} (+{a[1]} locked)",
                req,
                variant,
                [before, after],
            )
        others_lost += (b[0] + b[1]) - (a[0] + a[1])
    un_b = _minor(before, before["unassigned"]["amount"])
    un_a = _minor(after, after["unassigned"]["amount"])
    if a_rep[1] != 0 or un_b != un_a or a_rep[0] != b_rep[0] + b_rep[1] + others_lost:
        raise FairnessViolation(
            "locks_never_leak",
            f"releasing {rep}'s lock by a handover from {previous} did not move exactly the "
            f"held-back money: paid {b_rep[0]} → {a_rep[0]}, locked {b_rep[1]} → {a_rep[1]}, "
            f"others lost {others_lost}",
            req,
            variant,
            [before, after],
        )


def locks_follow_silence(engine, request) -> None:
    """Nobody is locked unless the customer was silent for 7 days before they joined."""
    req = dict(_copy(request), explain=True)
    resp = _run(engine, "locks_follow_silence", req)
    considered = _considered(request)
    times = sorted(_time(t["at"]).timestamp() for t in considered)
    for rep, previous, outcome in _lock_steps(resp):
        if outcome not in ("locked", "given_to_previous_rep"):
            continue
        firsts = [_time(t["at"]).timestamp() for t in considered if t["rep"] == rep]
        if not firsts:
            continue
        first = min(firsts)
        gaps = [b - a for a, b in zip(times, times[1:]) if b <= first]
        longest = int(max(gaps, default=0))
        if longest < MIN_SILENCE_SECONDS:
            what = "locked" if outcome == "locked" else "stripped of their share"
            raise FairnessViolation(
                "locks_follow_silence",
                f"{rep} is {what} although the customer never went {MIN_SILENCE_SECONDS // _DAY} "
                f"days without a touch before {rep}'s first one (longest quiet spell: "
                f"{longest // 3600} hours); {previous} is the \"previous rep\"",
                req,
                responses=[resp],
            )


def each_touch_counts_once(engine, request) -> None:
    """(role_weighted) When two reps work the met rules, no touch counts for two met rules."""
    if _model(engine, request) != "role_weighted":
        return
    per_touch, met, _ = _rule_view(engine, request)
    touches = request.get("touches", [])
    paid = {touches[i]["rep"] for i, hits in per_touch if any(met[j] for j in hits)}
    if len(paid) < 2:
        return
    rules = engine.policy()["attribution"]["rules"]
    for i, hits in per_touch:
        ids = [rules[j]["id"] for j in hits if met[j]]
        if len(ids) > 1:
            req = dict(_copy(request), explain=True)
            resp = _run(engine, "each_touch_counts_once", req)
            t = touches[i]
            raise FairnessViolation(
                "each_touch_counts_once",
                f"touch #{i} ({t['rep']} with {t['contact']}: {t['kind']}) counts for {len(ids)} "
                f"met rules at once ({', '.join(ids)}), so it is paid {len(ids)} times",
                req,
                responses=[resp],
            )


def contributors_paid(engine, request) -> None:
    """(linear, time_decay) Every rep with a touch at or before close gets a positive share."""
    if _model(engine, request) not in ("linear", "time_decay"):
        return
    reps = sorted({t["rep"] for t in _considered(request)})
    if not reps:
        return
    resp = _run(engine, "contributors_paid", request)
    for rep in reps:
        if _entitlement(resp, rep) == 0:
            raise FairnessViolation(
                "contributors_paid",
                f"{rep} touched the customer before close, yet is given nothing (the shares went "
                f"to {', '.join(sorted(_reps(resp)))})",
                request,
                responses=[resp],
            )


_POSITIONAL = ("first_touch", "last_touch", "u_shaped", "w_shaped")


def _applies(invariant: str, model: str) -> bool:
    if invariant in ("symmetry", "monotonicity"):
        return model not in _POSITIONAL
    if invariant in ("null_player", "strong_monotonicity", "each_touch_counts_once"):
        return model == "role_weighted"
    if invariant == "contributors_paid":
        return model in ("linear", "time_decay")
    return True


def check_all(engine, request, seed: int = 0, skip: Sequence[str] = ()) -> list[FairnessViolation]:
    """Every applicable invariant (except ``skip``) on one request; the violations found."""
    rng = random.Random(seed)
    a = REPS[rng.randrange(3)]
    b = REPS[(REPS.index(a) + 1 + rng.randrange(len(REPS) - 1)) % len(REPS)]
    rule = rng.randrange(max(len(engine.policy()["attribution"]["rules"]), 1))
    model = _model(engine, request)
    calls = {
        "exact_sums": lambda: exact_sums(engine, request),
        "no_negative_credit": lambda: no_negative_credit(engine, request),
        "order_independence": lambda: order_independence(engine, request, seed),
        "symmetry": lambda: symmetry(engine, request, a, b),
        "null_player": lambda: null_player(engine, request),
        "monotonicity": lambda: monotonicity(engine, request, a, rule),
        "strong_monotonicity": lambda: strong_monotonicity(engine, request, a, rule),
        "scaling": lambda: scaling(engine, request, 2 + rng.randrange(998)),
        "additivity": lambda: additivity(engine, request),
        "single_touch_gets_all": lambda: single_touch_gets_all(engine, request),
        "locks_never_leak": lambda: locks_never_leak(engine, request),
        "locks_follow_silence": lambda: locks_follow_silence(engine, request),
        "each_touch_counts_once": lambda: each_touch_counts_once(engine, request),
        "contributors_paid": lambda: contributors_paid(engine, request),
    }
    found = []
    for name in INVARIANTS:
        if name in skip or not _applies(name, model):
            continue
        try:
            calls[name]()
        except FairnessViolation as v:
            found.append(v)
    return found


def audit(engine, policy: PolicySource = None, model: Optional[str] = None, seed: int = 0, budget: Optional[int] = None) -> dict:
    """Run ``audit_policy_fairness`` (the core's audit, identical in every binding)."""
    request: dict[str, Any] = {"seed": seed}
    if policy is not None:
        request["policy"] = _policy(policy)
    if model is not None:
        request["model"] = model
    if budget is not None:
        request["budget"] = budget
    return engine.call("audit_policy_fairness", request)
