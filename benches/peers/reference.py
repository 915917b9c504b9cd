"""Plain-Python references and peer adapters of the comparison (used by peers.py).

- `role_weighted`: SPEC 2A's default model, small and obvious: integer counts, exact integer
  weights, amounts in minor units (parsed with `Decimal`), largest remainder with ties to the
  lower rep id.
- `ZEN_DECISION`: the role-weight rules as a zen-engine decision table.
- `DEADLINE_PATTERNS`: Python `re` patterns for the deadline forms of the text corpus.
- `lead_breaker_transitions`: the lead response breaker as a `transitions` state machine.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

# (id, role, kind, min_count, weight in hundredths): the default policy's rules (SPEC 2A).
RULES = (
    ("technical_director_demos", "technical_director", "demo", 2, 40),
    ("procurement_director_emails", "procurement_director", "email", 3, 35),
    ("cfo_signoff", "cfo", "signoff", 1, 25),
)


@dataclass
class Deal:
    deal_id: str
    amount_minor: int
    closed_at: int
    touches: list = field(default_factory=list)  # (rep, role, kind, at), in time order


def deals_from_columns(deals: dict, touches: dict) -> list[Deal]:
    out = {}
    for d, amount, closed in zip(deals["deal_id"], deals["amount"], deals["closed_at"]):
        out[d] = Deal(d, int(Decimal(amount) * 100), closed)
    for d, rep, role, kind, at in zip(touches["deal_id"], touches["rep"], touches["role"],
                                      touches["kind"], touches["at"]):
        out[d].touches.append((rep, role, kind, at))
    return list(out.values())


def largest_remainder(total: int, weights: dict) -> dict:
    """Split `total` minor units in proportion to integer `weights` (rep → weight > 0):
    floors first, then one unit each to the largest remainders, ties to the lower rep id."""
    reps = sorted(weights)
    s = sum(weights.values())
    parts = {r: total * weights[r] // s for r in reps}
    left = total - sum(parts.values())
    order = sorted(reps, key=lambda r: (-(total * weights[r] % s), r))
    for r in order[:left]:
        parts[r] += 1
    return parts


RULE_OF = {(rule[1], rule[2]): i for i, rule in enumerate(RULES)}


def rule_counts(deal: Deal):
    """Per rule: {rep: qualifying touches}, and each rep's touch count (touches at or before
    close only)."""
    counts = [{} for _ in RULES]
    touches = {}
    closed = deal.closed_at
    for rep, role, kind, at in deal.touches:
        if at > closed:
            continue
        touches[rep] = touches.get(rep, 0) + 1
        i = RULE_OF.get((role, kind))
        if i is not None:
            c = counts[i]
            c[rep] = c.get(rep, 0) + 1
    return counts, touches


def split(deal: Deal, counts, touches, met) -> dict:
    """The deal's split given the met rules (indices): met rules share the whole deal in
    proportion to their weights (unmet weight redistributed), each among its reps by count;
    no rule met → linear fallback by touch count."""
    if not met:
        weights = touches
    else:
        totals = [sum(counts[i].values()) for i in met]
        lcm = math.lcm(*totals)
        weights = {}
        for i, total in zip(met, totals):
            w = RULES[i][4] * (lcm // total)
            for rep, c in counts[i].items():
                weights[rep] = weights.get(rep, 0) + w * c
    if not weights:
        return {"": deal.amount_minor}
    return largest_remainder(deal.amount_minor, weights)


def role_weighted(deal: Deal) -> dict:
    counts, touches = rule_counts(deal)
    met = [i for i, rule in enumerate(RULES) if sum(counts[i].values()) >= rule[3]]
    return split(deal, counts, touches, met)


def role_weighted_all(deals: list[Deal]) -> dict:
    return {d.deal_id: role_weighted(d) for d in deals}


def met_rule_weights(deals: list[Deal]) -> dict:
    out = {}
    for d in deals:
        counts, _ = rule_counts(d)
        out[d.deal_id] = tuple(sorted((rule[0], rule[4]) for i, rule in enumerate(RULES)
                                      if sum(counts[i].values()) >= rule[3]))
    return out


# The role weights as a zen-engine (JDM) decision table: one row per rule, hit policy
# `collect`, conditions on the deal's qualifying-touch totals; the rep's own counts ride along
# in the context (`rep.*`) so each (deal, rep) evaluation sees its own line.
ZEN_DECISION = {
    "nodes": [
        {"id": "in", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
        {"id": "table", "type": "decisionTableNode", "name": "role_weights",
         "position": {"x": 300, "y": 0},
         "content": {
             "hitPolicy": "collect",
             "inputs": [{"id": f"i{k}", "name": rule[0], "field": f"deal.{rule[0]}"}
                        for k, rule in enumerate(RULES)],
             "outputs": [{"id": "o_rule", "name": "rule", "field": "rule"},
                         {"id": "o_weight", "name": "weight", "field": "weight"}],
             "rules": [
                 {"_id": f"r{k}", **{f"i{j}": (f">= {rule[3]}" if j == k else "")
                                     for j in range(len(RULES))},
                  "o_rule": f'"{rule[0]}"', "o_weight": f"{rule[4] / 100:.2f}"}
                 for k, rule in enumerate(RULES)],
         }},
        {"id": "out", "type": "outputNode", "name": "response", "position": {"x": 600, "y": 0}},
    ],
    "edges": [{"id": "e1", "sourceId": "in", "targetId": "table", "type": "edge"},
              {"id": "e2", "sourceId": "table", "targetId": "out", "type": "edge"}],
}


def role_weighted_zen(engine, deals: list[Deal]):
    """Role-weighted attribution with the rule weights from zen-engine: one `evaluate` per
    (deal, rep), then the same exact split as the reference."""
    splits, weights_seen, evals = {}, {}, 0
    for d in deals:
        counts, touches = rule_counts(d)
        totals = {rule[0]: sum(counts[i].values()) for i, rule in enumerate(RULES)}
        met_by_rep = None
        for rep in sorted(touches):
            ctx = {"deal": totals,
                   "rep": {"id": rep, **{rule[0]: counts[i].get(rep, 0)
                                         for i, rule in enumerate(RULES)}}}
            result = engine.evaluate("role_weights", ctx)["result"]
            evals += 1
            rows = result if isinstance(result, list) else [result]
            met = tuple(sorted((r["rule"], round(float(r["weight"]) * 100))
                               for r in rows if r))
            if met_by_rep is None:
                met_by_rep = met
            elif met != met_by_rep:
                raise AssertionError(f"{d.deal_id}: zen weights differ between reps")
        met = met_by_rep or ()
        weights_seen[d.deal_id] = met
        index = {rule[0]: i for i, rule in enumerate(RULES)}
        # The table's weights drive the split (not the constants above).
        met_idx = [index[name] for name, _ in met]
        table_weights = dict(met)
        splits[d.deal_id] = split_with_weights(d, counts, touches, met_idx, table_weights)
    return splits, evals, weights_seen


def split_with_weights(deal, counts, touches, met, table_weights) -> dict:
    if not met:
        return largest_remainder(deal.amount_minor, touches) if touches else {"": deal.amount_minor}
    totals = [sum(counts[i].values()) for i in met]
    lcm = math.lcm(*totals)
    weights = {}
    for i, total in zip(met, totals):
        w = table_weights[RULES[i][0]] * (lcm // total)
        for rep, c in counts[i].items():
            weights[rep] = weights.get(rep, 0) + w * c
    return largest_remainder(deal.amount_minor, weights)


# --- text ------------------------------------------------------------------------------------

def default_vague_terms(engine) -> list[str]:
    import json
    policy = json.loads(engine.policy_json())
    sem = policy.get("semantic")
    if sem is None:
        import salesrules
        sem = salesrules.default_policy()["semantic"]
    return [unicodedata.normalize("NFKC", t) for c in sem["vague"] for t in c["terms"]]


def ascii_lower(text: str) -> str:
    """ASCII-only lower case, as the engine's case-insensitive matching (CJK unchanged)."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}

_CN_NUM = "〇零一二两三四五六七八九十"
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December")
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
DEADLINE_PATTERNS = [
    re.compile(rf"(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})月(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})[日号](?:前|之前)?"),
    re.compile(r"周[一二三四五六日天](?:下班前|前|之前)"),
    re.compile(rf"\bby (?:{_MONTHS}) \d{{1,2}}\b"),
    re.compile(rf"\bnext (?:{_DAYS})\b"),
]


def regex_deadlines(text: str) -> int:
    return sum(len(p.findall(text)) for p in DEADLINE_PATTERNS)


# --- lead breaker ----------------------------------------------------------------------------

REMIND_AFTER = 4 * 3600
REASSIGN_AFTER = 24 * 3600


@dataclass
class LeadRow:
    lead_id: str
    owner: str
    backup: str
    supervisor: str
    assigned_at: int
    events: list = field(default_factory=list)  # (kind, at, rep) in time order


def leads_from_columns(leads: dict, events: dict) -> list[LeadRow]:
    out = {}
    for row in zip(leads["lead_id"], leads["owner"], leads["backup"], leads["supervisor"],
                   leads["assigned_at"]):
        out[row[0]] = LeadRow(*row)
    for lead_id, kind, at, rep in zip(events["lead_id"], events["kind"], events["at"],
                                      events["rep"]):
        out[lead_id].events.append((kind, at, rep))
    return list(out.values())


def lead_machine():
    from transitions import Machine

    # One owner cycle: `waiting` (no event yet), `contacted` (first contact, no status update),
    # `updated` (status update, no first contact), `met` (both). `reassign` starts a new cycle
    # for the next owner with both timers running again.
    states = ["waiting", "contacted", "updated", "met"]
    transitions = [
        {"trigger": "first_contact", "source": "waiting", "dest": "contacted",
         "before": "note_contact"},
        {"trigger": "first_contact", "source": "updated", "dest": "met",
         "before": "note_contact"},
        {"trigger": "first_contact", "source": ["contacted", "met"], "dest": None},
        {"trigger": "status_update", "source": "waiting", "dest": "updated"},
        {"trigger": "status_update", "source": "contacted", "dest": "met"},
        {"trigger": "status_update", "source": ["updated", "met"], "dest": None},
        {"trigger": "reassign", "source": states, "dest": "waiting", "before": "hand_on"},
    ]
    return Machine(model=None, states=states, transitions=transitions, initial="waiting",
                   auto_transitions=False)


class LeadModel:
    """The model object `transitions` drives: one lead's current owner cycle."""

    def __init__(self, lead: LeadRow, actions: list):
        self.lead = lead
        chain = [lead.owner]
        for nxt in (lead.backup, lead.supervisor):
            if chain[-1] != nxt:
                chain.append(nxt)
        self.chain = chain
        self.cycle = 0
        self.cycle_start = lead.assigned_at
        self.contact_at = None
        self.actions = actions

    @property
    def owner(self) -> str:
        return self.chain[self.cycle]

    def updated_yet(self) -> bool:
        return self.state in ("updated", "met")

    def note_contact(self, at: int) -> None:
        self.contact_at = at

    def remind_if_due(self, now: int) -> None:
        due = self.cycle_start + REMIND_AFTER
        if due <= now and (self.contact_at is None or self.contact_at > due):
            self.actions.append((self.lead.lead_id, "remind_supervisor", due, self.owner,
                                 self.lead.supervisor))

    def hand_on(self, due: int) -> None:
        self.actions.append((self.lead.lead_id, "reassign", due, self.owner,
                             self.chain[self.cycle + 1]))
        self.cycle += 1
        self.cycle_start = due
        self.contact_at = None

    def reassign_before(self, t: int, now: int, inclusive: bool) -> None:
        """Hand the lead on for every missed status-update deadline before `t`."""
        while not self.updated_yet() and self.cycle + 1 < len(self.chain):
            due = self.cycle_start + REASSIGN_AFTER
            if due > t or (due == t and not inclusive):
                return
            self.remind_if_due(now)
            self.reassign(due)


def lead_breaker_transitions(leads: list[LeadRow], now: int):
    """Actions `(lead, kind, due_at, from, to)` due at `now`, with one shared `Machine`: each
    lead's model is attached, driven through its events, and detached (transitions'
    `add_model` scans a list, so keeping 100 k models attached would be quadratic)."""
    machine = lead_machine()
    actions = []
    for lead in leads:
        m = LeadModel(lead, actions)
        machine.add_model(m)
        if lead.assigned_at <= now:
            for kind, at, rep in lead.events:
                if at > now:
                    break  # not known yet (events are in time order)
                m.reassign_before(at, now, inclusive=False)
                if rep != m.owner:
                    continue  # a colleague's event stops no timer
                if kind == "first_contact":
                    m.first_contact(at)
                else:
                    m.status_update(at)
            m.reassign_before(now, now, inclusive=True)
            m.remind_if_due(now)
        machine.remove_model(m)
    return actions
