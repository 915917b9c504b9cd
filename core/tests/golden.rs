//! Runs every golden vector in `golden/` through `Engine::call` and compares the response as a
//! JSON value (or the error's code and path). The same folder is run by Python, Node and C.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{golden_dir, json_files};
use salesrules::{Engine, Policy};
use serde_json::Value;

#[test]
fn every_golden_vector_matches() {
    let mut paths = Vec::new();
    json_files(&golden_dir(), &mut paths);
    paths.sort();
    assert!(
        paths.len() >= 40,
        "expected the golden folder, found {} cases",
        paths.len()
    );
    let mut failures = Vec::new();
    for p in &paths {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let engine = match case.get("policy") {
            None => Ok(Engine::default()),
            Some(policy) => Policy::from_json(&policy.to_string()).and_then(Engine::new),
        };
        let op = case["op"].as_str().unwrap();
        let answer = engine.and_then(|e| e.call(op, &case["request"].to_string()));
        let expect = &case["expect"];
        let ok = match (&answer, expect.get("response"), expect.get("error")) {
            (Ok(text), Some(resp), None) => &serde_json::from_str::<Value>(text).unwrap() == resp,
            (Err(e), None, Some(err)) => e.code() == err["code"] && e.path() == err["path"],
            _ => false,
        };
        if !ok {
            failures.push(format!("{}: got {:?}", p.display(), answer));
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn attribute_golden_cases_cover_every_model() {
    let mut paths = Vec::new();
    json_files(&golden_dir().join("attribute"), &mut paths);
    let mut models = std::collections::BTreeSet::new();
    for p in &paths {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        if let Some(m) = case["expect"]["response"]["model"].as_str() {
            models.insert(m.to_string());
        }
    }
    for m in salesrules::Model::ALL {
        assert!(
            models.contains(m.as_str()),
            "no golden case for model {}",
            m.as_str()
        );
    }
    assert!(
        paths.len() >= 25,
        "at least 25 attribute cases, found {}",
        paths.len()
    );
}
