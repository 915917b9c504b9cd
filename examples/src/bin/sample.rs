//! Write a generated month as JSON files to a folder.
//!
//! `cargo run -p salesrules-examples --bin sample -- out/ [--seed N] [--deals N]`
//!
//! Files: `month.json` (sizes, period, seed), `teams.json`, `reps.json`, `customers.json`,
//! `deals.json`, `leads.json`, `work_orders.json` and `attribute_requests.json` (one `attribute`
//! request per deal, ready for any binding).

use salesrules_examples::sample::{Month, Size, STANDARD_SEED};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

struct Args {
    dir: PathBuf,
    seed: u64,
    size: Size,
}

fn parse_args() -> Result<Args, String> {
    let mut dir = None;
    let mut seed = STANDARD_SEED;
    let mut size = Size::month();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .and_then(|v| v.parse::<u64>().ok())
                .ok_or_else(|| format!("{name} needs a whole number"))
        };
        match a.as_str() {
            "--seed" => seed = value("--seed")?,
            "--deals" => size = Size::deals(value("--deals")? as usize),
            "-h" | "--help" => {
                return Err("usage: sample <out-dir> [--seed N] [--deals N]".into());
            }
            _ if dir.is_none() && !a.starts_with('-') => dir = Some(PathBuf::from(a)),
            _ => {
                return Err(format!(
                    "unexpected argument {a:?}; usage: sample <out-dir> [--seed N] [--deals N]"
                ))
            }
        }
    }
    Ok(Args {
        dir: dir.unwrap_or_else(|| PathBuf::from("out")),
        seed,
        size,
    })
}

fn write(dir: &Path, name: &str, value: &impl Serialize) -> Result<(), String> {
    let path = dir.join(name);
    let text = serde_json::to_string_pretty(value).map_err(|e| format!("{name}: {e}"))?;
    std::fs::write(&path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    std::fs::create_dir_all(&args.dir).map_err(|e| format!("{}: {e}", args.dir.display()))?;
    let month = Month::generate(args.seed, args.size);
    let summary = serde_json::json!({
        "seed": month.seed,
        "size": month.size,
        "period": month.period,
        "time_zone": month.time_zone,
        "starts_at": month.starts_at,
        "ends_at": month.ends_at,
        "counts": {
            "teams": month.teams.len(),
            "reps": month.reps.len(),
            "customers": month.customers.len(),
            "deals": month.deals.len(),
            "touches": month.touch_count(),
            "leads": month.leads.len(),
            "work_orders": month.work_orders.len(),
        },
    });
    write(&args.dir, "month.json", &summary)?;
    write(&args.dir, "teams.json", &month.teams)?;
    write(&args.dir, "reps.json", &month.reps)?;
    write(&args.dir, "customers.json", &month.customers)?;
    write(&args.dir, "deals.json", &month.deals)?;
    write(&args.dir, "leads.json", &month.leads)?;
    write(&args.dir, "work_orders.json", &month.work_orders)?;
    write(
        &args.dir,
        "attribute_requests.json",
        &month.attribute_requests(),
    )?;
    println!(
        "wrote {} deals, {} touches, {} leads, {} work orders (seed {}) to {}",
        month.deals.len(),
        month.touch_count(),
        month.leads.len(),
        month.work_orders.len(),
        month.seed,
        args.dir.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sample: {e}");
            ExitCode::FAILURE
        }
    }
}
