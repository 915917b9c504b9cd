//! Attribution benchmarks: the flat batch path per model (100,000 deals × 20 touches), and the
//! per-call JSON and typed paths for one 20-touch deal.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use salesrules::attribution::batch::BatchRunner;
use salesrules::attribution::AttributeRequest;
use salesrules::{Engine, Model};
use salesrules_benches::{batch, request};
use std::hint::black_box;

const DEALS: usize = 100_000;

fn batch_models(c: &mut Criterion) {
    let engine = Engine::default();
    let (deals, touches) = batch(&engine, DEALS, 20, 7);
    let mut group = c.benchmark_group("batch_100k_deals_x20");
    group.throughput(Throughput::Elements(DEALS as u64));
    group.sample_size(20);
    for model in Model::ALL {
        let mut runner = BatchRunner::new();
        let mut out = Vec::with_capacity(DEALS * 5);
        group.bench_function(model.as_str(), |b| {
            b.iter(|| {
                out.clear();
                runner
                    .run(
                        &engine,
                        model,
                        black_box(&deals),
                        black_box(&touches),
                        &[],
                        &mut out,
                    )
                    .map(|_| out.len())
            })
        });
    }
    group.finish();
}

fn per_call(c: &mut Criterion) {
    let engine = Engine::default();
    let mut group = c.benchmark_group("per_call");
    for n in [10usize, 20] {
        let json = request(n, 3).to_string();
        group.bench_function(format!("json_call_{n}_touches"), |b| {
            b.iter(|| engine.call("attribute", black_box(&json)))
        });
        let mut quiet: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        quiet["explain"] = serde_json::Value::Bool(false);
        let quiet = quiet.to_string();
        group.bench_function(format!("json_call_{n}_touches_no_explanation"), |b| {
            b.iter(|| engine.call("attribute", black_box(&quiet)))
        });
        group.bench_function(format!("json_parse_only_{n}_touches"), |b| {
            b.iter(|| serde_json::from_str::<AttributeRequest>(black_box(&json)).is_ok())
        });
        let typed: Option<AttributeRequest> = serde_json::from_str(&json).ok();
        if let Some(typed) = typed {
            group.bench_function(format!("typed_{n}_touches"), |b| {
                b.iter_batched_ref(
                    || typed.clone(),
                    |r| engine.attribute(r),
                    BatchSize::SmallInput,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, batch_models, per_call);
criterion_main!(benches);
