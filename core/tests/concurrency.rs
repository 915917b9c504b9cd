//! Concurrency (issue 10): the engine is `Send + Sync`, and 8 threads calling every operation
//! on one shared engine, each in its own order, get exactly the single-threaded answers.
//!
//! The workload is the golden folder's default-policy cases (every operation, successes and
//! errors alike), so an operation added later is stressed without touching this file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{golden_dir, json_files};
use salesrules::Engine;
use serde_json::Value;
use std::sync::Arc;

/// (operation, request text) for every golden case that runs under the default policy.
fn workload() -> Vec<(String, String)> {
    let mut paths = Vec::new();
    json_files(&golden_dir(), &mut paths);
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            let case: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).ok()?;
            if case.get("policy").is_some() {
                return None;
            }
            let op = case.get("op")?.as_str()?.to_string();
            Some((op, case.get("request")?.to_string()))
        })
        .collect()
}

/// The answer as comparable text: the response, or the error's code, path and message.
fn answer(engine: &Engine, op: &str, request: &str) -> String {
    match engine.call(op, request) {
        Ok(text) => text,
        Err(e) => e.to_json(),
    }
}

#[test]
fn the_engine_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Engine>();
    assert_send_sync::<salesrules::Policy>();
    assert_send_sync::<salesrules::Error>();
}

#[test]
fn eight_threads_of_mixed_operations_match_the_single_threaded_run() {
    let work = workload();
    let ops: std::collections::BTreeSet<&str> = work.iter().map(|(op, _)| op.as_str()).collect();
    for op in salesrules::contract::OPERATIONS {
        assert!(ops.contains(op), "no default-policy golden case for {op}");
    }
    let engine = Arc::new(Engine::default());
    let expected: Arc<Vec<String>> = Arc::new(
        work.iter()
            .map(|(op, req)| answer(&engine, op, req))
            .collect(),
    );
    let work = Arc::new(work);
    let threads: Vec<_> = (0..8usize)
        .map(|t| {
            let (engine, work, expected) = (engine.clone(), work.clone(), expected.clone());
            std::thread::spawn(move || {
                let n = work.len();
                let mut mismatches = Vec::new();
                // Each thread walks every case in its own scrambled order, three times over,
                // so different operations overlap in time on the shared engine.
                let mut order: Vec<usize> = (0..n).collect();
                order.sort_by_key(|i| (i * (2 * t + 1) * 7919 + t * 104_729) % 1_000_003);
                for _round in 0..3 {
                    for &i in &order {
                        let (op, req) = &work[i];
                        if answer(&engine, op, req) != expected[i] {
                            mismatches.push(format!("thread {t}: {op} case {i}"));
                        }
                    }
                }
                mismatches
            })
        })
        .collect();
    let mismatches: Vec<String> = threads
        .into_iter()
        .flat_map(|h| h.join().expect("a worker thread panicked"))
        .collect();
    assert!(mismatches.is_empty(), "{mismatches:?}");
}
