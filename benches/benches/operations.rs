//! Every operation of the contract, timed two ways:
//!
//! * `typed/<op>/<variant>/<size>`: the typed `Engine` method over the sample month's items
//!   (deals, leads, work orders, customers, …) at 1 %, 10 % and 100 % of the standard month
//!   (20, 200 and 2,000 deals), throughput in items per second;
//! * `call/<op>`: the generic JSON `Engine::call` on the operation's first golden request that
//!   expects a response (parse, run, serialise), throughput in calls per second.
//!
//! Short defaults (flat sampling, 10 samples, 0.5 s warm-up, 2 s measurement) keep the whole
//! run to a few minutes; override on the command line as usual
//! (`cargo bench -p salesrules-benches --bench operations -- --measurement-time 5 typed/rebate`).
//! The workloads are built in `salesrules_benches::ops`.

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use salesrules_benches::ops::{self, Workload, SCALES};
use std::hint::black_box;
use std::time::Duration;

fn typed(c: &mut Criterion) {
    let mut all: Vec<(&str, Workload)> = Vec::new();
    for (label, deals) in SCALES {
        let month = ops::month(deals);
        match ops::workloads(&month, ops::budget(deals)) {
            // Time only work that succeeds: a failing call would measure the error path.
            Ok(ws) => all.extend(ws.into_iter().filter_map(|w| match w.run() {
                Ok(_) => Some((label, w)),
                Err(e) => {
                    eprintln!(
                        "operations bench: skipping {} {} {label}: {e}",
                        w.op, w.variant
                    );
                    None
                }
            })),
            Err(e) => eprintln!("operations bench: workloads at {label} failed: {e}"),
        }
    }
    let mut names: Vec<&'static str> = all.iter().map(|(_, w)| w.op).collect();
    names.dedup();
    let mut seen = std::collections::BTreeSet::new();
    names.retain(|n| seen.insert(*n));
    for op in names {
        let mut group = c.benchmark_group(format!("typed/{op}"));
        group.sampling_mode(SamplingMode::Flat);
        for (label, w) in all.iter().filter(|(_, w)| w.op == op) {
            // Size-independent documents are benched once.
            if op == "policy" && *label != "100pct" {
                continue;
            }
            group.throughput(Throughput::Elements(w.elements));
            group.bench_function(BenchmarkId::new(&w.variant, label), |b| {
                b.iter(|| black_box(w.run()))
            });
        }
        group.finish();
    }
}

fn json_call(c: &mut Criterion) {
    let calls = match ops::json_calls() {
        Ok(calls) => calls,
        Err(e) => {
            eprintln!("operations bench: golden requests failed: {e}");
            return;
        }
    };
    let mut group = c.benchmark_group("call");
    group.sample_size(20);
    group.throughput(Throughput::Elements(1));
    for call in &calls {
        group.bench_function(&call.op, |b| {
            b.iter(|| black_box(call.engine.call(&call.op, black_box(&call.request))))
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = typed, json_call
}
criterion_main!(benches);
