//! Times `Engine::call("attribute", …)` on one request file: the Rust baseline that
//! `benches/overhead/run.sh` compares the Python, Node and C bindings with.
//!
//! `bench_call REQUEST.json ITERATIONS` prints `rust <ns per call>`.

use salesrules::Engine;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_default();
    let iterations: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let Ok(request) = std::fs::read_to_string(&path) else {
        eprintln!("usage: bench_call REQUEST.json [ITERATIONS]");
        std::process::exit(2);
    };
    let engine = Engine::default();
    // Warm up, then time.
    for _ in 0..iterations / 10 {
        let _ = engine.call("attribute", &request);
    }
    let start = std::time::Instant::now();
    let mut bytes = 0usize;
    for _ in 0..iterations {
        bytes += engine.call("attribute", &request).map_or(0, |r| r.len());
    }
    let ns = start.elapsed().as_nanos() / u128::from(iterations.max(1));
    println!("rust {ns} ns/call ({bytes} bytes)");
}
