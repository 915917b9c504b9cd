//! Evaluates synthetic leads through the typed `Engine::lead_escalation` and through the lead
//! batch path, with wall-clock and `cn_mainland` calendar rules, in one run (so the figures
//! are comparable as ratios), or one of the four for `valgrind --tool=callgrind`:
//! `cargo build --release -p salesrules-benches --bin profile_leads`, then
//! `profile_leads [all|typed|batch] [wall|calendar] [leads]`.
//!
//! The leads are those of `benches/benches/escalation.rs`: 0–2 events each, assigned over
//! three weeks from 2026-03-02, evaluated at one `now` 25 days later.

use salesrules::escalation::batch::{LeadBatch, LeadBatchRunner};
use salesrules::escalation::LeadEscalationRequest;
use salesrules::Engine;
use std::hint::black_box;

use salesrules_benches::leads::{calendar_engine, leads};

/// Seconds for one pass, and the number of due actions (so the work is not optimised away).
fn typed(engine: &Engine, requests: &[LeadEscalationRequest]) -> (f64, usize) {
    let start = std::time::Instant::now();
    let mut actions = 0usize;
    for r in black_box(requests) {
        if let Ok(resp) = engine.lead_escalation(r) {
            actions += resp.actions.len();
        }
    }
    (start.elapsed().as_secs_f64(), actions)
}

/// One timed pass of the batch path; a warm-up pass first builds the calendar tables and
/// sizes the output buffers, which a host reuses from batch to batch.
fn batch(engine: &Engine, batch: &LeadBatch, now: i64) -> (f64, usize) {
    let mut runner = LeadBatchRunner::new(engine).unwrap_or_else(|e| unreachable!("{e}"));
    let (mut results, mut actions) = (Vec::new(), Vec::new());
    let warm = runner.run(&batch.leads, &batch.events, now, &mut results, &mut actions);
    assert!(warm.is_ok());
    let start = std::time::Instant::now();
    let ok = runner.run(
        black_box(&batch.leads),
        black_box(&batch.events),
        now,
        &mut results,
        &mut actions,
    );
    let elapsed = start.elapsed().as_secs_f64();
    assert!(ok.is_ok());
    (elapsed, actions.len())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).map_or("all", String::as_str);
    let rules = args.get(2).map_or("wall", String::as_str);
    let n: usize = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let now = salesrules_benches::leads::now();
    let leads = leads(n);
    let requests: Vec<LeadEscalationRequest> = leads
        .iter()
        .map(|lead| LeadEscalationRequest {
            lead: lead.clone(),
            now,
        })
        .collect();
    let flat = LeadBatch::from_leads(&leads).unwrap_or_else(|e| unreachable!("{e}"));
    let engines = [("wall", Engine::default()), ("calendar", calendar_engine())];
    let mut rows = Vec::new();
    for (name, engine) in &engines {
        if path != "all" && *name != rules {
            continue;
        }
        if path == "all" || path == "typed" {
            let (s, a) = typed(engine, &requests);
            rows.push((format!("typed {name}"), s, a));
        }
        if path == "all" || path == "batch" {
            let (s, a) = batch(engine, &flat, now.unix_seconds());
            rows.push((format!("batch {name}"), s, a));
        }
    }
    let base = rows.first().map_or(1.0, |r| r.1);
    for (label, s, a) in &rows {
        println!(
            "{label:16} {n} leads  {s:8.3} s  {:>12.0} leads/s  x{:<6.1} vs first row  ({a} actions)",
            n as f64 / s,
            base / s
        );
    }
}
