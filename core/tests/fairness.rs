//! Property tests of the fairness invariants of SPEC 2A: exact sums, no negative credit, order
//! independence, determinism, symmetry, monotonicity within a met rule, null player, scaling.
//! And the documented counterexample to *strong* monotonicity under `redistribute`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use proptest::prelude::*;
use salesrules::{Engine, Policy};
use serde_json::{json, Value};

fn call(engine: &Engine, req: &Value) -> Value {
    serde_json::from_str(&engine.call("attribute", &req.to_string()).unwrap()).unwrap()
}

fn share_of(resp: &Value, rep: &str) -> num_rational::Ratio<u128> {
    resp["credits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rep"] == rep)
        .map(|c| {
            let (n, d) = c["share_exact"].as_str().unwrap().split_once('/').unwrap();
            num_rational::Ratio::new(n.parse().unwrap(), d.parse().unwrap())
        })
        .unwrap_or_else(|| num_rational::Ratio::from_integer(0))
}

fn unassigned_engine() -> Engine {
    Engine::new(Policy::from_json(r#"{"attribution": {"unmet_rules": "unassigned"}}"#).unwrap())
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { max_global_rejects: 65_536, ..ProptestConfig::with_cases(300) })]

    #[test]
    fn parts_sum_exactly_to_the_amount_in_every_model(d in deal(), m in 0..MODELS.len()) {
        for engine in [Engine::default(), unassigned_engine()] {
            let resp = call(&engine, &d.request(MODELS[m]));
            let (credits, locked, unassigned) = parts(&resp);
            let total: u128 = credits.iter().chain(&locked).map(|c| c.1).sum::<u128>() + unassigned;
            prop_assert_eq!(total, d.amount_minor);
            // No negative credit: every amount string is a plain non-negative decimal.
            for c in resp["credits"].as_array().unwrap() {
                prop_assert!(!c["amount"].as_str().unwrap().starts_with('-'));
            }
        }
    }

    #[test]
    fn input_order_never_changes_the_result(d in deal(), m in 0..MODELS.len(), seed in any::<u64>()) {
        let engine = Engine::default();
        let req = d.request(MODELS[m]);
        let mut shuffled = req.clone();
        let mut rng = seed;
        for key in ["touches", "contacts"] {
            let arr = shuffled[key].as_array_mut().unwrap();
            for i in (1..arr.len()).rev() {
                rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                arr.swap(i, (rng >> 33) as usize % (i + 1));
            }
        }
        let a = engine.call("attribute", &req.to_string()).unwrap();
        let b = engine.call("attribute", &shuffled.to_string()).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn same_input_gives_byte_identical_output(d in deal(), m in 0..MODELS.len()) {
        let req = d.request(MODELS[m]).to_string();
        let a = Engine::default().call("attribute", &req).unwrap();
        let b = Engine::default().call("attribute", &req).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn identical_histories_get_equal_credit(d in deal(), m in prop::sample::select(vec!["role_weighted", "linear", "time_decay"])) {
        // Give rep 1 ("bob") exactly alice's touches, and drop bob's own.
        let mut d = d;
        d.touches.retain(|t| t.rep != 1);
        let copies: Vec<GenTouch> = d.touches.iter().filter(|t| t.rep == 0).cloned().map(|mut t| { t.rep = 1; t }).collect();
        d.touches.extend(copies);
        // Identical histories include the handovers: bob gets alice's (and loses his own).
        d.handovers.retain(|h| h.0 != 1 && h.1 != 1);
        let handover_copies: Vec<(usize, usize, i64)> = d.handovers.iter()
            .filter(|h| h.0 == 0 || h.1 == 0)
            .map(|&(f, t, at)| (if f == 0 { 1 } else { f }, if t == 0 { 1 } else { t }, at))
            .filter(|h| h.0 != h.1)
            .collect();
        d.handovers.extend(handover_copies);
        for engine in [Engine::default(), unassigned_engine()] {
            let resp = call(&engine, &d.request(m));
            prop_assert_eq!(share_of(&resp, "alice"), share_of(&resp, "bob"));
            let (credits, _, _) = parts(&resp);
            let get = |r: &str| credits.iter().find(|c| c.0 == r).map_or(0, |c| c.1);
            prop_assert!(get("alice").abs_diff(get("bob")) <= 1);
        }
    }

    #[test]
    fn one_more_touch_on_a_met_rule_never_lowers_that_reps_share(d in deal(), rep in 0..REPS.len(), rule in 0usize..3) {
        // Default rules: (technical_director, demo), (procurement_director, email), (cfo, signoff).
        let (role, kind) = [(2usize, 0usize), (3, 1), (0, 5)][rule];
        let mut d = d;
        if !d.roles.contains(&role) {
            d.roles.push(role);
        }
        let contact = d.roles.iter().position(|r| *r == role).unwrap();
        for engine in [Engine::default(), unassigned_engine()] {
            let before = call(&engine, &d.request("role_weighted"));
            let met = before["explanation"].as_array().unwrap().iter().any(|s| {
                s["step"] == "rule" && s["met"] == true && s["rule"] == ["technical_deep_exchange", "procurement_negotiation", "cfo_signoff"][rule]
            });
            prop_assume!(met);
            let mut more = d.clone();
            more.touches.push(GenTouch { rep, contact, kind, before_close: 3_600, opportunity: false });
            let after = call(&engine, &more.request("role_weighted"));
            prop_assert!(share_of(&after, REPS[rep]) >= share_of(&before, REPS[rep]));
        }
    }

    #[test]
    fn a_rep_without_qualifying_touches_gets_no_rule_credit(d in deal()) {
        let engine = Engine::default();
        let resp = call(&engine, &d.request("role_weighted"));
        let rule_met = resp["explanation"].as_array().unwrap().iter().any(|s| s["step"] == "rule" && s["met"] == true);
        prop_assume!(rule_met);
        for step in resp["explanation"].as_array().unwrap().iter().filter(|s| s["step"] == "rep_share") {
            if step["parts"].as_array().unwrap().is_empty() {
                prop_assert_eq!(share_of(&resp, step["rep"].as_str().unwrap()), num_rational::Ratio::from_integer(0));
            }
        }
    }

    #[test]
    fn shares_do_not_depend_on_the_amount_and_amounts_scale(d in deal(), m in 0..MODELS.len(), k in 2u128..1_000) {
        prop_assume!(d.amount_minor.saturating_mul(k) <= 9_999_999_999_999_999);
        let engine = Engine::default();
        let a = call(&engine, &d.request(MODELS[m]));
        let mut scaled = d.clone();
        scaled.amount_minor *= k;
        let b = call(&engine, &scaled.request(MODELS[m]));
        let shares = |r: &Value| r["credits"].as_array().unwrap().iter().map(|c| (c["rep"].clone(), c["share_exact"].clone())).collect::<Vec<_>>();
        prop_assert_eq!(shares(&a), shares(&b));
        let (ca, _, _) = parts(&a);
        let (cb, _, _) = parts(&b);
        for ((ra, xa), (rb, xb)) in ca.iter().zip(&cb) {
            prop_assert_eq!(ra, rb);
            prop_assert!((xa * k).abs_diff(*xb) <= k, "{} vs {}", xa * k, xb);
        }
    }
}

fn touch(rep: &str, contact: &str, kind: &str, day: u32) -> Value {
    json!({"rep": rep, "contact": contact, "kind": kind, "at": format!("2026-03-{day:02}T10:00:00+08:00")})
}

/// The counterexample documented in the policy module: strong monotonicity fails under
/// `redistribute`, because alice's third procurement e-mail completes a second rule and so
/// also unlocks bob's credit there. Under `unassigned` the same touch raises her share.
#[test]
fn strong_monotonicity_fails_under_redistribute() {
    let base = json!({
        "deal": {"id": "D", "amount": "90000.00", "currency": "CNY", "closed_at": "2026-03-31T18:00:00+08:00"},
        "contacts": [{"id": "TD", "role": "technical_director"}, {"id": "PD", "role": "procurement_director"}],
        "touches": [touch("alice", "TD", "demo", 1), touch("alice", "TD", "demo", 2),
                    touch("bob", "PD", "email", 3), touch("bob", "PD", "email", 4)],
    });
    let mut more = base.clone();
    more["touches"]
        .as_array_mut()
        .unwrap()
        .push(touch("alice", "PD", "email", 5));

    let engine = Engine::default();
    let (before, after) = (call(&engine, &base), call(&engine, &more));
    assert_eq!(before["credits"][0]["share_exact"], "1/1");
    // (0.40 + 0.35/3) / 0.75 = 31/45 ≈ 68.9 %: alice's extra touch lowered her share.
    assert_eq!(after["credits"][0]["rep"], "alice");
    assert_eq!(after["credits"][0]["share_exact"], "31/45");
    assert_eq!(after["credits"][0]["amount"], "62000.00");

    let engine = unassigned_engine();
    let (before, after) = (call(&engine, &base), call(&engine, &more));
    assert_eq!(before["credits"][0]["share_exact"], "2/5");
    assert!(share_of(&after, "alice") >= share_of(&before, "alice"));
    assert_eq!(
        share_of(&after, "alice"),
        num_rational::Ratio::new(2 * 60 + 35, 3 * 100)
    );
}

fn amount_of(resp: &Value, key: &str, rep: &str) -> u128 {
    resp[key]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rep"] == rep)
        .map_or(0, |c| minor_of(c["amount"].as_str().unwrap()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A valid handover to a locked rep releases exactly their locked amount to them and
    /// changes no one else's credit or lock.
    #[test]
    fn a_valid_handover_only_ever_helps_the_new_rep(d in deal(), m in 0..MODELS.len()) {
        let engine = Engine::default();
        let before = call(&engine, &d.request(MODELS[m]));
        let Some(lock) = before["locked"].as_array().unwrap().first().cloned() else {
            return Ok(());
        };
        let rep = lock["rep"].as_str().unwrap().to_string();
        let previous = before["explanation"].as_array().unwrap().iter()
            .find(|s| s["step"] == "lock" && s["rep"] == rep.as_str())
            .map(|s| s["previous_rep"].as_str().unwrap().to_string())
            .unwrap();
        let mut req = d.request(MODELS[m]);
        req["handovers"].as_array_mut().unwrap().push(json!({
            "from": previous, "to": rep, "at": rfc3339(CLOSE_UNIX - 86_400), "evidence": "minutes"
        }));
        let after = call(&engine, &req);
        prop_assert!(amount_of(&after, "credits", &rep) >= amount_of(&before, "credits", &rep));
        prop_assert_eq!(amount_of(&after, "credits", &rep), amount_of(&before, "credits", &rep) + amount_of(&before, "locked", &rep));
        for other in REPS.iter().filter(|r| **r != rep) {
            prop_assert_eq!(amount_of(&after, "credits", other), amount_of(&before, "credits", other));
            prop_assert_eq!(amount_of(&after, "locked", other), amount_of(&before, "locked", other));
        }
    }

    /// A rep whose first touch does not come after a silent period is never locked.
    #[test]
    fn reps_who_were_there_before_every_gap_are_never_locked(d in deal(), m in 0..MODELS.len()) {
        let resp = call(&Engine::default(), &d.request(MODELS[m]));
        let mut considered: Vec<&GenTouch> = d.touches.iter().filter(|t| t.before_close >= 0).collect();
        considered.sort_by_key(|t| (std::cmp::Reverse(t.before_close), REPS[t.rep]));
        let first_gap_end = considered.windows(2)
            .find(|w| w[0].before_close - w[1].before_close >= 30 * 86_400)
            .map(|w| w[1].before_close);
        for locked in resp["locked"].as_array().unwrap() {
            let rep = locked["rep"].as_str().unwrap();
            let first = considered.iter().find(|t| REPS[t.rep] == rep).unwrap();
            // Their first touch is at or after the end of the first silent period.
            prop_assert!(first_gap_end.is_some_and(|end| first.before_close <= end), "{rep} locked without a gap before their first touch");
        }
    }

    /// Handover order in the request does not matter either.
    #[test]
    fn handover_order_never_changes_the_result(d in deal(), m in 0..MODELS.len()) {
        let engine = Engine::default();
        let req = d.request(MODELS[m]);
        let mut rev = req.clone();
        rev["handovers"].as_array_mut().unwrap().reverse();
        prop_assert_eq!(engine.call("attribute", &req.to_string()).unwrap(), engine.call("attribute", &rev.to_string()).unwrap());
    }
}
