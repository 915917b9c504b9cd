#!/usr/bin/env python3
"""Generate the malformed-input corpus in golden/malformed/ (issue "Reliability", part 1).

Every case must fail: `expect` is always `{"error": {"code", "path"}}`. The script is
deterministic: it starts from one valid request per operation (named golden cases below), applies
generic mutations (wrong types, missing / null / empty / unknown fields) and adds hand-written
semantic cases (float and NaN-looking money, offsets, impossible dates, duplicate ids, dangling
references, cycles, limits, long strings, deep nesting, bad policies).

Re-running keeps the `expect` of a case whose op/policy/request did not change, writes new cases
without `expect`, and removes files it no longer generates. Fill new expectations with
`cargo run -p salesrules-examples --bin golden -- --write` and review them: every one must be an
error naming the offending field.

    python3 scripts/make_malformed_corpus.py
"""

import copy
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "golden")
OUT = os.path.join(GOLDEN, "malformed")

# One valid request per operation (a golden case whose expect is a response).
BASES = {
    "attribute": "attribute/huge_amount_with_remainder_ties.json",
    "key_influencers": "key_influencers/cfo_at_the_top_of_the_reporting_line.json",
    "handover_status": "handover_status/existing_handover_means_no_lock.json",
    "appeal": "appeal/appeal_is_filed_with_a_deterministic_id.json",
    "resolve_appeal": "appeal/accepted_share_appeal_adds_the_evidenced_touches.json",
    "lead_escalation": "lead_escalation/no_update_after_24h_reassigns_to_backup_with_brief.json",
    "work_order_escalation": "work_order_escalation/reject_with_reason_after_clarification.json",
    "generate_tracking_code": "tracking_code/generate_lead_code.json",
    "parse_tracking_code": "tracking_code/parse_lead_code.json",
    "lead_health_report": "lead_health_report/february_teams_green_yellow_red.json",
    "check_text": "check_text/stacked_markers_chinese_numeral_date.json",
    "validate_work_order": "validate_work_order/english_request_satisfied_and_negated_note.json",
    "triage_email": "triage_email/contract_inside_a_longer_word.json",
    "trace_heatmap": "trace_heatmap/stages_in_order_reached_with_content_quality.json",
    "transparency_report": "transparency_report/two_deals_top_one_as_markdown.json",
}

# Fields that may be absent (or null) in a valid request: removing them is not an error.
# Paths use the engine's notation with [0] for "first element of the array".
OPTIONAL = {
    "attribute": {"contacts", "model", "touches", "deal.customer_id"},
    "key_influencers": {"relations", "touches"},
    "handover_status": {"handovers", "touches", "handovers[0].evidence"},
    "appeal": set(),
    "resolve_appeal": {"attribution.handovers", "attribution.contacts", "attribution.touches",
                       "resolution.accepted_touches", "appeal.evidence",
                       "attribution.deal.customer_id"},
    "lead_escalation": {"lead.events", "lead.profile", "lead.backup", "lead.supervisor",
                        "lead.profile.company", "lead.profile.interest", "lead.profile.source"},
    "work_order_escalation": {"order.requester_replies", "order.responses",
                              "order.responses[0].reason", "order.escalate_to",
                              "order.requester_replies[0].attachment_version",
                              "order.responses[0].attachment_version"},
    "generate_tracking_code": set(),
    "parse_tracking_code": set(),
    "lead_health_report": {"leads", "leads[0].events", "as_of"},
    "check_text": {"reference_date"},
    "validate_work_order": {"work_order.notes", "work_order.related_orders",
                            "work_order.customer_request", "work_order.description"},
    "triage_email": {"subject", "body"},
    "trace_heatmap": {"contacts", "touches", "svg", "touches[0].stage"},
    # Removing the first of several deals, reps, formats or touches leaves a valid report.
    "transparency_report": {"period", "reps", "top", "influencers", "formats", "deals[0]",
                            "reps[0]", "formats[0]", "deals[0].touches[0]", "deals[0].contacts",
                            "deals[0].touches", "deals[0].deal.customer_id", "reps[0].name",
                            "reps[0].team"},
}

# String fields where "" is a valid value (free text).
EMPTY_OK = {
    "appeal": {"appeal.reason", "appeal.evidence[0].reference"},
    "resolve_appeal": {"appeal.reason", "appeal.evidence[0].reference", "resolution.by"},
    "lead_escalation": {"lead.profile.company", "lead.profile.interest", "lead.profile.source"},
    "work_order_escalation": {"order.responses[0].reason",
                              "order.requester_replies[0].attachment_version",
                              "order.responses[0].attachment_version"},
    "check_text": {"text"},
    "validate_work_order": {"work_order.notes", "work_order.customer_request",
                            "work_order.description"},
    "triage_email": {"subject", "body"},
    "trace_heatmap": {"touches[0].stage"},
    "transparency_report": {"period", "reps[0].name", "reps[0].team"},
}

# A field whose content is free-form JSON / accepted with any type: skip the type swap.
TYPE_OK = {
    "lead_escalation": {"lead.profile.company", "lead.profile.interest", "lead.profile.source"},
}

# Inputs the corpus first treated as malformed but the engine accepts on purpose (or as an open
# question for the lead, see fuzz/README.md "Corpus notes"); they are not generated.
ACCEPTED = {
    # free-form, echoed in the brief
    "lead_escalation/generic/unknown_field_in_lead_profile.json": "profile is free-form",
    # handover_status touches carry only rep/at; attribution touches are accepted as they are
    "handover_status/generic/unknown_field_in_touches_0.json": "full touches are accepted",
    "handover_status/generic/missing_rep.json": "rep is optional",
    "handover_status/generic/null_rep.json": "rep is optional",
    # open question: limits.max_touches_per_deal is checked by attribute only
    "handover_status/semantic/touches_over_policy_limit.json": "limit is per deal",
    "key_influencers/semantic/touches_over_policy_limit.json": "limit is per deal",
    # open question: the prefix / region alphabet is not closed
    "generate_tracking_code/semantic/prefix_unknown.json": "any upper-case letter",
    "generate_tracking_code/semantic/prefix_long.json": "open question",
    "generate_tracking_code/semantic/region_long.json": "open question",
    "parse_tracking_code/semantic/unknown_prefix.json": "any upper-case letter",
    # open question: a timestamp's date part is read as the reference date
    "check_text/semantic/reference_date_with_time.json": "open question",
    # the policy op takes any object (its request has no fields yet)
    "policy/generic/unknown_field_in_request.json": "any object",
    # reported in the response's `errors`
    "validate_work_order/generic/unknown_field_in_work_order.json": "reported in errors",
}
# Open question: empty ids are accepted outside attribute (listed for the lead).
EMPTY_ID_ACCEPTED = {
    "attribute": {"deal.customer_id"},
    "resolve_appeal": {"attribution.deal.customer_id"},
    "handover_status": {"handovers[0].evidence", "handovers[0].from", "handovers[0].to", "rep"},
    "key_influencers": {"touches[0].rep"},
    "lead_escalation": {"lead.backup", "lead.events[0].rep", "lead.id", "lead.owner",
                        "lead.supervisor"},
    "lead_health_report": {"leads[0].events[0].rep", "leads[0].id", "leads[0].team"},
    "work_order_escalation": {"order.escalate_to", "order.id"},
    "transparency_report": {"deals[0].deal.customer_id"},
}
# validate_work_order reports problems inside work_order in its response (`errors`), by design:
# only the request's own shape is malformed input there.
REPORTED_IN_RESPONSE = {"validate_work_order": "work_order."}

cases = {}


def slug(text):
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:80]


def add(folder, name, op, request, description, policy=None):
    rel = os.path.join(folder, slug(name) + ".json")
    if rel in ACCEPTED:
        return
    if rel in cases:
        raise SystemExit(f"duplicate case name {rel}")
    case = {"description": description, "op": op}
    if policy is not None:
        case["policy"] = policy
    case["request"] = request
    cases[rel] = case


def load_base(op):
    with open(os.path.join(GOLDEN, BASES[op]), encoding="utf-8") as f:
        case = json.load(f)
    assert "response" in case["expect"], BASES[op]
    assert "policy" not in case, BASES[op]
    return case["request"]


def fields(value, path=""):
    """Every (path, keys) of a field inside objects; arrays contribute their first element."""
    if isinstance(value, dict):
        for k in sorted(value):
            p = f"{path}.{k}" if path else k
            yield p, value[k]
            yield from fields(value[k], p)
    elif isinstance(value, list) and value:
        yield from fields(value[0], f"{path}[0]")


def objects(value, path=""):
    if isinstance(value, dict):
        yield path, value
        for k in sorted(value):
            yield from objects(value[k], f"{path}.{k}" if path else k)
    elif isinstance(value, list) and value:
        yield from objects(value[0], f"{path}[0]")


def split(path):
    return [int(t[1:-1]) if t.startswith("[") else t
            for t in re.findall(r"\[\d+\]|[^.\[\]]+", path)]


def setp(doc, path, value=None, delete=False):
    doc = copy.deepcopy(doc)
    toks = split(path)
    cur = doc
    for t in toks[:-1]:
        cur = cur[t]
    if delete:
        del cur[toks[-1]]
    else:
        cur[toks[-1]] = value
    return doc


def wrong_type(value):
    if isinstance(value, str):
        return 42
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, (int, float)):
        return "forty-two"
    if isinstance(value, dict):
        return "an object was expected"
    if isinstance(value, list):
        return 7
    return []


def generic(op, base):
    folder = os.path.join(op, "generic")
    # A request that is JSON null or a string is not portable: the Python binding reads None as
    # `{}` and a str as JSON text (likewise a policy that is not an object), so those forms are
    # pinned by core/tests/malformed_regressions.rs and the bindings' own tests instead.
    for name, value in [("number", 42), ("float", 1.5), ("array", []), ("bool", True)]:
        add(folder, f"request_is_{name}", op, value,
            f"a request that is a JSON {name} instead of an object fails as a whole")
    for path, value in fields(base):
        inside = REPORTED_IN_RESPONSE.get(op)
        if inside and path.startswith(inside):
            continue
        if path not in TYPE_OK.get(op, set()):
            add(folder, f"wrong_type_{path}", op, setp(base, path, wrong_type(value)),
                f"{path} with the wrong JSON type names {path}")
        if path not in OPTIONAL.get(op, set()):
            add(folder, f"missing_{path}", op, setp(base, path, delete=True),
                f"a request without the required {path}")
            if "[" not in path:
                add(folder, f"null_{path}", op, setp(base, path, None),
                    f"null for the required {path}")
        if (isinstance(value, str) and path not in EMPTY_OK.get(op, set())
                and path not in EMPTY_ID_ACCEPTED.get(op, set())):
            add(folder, f"empty_{path}", op, setp(base, path, ""),
                f"an empty string for {path}")
    for path, obj in objects(base):
        inside = REPORTED_IN_RESPONSE.get(op)
        if inside and path.startswith(inside):
            continue
        target = f"{path}.zz_unknown" if path else "zz_unknown"
        doc = setp(base, target, True) if path else dict(base, zz_unknown=True)
        add(folder, f"unknown_field_in_{path or 'request'}", op, doc,
            f"an unknown field inside {path or 'the request'} is rejected, not ignored")


def nested(depth, leaf):
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def semantic(b):
    A = "attribute"
    at = b[A]
    f = os.path.join(A, "semantic")
    for name, amount in [("float", 100.5), ("integer", 100), ("nan", "NaN"),
                         ("infinity", "Infinity"), ("minus_infinity", "-Infinity"),
                         ("exponent", "1e5"), ("negative", "-5.00"), ("negative_zero_cents", "-0.01"),
                         ("comma_decimal", "5,00"), ("hex", "0x10"), ("leading_space", " 5.00"),
                         ("plus_sign", "+5.00"), ("too_precise", "1.005"),
                         ("beyond_decimal_range", "1" + "0" * 40), ("thousands_separator", "1,000.00"),
                         ("fullwidth_digits", "５.００"), ("two_points", "1.2.3")]:
        add(f, f"amount_{name}", A, setp(at, "deal.amount", amount),
            f"deal.amount {amount!r} is not a money string in the currency's minor unit")
    for name, ts in [("without_offset", "2026-03-31T18:00:00"), ("date_only", "2026-03-31"),
                     ("impossible_date", "2026-02-30T10:00:00+08:00"),
                     ("month_13", "2026-13-01T10:00:00+08:00"),
                     ("hour_25", "2026-03-31T25:00:00+08:00"),
                     ("offset_out_of_range", "2026-03-31T18:00:00+25:00"),
                     ("unix_seconds_string", "1774951200"), ("free_text", "yesterday")]:
        add(f, f"closed_at_{name}", A, setp(at, "deal.closed_at", ts),
            f"deal.closed_at {ts!r} is not an RFC 3339 timestamp with an offset")
        add(f, f"touch_at_{name}", A, setp(at, "touches[2].at", ts),
            f"touches[2].at {ts!r} is not an RFC 3339 timestamp with an offset")
    add(f, "closed_at_as_number", A, setp(at, "deal.closed_at", 1774951200),
        "a Unix time number instead of a timestamp string")
    add(f, "currency_lower_case", A, setp(at, "deal.currency", "cny"), "currency codes are upper case")
    add(f, "currency_unknown", A, setp(at, "deal.currency", "ZZZ"), "an unknown ISO 4217 code")
    add(f, "unknown_model", A, setp(at, "model", "everything_to_me"), "an unknown model name")
    add(f, "unknown_role", A, setp(at, "contacts[1].role", "janitor"), "a role the policy lacks")
    add(f, "unknown_touch_kind", A, setp(at, "touches[0].kind", "telepathy"), "a touch kind the policy lacks")
    add(f, "duplicate_contact_id", A, setp(at, "contacts[3].id", "P1"), "two contacts share an id")
    add(f, "touch_unknown_contact", A, setp(at, "touches[4].contact", "P99"), "a dangling touch contact")
    add(f, "touch_contact_without_contacts", A, setp(at, "contacts", []),
        "touches naming contacts when the contact list is empty")
    add(f, "empty_rep", A, setp(at, "touches[1].rep", ""), "a touch by an empty rep id")
    add(f, "empty_deal_id", A, setp(at, "deal.id", ""), "an empty deal id")
    cyc = dict(copy.deepcopy(at), relations=[
        {"from": "P1", "kind": "reports_to", "to": "P2"},
        {"from": "P2", "kind": "reports_to", "to": "P3"},
        {"from": "P3", "kind": "reports_to", "to": "P1"}])
    add(f, "reports_to_three_cycle", A, cyc, "P1 → P2 → P3 → P1 reports_to cycle")
    add(f, "reports_to_self", A, dict(copy.deepcopy(at), relations=[
        {"from": "P1", "kind": "reports_to", "to": "P1"}]), "a contact reporting to itself")
    add(f, "relation_unknown_contact", A, dict(copy.deepcopy(at), relations=[
        {"from": "P1", "kind": "reports_to", "to": "P404"}]), "a relation to an unknown contact")
    add(f, "relation_unknown_kind", A, dict(copy.deepcopy(at), relations=[
        {"from": "P1", "kind": "married_to", "to": "P2"}]), "a relation kind that does not exist")
    add(f, "touches_over_policy_limit", A, at, "7 touches with limits.max_touches_per_deal = 3",
        policy={"limits": {"max_touches_per_deal": 3}})
    add(f, "contacts_over_policy_limit", A, at, "4 contacts with limits.max_contacts = 2",
        policy={"limits": {"max_contacts": 2}})
    add(f, "request_over_max_request_bytes", A, at, "a request larger than limits.max_request_bytes",
        policy={"limits": {"max_request_bytes": 256}})
    add(f, "long_currency_150k", A, setp(at, "deal.currency", "Z" * 150_000),
        "a 150 KB currency code")
    add(f, "long_role_150k", A, setp(at, "contacts[0].role", "r" * 150_000), "a 150 KB role name")
    add(f, "long_amount_100k_digits", A, setp(at, "deal.amount", "9" * 100_000 + ".00"),
        "a 100 000-digit amount")
    add(f, "currency_one_megabyte", A, setp(at, "deal.currency", "Q" * 1_000_000),
        "a 1 MB currency string (the one large case of the corpus)")
    add(f, "deal_nested_100_deep", A, setp(at, "deal", nested(100, 1)),
        "an array nested 100 deep where the deal object goes")
    add(f, "contacts_nested_100_deep", A, setp(at, "contacts", nested(100, {"id": "P1"})),
        "contacts nested 100 deep")
    add(f, "touches_not_objects", A, setp(at, "touches", [1, 2, 3]), "numbers where touches go")

    K = "key_influencers"
    k = b[K]
    f = os.path.join(K, "semantic")
    add(f, "reports_to_cycle", K, setp(k, "relations[2].to", "P4"), "P4 reports to itself")
    add(f, "two_cycle", K, setp(k, "relations", k["relations"] + [{"from": "P3", "kind": "reports_to", "to": "P1"}]),
        "P1 → P3 → P1 cycle")
    add(f, "duplicate_contact_id", K, setp(k, "contacts[1].id", "P1"), "two contacts share an id")
    add(f, "touch_unknown_contact", K, setp(k, "touches[0].contact", "PX"), "a dangling touch contact")
    add(f, "relation_unknown_from", K, setp(k, "relations[0].from", "PX"), "a dangling relation")
    add(f, "touch_at_without_offset", K, setp(k, "touches[0].at", "2026-01-10T10:00:00"), "no offset")
    add(f, "relations_over_policy_limit", K, k, "3 relations with limits.max_relations = 1",
        policy={"limits": {"max_relations": 1}})
    add(f, "touches_over_policy_limit", K, k, "6 touches with limits.max_touches_per_deal = 2",
        policy={"limits": {"max_touches_per_deal": 2}})
    add(f, "unknown_role", K, setp(k, "contacts[0].role", "wizard"), "a role the policy lacks")

    H = "handover_status"
    h = b[H]
    f = os.path.join(H, "semantic")
    add(f, "now_without_offset", H, setp(h, "now", "2026-03-31T10:00:00"), "now without an offset")
    add(f, "now_impossible_date", H, setp(h, "now", "2026-04-31T10:00:00+08:00"), "April 31st")
    add(f, "touch_at_impossible", H, setp(h, "touches[1].at", "2026-02-29T10:00:00+08:00"),
        "29 February in a common year")
    add(f, "handover_at_without_offset", H, setp(h, "handovers[0].at", "2026-03-20T09:00:00"), "no offset")
    add(f, "touches_over_policy_limit", H, h, "2 touches with limits.max_touches_per_deal = 1",
        policy={"limits": {"max_touches_per_deal": 1}})

    P = "appeal"
    a = b[P]
    f = os.path.join(P, "semantic")
    add(f, "against_unknown", P, setp(a, "appeal.against", "weather"), "an appeal against nothing known")
    add(f, "filed_at_without_offset", P, setp(a, "appeal.filed_at", "2026-04-02T09:00:00"), "no offset")
    add(f, "evidence_kind_unknown", P, setp(a, "appeal.evidence[0].kind", "rumour"), "unknown evidence kind")
    add(f, "evidence_not_a_list", P, setp(a, "appeal.evidence", {"kind": "system_log"}), "evidence as an object")

    R = "resolve_appeal"
    r = b[R]
    f = os.path.join(R, "semantic")
    add(f, "decision_unknown", R, setp(r, "resolution.decision", "maybe"), "an unknown decision")
    add(f, "resolution_at_impossible", R, setp(r, "resolution.at", "2026-04-31T15:00:00+08:00"), "April 31st")
    add(f, "accepted_touch_unknown_contact", R, setp(r, "resolution.accepted_touches[0].contact", "NOPE"),
        "an accepted touch naming an unknown contact")
    add(f, "attribution_negative_amount", R, setp(r, "attribution.deal.amount", "-130000.00"),
        "a negative amount inside the attribution")
    add(f, "attribution_float_amount", R, setp(r, "attribution.deal.amount", 130000.0),
        "a float amount inside the attribution")
    add(f, "attribution_duplicate_contact", R, setp(r, "attribution.contacts[1].id", "TD"),
        "a duplicate contact id inside the attribution")

    L = "lead_escalation"
    le = b[L]
    f = os.path.join(L, "semantic")
    add(f, "now_without_offset", L, setp(le, "now", "2026-03-03T10:00:00"), "now without an offset")
    add(f, "assigned_at_impossible", L, setp(le, "lead.assigned_at", "2026-02-30T09:00:00+08:00"), "30 Feb")
    add(f, "event_kind_unknown", L, setp(le, "lead.events[0].kind", "telepathy"), "an unknown event kind")
    add(f, "event_at_without_offset", L, setp(le, "lead.events[0].at", "2026-03-02T10:00:00"), "no offset")

    W = "work_order_escalation"
    w = b[W]
    f = os.path.join(W, "semantic")
    add(f, "decision_unknown", W, setp(w, "order.responses[0].decision", "shrug"), "an unknown decision")
    add(f, "now_without_offset", W, setp(w, "now", "2026-03-02T16:00:00"), "now without an offset")
    add(f, "submitted_at_impossible", W, setp(w, "order.submitted_at", "2026-03-32T10:00:00+08:00"), "32 March")

    G = "generate_tracking_code"
    g = b[G]
    f = os.path.join(G, "semantic")
    for name, path, value in [("impossible_date", "date", "2026-02-30"), ("month_13", "date", "2026-13-01"),
                              ("date_with_time", "date", "2026-02-23T10:00:00+08:00"),
                              ("prefix_unknown", "prefix", "Q"), ("prefix_lower", "prefix", "l"),
                              ("prefix_long", "prefix", "LL"), ("region_lower", "region", "sh"),
                              ("region_digits", "region", "12"), ("region_long", "region", "SHA"),
                              ("sequence_negative", "sequence", -1), ("sequence_zero", "sequence", 0),
                              ("sequence_too_big", "sequence", 1000), ("sequence_float", "sequence", 87.5),
                              ("sequence_huge", "sequence", 10 ** 19), ("sequence_string", "sequence", "87")]:
        add(f, name, G, setp(g, path, value), f"{path} = {value!r} cannot form a tracking code")

    T = "parse_tracking_code"
    t = b[T]
    f = os.path.join(T, "semantic")
    for name, code in [("empty", ""), ("impossible_date", "L-20260230-SH087"), ("no_dashes", "L20260223SH087"),
                       ("lower_case", "l-20260223-sh087"), ("unknown_prefix", "Q-20260223-SH087"),
                       ("fullwidth_digits", "L-２０２６０２２３-SH087"), ("trailing_space", "L-20260223-SH087 "),
                       ("too_long_sequence", "L-20260223-SH0871"), ("long_100k", "L-" + "2" * 100_000),
                       ("nul_byte", "L-20260223-SH08\u0000"), ("month_00", "L-20260023-SH087")]:
        add(f, name, T, setp(t, "code", code), f"tracking code {code[:40]!r} is malformed")

    M = "lead_health_report"
    m = b[M]
    f = os.path.join(M, "semantic")
    for name, month in [("month_13", "2026-13"), ("month_one_digit", "2026-2"), ("month_with_day", "2026-02-01"),
                        ("month_text", "February")]:
        add(f, name, M, setp(m, "month", month), f"month {month!r} is not YYYY-MM")
    add(f, "as_of_without_offset", M, setp(m, "as_of", "2026-03-01T00:00:00"), "as_of without an offset")
    add(f, "duplicate_lead_id", M, setp(m, "leads[1].id", "L-001"), "two leads share an id")
    add(f, "lead_assigned_at_impossible", M, setp(m, "leads[3].assigned_at", "2026-02-29T09:00:00+08:00"),
        "29 February 2026")

    C = "check_text"
    c = b[C]
    f = os.path.join(C, "semantic")
    add(f, "reference_date_impossible", C, setp(c, "reference_date", "2026-02-30"), "30 February")
    add(f, "reference_date_with_time", C, setp(c, "reference_date", "2026-03-02T10:00:00+08:00"),
        "a timestamp where a date goes")
    add(f, "text_over_max_request_bytes", C, setp(c, "text", "请尽快" * 20_000),
        "a 180 KB text over limits.max_request_bytes = 65536",
        policy={"limits": {"max_request_bytes": 65536}})
    add(f, "text_nested_arrays", C, setp(c, "text", nested(100, "x")), "text nested 100 deep")

    V = "validate_work_order"
    v = b[V]
    f = os.path.join(V, "semantic")
    add(f, "work_order_as_array", V, setp(v, "work_order", [v["work_order"]]), "work_order as an array")
    add(f, "work_order_over_max_request_bytes", V, v, "a work order over a 256-byte request limit",
        policy={"limits": {"max_request_bytes": 256}})

    E = "triage_email"
    e = b[E]
    f = os.path.join(E, "semantic")
    add(f, "body_over_max_request_bytes", E, setp(e, "body", "x" * 150_000), "150 KB body over a 64 KB limit",
        policy={"limits": {"max_request_bytes": 65536}})
    add(f, "attachments_unknown_field", E, dict(e, attachments=["a.pdf"]), "an attachments field is not part of it")


def policies():
    f = "policy_document"
    req = {}
    bad = [
        ("unknown_top_level_key", {"colour": "blue"}),
        ("rule_weight_above_one", {"attribution": {"rules": [
            {"id": "a", "roles": ["cfo"], "kinds": ["signoff"], "min_count": 1, "weight": "1.5"}]}}),
        ("rule_weight_negative", {"attribution": {"rules": [
            {"id": "a", "roles": ["cfo"], "kinds": ["signoff"], "min_count": 1, "weight": "-0.5"}]}}),
        ("rule_weight_float", {"attribution": {"rules": [
            {"id": "a", "roles": ["cfo"], "kinds": ["signoff"], "min_count": 1, "weight": 0.5}]}}),
        ("rule_weights_sum_above_one", {"attribution": {"rules": [
            {"id": "a", "roles": ["cfo"], "kinds": ["signoff"], "min_count": 1, "weight": "0.6"},
            {"id": "b", "roles": ["user"], "kinds": ["demo"], "min_count": 1, "weight": "0.6"}]}}),
        ("rule_unknown_role", {"attribution": {"rules": [
            {"id": "a", "roles": ["janitor"], "kinds": ["signoff"], "min_count": 1, "weight": "0.5"}]}}),
        ("rule_unknown_kind", {"attribution": {"rules": [
            {"id": "a", "roles": ["cfo"], "kinds": ["telepathy"], "min_count": 1, "weight": "0.5"}]}}),
        ("rule_duplicate_id", {"attribution": {"rules": [
            {"id": "a", "roles": ["cfo"], "kinds": ["signoff"], "min_count": 1, "weight": "0.3"},
            {"id": "a", "roles": ["user"], "kinds": ["demo"], "min_count": 1, "weight": "0.3"}]}}),
        ("rule_min_count_negative", {"attribution": {"rules": [
            {"id": "a", "roles": ["cfo"], "kinds": ["signoff"], "min_count": -1, "weight": "0.5"}]}}),
        ("unknown_default_model", {"attribution": {"default_model": "vibes"}}),
        ("u_shaped_over_one", {"attribution": {"u_shaped": {"first": "0.6", "last": "0.6"}}}),
        ("time_decay_half_life_zero", {"attribution": {"time_decay_half_life": "0d"}}),
        ("time_decay_half_life_text", {"attribution": {"time_decay_half_life": "a week"}}),
        ("silent_period_zero", {"handover": {"silent_period": "0d"}}),
        ("silent_period_negative", {"handover": {"silent_period": "-30d"}}),
        ("silent_period_number", {"handover": {"silent_period": 30}}),
        ("locked_share_unknown", {"handover": {"locked_share": "half"}}),
        ("damping_above_one", {"influence": {"damping": "1.5"}}),
        ("iterations_zero", {"influence": {"iterations": 0}}),
        ("role_weight_unknown_role", {"influence": {"role_weights": {"janitor": "1"}}}),
        ("limit_zero_touches", {"limits": {"max_touches_per_deal": 0}}),
        ("limit_negative", {"limits": {"max_contacts": -1}}),
        ("limit_float", {"limits": {"max_relations": 10.5}}),
        ("calendar_unknown_time_zone", {"calendars": {"x": {
            "time_zone": "Mars/Olympus_Mons", "covers": [2026], "working_hours": [["09:00", "18:00"]]}}}),
        ("calendar_time_zone_abbreviation", {"calendars": {"x": {
            "time_zone": "CST", "covers": [2026], "working_hours": [["09:00", "18:00"]]}}}),
        ("calendar_hours_reversed", {"calendars": {"x": {
            "time_zone": "Asia/Shanghai", "covers": [2026], "working_hours": [["18:00", "09:00"]]}}}),
        ("calendar_hour_25", {"calendars": {"x": {
            "time_zone": "Asia/Shanghai", "covers": [2026], "working_hours": [["09:00", "25:00"]]}}}),
        ("calendar_impossible_holiday", {"calendars": {"x": {
            "time_zone": "Asia/Shanghai", "covers": [2026], "working_hours": [["09:00", "18:00"]],
            "holidays": ["2026-02-30"]}}}),
        ("calendar_unknown_weekday", {"calendars": {"x": {
            "time_zone": "Asia/Shanghai", "covers": [2026], "working_hours": [["09:00", "18:00"]],
            "working_days": ["mon", "funday"]}}}),
        ("escalation_unknown_action", {"escalation": {"lead": {"rules": [
            {"id": "x", "until": "first_contact", "after": "4h", "action": "panic"}]}}}),
        ("escalation_after_zero", {"escalation": {"lead": {"rules": [
            {"id": "x", "until": "first_contact", "after": "0h", "action": "remind_supervisor"}]}}}),
        ("roles_empty_name", {"roles": ["cfo", ""]}),
        ("roles_duplicate", {"roles": ["cfo", "cfo"]}),
        ("policy_nested_100_deep", {"attribution": nested(100, 1)}),
    ]
    for name, policy in bad:
        add(f, name, "policy", req, f"policy document: {name.replace('_', ' ')}", policy=policy)
    add(f, "unknown_operation_name", "attributes", {}, "an operation name that is not served")
    add(f, "empty_operation_name", "", {}, "an empty operation name")
    add(f, "policy_request_is_array", "policy", [], "the policy op takes an object")


def main():
    bases = {op: load_base(op) for op in BASES}
    for op in sorted(bases):
        generic(op, bases[op])
    generic("policy", {})
    semantic(bases)
    policies()

    existing = {}
    for dirpath, _, files in os.walk(OUT):
        for name in files:
            if name.endswith(".json"):
                p = os.path.join(dirpath, name)
                with open(p, encoding="utf-8") as fh:
                    existing[os.path.relpath(p, OUT)] = json.load(fh)
    for rel, case in sorted(cases.items()):
        old = existing.pop(rel, None)
        if old is not None and all(old.get(k) == case.get(k) for k in ("op", "policy", "request")):
            case["expect"] = old.get("expect")
        path = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        text = json.dumps(case, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        size = len(text.encode())
        if size > 200_000 and "one_megabyte" not in rel:
            raise SystemExit(f"{rel}: {size} bytes, over the 200 KB budget")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    for rel in sorted(existing):
        os.remove(os.path.join(OUT, rel))
    print(f"{len(cases)} malformed case(s) in {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
