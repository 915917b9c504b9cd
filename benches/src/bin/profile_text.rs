//! Runs `check_text` (or the raw lexicon scan) over a synthetic corpus in a loop, for
//! `valgrind --tool=callgrind` and `perf`:
//! `cargo build --release -p salesrules-benches --bin profile_text`, then
//! `target/release/profile_text [realistic|dense] [MiB] [rounds] [check|scan]`.

use salesrules::semantic::CheckTextRequest;
use salesrules_benches::text::{dense, engine_for_text, realistic};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    let kind = arg(1).unwrap_or("realistic");
    let mib: usize = arg(2).and_then(|a| a.parse().ok()).unwrap_or(4);
    let rounds: u32 = arg(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let mode = arg(4).unwrap_or("check");
    let bytes = mib << 20;
    let text = match kind {
        "dense" => dense(bytes),
        _ => realistic(bytes, 10),
    };
    let engine = engine_for_text(text.len());
    let request = CheckTextRequest {
        text,
        reference_date: Some("2026-03-02".into()),
    };
    let start = std::time::Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds {
        found += match mode {
            "scan" => engine.semantic().count_raw_hits(&request.text),
            _ => match engine.check_text(&request) {
                Ok(r) => r.vague.len() + r.deadlines.len() + r.quantities.len(),
                Err(e) => {
                    eprintln!("check_text failed: {e}");
                    std::process::exit(1);
                }
            },
        };
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (request.text.len() as f64) * f64::from(rounds) / 1e6;
    println!(
        "{kind} {mode}: {} bytes x {rounds}, {found} findings, {:.3} s, {:.1} MB/s",
        request.text.len(),
        secs,
        mb / secs
    );
}
