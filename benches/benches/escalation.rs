//! Escalation benchmark: evaluate 1,000,000 leads with short event logs (0–2 events) through
//! the typed API and through the lead batch path (`LeadBatchRunner`, flat columns), with the
//! default wall-clock rules and with both rules on the `cn_mainland` business calendar (lunch
//! break, holidays, make-up days).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use salesrules::escalation::batch::{LeadBatch, LeadBatchRunner};
use salesrules::escalation::lead::{Lead, LeadEvent};
use salesrules::escalation::policy::LeadEventKind;
use salesrules::escalation::LeadEscalationRequest;
use salesrules::time::Instant;
use salesrules::{Engine, Policy};
use std::hint::black_box;

const LEADS: usize = 1_000_000;
/// 2026-03-02T09:00:00+08:00.
const MONTH_START: i64 = 1_772_413_200;

fn at(seconds: i64) -> Instant {
    Instant::from_unix(MONTH_START + seconds, 8 * 3600).unwrap_or_else(|| unreachable!())
}

/// Leads spread over three weeks; a cheap LCG decides who answers when.
fn leads() -> Vec<LeadEscalationRequest> {
    let mut x: u64 = 0x2026_0302;
    let mut next = move |m: u64| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (x >> 33) % m
    };
    (0..LEADS)
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
            LeadEscalationRequest {
                lead: Lead {
                    id: format!("L-{i:07}"),
                    owner: "alice".into(),
                    backup: "bob".into(),
                    supervisor: "carol".into(),
                    assigned_at: at(assigned),
                    events,
                    profile: None,
                },
                now: at(25 * 86_400),
            }
        })
        .collect()
}

fn calendar_engine() -> Engine {
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

fn evaluate_million_leads(c: &mut Criterion) {
    let requests = leads();
    let mut group = c.benchmark_group("lead_escalation_1m_leads");
    group.throughput(Throughput::Elements(LEADS as u64));
    group.sample_size(10);
    for (name, engine) in [
        ("wall_clock", Engine::default()),
        ("cn_mainland_calendar", calendar_engine()),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut actions = 0usize;
                for r in black_box(&requests) {
                    if let Ok(resp) = engine.lead_escalation(r) {
                        actions += resp.actions.len();
                    }
                }
                actions
            })
        });
    }
    group.finish();
}

fn batch_million_leads(c: &mut Criterion) {
    let requests = leads();
    let now = requests.first().map_or(0, |r| r.now.unix_seconds());
    let plain: Vec<Lead> = requests.into_iter().map(|r| r.lead).collect();
    let batch = LeadBatch::from_leads(&plain).unwrap_or_else(|e| unreachable!("{e}"));
    let mut group = c.benchmark_group("lead_batch_1m_leads");
    group.throughput(Throughput::Elements(LEADS as u64));
    group.sample_size(10);
    for (name, engine) in [
        ("wall_clock", Engine::default()),
        ("cn_mainland_calendar", calendar_engine()),
    ] {
        let mut runner = LeadBatchRunner::new(&engine).unwrap_or_else(|e| unreachable!("{e}"));
        let (mut results, mut actions) = (Vec::new(), Vec::new());
        group.bench_function(name, |b| {
            b.iter(|| {
                let ok = runner.run(
                    black_box(&batch.leads),
                    black_box(&batch.events),
                    now,
                    &mut results,
                    &mut actions,
                );
                (ok.is_ok(), actions.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, evaluate_million_leads, batch_million_leads);
criterion_main!(benches);
