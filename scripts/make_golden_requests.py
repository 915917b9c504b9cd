"""Writes the request side of the attribute golden vectors (run once; expectations are filled
by `cargo run -p salesrules-examples --bin golden -- --write`, then checked by hand and by
core/tests/reference)."""
import json, os

CLOSE = "2026-03-31T18:00:00+08:00"
CONTACTS = [
    {"id": "P1", "role": "technical_director"},
    {"id": "P2", "role": "procurement_director"},
    {"id": "P3", "role": "cfo"},
    {"id": "P4", "role": "user"},
]

def t(rep, contact, kind, day, stage=None, hour=10):
    d = {"rep": rep, "contact": contact, "kind": kind, "at": f"2026-{day}T{hour:02d}:00:00+08:00"}
    if stage:
        d["stage"] = stage
    return d

def deal(amount="100000.00", currency="CNY", did="D-1", close=CLOSE):
    return {"id": did, "customer_id": "C-9", "amount": amount, "currency": currency, "closed_at": close}

ALL_MET = [
    t("alice", "P1", "demo", "01-10"), t("alice", "P1", "demo", "01-20"),
    t("bob", "P2", "email", "02-01"), t("bob", "P2", "email", "02-02"), t("bob", "P2", "email", "02-03"),
    t("carol", "P3", "signoff", "03-01"),
]
SEQ = [
    t("alice", "P4", "call", "01-05"), t("bob", "P1", "demo", "01-12"), t("carol", "P2", "email", "02-10"),
    t("bob", "P4", "meeting", "03-01"), t("alice", "P3", "signoff", "03-29"),
]
cases = {
 "role_weighted_all_rules_met": ("every rule met by a different rep: 0.40 / 0.35 / 0.25 exactly", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": ALL_MET}),
 "role_weighted_split_within_rule_by_count": ("only the demo rule is met, by alice 2 and bob 1: it carries the deal, split 2/3 and 1/3", None,
     {"deal": deal("100.00"), "contacts": CONTACTS, "touches": [t("alice","P1","demo","01-10"), t("alice","P1","demo","01-11"), t("bob","P1","demo","01-12")]}),
 "role_weighted_unmet_weight_unassigned_by_policy": ("unmet_rules = unassigned: alice's met demo rule pays 0.40, the other 0.60 stays unassigned",
     {"attribution": {"unmet_rules": "unassigned"}},
     {"deal": deal(), "contacts": CONTACTS, "touches": [t("alice","P1","demo","01-10"), t("alice","P1","demo","01-11"), t("bob","P2","email","02-01")]}),
 "role_weighted_falls_back_to_linear_when_no_rule_is_met": ("one demo (threshold 2) and two calls: no rule met, linear by touch count: alice 1/3, bob 2/3", None,
     {"deal": deal("90.00"), "contacts": CONTACTS, "touches": [t("alice","P1","demo","01-10"), t("bob","P4","call","01-11"), t("bob","P4","call","01-12")]}),
 "no_touches_leaves_everything_unassigned": ("no touches at all: the whole amount is unassigned", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": []}),
 "touches_after_close_are_ignored": ("carol's sign-off comes after close and does not count; alice's demo rule alone carries the deal", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": [t("alice","P1","demo","01-10"), t("alice","P1","demo","01-11"), t("carol","P3","signoff","04-02")]}),
 "only_touches_after_close_leave_everything_unassigned": ("every touch is after close: nothing is credited", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": [t("carol","P3","signoff","04-02")]}),
 "one_cent_deal_tie_goes_to_lower_rep_id": ("0.01 split evenly between two reps: the single cent goes to the lower rep id", None,
     {"deal": deal("0.01"), "contacts": CONTACTS, "touches": [t("bob","P4","call","01-10"), t("alice","P4","call","01-11")], "model": "linear"}),
 "three_way_tie_extra_cent_to_lowest_rep_id": ("100.00 split three ways: 33.34 / 33.33 / 33.33, the extra cent to the lowest rep id", None,
     {"deal": deal("100.00"), "contacts": CONTACTS, "touches": [t("carol","P4","call","01-10"), t("bob","P4","call","01-11"), t("alice","P4","call","01-12")], "model": "linear"}),
 "jpy_has_no_minor_unit": ("JPY has 0 decimals: 100 yen split three ways is 34 / 33 / 33", None,
     {"deal": deal("100", "JPY"), "contacts": CONTACTS, "touches": [t("alice","P4","call","01-10"), t("bob","P4","call","01-11"), t("carol","P4","call","01-12")], "model": "linear"}),
 "kwd_has_three_decimals": ("KWD has 3 decimals: 10.000 split three ways is 3.334 / 3.333 / 3.333", None,
     {"deal": deal("10.000", "KWD"), "contacts": CONTACTS, "touches": [t("alice","P4","call","01-10"), t("bob","P4","call","01-11"), t("carol","P4","call","01-12")], "model": "linear"}),
 "huge_amount_splits_exactly": ("99,999,999,999,999.99 under 8/13 and 5/13: exact cents, no float on the way", None,
     {"deal": deal("99999999999999.99"), "contacts": CONTACTS, "touches": [t("alice","P1","demo","01-10"), t("alice","P1","demo","01-20"), t("bob","P3","signoff","02-15")]}),
 "huge_amount_with_remainder_ties": ("99,999,999,999,999.99 split in sevenths: every cent accounted for, leftovers by largest remainder", None,
     {"deal": deal("99999999999999.99"), "contacts": CONTACTS, "touches": [t("alice","P4","call","01-10")]*3 + [t("bob","P4","call","01-11")]*2 + [t("carol","P4","call","01-12")]*2, "model": "linear"}),
 "first_touch_takes_everything": ("first_touch: the earliest touch (alice's call) takes 100%", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": SEQ, "model": "first_touch"}),
 "first_touch_time_tie_goes_to_lower_rep_id": ("two touches at the same minute: the tie is ordered by rep id, so alice is first", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": [t("bob","P4","call","01-10"), t("alice","P4","call","01-10")], "model": "first_touch"}),
 "last_touch_takes_everything": ("last_touch: alice's sign-off on 03-29 is the last touch before close", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": SEQ, "model": "last_touch"}),
 "linear_splits_by_touch_count": ("linear: 5 touches, alice 2, bob 2, carol 1", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": SEQ, "model": "linear"}),
 "time_decay_halves_each_half_life": ("time_decay with a 7-day half-life: a touch 7 days before the last weighs half: 2/3 and 1/3", None,
     {"deal": deal("90.00"), "contacts": CONTACTS, "touches": [t("alice","P4","call","03-20"), t("bob","P4","call","03-27")], "model": "time_decay"}),
 "time_decay_custom_half_life": ("time_decay with a 1-day half-life: touches 0, 1 and 2 days before the last weigh 1, 1/2, 1/4",
     {"attribution": {"time_decay_half_life": "1d"}},
     {"deal": deal("70.00"), "contacts": CONTACTS, "touches": [t("alice","P4","call","03-18"), t("bob","P4","call","03-19"), t("carol","P4","call","03-20")], "model": "time_decay"}),
 "u_shaped_single_touch_gets_all": ("u_shaped with one touch: it gets 100%", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": [t("bob","P4","call","01-10")], "model": "u_shaped"}),
 "u_shaped_two_touches_split_evenly": ("u_shaped with two touches: 50/50", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": [t("bob","P4","call","01-10"), t("alice","P4","call","01-11")], "model": "u_shaped"}),
 "u_shaped_first_last_and_middle": ("u_shaped with 5 touches: first 40%, last 40%, the 3 middle touches 20/3% each", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": SEQ, "model": "u_shaped"}),
 "w_shaped_uses_the_opportunity_stage": ("w_shaped: first 30%, the first opportunity-stage touch (carol) 30%, last 30%, 10% over the other two", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": [t("alice","P4","call","01-05","lead"), t("bob","P1","demo","01-12","lead"), t("carol","P2","email","02-10","opportunity"), t("bob","P4","meeting","03-01","negotiation"), t("alice","P3","signoff","03-29","negotiation")], "model": "w_shaped"}),
 "w_shaped_without_stages_uses_the_median_touch": ("w_shaped without stages: the median touch (carol, 3rd of 5) is the opportunity touch", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": SEQ, "model": "w_shaped"}),
 "w_shaped_three_touches_split_in_thirds": ("w_shaped with 3 touches: no 'rest' touch, so the three key touches share equally", None,
     {"deal": deal("90.00"), "contacts": CONTACTS, "touches": [t("alice","P4","call","01-05"), t("bob","P4","call","01-06"), t("carol","P4","call","01-07")], "model": "w_shaped"}),
 "policy_default_model_applies_when_request_names_none": ("the policy's default_model is linear: a request with no model is split linearly",
     {"attribution": {"default_model": "linear"}},
     {"deal": deal(), "contacts": CONTACTS, "touches": ALL_MET}),
 "explain_false_omits_the_explanation": ("explain: false returns the same credits without the explanation", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": ALL_MET, "explain": False}),
 "returning_rep_touches_are_counted_once_each": ("touches listed out of time order give the same result as sorted input", None,
     {"deal": deal(), "contacts": CONTACTS, "touches": list(reversed(ALL_MET))}),
}
errors = {
 "touch_with_unknown_contact": ("a touch whose contact is not listed names touches[0].contact",
     {"deal": deal(), "contacts": CONTACTS, "touches": [t("alice","P9","call","01-10")]}),
 "duplicate_contact_id": ("two contacts with the same id name contacts[1].id",
     {"deal": deal(), "contacts": [{"id": "P1", "role": "cfo"}, {"id": "P1", "role": "user"}]}),
 "timestamp_without_offset": ("a timestamp without an offset names touches[0].at",
     {"deal": deal(), "contacts": CONTACTS, "touches": [{"rep": "alice", "contact": "P1", "kind": "demo", "at": "2026-01-10T10:00:00"}]}),
 "unknown_touch_kind": ("a kind the policy does not know names touches[0].kind",
     {"deal": deal(), "contacts": CONTACTS, "touches": [t("alice","P1","lunch","01-10")]}),
 "unknown_role": ("a role the policy does not know names contacts[0].role",
     {"deal": deal(), "contacts": [{"id": "P1", "role": "king"}]}),
 "negative_amount": ("a negative amount names deal.amount",
     {"deal": deal("-5.00")}),
 "unknown_currency": ("an unknown currency names deal.currency",
     {"deal": deal("5.00", "XYZ")}),
 "amount_more_precise_than_currency": ("2.5 JPY has more decimals than JPY allows",
     {"deal": deal("2.5", "JPY")}),
 "unknown_model": ("an unknown model names model",
     {"deal": deal(), "model": "magic"}),
 "unknown_request_field": ("a misspelt field is an error, not silently ignored",
     {"deal": deal(), "touchez": []}),
 "reports_to_cycle": ("contacts reporting to each other in a cycle",
     {"deal": deal(), "contacts": CONTACTS, "relations": [{"from": "P1", "to": "P2", "kind": "reports_to"}, {"from": "P2", "to": "P1", "kind": "reports_to"}]}),
}
root = "golden"
for name, (desc, policy, req) in cases.items():
    c = {"description": desc, "op": "attribute"}
    if policy: c["policy"] = policy
    c["request"] = req
    json.dump(c, open(f"{root}/attribute/{name}.json", "w"), indent=2, ensure_ascii=False)
for name, (desc, req) in errors.items():
    json.dump({"description": desc, "op": "attribute", "request": req}, open(f"{root}/errors/{name}.json", "w"), indent=2, ensure_ascii=False)
json.dump({"description": "a rule weight above 1 is an invalid policy naming the rule", "op": "attribute",
           "policy": {"attribution": {"rules": [{"id": "a", "roles": ["cfo"], "kinds": ["signoff"], "min_count": 1, "weight": "1.5"}]}},
           "request": {"deal": deal()}}, open(f"{root}/errors/policy_weight_above_one.json", "w"), indent=2)
os.makedirs(f"{root}/key_influencers", exist_ok=True)
json.dump({"description": "the CFO everyone reports to and who signed off ranks first; reasons name the role, touches and relations",
           "op": "key_influencers",
           "request": {"contacts": CONTACTS, "touches": ALL_MET,
                       "relations": [{"from": "P1", "to": "P3", "kind": "reports_to"}, {"from": "P2", "to": "P3", "kind": "reports_to"}, {"from": "P4", "to": "P1", "kind": "reports_to"}]}},
          open(f"{root}/key_influencers/cfo_at_the_top_of_the_reporting_line.json", "w"), indent=2)
json.dump({"description": "top limits the ranking; a contact nobody touched still ranks by role",
           "op": "key_influencers",
           "request": {"contacts": CONTACTS + [{"id": "P5", "role": "ceo"}], "touches": SEQ, "relations": [{"from": "P5", "to": "P3", "kind": "influences"}], "top": 2}},
          open(f"{root}/key_influencers/top_two_with_an_influencing_ceo.json", "w"), indent=2)
print(len(cases), "attribute cases,", len(errors) + 1, "error cases")
