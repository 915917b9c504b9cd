//! Escalation benchmark: evaluate 1,000,000 leads with short event logs (0–2 events) through
//! the typed API and through the lead batch path (`LeadBatchRunner`, flat columns), with the
//! default wall-clock rules and with both rules on the `cn_mainland` business calendar (lunch
//! break, holidays, make-up days).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use salesrules::escalation::batch::{LeadBatch, LeadBatchRunner};
use salesrules::escalation::lead::Lead;
use salesrules::escalation::LeadEscalationRequest;
use salesrules::Engine;
use std::hint::black_box;

const LEADS: usize = 1_000_000;
use salesrules_benches::leads::{calendar_engine, leads, now};

/// The typed requests of the 1,000,000 leads.
fn requests() -> Vec<LeadEscalationRequest> {
    let now = now();
    leads(LEADS)
        .into_iter()
        .map(|lead| LeadEscalationRequest { lead, now })
        .collect()
}

fn evaluate_million_leads(c: &mut Criterion) {
    let requests = requests();
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
    let requests = requests();
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
