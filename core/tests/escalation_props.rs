//! Property tests of the escalation invariants of SPEC 2C: idempotence (evaluating twice gives
//! the same actions, ids unique), monotonicity (a later evaluation never un-fires an action)
//! and replay equivalence (one evaluation of the whole log equals step-by-step evaluation),
//! with wall-clock and business-calendar rules.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use salesrules::escalation::lead::{Lead, LeadEvent};
use salesrules::escalation::policy::LeadEventKind;
use salesrules::escalation::sla::{self, Clock, ClockEvent};
use salesrules::escalation::{LeadEscalationRequest, LeadEscalationResponse, Measure};
use salesrules::time::{Duration, Instant};
use salesrules::{Engine, Policy};
use std::collections::{BTreeMap, BTreeSet};

const ASSIGNED: i64 = 1_772_413_200; // 2026-03-02T09:00:00+08:00
const REPS: [&str; 4] = ["alice", "bob", "carol", "dan"];

fn at(minutes: i64) -> Instant {
    Instant::from_unix(ASSIGNED + minutes * 60, 8 * 3600).unwrap()
}

fn engines() -> [Engine; 2] {
    let calendar = Policy::from_json(
        r#"{"escalation": {"lead": {"rules": [
            {"id": "first_contact", "until": "first_contact", "after": "4h",
             "action": "remind_supervisor", "calendar": "cn_mainland"},
            {"id": "status_update", "until": "status_update", "after": "24h",
             "action": "reassign", "calendar": "cn_mainland"}]}}}"#,
    )
    .unwrap();
    [Engine::default(), Engine::new(calendar).unwrap()]
}

fn lead_events() -> impl Strategy<Value = Vec<LeadEvent>> {
    prop::collection::vec((any::<bool>(), 0i64..6_000, 0usize..4), 0..6).prop_map(|mut v| {
        v.sort_by_key(|e| e.1);
        v.into_iter()
            .map(|(contact, minutes, rep)| LeadEvent {
                kind: if contact {
                    LeadEventKind::FirstContact
                } else {
                    LeadEventKind::StatusUpdate
                },
                at: at(minutes),
                rep: REPS[rep].to_string(),
            })
            .collect()
    })
}

fn request(events: Vec<LeadEvent>, now: i64) -> LeadEscalationRequest {
    LeadEscalationRequest {
        lead: Lead {
            id: "L-1".into(),
            owner: "alice".into(),
            backup: "bob".into(),
            supervisor: "carol".into(),
            assigned_at: at(0),
            events,
            profile: None,
        },
        now: at(now),
    }
}

fn actions(r: &LeadEscalationResponse) -> BTreeMap<String, Instant> {
    r.actions.iter().map(|a| (a.id.clone(), a.due_at)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn evaluating_twice_gives_the_same_actions_without_duplicate_ids(
        events in lead_events(), now in 0i64..10_000,
    ) {
        for engine in engines() {
            let req = request(events.clone(), now);
            let a = engine.lead_escalation(&req).unwrap();
            let b = engine.lead_escalation(&req).unwrap();
            prop_assert_eq!(&a, &b);
            let ids: BTreeSet<&str> = a.actions.iter().map(|x| x.id.as_str()).collect();
            prop_assert_eq!(ids.len(), a.actions.len());
            prop_assert!(a.actions.iter().all(|x| x.due_at <= req.now));
            prop_assert!(a.next_deadline.is_none_or(|d| d > req.now));
        }
    }

    #[test]
    fn a_later_evaluation_never_unfires_an_action(
        events in lead_events(), t1 in 0i64..10_000, dt in 0i64..5_000,
    ) {
        for engine in engines() {
            let early = engine.lead_escalation(&request(events.clone(), t1)).unwrap();
            let late = engine.lead_escalation(&request(events.clone(), t1 + dt)).unwrap();
            let (early, late) = (actions(&early), actions(&late));
            for (id, due) in &early {
                prop_assert_eq!(late.get(id), Some(due), "{} un-fired", id);
            }
        }
    }

    #[test]
    fn the_next_deadline_is_when_the_next_action_fires(
        events in lead_events(), now in 0i64..10_000,
    ) {
        for engine in engines() {
            let r = engine.lead_escalation(&request(events.clone(), now)).unwrap();
            if let Some(next) = r.next_deadline {
                let minutes = (next.unix_seconds() - ASSIGNED) / 60;
                let later = engine.lead_escalation(&request(events.clone(), minutes)).unwrap();
                let (before, after) = (actions(&r), actions(&later));
                // Unless an event before the deadline stops the timer, something fires at it.
                let quiet = events.iter().any(|e| e.at > at(now) && e.at <= next);
                prop_assert!(quiet || after.len() > before.len());
            }
        }
    }

    #[test]
    fn evaluating_the_known_prefix_equals_evaluating_the_whole_log(
        events in lead_events(), now in 0i64..10_000,
    ) {
        for engine in engines() {
            let whole = engine.lead_escalation(&request(events.clone(), now)).unwrap();
            let known: Vec<LeadEvent> =
                events.iter().filter(|e| e.at <= at(now)).cloned().collect();
            let prefix = engine.lead_escalation(&request(known, now)).unwrap();
            prop_assert_eq!(&whole.actions, &prefix.actions);
            prop_assert_eq!(whole.next_deadline, prefix.next_deadline);
            prop_assert_eq!(&whole.owner, &prefix.owner);
            prop_assert_eq!(whole.state, prefix.state);
        }
    }

    #[test]
    fn step_by_step_clock_equals_one_replay_of_the_log(
        steps in prop::collection::vec((0usize..5, 1i64..600), 0..12),
        tail in 0i64..2_000,
    ) {
        let levels = [Duration::from_hours(1), Duration::from_hours(3)];
        let mut log = vec![(ClockEvent::Start, at(0))];
        let mut t = 0;
        for (kind, gap) in steps {
            t += gap;
            let event = [ClockEvent::Start, ClockEvent::Pause, ClockEvent::Resume,
                         ClockEvent::Stop, ClockEvent::Cancel][kind];
            log.push((event, at(t)));
        }
        // Keep only the events the clock accepts, so the log is valid.
        let mut clock = Clock::new("T", Measure::WallClock, &levels);
        let mut valid = Vec::new();
        let mut seen = BTreeMap::new();
        for &(event, when) in &log {
            let mut trial = clock.clone();
            if trial.apply(event, when).is_ok() {
                // Step by step: evaluate just before applying, then apply.
                for d in clock.evaluate(when).unwrap().due {
                    if d.due_at < when {
                        seen.insert(d.id.clone(), d.due_at);
                    }
                }
                clock = trial;
                valid.push((event, when));
            }
        }
        let now = at(t + tail);
        let stepwise = clock.evaluate(now).unwrap();
        let whole = sla::evaluate("T", Measure::WallClock, &levels, &valid, now).unwrap();
        prop_assert_eq!(&stepwise, &whole);
        let fired: BTreeMap<String, Instant> =
            whole.due.into_iter().map(|d| (d.id, d.due_at)).collect();
        for (id, due) in &seen {
            prop_assert_eq!(fired.get(id), Some(due), "{} seen on the way, lost at the end", id);
        }
    }
}
