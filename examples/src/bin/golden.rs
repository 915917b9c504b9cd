//! Fill in or check the `expect` of every golden vector in `golden/`.
//!
//! `cargo run -p salesrules-examples --bin golden -- --write` rewrites each case's `expect` from
//! the engine (review the diff by hand before committing); without `--write` it only reports
//! cases whose expectation differs.

use salesrules::{Engine, Policy};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            cases(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

/// Run one case and return what the engine answers, as the `expect` object.
pub fn run_case(case: &Value) -> Value {
    let engine = match case.get("policy") {
        None | Some(Value::Null) => Ok(Engine::default()),
        Some(p) => Policy::from_json(&p.to_string()).and_then(Engine::new),
    };
    let op = case.get("op").and_then(Value::as_str).unwrap_or("");
    let request = case.get("request").cloned().unwrap_or(Value::Null);
    let answer = engine.and_then(|e| e.call(op, &request.to_string()));
    match answer {
        Ok(text) => {
            json!({"response": serde_json::from_str::<Value>(&text).unwrap_or(Value::Null)})
        }
        Err(e) => json!({"error": {"code": e.code(), "path": e.path()}}),
    }
}

fn main() {
    let write = std::env::args().any(|a| a == "--write");
    let root = std::env::var("GOLDEN_DIR").unwrap_or_else(|_| "golden".into());
    let mut paths = Vec::new();
    cases(Path::new(&root), &mut paths);
    let mut differ = 0;
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        let Ok(mut case) = serde_json::from_str::<Value>(&text) else {
            eprintln!("{}: not JSON", p.display());
            differ += 1;
            continue;
        };
        let got = run_case(&case);
        if case.get("expect") != Some(&got) {
            differ += 1;
            println!("{}: differs", p.display());
            if write {
                case["expect"] = got;
                let pretty = serde_json::to_string_pretty(&case).unwrap_or_default();
                let _ = std::fs::write(p, pretty + "\n");
            }
        }
    }
    println!(
        "{} case(s), {} differ{}",
        paths.len(),
        differ,
        if write { " (rewritten)" } else { "" }
    );
    if differ > 0 && !write {
        std::process::exit(1);
    }
}
