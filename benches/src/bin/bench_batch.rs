//! Times the Rust batch over a file of `attribute` requests (as written by
//! `cargo run -p salesrules-examples --bin sample -- DIR --deals N`): the baseline the Python
//! Arrow path and the Node async batch are compared with in `benches/overhead/run.sh`.
//!
//! Prints `rust-batch <ms>` (flat `BatchRunner`, from typed requests) and `rust-typed <ms>`
//! (`Engine::attribute` per deal, explanation off).

use salesrules::attribution::batch::{BatchRunner, DealBatch};
use salesrules::attribution::AttributeRequest;
use salesrules::{Engine, Model};

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("usage: bench_batch attribute_requests.json");
        std::process::exit(2);
    };
    let Ok(mut requests) = serde_json::from_str::<Vec<AttributeRequest>>(&text) else {
        eprintln!("{path}: not a JSON array of attribute requests");
        std::process::exit(2);
    };
    for r in &mut requests {
        r.explain = false;
    }
    let engine = Engine::default();
    let start = std::time::Instant::now();
    let lines = DealBatch::from_requests(&engine, &requests).and_then(|batch| {
        let mut out = Vec::new();
        BatchRunner::new()
            .run(
                &engine,
                Model::RoleWeighted,
                &batch.deals,
                &batch.touches,
                &batch.handovers,
                &mut out,
            )
            .map(|_| out.len())
    });
    println!(
        "rust-batch {} ms ({} deals, {:?} lines)",
        start.elapsed().as_millis(),
        requests.len(),
        lines.ok()
    );
    let start = std::time::Instant::now();
    let ok = requests
        .iter()
        .filter(|r| engine.attribute(r).is_ok())
        .count();
    println!("rust-typed {} ms ({ok} deals)", start.elapsed().as_millis());
}
