//! The synthetic leads of the escalation benchmarks (criterion bench and `profile_leads`): 0–2
//! events each, assigned over three weeks from 2026-03-02, evaluated at one `now` 25 days later.

use salesrules::escalation::lead::{Lead, LeadEvent};
use salesrules::escalation::policy::LeadEventKind;
use salesrules::time::Instant;
use salesrules::{Engine, Policy};

/// 2026-03-02T09:00:00+08:00.
pub const MONTH_START: i64 = 1_772_413_200;

pub fn at(seconds: i64) -> Instant {
    Instant::from_unix(MONTH_START + seconds, 8 * 3600).unwrap_or_else(|| unreachable!())
}

/// `n` leads; a cheap LCG decides who answers when.
pub fn leads(n: usize) -> Vec<Lead> {
    let mut x: u64 = 0x2026_0302;
    let mut next = move |m: u64| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (x >> 33) % m
    };
    (0..n)
        .map(|i| {
            let assigned = (next(21 * 86_400)) as i64;
            let mut events = Vec::new();
            if next(10) < 7 {
                let contact = assigned + (next(30 * 3600)) as i64;
                events.push(LeadEvent {
                    kind: LeadEventKind::FirstContact,
                    at: at(contact),
                    rep: "alice".into(),
                });
                if next(10) < 6 {
                    events.push(LeadEvent {
                        kind: LeadEventKind::StatusUpdate,
                        at: at(contact + (next(40 * 3600)) as i64),
                        rep: "alice".into(),
                    });
                }
            }
            Lead {
                id: format!("L-{i:07}"),
                owner: "alice".into(),
                backup: "bob".into(),
                supervisor: "carol".into(),
                assigned_at: at(assigned),
                events,
                profile: None,
            }
        })
        .collect()
}

/// An engine whose two lead rules run on the `cn_mainland` business calendar.
pub fn calendar_engine() -> Engine {
    let policy = Policy::from_json(
        r#"{"escalation": {"lead": {"rules": [
            {"id": "first_contact", "until": "first_contact", "after": "4h",
             "action": "remind_supervisor", "calendar": "cn_mainland"},
            {"id": "status_update", "until": "status_update", "after": "24h",
             "action": "reassign", "calendar": "cn_mainland"}]}}}"#,
    );
    policy
        .and_then(Engine::new)
        .unwrap_or_else(|e| unreachable!("{e}"))
}

/// The moment every lead is evaluated: 25 days after the month's start.
pub fn now() -> Instant {
    at(25 * 86_400)
}
