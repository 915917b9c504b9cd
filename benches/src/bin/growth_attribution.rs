//! Cost growth of the attribution batch (issue 9, item 4): the flat `BatchRunner` path
//! (role_weighted) at 10^3 .. 10^7 touches, 20 touches per deal, each size in a fresh child
//! process so that the peak memory (`VmHWM`) is that size's own.
//!
//! For each size it prints the time of one batch run (best of several; on-CPU time of the
//! thread, robust to the other processes of a shared machine, with the wall time beside it),
//! ns per deal, deals/s,
//! the peak resident memory of the child (input arrays, output lines and the generator
//! included), and the memory-bandwidth floor: one plain read pass summing every field of the
//! same flat input arrays, with the ratio engine / read pass.
//!
//! `cargo run --release -p salesrules-benches --bin growth_attribution [max_exponent]`

use salesrules::attribution::batch::{BatchDeal, BatchRunner, BatchTouch};
use salesrules::{Engine, Model};
use salesrules_benches::batch;
use std::hint::black_box;
use std::time::{Duration, Instant};

const TOUCHES_PER_DEAL: usize = 20;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        let touches = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1_000);
        child(touches);
        return;
    }
    let max_exp: u32 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(7);
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("cannot find this executable to run the sizes in child processes");
        std::process::exit(2);
    };
    println!(
        "| touches | deals | batch, on-CPU (wall) | ns/deal | deals/s | read pass | engine / read | peak RSS |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for exp in 3..=max_exp {
        let touches = 10usize.pow(exp);
        match std::process::Command::new(&exe)
            .args(["--child", &touches.to_string()])
            .output()
        {
            Ok(o) if o.status.success() => print!("{}", String::from_utf8_lossy(&o.stdout)),
            Ok(o) => eprintln!(
                "size {touches}: child failed: {}",
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => eprintln!("size {touches}: cannot start the child: {e}"),
        }
    }
}

/// On-CPU time of this thread (`/proc/thread-self/schedstat`, ns): unlike wall time it does
/// not count the time other processes of the shared machine hold the core.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// Best of at least 5 runs and at least 1 s of runs: (wall, on-CPU).
fn best_of(mut f: impl FnMut()) -> (Duration, Duration) {
    let (mut wall, mut cpu) = (Duration::MAX, Duration::MAX);
    let (mut runs, started) = (0, Instant::now());
    while runs < 5 || started.elapsed() < Duration::from_secs(1) {
        let (t, c) = (Instant::now(), cpu_ns());
        f();
        wall = wall.min(t.elapsed());
        cpu = cpu.min(Duration::from_nanos(cpu_ns().saturating_sub(c)));
        runs += 1;
    }
    (wall, cpu)
}

/// One plain pass over the input: every field of every deal and touch, summed.
fn read_pass(deals: &[BatchDeal], touches: &[BatchTouch]) -> u64 {
    let d = deals.iter().fold(0u64, |s, d| {
        s.wrapping_add(d.amount_minor as u64)
            .wrapping_add(d.closed_at as u64)
            .wrapping_add(u64::from(d.touch_start) + u64::from(d.touch_len))
            .wrapping_add(u64::from(d.handover_start) + u64::from(d.handover_len))
    });
    touches.iter().fold(d, |s, t| {
        s.wrapping_add(u64::from(t.rep) + u64::from(t.contact))
            .wrapping_add(u64::from(t.role) + u64::from(t.kind))
            .wrapping_add(t.at as u64)
            .wrapping_add(u64::from(t.opportunity))
    })
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn child(touches: usize) {
    let engine = Engine::default();
    let n_deals = (touches / TOUCHES_PER_DEAL).max(1);
    let (deals, ts) = batch(&engine, n_deals, TOUCHES_PER_DEAL, 7);
    let mut out = Vec::with_capacity(n_deals * 5);
    let mut runner = BatchRunner::new();
    let engine_time = best_of(|| {
        out.clear();
        let r = runner.run(
            &engine,
            Model::RoleWeighted,
            black_box(&deals),
            black_box(&ts),
            &[],
            &mut out,
        );
        black_box((r.is_ok(), out.len()));
    });
    let read_time = best_of(|| {
        black_box(read_pass(black_box(&deals), black_box(&ts)));
    });
    // On-CPU time below 0.1 ms is under the scheduler's accounting grain: use wall time there.
    let pick = |(wall, cpu): (Duration, Duration)| {
        if cpu < Duration::from_micros(100) {
            wall
        } else {
            cpu
        }
    };
    let (engine_cpu, read_cpu) = (pick(engine_time), pick(read_time));
    println!(
        "| {} | {} | {:.3} ms ({:.3} ms wall) | {:.0} | {:.2} M | {:.3} ms | {:.1}× | {:.1} MiB |",
        ts.len(),
        n_deals,
        engine_cpu.as_secs_f64() * 1e3,
        engine_time.0.as_secs_f64() * 1e3,
        engine_cpu.as_nanos() as f64 / n_deals as f64,
        n_deals as f64 / engine_cpu.as_secs_f64() / 1e6,
        read_cpu.as_secs_f64() * 1e3,
        engine_cpu.as_secs_f64() / read_cpu.as_secs_f64().max(1e-12),
        peak_rss_kib() as f64 / 1024.0
    );
}
