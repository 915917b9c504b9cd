//! Runs the batch path once over 100,000 synthetic deals (for `valgrind --tool=callgrind`
//! or `perf`): `cargo build --release -p salesrules-benches --bin profile_batch`.

use salesrules::attribution::batch::BatchRunner;
use salesrules::{Engine, Model};
use salesrules_benches::batch;

fn main() {
    let model = std::env::args()
        .nth(1)
        .and_then(|m| serde_json::from_value::<Model>(serde_json::Value::String(m)).ok())
        .unwrap_or(Model::RoleWeighted);
    let engine = Engine::default();
    let (deals, touches) = batch(&engine, 100_000, 20, 7);
    let mut out = Vec::with_capacity(500_000);
    let start = std::time::Instant::now();
    let result = BatchRunner::new().run(&engine, model, &deals, &touches, &[], &mut out);
    let elapsed = start.elapsed();
    println!(
        "{}: {} deals, {} credit lines, {:?}, {:.0} deals/s ({:?})",
        model.as_str(),
        deals.len(),
        out.len(),
        elapsed,
        deals.len() as f64 / elapsed.as_secs_f64(),
        result.map(|_| "ok")
    );
}
