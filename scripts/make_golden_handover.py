"""Writes the request side of the silent-period, handover-status and appeal golden vectors;
expectations are filled by the golden bin and checked by hand."""
import json

CLOSE = "2026-03-31T18:00:00+08:00"
C = [{"id": "TD", "role": "technical_director"}, {"id": "CFO", "role": "cfo"}, {"id": "U", "role": "user"}]

def t(rep, contact, kind, when):
    at = when if "T" in when else f"2026-{when}T10:00:00+08:00"
    return {"rep": rep, "contact": contact, "kind": kind, "at": at}

def h(frm, to, when, ev="minutes-2026-02-18"):
    at = when if "T" in when else f"2026-{when}T09:00:00+08:00"
    return {"from": frm, "to": to, "at": at, "evidence": ev}

def deal(amount="130000.00"):
    return {"id": "D-7", "customer_id": "C-7", "amount": amount, "currency": "CNY", "closed_at": CLOSE}

BASE = [t("alice", "TD", "demo", "01-05"), t("alice", "TD", "demo", "01-10"), t("bob", "CFO", "signoff", "03-20")]
def att(touches, handovers=(), model=None):
    r = {"deal": deal(), "contacts": C, "touches": list(touches), "handovers": list(handovers)}
    if model: r["model"] = model
    return r

cases = {
 "silent_period_locks_new_rep_without_handover": ("41 quiet days after alice's demos: bob is new and has no handover, so his 5/13 is locked, not paid to anyone", None, att(BASE)),
 "handover_from_previous_rep_releases_the_lock": ("alice confirmed a handover to bob before close: bob is paid his 5/13", None, att(BASE, [h("alice", "bob", "02-18")])),
 "exactly_thirty_days_is_a_silent_period": ("alice's last touch 02-01 10:00, bob's first 03-03 10:00: exactly 30 days is silent (boundary inclusive), so bob is locked", None,
    att([t("alice","TD","demo","01-30"), t("alice","TD","demo","02-01"), t("bob","CFO","signoff","03-03")])),
 "one_second_short_of_thirty_days_is_not_silent": ("bob's first touch one second before 30 days have passed: no silent period, nothing locked", None,
    att([t("alice","TD","demo","01-30"), t("alice","TD","demo","02-01"), t("bob","CFO","signoff","2026-03-03T09:59:59+08:00")])),
 "handover_from_the_wrong_rep_does_not_count": ("carol handed over to bob, but the previous rep before the gap is alice: bob stays locked", None,
    att(BASE, [h("carol", "bob", "02-18")])),
 "handover_after_close_does_not_count": ("alice's handover to bob is dated after the deal closed: bob stays locked", None,
    att(BASE, [h("alice", "bob", "04-02")])),
 "several_new_reps_after_one_gap": ("bob and carol both start after the gap; only bob has a handover from alice, so only carol is locked", None,
    att([t("alice","TD","demo","01-05"), t("alice","TD","demo","01-10"), t("bob","CFO","signoff","03-20"), t("carol","TD","demo","03-21"), t("carol","TD","demo","03-22")], [h("alice","bob","02-18")])),
 "two_gaps_each_need_their_own_handover": ("alice → gap → bob (handed over by alice) → gap → carol: carol needed a handover from bob, the previous rep before the second gap", None,
    att([t("alice","TD","demo","01-01"), t("bob","TD","demo","02-05"), t("bob","TD","demo","02-06"), t("carol","CFO","signoff","03-20")], [h("alice","bob","02-04"), h("alice","carol","03-19")])),
 "returning_rep_is_not_new": ("alice works the account, goes quiet, and returns after the gap: she is not new and is paid; bob, new after the gap, is locked", None,
    att([t("alice","TD","demo","01-05"), t("alice","TD","demo","03-10"), t("bob","CFO","signoff","03-20")])),
 "locked_share_can_go_to_the_previous_rep_by_policy": ("policy locked_share = previous_rep: bob's share goes to alice, the previous rep",
    {"handover": {"locked_share": "previous_rep"}}, att(BASE)),
 "custom_silent_period_of_seven_days": ("policy silent_period = 7d: 10 quiet days are enough to lock bob",
    {"handover": {"silent_period": "7d"}}, att([t("alice","TD","demo","03-01"), t("alice","TD","demo","03-05"), t("bob","CFO","signoff","03-15")])),
 "locks_apply_to_every_model": ("linear model: the lock still holds bob's 1/3 back", None, att(BASE, model="linear")),
 "new_rep_without_credit_has_nothing_to_lock": ("bob is new after the gap but his call counts for no met rule: nothing is locked, the explanation still names him", None,
    att([t("alice","TD","demo","01-05"), t("alice","TD","demo","01-10"), t("alice","CFO","signoff","01-11"), t("bob","U","call","03-20")])),
 "touches_after_close_do_not_open_a_gap": ("bob's only touch is after close: he is ignored, nothing is locked", None,
    att([t("alice","TD","demo","01-05"), t("alice","TD","demo","01-10"), t("bob","CFO","signoff","04-20")])),
}
for name, (desc, policy, req) in cases.items():
    c = {"description": desc, "op": "attribute"}
    if policy: c["policy"] = policy
    c["request"] = req
    json.dump(c, open(f"golden/handover/{name}.json", "w"), indent=2, ensure_ascii=False)

TL = [{"rep": "alice", "at": "2026-01-25T10:00:00+08:00"}, {"rep": "alice", "at": "2026-02-10T10:00:00+08:00"}]
status = {
 "quiet_account_would_lock_a_new_rep": ("no touch for 49 days: the account is silent and bob's first touch would be locked until alice hands over",
    {"customer_id": "C-7", "touches": TL, "now": "2026-03-31T10:00:00+08:00", "rep": "bob"}),
 "active_account_is_not_silent": ("alice touched 20 days ago: not silent, bob would not be new",
    {"customer_id": "C-7", "touches": TL, "now": "2026-03-02T10:00:00+08:00", "rep": "bob"}),
 "existing_handover_means_no_lock": ("silent, but alice already confirmed a handover to bob",
    {"touches": TL, "handovers": [h("alice", "bob", "03-20")], "now": "2026-03-31T10:00:00+08:00", "rep": "bob"}),
 "returning_rep_is_never_new": ("alice herself picking the account up again is not new",
    {"touches": TL, "now": "2026-03-31T10:00:00+08:00", "rep": "alice"}),
 "no_touches_yet": ("a customer nobody touched: no owner, and the first rep is never locked",
    {"touches": [], "now": "2026-03-31T10:00:00+08:00", "rep": "bob"}),
}
for name, (desc, req) in status.items():
    json.dump({"description": desc, "op": "handover_status", "request": req}, open(f"golden/handover_status/{name}.json", "w"), indent=2, ensure_ascii=False)

FILING = {"deal_id": "D-7", "rep": "bob", "against": "lock", "reason": "alice handed the account over at the February review; the minutes were filed late",
          "evidence": [{"kind": "meeting_minutes", "reference": "2026-02-18 review: alice hands C-7 to bob"}, {"kind": "system_log", "reference": "crm-log-88412"}],
          "filed_at": "2026-04-02T09:00:00+08:00"}
appeals = {
 "appeal_is_filed_with_a_deterministic_id": ("an appeal with evidence gets an id derived from its content and an audit entry", "appeal", {"appeal": FILING}),
 "appeal_without_evidence_is_rejected": ("an appeal with no evidence is an invalid_request naming appeal.evidence", "appeal", {"appeal": {**FILING, "evidence": []}}),
 "accepted_appeal_releases_the_lock": ("the committee accepts bob's appeal: the re-run pays bob his 5/13, and both results stay in the trail", "resolve_appeal",
    {"appeal": FILING, "resolution": {"decision": "accepted", "by": "sales-committee", "at": "2026-04-05T15:00:00+08:00", "note": "minutes verified"}, "attribution": att(BASE)}),
 "rejected_appeal_keeps_the_lock": ("the committee rejects the appeal: the re-run equals the original", "resolve_appeal",
    {"appeal": FILING, "resolution": {"decision": "rejected", "by": "sales-committee", "at": "2026-04-05T15:00:00+08:00", "note": "minutes do not name bob"}, "attribution": att(BASE)}),
 "appeal_against_a_lock_that_does_not_exist": ("bob has a handover, so nothing is locked: appealing a lock is an error naming appeal.rep", "resolve_appeal",
    {"appeal": FILING, "resolution": {"decision": "accepted", "by": "sales-committee", "at": "2026-04-05T15:00:00+08:00"}, "attribution": att(BASE, [h("alice", "bob", "02-18")])}),
 "accepted_share_appeal_adds_the_evidenced_touches": ("carol shows two demos the CRM missed; accepted, they count in the re-run", "resolve_appeal",
    {"appeal": {**FILING, "rep": "carol", "against": "share", "reason": "two demos with the technical director were not logged"},
     "resolution": {"decision": "accepted", "by": "sales-committee", "at": "2026-04-05T15:00:00+08:00", "accepted_touches": [t("carol","TD","demo","03-12"), t("carol","TD","demo","03-13")]},
     "attribution": att([t("alice","TD","demo","03-01"), t("alice","TD","demo","03-02"), t("bob","CFO","signoff","03-20")])}),
 "resolution_before_filing_is_an_error": ("a resolution dated before the appeal was filed names resolution.at", "resolve_appeal",
    {"appeal": FILING, "resolution": {"decision": "accepted", "by": "sales-committee", "at": "2026-04-01T15:00:00+08:00"}, "attribution": att(BASE)}),
}
for name, (desc, op, req) in appeals.items():
    json.dump({"description": desc, "op": op, "request": req}, open(f"golden/appeal/{name}.json", "w"), indent=2, ensure_ascii=False)
print(len(cases), len(status), len(appeals))
