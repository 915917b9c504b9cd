//! The "Prove your bonus policy is fair" examples of docs/fairness.md, as real tests: a
//! downstream crate imports the exported strategies and checkers (feature `proptest`) and
//! proves its own policy fair — or sees the shrunk counterexample of why not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// --- docs/fairness.md, Rust example (keep in sync) ---
use proptest::prelude::*;
use salesrules::fairness::{checks, strategies, Counterexample};
use salesrules::{Engine, Policy};

fn our_policy() -> Policy {
    Policy::from_json(r#"{"attribution": {"unmet_rules": "unassigned", "rules": [
        {"id": "demo_to_tech", "roles": ["technical_director", "cto"], "kinds": ["demo"], "min_count": 2, "weight": "0.6"},
        {"id": "cfo_signoff", "roles": ["cfo"], "kinds": ["signoff"], "min_count": 1, "weight": "0.4"}]}}"#).unwrap()
}

fn fail(c: Counterexample) -> TestCaseError {
    TestCaseError::fail(c.to_string())
}

proptest! {
    #[test]
    fn our_policy_pays_fairly(case in strategies::deal(&our_policy()), rule in 0..2usize) {
        let engine = Engine::new(our_policy()).unwrap();
        let deal = case.request(engine.policy(), None);
        checks::exact_sums(&engine, &deal).map_err(fail)?;
        checks::symmetry(&engine, &deal, "alice", "bob").map_err(fail)?;
        checks::strong_monotonicity(&engine, &deal, "alice", rule).map_err(fail)?;
        checks::null_player(&engine, &deal).map_err(fail)?;
    }
}
// --- end of example ---

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A month of deals: every applicable invariant holds on every deal, except strong
    /// monotonicity (and, under `unassigned`, single-touch-gets-all), as documented.
    #[test]
    fn every_deal_of_a_month_is_fair_under_the_default_policy(month in strategies::month(&Policy::default(), 4), seed in any::<u64>()) {
        let engine = Engine::default();
        for case in month {
            let deal = case.request(engine.policy(), None);
            for cx in salesrules::fairness::check_all(&engine, &deal, seed) {
                prop_assert_eq!(cx.invariant, salesrules::fairness::Invariant::StrongMonotonicity, "{}", cx);
            }
        }
    }
}

/// Proptest finds (and shrinks) the documented redistribute counterexample too.
#[test]
fn proptest_finds_the_strong_monotonicity_counterexample_under_redistribute() {
    let policy = Policy::default();
    let engine = Engine::default();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let result = runner.run(&strategies::deal(&policy), |case| {
        let deal = case.request(&policy, None);
        for rep in salesrules::fairness::REPS {
            for rule in 0..3 {
                checks::strong_monotonicity(&engine, &deal, rep, rule).map_err(fail)?;
            }
        }
        Ok(())
    });
    let err = result.unwrap_err().to_string();
    assert!(err.contains("strong_monotonicity fails"), "{err}");
    assert!(err.contains("lowered"), "{err}");
}
