//! 1 core vs 2 cores for the batch path (feature `parallel`): `BatchRunner::run_parallel` in a
//! rayon pool of 1 thread and of 2 threads, rounds interleaved, best time of each, plus the
//! sequential `BatchRunner::run` as the baseline of the same run. Checks that all three give
//! the same lines.
//!
//! `cargo run --release -p salesrules-benches --features parallel --bin parallel_batch [deals] [model]`

use salesrules::attribution::batch::BatchRunner;
use salesrules::{Engine, Model};
use salesrules_benches::batch;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let deals: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(500_000);
    let model = args
        .next()
        .and_then(|m| serde_json::from_value::<Model>(serde_json::Value::String(m)).ok())
        .unwrap_or(Model::RoleWeighted);
    let engine = Engine::default();
    let (ds, ts) = batch(&engine, deals, 20, 7);
    let pools: Vec<rayon::ThreadPool> = [1, 2]
        .iter()
        .filter_map(|n| rayon::ThreadPoolBuilder::new().num_threads(*n).build().ok())
        .collect();
    let mut sequential = Vec::with_capacity(deals * 5);
    let mut best = [Duration::MAX; 3];
    let mut same = true;
    for _ in 0..5 {
        let t = Instant::now();
        sequential.clear();
        let ok = BatchRunner::new()
            .run(&engine, model, &ds, &ts, &[], &mut sequential)
            .is_ok();
        best[0] = best[0].min(t.elapsed());
        same &= ok;
        for (i, pool) in pools.iter().enumerate() {
            let t = Instant::now();
            let mut out = Vec::new();
            let ok = pool.install(|| {
                BatchRunner::new()
                    .run_parallel(&engine, model, &ds, &ts, &[], &mut out)
                    .is_ok()
            });
            if let Some(b) = best.get_mut(i + 1) {
                *b = (*b).min(t.elapsed());
            }
            same &= ok && out == sequential;
        }
    }
    let rate = |d: Duration| deals as f64 / d.as_secs_f64() / 1e6;
    println!(
        "{}: {deals} deals x 20 touches, best of 5 interleaved rounds, same lines: {same}",
        model.as_str()
    );
    println!("| run | time | deals/s | vs 1 thread |");
    println!("|---|---:|---:|---:|");
    for (name, d) in [
        "`run` (sequential)",
        "`run_parallel`, 1 thread",
        "`run_parallel`, 2 threads",
    ]
    .iter()
    .zip(best)
    {
        println!(
            "| {name} | {:.1} ms | {:.2} M | {:.2}× |",
            d.as_secs_f64() * 1e3,
            rate(d),
            best[1].as_secs_f64() / d.as_secs_f64()
        );
    }
}
