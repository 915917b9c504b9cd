"""Hand-checked cases for the plain-Python reference and the transitions lead breaker of the
peer comparison. Run by run.sh before the comparison (`python test_reference.py`); exits
non-zero on the first wrong answer."""
import reference as R

H = 3600


def deal(amount_minor, touches, closed_at=1000 * H):
    return R.Deal("D", amount_minor, closed_at, touches)


def test_all_rules_met_split_by_weight():
    d = deal(10000, [("alice", "technical_director", "demo", 1), ("alice", "technical_director", "demo", 2),
                     ("bob", "procurement_director", "email", 3), ("bob", "procurement_director", "email", 4),
                     ("bob", "procurement_director", "email", 5), ("carol", "cfo", "signoff", 6)])
    assert R.role_weighted(d) == {"alice": 4000, "bob": 3500, "carol": 2500}


def test_unmet_weight_is_redistributed_and_remainder_goes_to_largest():
    # Only the demo rule is met (bob's two e-mails miss the threshold of 3): it carries the
    # whole deal, 2:1 by demos; 10000 * 2/3 = 6666 r2, 10000 * 1/3 = 3333 r1 → alice gets the cent.
    d = deal(10000, [("alice", "technical_director", "demo", 1), ("alice", "technical_director", "demo", 2),
                     ("bob", "technical_director", "demo", 3), ("bob", "procurement_director", "email", 4),
                     ("bob", "procurement_director", "email", 5)])
    assert R.role_weighted(d) == {"alice": 6667, "bob": 3333}


def test_no_rule_met_falls_back_to_linear_by_touch_count():
    d = deal(100, [("alice", "user", "call", 1), ("bob", "user", "call", 2), ("bob", "user", "call", 3)])
    assert R.role_weighted(d) == {"alice": 33, "bob": 67}


def test_equal_remainders_go_to_the_lower_rep_and_late_touches_are_ignored():
    d = deal(1, [("bob", "user", "call", 1), ("alice", "user", "call", 2),
                 ("carol", "user", "call", 2000 * H)], closed_at=1000 * H)
    assert R.role_weighted(d) == {"alice": 1, "bob": 0}


def test_lead_without_any_contact_reminds_reassigns_and_reminds_again():
    lead = R.LeadRow("L", "ann", "ben", "sue", 0, [])
    assert R.lead_breaker_transitions([lead], 30 * H) == [
        ("L", "remind_supervisor", 4 * H, "ann", "sue"),
        ("L", "reassign", 24 * H, "ann", "ben"),
        ("L", "remind_supervisor", 28 * H, "ben", "sue"),
    ]


def test_owner_events_stop_the_timers_and_a_colleagues_do_not():
    lead = R.LeadRow("L", "ann", "ben", "sue", 0, [("first_contact", 2 * H, "ann"),
                                                   ("status_update", 5 * H, "ben")])
    # ann contacted in time; ben's update is not the owner's, so the 24 h deadline passes.
    assert R.lead_breaker_transitions([lead], 25 * H) == [("L", "reassign", 24 * H, "ann", "ben")]


if __name__ == "__main__":
    tests = [f for name, f in sorted(globals().items()) if name.startswith("test_")]
    for test in tests:
        test()
    print(f"reference: {len(tests)} passed, 0 failed")
