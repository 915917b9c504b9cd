//! Adversarial inputs (issue 10, part 3): shapes that make naive code quadratic — thousands of
//! reps with identical timestamps, one contact related to everyone, a text made of one repeated
//! term, a lexicon of nested terms. Each case is sized so that linear or n·log n code finishes in
//! well under a second, while a quadratic path would need around 10^9–10^10 steps and stall the
//! test run. No timing is asserted (machines are noisy): the assertions check the answers, and a
//! super-linear regression shows up as this file never finishing in CI's time limit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use salesrules::{Engine, Policy};
use serde_json::{json, Value};

fn call(engine: &Engine, op: &str, request: &Value) -> Value {
    serde_json::from_str(&engine.call(op, &request.to_string()).unwrap()).unwrap()
}

const AT: &str = "2026-03-01T10:00:00+08:00";

/// `reps` reps, each with one demo to the technical director at the very same instant.
fn same_instant_deal(reps: usize, model: &str) -> Value {
    let touches: Vec<Value> = (0..reps)
        .map(|r| json!({"rep": format!("r{r:05}"), "contact": "P1", "kind": "demo", "at": AT}))
        .collect();
    json!({
        "deal": {"id": "D-1", "amount": "1000000.01", "currency": "CNY", "closed_at": "2026-03-31T18:00:00+08:00"},
        "contacts": [{"id": "P1", "role": "technical_director"}],
        "touches": touches, "model": model, "explain": false
    })
}

#[test]
fn forty_thousand_reps_touching_at_the_same_instant() {
    let engine = Engine::default();
    for model in [
        "role_weighted",
        "linear",
        "first_touch",
        "last_touch",
        "time_decay",
        "u_shaped",
        "w_shaped",
    ] {
        let r = call(&engine, "attribute", &same_instant_deal(40_000, model));
        let credits = r["credits"].as_array().unwrap();
        let total: u128 = credits
            .iter()
            .map(|c| {
                c["amount"]
                    .as_str()
                    .unwrap()
                    .replace('.', "")
                    .parse::<u128>()
                    .unwrap()
            })
            .sum::<u128>()
            + r["unassigned"]["amount"]
                .as_str()
                .unwrap()
                .replace('.', "")
                .parse::<u128>()
                .unwrap();
        assert_eq!(total, 100_000_001, "{model}");
        // Touches tied in time are ordered by rep id (SPEC 2A): first is r00000, last r39999.
        if model == "first_touch" {
            assert_eq!(credits.len(), 1);
            assert_eq!(credits[0]["rep"], "r00000");
        }
        if model == "last_touch" {
            assert_eq!(credits.len(), 1);
            assert_eq!(credits[0]["rep"], "r39999");
        }
    }
}

#[test]
fn one_contact_related_to_everyone() {
    let n = 5_000;
    let mut contacts = vec![json!({"id": "HUB", "role": "ceo"})];
    let mut relations = Vec::new();
    for i in 0..n {
        contacts.push(json!({"id": format!("P{i}"), "role": "user"}));
        relations.push(json!({"from": format!("P{i}"), "kind": "reports_to", "to": "HUB"}));
        relations.push(json!({"from": "HUB", "kind": "influences", "to": format!("P{i}")}));
    }
    let touches: Vec<Value> = (0..n)
        .map(|i| json!({"rep": format!("r{}", i % 50), "contact": format!("P{i}"), "kind": "email", "at": AT}))
        .collect();
    let r = call(
        &Engine::default(),
        "key_influencers",
        &json!({"contacts": contacts, "relations": relations, "touches": touches}),
    );
    assert_eq!(
        r["influencers"][0]["contact"], "HUB",
        "{}",
        r["influencers"][0]
    );
}

#[test]
fn a_customer_history_of_fifty_thousand_touches_at_one_instant() {
    let touches: Vec<Value> = (0..50_000)
        .map(|i| json!({"rep": format!("r{}", i % 997), "at": AT}))
        .collect();
    let r = call(
        &Engine::default(),
        "handover_status",
        &json!({"customer_id": "C-1", "now": "2026-03-02T10:00:00+08:00", "rep": "r00001", "touches": touches}),
    );
    assert_eq!(r["silent"], false, "{r}");
}

#[test]
fn half_a_megabyte_of_one_repeated_term() {
    let engine = Engine::default();
    for unit in ["马上", "ASAP ", "a", "左右左右不"] {
        let text = unit.repeat(500_000 / unit.len());
        let r = engine.call("check_text", &json!({"text": text}).to_string());
        // Either a verdict or a clear limit; never a hang or a crash.
        match r {
            Ok(body) => assert!(body.contains("\"verdict\""), "{unit}"),
            Err(e) => assert_eq!(e.code(), "limit_exceeded", "{unit}: {e}"),
        }
    }
}

#[test]
fn a_lexicon_of_nested_terms_over_a_text_of_that_letter() {
    // Terms "x", "xx", …, 64 × "x" (the longest a term may be): leftmost-longest matching must
    // stay linear in the text.
    let terms: Vec<String> = (1..=64).map(|n| "x".repeat(n)).collect();
    let mut policy = Policy::default();
    policy.semantic.vague[0].terms.extend(terms);
    let engine = Engine::new(policy).unwrap();
    let word = format!("{} ", "x".repeat(64));
    let text = format!("{}。", word.repeat(3_000));
    let r: Value = serde_json::from_str(
        &engine
            .call("check_text", &json!({"text": text}).to_string())
            .unwrap(),
    )
    .unwrap();
    // Each 64-letter word is one finding: the longest term, never its 63 nested prefixes.
    let vague = r["vague"].as_array().unwrap();
    assert_eq!(vague.len(), 3_000);
    assert!(vague
        .iter()
        .all(|v| v["term"].as_str().unwrap().len() == 64));
}
