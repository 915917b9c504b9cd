# Writes the escalation golden cases WITHOUT `expect`; then run
# `cargo run -p salesrules-examples --bin golden -- --write` and review every expectation by hand.
import json, os
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden')
def case(folder, name, description, op, request, policy=None):
    d = os.path.join(root, folder); os.makedirs(d, exist_ok=True)
    c = {"description": description, "op": op}
    if policy is not None: c["policy"] = policy
    c["request"] = request
    p = os.path.join(d, name + ".json")
    json.dump(c, open(p, 'w'), indent=2, ensure_ascii=False); open(p,'a').write("\n")

def lead(events=(), assigned="2026-03-02T09:00:00+08:00", profile=None, **kw):
    l = {"id": "L-20260302-SH001", "owner": "alice", "backup": "bob", "supervisor": "carol",
         "assigned_at": assigned, "events": list(events)}
    if profile is not None: l["profile"] = profile
    l.update(kw); return l
def ev(kind, at, rep="alice"): return {"kind": kind, "at": at, "rep": rep}
LE = "lead_escalation"
cn_work = {"time_zone": "Asia/Shanghai", "working_hours": [["09:00", "18:00"]],
           "holidays": [], "workdays": [], "covers": [2026]}
def cal_policy(section, cal_name="cn_mainland"):
    return {"escalation": section}

# --- lead_escalation
case("lead_escalation", "on_time_contact_and_update_meets_both_timers",
     "first contact after 1 h and a status update after 5 h: both timers met, nothing fires", LE,
     {"lead": lead([ev("first_contact", "2026-03-02T10:00:00+08:00"), ev("status_update", "2026-03-02T14:00:00+08:00")]),
      "now": "2026-03-03T12:00:00+08:00"})
case("lead_escalation", "no_contact_after_four_hours_reminds_the_supervisor",
     "no first contact 4 h after assignment: remind the supervisor at 13:00; the 24 h reassign is next", LE,
     {"lead": lead(), "now": "2026-03-02T13:30:00+08:00"})
case("lead_escalation", "just_before_four_hours_nothing_is_due",
     "at 12:59 nothing is due yet; next_deadline is 13:00", LE,
     {"lead": lead(), "now": "2026-03-02T12:59:00+08:00"})
case("lead_escalation", "contact_exactly_at_the_deadline_is_on_time",
     "a first contact at exactly 4 h stops the timer: no reminder", LE,
     {"lead": lead([ev("first_contact", "2026-03-02T13:00:00+08:00")]), "now": "2026-03-02T13:00:00+08:00"})
case("lead_escalation", "no_update_after_24h_reassigns_to_backup_with_brief",
     "contact but no status update after 24 h: reassign to the backup with the customer profile; the clock restarts for bob", LE,
     {"lead": lead([ev("first_contact", "2026-03-02T10:00:00+08:00")],
                   profile={"company": "Ningbo Harbour Logistics", "source": "trade_show", "interest": "fleet telematics"}),
      "now": "2026-03-03T10:00:00+08:00"})
case("lead_escalation", "backup_also_misses_supervisor_takes_it",
     "alice and then bob both miss: reminders in each cycle, two reassigns, carol owns the lead", LE,
     {"lead": lead(), "now": "2026-03-04T12:00:00+08:00"})
case("lead_escalation", "supervisor_misses_too_chain_exhausted",
     "after carol also misses, nobody is left: no third reassign, a timeline note, no next deadline for it", LE,
     {"lead": lead(), "now": "2026-03-06T12:00:00+08:00"})
case("lead_escalation", "backup_answers_after_reassign",
     "after the reassign, bob's first contact and update meet the new cycle's timers", LE,
     {"lead": lead([ev("first_contact", "2026-03-03T09:30:00+08:00", "bob"), ev("status_update", "2026-03-03T11:00:00+08:00", "bob")]),
      "now": "2026-03-04T12:00:00+08:00"})
case("lead_escalation", "contact_by_another_rep_is_ignored",
     "a call logged by bob while alice owns the lead stops no timer and is listed as ignored", LE,
     {"lead": lead([ev("first_contact", "2026-03-02T10:00:00+08:00", "bob")]), "now": "2026-03-02T14:00:00+08:00"})
case("lead_escalation", "event_before_assignment_is_an_error",
     "an event before assigned_at means a corrupted log: invalid_request naming the event", LE,
     {"lead": lead([ev("first_contact", "2026-03-02T08:00:00+08:00")]), "now": "2026-03-02T14:00:00+08:00"})
case("lead_escalation", "events_out_of_order_are_an_error",
     "events must be in time order: invalid_request naming the second event", LE,
     {"lead": lead([ev("status_update", "2026-03-02T12:00:00+08:00"), ev("first_contact", "2026-03-02T10:00:00+08:00")]),
      "now": "2026-03-02T14:00:00+08:00"})
case("lead_escalation", "events_after_now_are_not_known_yet",
     "an event after now is ignored: evaluating at 13:30 still lists the 13:00 reminder", LE,
     {"lead": lead([ev("first_contact", "2026-03-02T15:00:00+08:00")]), "now": "2026-03-02T13:30:00+08:00"})
case("lead_escalation", "not_started_before_assignment",
     "now before assigned_at: not_started, nothing due", LE,
     {"lead": lead(), "now": "2026-03-02T08:00:00+08:00"})
case("lead_escalation", "unknown_event_kind_is_an_error",
     "an unknown event kind names its path", LE,
     {"lead": lead([ev("visit", "2026-03-02T10:00:00+08:00")]), "now": "2026-03-02T14:00:00+08:00"})
mk_rules = lambda cal, after="4h": {"lead": {"rules": [
    {"id": "first_contact", "until": "first_contact", "after": after, "action": "remind_supervisor", "calendar": cal},
    {"id": "status_update", "until": "status_update", "after": "24h", "action": "reassign", "calendar": cal}]}}
case("lead_escalation", "friday_lead_due_on_make_up_saturday",
     "assigned Friday 2026-02-13 16:00 with a 4-working-hour rule (09:00-18:00 Asia/Shanghai): due Saturday 2026-02-14 11:00, a make-up working day (调休); the 24-working-hour reassign is next: 2 h Fri + 9 h Sat + 9 h Tue 02-24 + 4 h Wed 02-25 = 13:00 on 02-25", LE,
     {"lead": lead(assigned="2026-02-13T16:00:00+08:00", id="L-20260213-SH001"), "now": "2026-02-14T11:00:00+08:00"},
     policy={"calendars": {"cn_mainland": dict(cn_work, holidays=["2026-02-15","2026-02-16","2026-02-17","2026-02-18","2026-02-19","2026-02-20","2026-02-21","2026-02-22","2026-02-23"], workdays=["2026-02-14","2026-02-28"])},
             "escalation": mk_rules("cn_mainland")})
case("lead_escalation", "default_china_calendar_skips_lunch_and_spring_festival",
     "both rules on the default cn_mainland calendar (09:00-12:00, 13:00-18:00): assigned on the make-up Saturday 2026-02-14 at 17:00; 4 working hours = 1 h that day, the Spring Festival 02-15..02-23 skipped, 3 h on Tuesday 02-24 morning: reminder due 2026-02-24 12:00; the 24-working-hour reassign is next, 2026-02-26 17:00", LE,
     {"lead": lead(assigned="2026-02-14T17:00:00+08:00"), "now": "2026-02-24T12:00:00+08:00"},
     policy={"escalation": mk_rules("cn_mainland")})
case("lead_escalation", "calendar_year_not_covered_is_an_error",
     "a working-hours rule running into 2027, which the default calendar does not cover: calendar_data_missing, never a guess", LE,
     {"lead": lead(assigned="2026-12-31T17:00:00+08:00"), "now": "2027-01-04T12:00:00+08:00"},
     policy={"escalation": mk_rules("cn_mainland")})
case("lead_escalation", "wall_clock_24h_across_new_york_dst",
     "24 h wall-clock rule across the 2026-03-08 DST change in New York: assigned Saturday 12:00 EST, reassign due 24 real hours later = Sunday 13:00 EDT (shown in the request's -05:00 offset as 12:00)", LE,
     {"lead": {"id": "L-20260307-NY001", "owner": "dana", "backup": "eli", "supervisor": "fay",
               "assigned_at": "2026-03-07T12:00:00-05:00", "events": [{"kind": "first_contact", "at": "2026-03-07T13:00:00-05:00", "rep": "dana"}]},
      "now": "2026-03-08T13:00:00-04:00"})
ny = {"time_zone": "America/New_York", "working_hours": [["09:00", "17:00"]], "covers": [2026]}
case("lead_escalation", "new_york_working_hours_across_dst",
     "4 working hours (09:00-17:00 America/New_York) from Friday 2026-03-06 15:00 EST: 2 h Friday, 2 h Monday after the DST change: reminder due Monday 11:00 EDT (-04:00); the 24-working-hour reassign is next: 2 + 8 + 8 + 6 h = Wednesday 03-11 15:00 EDT", LE,
     {"lead": {"id": "L-20260306-NY002", "owner": "dana", "backup": "eli", "supervisor": "fay",
               "assigned_at": "2026-03-06T15:00:00-05:00", "events": []}, "now": "2026-03-09T11:00:00-04:00"},
     policy={"calendars": {"us_east": ny}, "escalation": mk_rules("us_east")})
case("lead_escalation", "custom_chain_goes_straight_to_supervisor",
     "policy reassign_chain [supervisor]: the missed lead goes to carol directly", LE,
     {"lead": lead([ev("first_contact", "2026-03-02T10:00:00+08:00")]), "now": "2026-03-03T10:00:00+08:00"},
     policy={"escalation": {"lead": {"reassign_chain": ["supervisor"]}}})

# --- work_order_escalation
WO = "work_order_escalation"
def order(responses=(), replies=None, submitted="2026-03-02T10:00:00+08:00", **kw):
    o = {"id": "W-20260302-SH001", "submitted_at": submitted, "assignee": "head_ops", "escalate_to": "vp_ops",
         "responses": list(responses)}
    if replies is not None: o["requester_replies"] = replies
    o.update(kw); return o
def resp(decision, at, by="head_ops", **kw):
    r = {"decision": decision, "at": at, "by": by}; r.update(kw); return r
case("work_order_escalation", "accept_within_two_hours",
     "the head accepts after 45 min: met, nothing escalates; timeline with time taken and attachment version", WO,
     {"order": order([resp("accept", "2026-03-02T10:45:00+08:00", attachment_version="v1")], attachment_version="v1", requester="sales_li"),
      "now": "2026-03-02T15:00:00+08:00"})
case("work_order_escalation", "no_answer_escalates_after_two_hours",
     "no answer in 2 h: escalate to the operations VP at 12:00", WO,
     {"order": order(), "now": "2026-03-02T12:30:00+08:00"})
case("work_order_escalation", "running_shows_next_deadline",
     "no answer yet after 1 h: running, next_deadline 12:00", WO,
     {"order": order(), "now": "2026-03-02T11:00:00+08:00"})
case("work_order_escalation", "clarify_pauses_until_the_requester_replies",
     "clarify after 1 h pauses the clock; the reply 3 h later resumes it with 1 h left: due 15:00, nothing fires at 14:30", WO,
     {"order": order([resp("clarify", "2026-03-02T11:00:00+08:00", attachment_version="v1")],
                     [{"at": "2026-03-02T14:00:00+08:00", "attachment_version": "v2"}]),
      "now": "2026-03-02T14:30:00+08:00"})
case("work_order_escalation", "paused_clock_never_escalates",
     "clarify and no reply for a day: paused, no escalation, no deadline", WO,
     {"order": order([resp("clarify", "2026-03-02T11:00:00+08:00")]), "now": "2026-03-03T11:00:00+08:00"})
case("work_order_escalation", "reject_with_reason_after_clarification",
     "clarify at 11:00 (1 h used), reply at 14:00 (1 h left, due 15:00), reject with a reason at 15:30: the 15:00 escalation stays listed; met, decision reject, full timeline", WO,
     {"order": order([resp("clarify", "2026-03-02T11:00:00+08:00", attachment_version="v1"),
                      resp("reject", "2026-03-02T15:30:00+08:00", reason="quantity exceeds the plant's monthly capacity", attachment_version="v2")],
                     [{"at": "2026-03-02T14:00:00+08:00", "attachment_version": "v2"}]),
      "now": "2026-03-02T16:00:00+08:00"})
case("work_order_escalation", "reject_without_reason_is_an_error",
     "a rejection without a reason is invalid_request naming order.responses[0].reason", WO,
     {"order": order([resp("reject", "2026-03-02T10:30:00+08:00")]), "now": "2026-03-02T11:00:00+08:00"})
case("work_order_escalation", "decision_after_accept_is_an_illegal_transition",
     "a clarify after accept: invalid_transition naming order.responses[1].decision", WO,
     {"order": order([resp("accept", "2026-03-02T10:30:00+08:00"), resp("clarify", "2026-03-02T10:40:00+08:00")]),
      "now": "2026-03-02T11:00:00+08:00"})
case("work_order_escalation", "answer_by_someone_else_is_an_illegal_transition",
     "an answer by someone other than the assignee before escalation: invalid_transition naming order.responses[0].by", WO,
     {"order": order([resp("accept", "2026-03-02T10:30:00+08:00", by="vp_ops")]), "now": "2026-03-02T11:00:00+08:00"})
case("work_order_escalation", "vp_may_answer_after_escalation",
     "after the 12:00 escalation the VP accepts at 13:00: met, the escalation stays listed", WO,
     {"order": order([resp("accept", "2026-03-02T13:00:00+08:00", by="vp_ops")]), "now": "2026-03-02T14:00:00+08:00"})
case("work_order_escalation", "second_clarify_while_waiting_is_an_illegal_transition",
     "two clarifications without a reply in between: invalid_transition naming order.responses[1].decision", WO,
     {"order": order([resp("clarify", "2026-03-02T10:30:00+08:00"), resp("clarify", "2026-03-02T10:40:00+08:00")]),
      "now": "2026-03-02T11:00:00+08:00"})
case("work_order_escalation", "national_day_holiday_with_working_hours",
     "submitted 2026-09-30 17:00 with a 2-working-hour window (default cn_mainland calendar): 1 h on 09-30, the National Day holiday 10-01..10-07 is skipped, escalates 2026-10-08 10:00", WO,
     {"order": order(submitted="2026-09-30T17:00:00+08:00", id="W-20260930-SH001"), "now": "2026-10-08T10:00:00+08:00"},
     policy={"escalation": {"work_order": {"answer_within": "2h", "calendar": "cn_mainland"}}})
case("work_order_escalation", "reply_without_pending_clarification_is_ignored",
     "a requester reply with no clarification pending is listed as ignored and changes nothing", WO,
     {"order": order([], [{"at": "2026-03-02T10:30:00+08:00"}]), "now": "2026-03-02T11:00:00+08:00"})
case("work_order_escalation", "response_before_submission_is_an_error",
     "a response before submitted_at: invalid_request naming order.responses[0].at", WO,
     {"order": order([resp("accept", "2026-03-02T09:30:00+08:00")]), "now": "2026-03-02T11:00:00+08:00"})

# --- tracking codes
case("tracking_code", "generate_lead_code", "prefix L, 2026-02-23, region SH, sequence 87 -> L-20260223-SH087",
     "generate_tracking_code", {"prefix": "L", "date": "2026-02-23", "region": "SH", "sequence": 87})
case("tracking_code", "parse_lead_code", "parse L-20260223-SH087 into its parts", "parse_tracking_code", {"code": "L-20260223-SH087"})
case("tracking_code", "parse_rejects_impossible_date", "2026-02-30 is not a calendar date", "parse_tracking_code", {"code": "L-20260230-SH087"})
case("tracking_code", "parse_rejects_short_sequence", "the sequence must have 3 digits", "parse_tracking_code", {"code": "L-20260223-SH87"})
case("tracking_code", "generate_rejects_sequence_overflow", "sequence 1000 does not fit 3 digits: error names sequence",
     "generate_tracking_code", {"prefix": "L", "date": "2026-02-23", "region": "SH", "sequence": 1000})
case("tracking_code", "generate_rejects_lower_case_region", "region must be upper-case letters",
     "generate_tracking_code", {"prefix": "L", "date": "2026-02-23", "region": "sh", "sequence": 1})
case("tracking_code", "generate_with_four_digit_policy", "policy sequence_digits 4 -> W-20261008-BJ0042",
     "generate_tracking_code", {"prefix": "W", "date": "2026-10-08", "region": "BJ", "sequence": 42},
     policy={"escalation": {"tracking": {"sequence_digits": 4}}})

# --- health
def hl(i, team, assigned, contact=None):
    e = [] if contact is None else [{"kind": "first_contact", "at": contact, "rep": "x"}]
    return {"id": f"L-{i:03d}", "team": team, "assigned_at": assigned, "events": e}
leads = [
    hl(1, "east", "2026-02-02T09:00:00+08:00", "2026-02-02T10:00:00+08:00"),
    hl(2, "east", "2026-02-03T09:00:00+08:00", "2026-02-04T09:00:00+08:00"),
    hl(3, "east", "2026-02-04T09:00:00+08:00", "2026-02-06T09:00:00+08:00"),  # exactly 48h: within
    hl(4, "east", "2026-02-05T09:00:00+08:00", "2026-02-07T10:00:00+08:00"),  # 49h: late
    hl(5, "north", "2026-02-02T09:00:00+08:00", "2026-02-02T09:30:00+08:00"),
    hl(6, "north", "2026-02-10T09:00:00+08:00"),  # never
    hl(7, "north", "2026-02-11T09:00:00+08:00", "2026-02-20T09:00:00+08:00"),  # 9 days late
    hl(8, "north", "2026-02-27T20:00:00+08:00"),  # pending at as_of 2026-03-01 00:00 (28h)
    hl(9, "west", "2026-02-09T09:00:00+08:00", "2026-02-09T11:00:00+08:00"),
    hl(10, "west", "2026-01-31T09:00:00+08:00", "2026-01-31T10:00:00+08:00"),  # outside month
]
case("lead_health_report", "february_teams_green_yellow_red",
     "east 3/4 within 48 h (75.0 %, yellow; exactly 48 h counts), north 1/3 decided (33.3 %, red; one lead still pending), west 1/1 (green); one January lead outside the month",
     "lead_health_report", {"month": "2026-02", "as_of": "2026-03-01T00:00:00+08:00", "leads": leads})
case("lead_health_report", "custom_thresholds_turn_east_green",
     "policy green_at 75: east's 75.0 % is green", "lead_health_report",
     {"month": "2026-02", "as_of": "2026-03-01T00:00:00+08:00", "leads": leads[:4]},
     policy={"escalation": {"health": {"green_at": "75", "yellow_at": "50"}}})
case("lead_health_report", "bad_month_is_an_error", "month must be YYYY-MM", "lead_health_report",
     {"month": "2026-13", "as_of": "2026-03-01T00:00:00+08:00", "leads": []})
# --- policy errors
case("errors", "escalation_rule_names_unknown_calendar", "a lead rule naming a calendar the policy lacks", "policy", {},
     policy={"escalation": {"lead": {"rules": [{"id": "x", "until": "first_contact", "after": "4h", "action": "remind_supervisor", "calendar": "mars"}]}}})
case("errors", "calendar_with_bad_time_zone", "a calendar whose time zone is not IANA", "policy", {},
     policy={"calendars": {"x": {"time_zone": "China/Beijing", "working_hours": [["09:00","18:00"]], "covers": [2026]}}})
case("errors", "calendar_holiday_outside_covers", "a holiday in a year the calendar does not claim to cover", "policy", {},
     policy={"calendars": {"x": {"time_zone": "Asia/Shanghai", "working_hours": [["09:00","18:00"]], "holidays": ["2027-01-01"], "covers": [2026]}}})
