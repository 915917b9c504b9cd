//! Cost growth of `check_text` (issue 9 item 4): the realistic corpus (one sentence in ten
//! from the dense mix) at 10^3 .. 10^7 bytes, each size in a fresh child process so its peak
//! memory (VmHWM) is its own. Beside the engine: the lower bound of one plain read pass over
//! the same bytes (counting UTF-8 lead bytes) and the ratio engine / read pass.
//!
//! The whole `Engine::check_text` operation runs (limit check included) on a policy whose
//! `limits.max_text_bytes` is raised to the text's length; nothing else differs from the
//! default policy.
//!
//! `cargo build --release -p salesrules-benches --bin text_growth && target/release/text_growth`
//! (`text_growth --child BYTES` measures one size).

use salesrules::semantic::CheckTextRequest;
use salesrules_benches::text::{engine_for_text, realistic};
use std::hint::black_box;
use std::time::Instant;

/// Peak resident set of this process in kB (VmHWM), 0 where /proc is missing.
fn vm_hwm_kb() -> u64 {
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

/// CPU time this thread has run, in seconds (the first field of /proc/thread-self/schedstat,
/// nanoseconds on the CPU): unlike wall time it does not count time other processes held the
/// core, so it stays meaningful on a loaded machine. 0 where /proc is missing.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(0.0, |ns| ns / 1e9)
}

/// Rounds that make one measurement about 5·10^7 bytes long (at least 5).
fn rounds(bytes: usize) -> u32 {
    u32::try_from((50_000_000 / bytes.max(1)).max(5)).unwrap_or(5)
}

fn child(bytes: usize) {
    let text = realistic(bytes, 10);
    let engine = engine_for_text(text.len());
    let request = CheckTextRequest {
        text,
        reference_date: Some("2026-03-02".into()),
    };
    let len = request.text.len();
    let hwm_input = vm_hwm_kb();
    let n = rounds(len);
    let mut findings = 0usize;
    let mut best_engine = f64::INFINITY;
    // The CPU clock of a running thread is only brought up to date at scheduler ticks, so it
    // is read around all rounds (a mean), not around each.
    let engine_cpu_start = cpu_seconds();
    for _ in 0..n {
        let start = Instant::now();
        match engine.check_text(black_box(&request)) {
            Ok(r) => findings = r.vague.len() + r.deadlines.len() + r.quantities.len(),
            Err(e) => {
                eprintln!("check_text failed: {e}");
                std::process::exit(1);
            }
        }
        best_engine = best_engine.min(start.elapsed().as_secs_f64());
    }
    let mean_engine_cpu = (cpu_seconds() - engine_cpu_start) / f64::from(n);
    let hwm = vm_hwm_kb();
    let mut best_read = f64::INFINITY;
    let mut leads = 0usize;
    let read_cpu_start = cpu_seconds();
    for _ in 0..n {
        let start = Instant::now();
        // One plain pass: count the UTF-8 lead bytes (code points). Wrapping adds, so the
        // release profile's overflow checks do not stop the loop from being vectorised.
        leads = black_box(request.text.as_bytes())
            .iter()
            .fold(0usize, |n, &b| {
                n.wrapping_add(usize::from((b as i8) >= -0x40))
            });
        best_read = best_read.min(start.elapsed().as_secs_f64());
    }
    let mean_read_cpu = (cpu_seconds() - read_cpu_start) / f64::from(n);
    println!(
        "{len} {best_engine:e} {best_read:e} {mean_engine_cpu:e} {mean_read_cpu:e} {hwm_input} {hwm} {findings} {leads} {n}"
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        child(args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000));
        return;
    }
    let Ok(me) = std::env::current_exe() else {
        eprintln!("cannot find my own executable");
        std::process::exit(1);
    };
    println!("Wall: best of the rounds. CPU: thread CPU time (schedstat) of all rounds / rounds.");
    println!("| bytes | rounds | check_text wall | MB/s wall | check_text CPU (mean) | MB/s CPU | read pass wall | read MB/s | engine / read (wall, best) | VmHWM after input | VmHWM peak | peak − input | findings |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for exp in 3..=7u32 {
        let bytes = 10usize.pow(exp);
        let out = match std::process::Command::new(&me)
            .arg("--child")
            .arg(bytes.to_string())
            .output()
        {
            Ok(out) if out.status.success() => out,
            other => {
                eprintln!("child for {bytes} bytes failed: {other:?}");
                std::process::exit(1);
            }
        };
        let line = String::from_utf8_lossy(&out.stdout);
        let f: Vec<f64> = line
            .split_whitespace()
            .filter_map(|v| v.parse().ok())
            .collect();
        let [len, engine, read, engine_cpu, _read_cpu, hwm_input, hwm, findings, _leads, n] =
            f.as_slice()
        else {
            eprintln!("unexpected child output {line:?}");
            std::process::exit(1);
        };
        println!(
            "| {len} | {n} | {:.1} µs | {:.1} | {:.1} µs | {:.1} | {:.2} µs | {:.0} | {:.0}× | {hwm_input} kB | {hwm} kB | {} kB | {findings} |",
            engine * 1e6,
            len / engine / 1e6,
            engine_cpu * 1e6,
            len / engine_cpu / 1e6,
            read * 1e6,
            len / read / 1e6,
            engine / read,
            hwm - hwm_input,
        );
    }
}
