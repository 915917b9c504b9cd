//! Calls `attribute` on the JSON path in a loop (for `valgrind --tool=callgrind`):
//! `cargo build --release -p salesrules-benches --bin profile_call`.

use salesrules::Engine;
use salesrules_benches::request;

fn main() {
    let explain = std::env::args().nth(1).is_none_or(|a| a != "--no-explain");
    let engine = Engine::default();
    let mut req = request(20, 3);
    req["explain"] = serde_json::Value::Bool(explain);
    let json = req.to_string();
    let start = std::time::Instant::now();
    let n = 20_000;
    let mut bytes = 0;
    for _ in 0..n {
        bytes += engine.call("attribute", &json).map_or(0, |s| s.len());
    }
    let per_call = start.elapsed() / n;
    println!("{per_call:?} per call ({bytes} response bytes)");
}
