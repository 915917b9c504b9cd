//! The lead batch path gives the same answers as the typed `Engine::lead_escalation` (state,
//! owner, cycle, due actions with their ids, `next_deadline`, and which leads fail): every
//! golden lead case, and generated event logs under wall-clock rules, business-calendar rules
//! (the `cn_mainland` calendar and every calendar of the golden cases: the 2026-02-14 make-up
//! Saturday, the National Day week and 2026-10-08, New York across both DST changes, the end
//! of the covered years), mixed rules and custom reassign chains.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use salesrules::escalation::batch::{BatchLeadAction, BatchLeadStatus, LeadBatch, LeadBatchRunner};
use salesrules::escalation::lead::{Lead, LeadEvent};
use salesrules::escalation::policy::LeadEventKind;
use salesrules::escalation::LeadEscalationRequest;
use salesrules::time::Instant;
use salesrules::{Engine, Policy};
use std::sync::LazyLock;

const REPS: [&str; 4] = ["alice", "bob", "carol", "dan"];

/// Assignment anchors around the calendar cases that matter.
const ANCHORS: [&str; 9] = [
    "2026-03-02T09:00:00+08:00",
    "2026-02-13T16:00:00+08:00", // Friday before the make-up Saturday and Spring Festival
    "2026-09-30T17:00:00+08:00", // before the National Day week
    "2026-10-08T10:00:00+08:00", // the first working day after it
    "2026-03-07T16:00:00-05:00", // New York, the day before DST starts
    "2026-10-31T20:00:00-04:00", // New York, the night before DST ends
    "2026-12-30T17:00:00+08:00", // deadlines run into 2027, which no calendar covers
    "2026-06-18T17:30:00+08:00", // before the Dragon Boat holiday
    "2026-03-08T01:30:00-05:00", // New York, minutes before the clocks jump
];

fn golden_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden/lead_escalation")
}

/// The golden lead cases that parse: (file, policy document or null, request).
fn golden_cases() -> Vec<(String, serde_json::Value, LeadEscalationRequest)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let Ok(request) = serde_json::from_value(case["request"].clone()) else {
            continue; // a case about a request that does not parse
        };
        out.push((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            case.get("policy")
                .cloned()
                .unwrap_or(serde_json::Value::Null),
            request,
        ));
    }
    out
}

fn engine_for(policy: &serde_json::Value) -> Engine {
    if policy.is_null() {
        Engine::default()
    } else {
        Engine::new(Policy::from_json(&policy.to_string()).unwrap()).unwrap()
    }
}

/// Default, calendar, mixed and custom-chain policies, plus every golden policy.
static ENGINES: LazyLock<Vec<Engine>> = LazyLock::new(|| {
    let mut docs = vec![
        serde_json::Value::Null,
        serde_json::json!({"escalation": {"lead": {"rules": [
            {"id": "first_contact", "until": "first_contact", "after": "4h",
             "action": "remind_supervisor", "calendar": "cn_mainland"},
            {"id": "status_update", "until": "status_update", "after": "24h",
             "action": "reassign", "calendar": "cn_mainland"}]}}}),
        serde_json::json!({"escalation": {"lead": {"rules": [
            {"id": "status_update", "until": "status_update", "after": "8h",
             "action": "reassign"},
            {"id": "first_contact", "until": "first_contact", "after": "2h",
             "action": "remind_supervisor", "calendar": "cn_mainland"},
            {"id": "first_contact_2", "until": "first_contact", "after": "9h",
             "action": "reassign", "calendar": "cn_mainland"}],
            "reassign_chain": ["supervisor"]}}}),
        serde_json::json!({"escalation": {"lead": {"rules": [
            {"id": "a", "until": "first_contact", "after": "3h", "action": "remind_supervisor"},
            {"id": "a_b", "until": "status_update", "after": "3h", "action": "reassign"},
            {"id": "b", "until": "status_update", "after": "3h", "action": "remind_supervisor"}],
            "reassign_chain": ["supervisor", "backup"]}}}),
    ];
    for (_, policy, _) in golden_cases() {
        if !docs.contains(&policy) {
            docs.push(policy);
        }
    }
    docs.iter().map(engine_for).collect()
});

/// One action as both paths can state it.
type Act = (String, &'static str, i64, String, String);

/// What the typed operation answers, in the batch path's terms.
#[derive(Debug, PartialEq)]
enum Answer {
    Ok {
        state: &'static str,
        owner: String,
        cycle: u32,
        breached: bool,
        actions: Vec<Act>,
        next_deadline: Option<i64>,
    },
    Failed(&'static str),
}

fn typed(engine: &Engine, request: &LeadEscalationRequest) -> Answer {
    match engine.lead_escalation(request) {
        Ok(r) => Answer::Ok {
            state: r.state.as_str(),
            owner: r.owner,
            cycle: r.cycle,
            breached: r.breached,
            actions: r
                .actions
                .into_iter()
                .map(|a| (a.id, a.kind.as_str(), a.due_at.unix_seconds(), a.from, a.to))
                .collect(),
            next_deadline: r.next_deadline.map(|d| d.unix_seconds()),
        },
        Err(e) => Answer::Failed(match e.code() {
            "calendar_data_missing" => "calendar",
            "invalid_request" if e.message().contains("before the lead was assigned") => "before",
            "invalid_request" => "order",
            other => panic!("unexpected error {other}: {e}"),
        }),
    }
}

/// Evaluate the leads in one batch at `now` and answer per lead like [`typed`].
fn batched(engine: &Engine, leads: &[Lead], now: Instant) -> Vec<Answer> {
    let batch = LeadBatch::from_leads(leads).unwrap();
    let mut runner = LeadBatchRunner::new(engine).unwrap();
    let (mut results, mut actions) = (Vec::new(), Vec::new());
    runner
        .run(
            &batch.leads,
            &batch.events,
            now.unix_seconds(),
            &mut results,
            &mut actions,
        )
        .unwrap();
    assert_eq!(results.len(), leads.len());
    let name = |id: u32| batch.reps[id as usize].clone();
    results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mine: &[BatchLeadAction] =
                &actions[r.action_start as usize..(r.action_start + r.action_len) as usize];
            assert!(mine.iter().all(|a| a.lead as usize == i));
            match r.status {
                BatchLeadStatus::Ok => Answer::Ok {
                    state: r.state.as_str(),
                    owner: name(r.owner),
                    cycle: r.cycle,
                    breached: r.action_len > 0,
                    actions: mine
                        .iter()
                        .map(|a| {
                            (
                                runner.action_id(&batch.lead_ids[i], a),
                                a.kind.as_str(),
                                a.due_at,
                                name(a.from),
                                name(a.to),
                            )
                        })
                        .collect(),
                    next_deadline: r.next_deadline,
                },
                BatchLeadStatus::CalendarDataMissing => Answer::Failed("calendar"),
                BatchLeadStatus::EventBeforeAssignment => Answer::Failed("before"),
                BatchLeadStatus::EventsOutOfOrder => Answer::Failed("order"),
                BatchLeadStatus::TimeOutOfRange => Answer::Failed("range"),
            }
        })
        .collect()
}

#[test]
fn every_golden_lead_case_gives_the_same_answer_in_a_batch() {
    let cases = golden_cases();
    assert!(cases.len() >= 15, "golden lead cases not found");
    for (file, policy, request) in cases {
        let engine = engine_for(&policy);
        let expected = typed(&engine, &request);
        let got = batched(&engine, std::slice::from_ref(&request.lead), request.now);
        assert_eq!(got, vec![expected], "{file}");
    }
}

#[derive(Debug, Clone)]
struct GenLead {
    anchor: usize,
    offset_minutes: i64,
    team: [usize; 3],
    events: Vec<(bool, i64, usize)>,
    shuffled: bool,
}

fn gen_lead() -> impl Strategy<Value = GenLead> {
    (
        0..ANCHORS.len(),
        0i64..2_880,
        [0usize..4, 0usize..4, 0usize..4],
        prop::collection::vec((any::<bool>(), -30i64..6_000, 0usize..4), 0..6),
        prop::bool::weighted(0.05),
    )
        .prop_map(|(anchor, offset_minutes, team, events, shuffled)| GenLead {
            anchor,
            offset_minutes,
            team,
            events,
            shuffled,
        })
}

fn anchor(i: usize) -> Instant {
    ANCHORS[i].parse().unwrap()
}

fn build(g: &GenLead, n: usize) -> Lead {
    let base = anchor(g.anchor);
    let assigned = base.plus_seconds(g.offset_minutes * 60).unwrap();
    let mut events = g.events.clone();
    if !g.shuffled {
        events.sort_by_key(|e| e.1);
    }
    Lead {
        id: format!("L-{n}"),
        owner: REPS[g.team[0]].into(),
        backup: REPS[g.team[1]].into(),
        supervisor: REPS[g.team[2]].into(),
        assigned_at: assigned,
        events: events
            .into_iter()
            .map(|(contact, minutes, rep)| LeadEvent {
                kind: if contact {
                    LeadEventKind::FirstContact
                } else {
                    LeadEventKind::StatusUpdate
                },
                at: assigned.plus_seconds(minutes * 60).unwrap(),
                rep: REPS[rep].into(),
            })
            .collect(),
        profile: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// One lead, every engine, `now` anywhere from before the assignment to a week after.
    #[test]
    fn one_lead_batch_equals_the_typed_operation(
        g in gen_lead(), now_minutes in -60i64..12_000,
    ) {
        let lead = build(&g, 1);
        let now = lead.assigned_at.plus_seconds(now_minutes * 60).unwrap();
        for engine in ENGINES.iter() {
            let request = LeadEscalationRequest { lead: lead.clone(), now };
            let expected = typed(engine, &request);
            let got = batched(engine, std::slice::from_ref(&lead), now);
            prop_assert_eq!(&got, &vec![expected]);
        }
    }

    /// Many leads in one batch at one `now`: each lead's answer is its own typed answer.
    #[test]
    fn many_leads_in_one_batch_equal_the_typed_operation_each(
        gs in prop::collection::vec(gen_lead(), 1..8), anchor_index in 0..ANCHORS.len(),
        now_minutes in 0i64..12_000,
    ) {
        let leads: Vec<Lead> = gs.iter().enumerate().map(|(i, g)| build(g, i)).collect();
        let now = anchor(anchor_index).plus_seconds(now_minutes * 60).unwrap();
        for engine in ENGINES.iter() {
            let got = batched(engine, &leads, now);
            for (lead, got) in leads.iter().zip(&got) {
                let request = LeadEscalationRequest { lead: lead.clone(), now };
                prop_assert_eq!(got, &typed(engine, &request), "{}", lead.id);
            }
        }
    }
}
