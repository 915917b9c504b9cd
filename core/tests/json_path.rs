//! The JSON path of `attribute` reads touches with their strings borrowed from the request
//! text (no allocation per rep, contact, kind). These properties pin it to the typed path:
//! for any request, valid or broken, `Engine::call` answers exactly what reading the request
//! into an owned `AttributeRequest` and calling `Engine::attribute` answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use proptest::prelude::*;
use salesrules::attribution::AttributeRequest;
use salesrules::contract::parse_request;
use salesrules::{Engine, Model};
use serde_json::{json, Value};

/// The owned path: read into `AttributeRequest` (with error paths), attribute, write.
fn typed(engine: &Engine, text: &str) -> Result<String, (String, String, String)> {
    parse_request::<AttributeRequest>(text)
        .and_then(|r| engine.attribute(&r))
        .map(|r| serde_json::to_string(&r).unwrap())
        .map_err(|e| {
            (
                e.code().to_string(),
                e.path().to_string(),
                e.message().to_string(),
            )
        })
}

fn call(engine: &Engine, text: &str) -> Result<String, (String, String, String)> {
    engine.call("attribute", text).map_err(|e| {
        (
            e.code().to_string(),
            e.path().to_string(),
            e.message().to_string(),
        )
    })
}

/// Writes every `a` and `o` as a `\u` escape, in keys and values alike: serde_json cannot
/// borrow an escaped string, so this drives the owned fallback of every string.
fn escape_letters(text: &str) -> String {
    // (`false` is a literal, not a string: put it back.)
    text.replace('a', "\\u0061")
        .replace('o', "\\u006f")
        .replace("f\\u0061lse", "false")
}

/// One way to break a valid request (each must give the same error on both paths).
fn break_request(v: &mut Value, which: usize, at: usize) {
    let n = v["touches"].as_array().map_or(0, Vec::len);
    let i = if n == 0 { 0 } else { at % n };
    let touch = if n == 0 {
        None
    } else {
        Some(&mut v["touches"][i])
    };
    match (which, touch) {
        (0, Some(t)) => t["rep"] = json!(5),
        (1, Some(t)) => t["at"] = json!("2026-03-01 10:00"),
        (2, Some(t)) => t["colour"] = json!("red"),
        (3, Some(t)) => t["contact"] = json!("nobody"),
        (4, Some(t)) => t["kind"] = json!("telepathy"),
        (5, Some(t)) => t["rep"] = json!("  "),
        (6, Some(t)) => {
            t.as_object_mut().unwrap().remove("kind");
        }
        (7, Some(t)) => t["signals"] = json!({"video_completion": "1.5"}),
        (8, Some(t)) => t["stage"] = json!(["opportunity"]),
        (9, _) => v["touches"] = json!({"rep": "x"}),
        (10, _) => v["deal"]["currency"] = json!("XYZ"),
        (11, _) => v["explain"] = json!("yes"),
        _ => v["touches"] = json!(null),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Valid requests: byte-identical responses, with and without the explanation, with
    /// strings that can be borrowed and strings that cannot.
    #[test]
    fn json_path_matches_the_typed_path(
        d in deal(),
        m in 0..Model::ALL.len(),
        explain in any::<bool>(),
        escaped in any::<bool>(),
    ) {
        let engine = Engine::default();
        let mut v = d.request(Model::ALL[m].as_str());
        v["explain"] = json!(explain);
        let mut text = v.to_string();
        if escaped {
            text = escape_letters(&text);
        }
        let fast = call(&engine, &text);
        prop_assert!(fast.is_ok(), "{:?}", fast);
        prop_assert_eq!(fast, typed(&engine, &text));
    }

    /// Broken requests: the same error code, path and message on both paths.
    #[test]
    fn json_path_errors_match_the_typed_path(
        d in deal(),
        which in 0usize..13,
        at in any::<usize>(),
        escaped in any::<bool>(),
    ) {
        let engine = Engine::default();
        let mut v = d.request("role_weighted");
        break_request(&mut v, which, at);
        let mut text = v.to_string();
        if escaped {
            text = escape_letters(&text);
        }
        prop_assert_eq!(call(&engine, &text), typed(&engine, &text));
    }
}

#[test]
fn arrays_and_trailing_text_are_refused_as_before() {
    let engine = Engine::default();
    let good = deal_text();
    for text in [
        "[]".to_string(),
        format!("[{good}]"),
        format!("{good} x"),
        format!("{good}{{}}"),
        format!("  {good}  "),
    ] {
        assert_eq!(call(&engine, &text), typed(&engine, &text), "{text}");
    }
}

fn deal_text() -> String {
    json!({
        "deal": {"id": "D-1", "amount": "100.00", "currency": "CNY", "closed_at": "2026-03-31T18:00:00+08:00"},
        "contacts": [{"id": "P1", "role": "cfo"}],
        "touches": [{"rep": "alice", "contact": "P1", "kind": "signoff", "at": "2026-03-01T10:00:00+08:00"}]
    })
    .to_string()
}
