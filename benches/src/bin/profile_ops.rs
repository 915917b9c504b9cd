//! Run the `operations` bench's typed workloads once each, timed, without criterion: a quick
//! survey, and a single-run target for callgrind.
//!
//! `cargo run --release -p salesrules-benches --bin profile_ops [-- OP [SIZE] [RUNS]]`
//! (`OP` filters by operation name, `all` for every one; `SIZE` is `1pct`, `10pct` or `100pct`;
//! `RUNS` repeats the run).

use salesrules_benches::ops::{self, SCALES};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let op = args.first().map(String::as_str).unwrap_or("all");
    let size = args.get(1).map(String::as_str);
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(1);
    println!("| operation | variant | size | items | calls | time per run | items/s |");
    println!("|---|---|---|---|---|---|---|");
    for (label, deals) in SCALES {
        if size.is_some_and(|s| s != label) {
            continue;
        }
        let month = ops::month(deals);
        let workloads = match ops::workloads(&month, ops::budget(deals)) {
            Ok(w) => w,
            Err(e) => {
                eprintln!("workloads at {label}: {e}");
                std::process::exit(1);
            }
        };
        for w in workloads.iter().filter(|w| op == "all" || w.op == op) {
            let t = Instant::now();
            for _ in 0..runs {
                if let Err(e) = w.run() {
                    eprintln!("{} {} {label}: {e}", w.op, w.variant);
                }
            }
            let per = t.elapsed() / runs.max(1) as u32;
            println!(
                "| {} | {} | {label} | {} {} | {} | {:.3?} | {:.0} |",
                w.op,
                w.variant,
                w.elements,
                w.unit,
                w.calls,
                per,
                w.elements as f64 / per.as_secs_f64().max(1e-12)
            );
        }
    }
}
