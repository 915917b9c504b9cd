//! Import a folder of daily-report spreadsheets (.xlsx and .csv, any template version) and
//! print every bad cell; or write the sample month's files to a folder.
//!
//! ```text
//! cargo run -p salesrules-examples --bin daily -- --dir FOLDER [--customers FILE] [--reps FILE] [--json]
//! cargo run -p salesrules-examples --bin daily -- --write-samples FOLDER [--seed N]
//! ```
//!
//! `--customers` / `--reps` name text files with one master-data name per line; without them
//! names are only checked to be names. `--json` prints the whole `import_daily_reports`
//! answer. The exit code is 1 when any cell is bad.

use salesrules::daily_report::ImportDailyReportsRequest;
use salesrules::Engine;
use salesrules_examples::daily::read_folder;
use salesrules_examples::sample::daily::generate;
use salesrules_examples::sample::{Month, Size, STANDARD_SEED};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: daily --dir FOLDER [--customers FILE] [--reps FILE] [--json]\n       daily --write-samples FOLDER [--seed N]";

fn lines(path: &str) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

fn run() -> Result<bool, String> {
    let mut dir = None;
    let mut write = None;
    let mut seed = STANDARD_SEED;
    let mut json = false;
    let mut master = BTreeMap::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--dir" => dir = Some(PathBuf::from(it.next().ok_or("--dir needs a folder")?)),
            "--write-samples" => {
                write = Some(PathBuf::from(
                    it.next().ok_or("--write-samples needs a folder")?,
                ))
            }
            "--seed" => {
                seed = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--seed needs a whole number")?
            }
            "--customers" => {
                master.insert("customers".to_string(), lines(&it.next().ok_or(USAGE)?)?);
            }
            "--reps" => {
                master.insert("reps".to_string(), lines(&it.next().ok_or(USAGE)?)?);
            }
            "--json" => json = true,
            _ => return Err(USAGE.into()),
        }
    }
    if let Some(out) = write {
        let month = Month::generate(seed, Size::month());
        let sample = generate(&month);
        std::fs::create_dir_all(&out)
            .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
        for f in &sample.files {
            std::fs::write(out.join(&f.name), f.bytes()?).map_err(|e| e.to_string())?;
        }
        std::fs::write(
            out.join("customers.txt"),
            sample.customers.join("\n") + "\n",
        )
        .map_err(|e| e.to_string())?;
        std::fs::write(out.join("reps.txt"), sample.reps.join("\n") + "\n")
            .map_err(|e| e.to_string())?;
        println!(
            "wrote {} report files, customers.txt and reps.txt to {} ({} planted mistakes)",
            sample.files.len(),
            out.display(),
            sample.planted.len()
        );
        return Ok(true);
    }
    let dir = dir.ok_or(USAGE)?;
    let (files, sheets) = read_folder(&dir)?;
    let answer = Engine::default()
        .import_daily_reports(&ImportDailyReportsRequest {
            sheets,
            master_data: master,
        })
        .map_err(|e| e.to_string())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&answer).map_err(|e| e.to_string())?
        );
        return Ok(answer.errors.is_empty());
    }
    for s in &answer.sheets {
        println!(
            "{}: {} ({} rows){}",
            s.name,
            s.version.as_deref().unwrap_or("unknown version"),
            s.rows,
            if s.missing_fields.is_empty() {
                String::new()
            } else {
                format!("; no column for {}", s.missing_fields.join(", "))
            }
        );
        for i in &s.issues {
            println!("  {}: {}", i.code, i.message);
        }
    }
    for e in &answer.errors {
        let likely = match (&e.likely_field, &e.likely_column) {
            (Some(f), Some(c)) => format!(" — probably belongs in {f} (column {c})"),
            (Some(f), None) => format!(" — probably {f}"),
            _ => String::new(),
        };
        println!(
            "{} row {} column {} ({}): {:?} is {}; expected {}{likely}",
            e.sheet,
            e.row,
            e.column.as_deref().unwrap_or("—"),
            e.field,
            e.value.display(),
            e.code,
            e.expected
        );
    }
    let c = &answer.counts;
    println!(
        "{} files, {} rows: {} imported, {} rejected, {} blank; {} bad cells{}",
        files.len(),
        c.input_rows,
        c.imported,
        c.rejected,
        c.blank,
        c.errors,
        if answer.unchecked_master.is_empty() {
            String::new()
        } else {
            format!(
                " (not checked against master data: {})",
                answer.unchecked_master.join(", ")
            )
        }
    );
    Ok(answer.errors.is_empty())
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("daily: {e}");
            ExitCode::from(2)
        }
    }
}
