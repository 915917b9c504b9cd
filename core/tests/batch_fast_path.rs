//! The batch path's role-weighted fast path (u64 arithmetic, stack arrays, no lock pass)
//! against the general path it replaces (`BatchRunner::general_only`): the same lines, the same
//! errors, on random flat batches with huge amounts (up to the 10^27 limit and past it), exact
//! remainder ties (tiny amounts, equal weights), silent periods and handovers, touches after
//! close, unsorted touches, up to 40 reps per deal, out-of-range role/kind ids, and policies
//! whose weights overflow 64 bits.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use salesrules::attribution::batch::{BatchDeal, BatchHandover, BatchRunner, BatchTouch};
use salesrules::money::MAX_MINOR_UNITS;
use salesrules::{Engine, Model, Policy};

const CLOSE: i64 = 1_774_951_200;
const DAY: i64 = 86_400;

fn engines() -> Vec<Engine> {
    let policy = |json: &str| Engine::new(Policy::from_json(json).unwrap()).unwrap();
    vec![
        Engine::default(),
        // Unmet rule weight left unassigned; equal weights and min_count 1: remainder ties.
        policy(
            r#"{"attribution": {"unmet_rules": "unassigned", "rules": [
                {"id": "a", "roles": ["cfo"], "kinds": ["signoff"], "min_count": 1, "weight": "0.5"},
                {"id": "b", "roles": ["technical_director", "user"], "kinds": ["demo", "call"], "min_count": 1, "weight": "0.5"}]}}"#,
        ),
        // Co-prime weights over 10^9 and overlapping rules (a touch meets several): the u64
        // arithmetic overflows for large amounts and hands the deal to the u128 path.
        policy(
            r#"{"attribution": {"rules": [
                {"id": "a", "roles": ["cfo", "finance"], "kinds": ["signoff", "email"], "min_count": 1, "weight": "0.123456791"},
                {"id": "b", "roles": ["technical_director"], "kinds": ["demo", "meeting"], "min_count": 2, "weight": "0.876543209"}]},
               "handover": {"locked_share": "previous_rep"}}"#,
        ),
    ]
}

#[derive(Debug, Clone)]
struct Gen {
    deals: Vec<BatchDeal>,
    touches: Vec<BatchTouch>,
    handovers: Vec<BatchHandover>,
}

fn amount() -> impl Strategy<Value = u128> {
    prop_oneof![
        3 => 0u128..12,
        3 => 1u128..1_000_000_000,
        2 => salesrules::fairness::strategies::amount_minor(),
        1 => (MAX_MINOR_UNITS - 1_000)..=MAX_MINOR_UNITS,
        1 => Just(u128::from(u64::MAX) + 1),
        1 => Just(MAX_MINOR_UNITS + 1),
    ]
}

prop_compose! {
    fn touch(reps: u32, bad_ids: bool)(
        rep in 0..reps,
        high in any::<bool>(),
        contact in 0u32..4,
        role in 0u16..if bad_ids { 9 } else { 8 },
        kind in 0u16..8,
        days_before in -3i64..100,
        hour in 0i64..24,
        opportunity in any::<bool>(),
    ) -> BatchTouch {
        // Sparse rep ids too, up to the top of the range.
        let rep = if high { u32::MAX - rep } else { rep };
        BatchTouch { rep, contact, role, kind, at: CLOSE - days_before * DAY - hour * 3_600, opportunity }
    }
}

prop_compose! {
    fn deal_parts()(reps in 1u32..40, bad_ids in prop::bool::weighted(0.05))(
        touches in prop::collection::vec(touch(reps, bad_ids), 0..40),
        sorted in prop::bool::weighted(0.8),
        amount in amount(),
        close_shift in prop_oneof![4 => Just(0i64), 1 => -2i64..2],
        handovers in prop::collection::vec((0..reps, 0..reps, -5i64..100), 0..3),
    ) -> (Vec<BatchTouch>, bool, u128, i64, Vec<(u32, u32, i64)>) {
        (touches, sorted, amount, close_shift, handovers)
    }
}

fn batch() -> impl Strategy<Value = Gen> {
    prop::collection::vec(deal_parts(), 1..10).prop_map(|parts| {
        let mut g = Gen {
            deals: Vec::new(),
            touches: Vec::new(),
            handovers: Vec::new(),
        };
        for (mut ts, sorted, amount, close_shift, hs) in parts {
            if sorted {
                ts.sort_by_key(|t| t.at);
            }
            g.deals.push(BatchDeal {
                amount_minor: amount,
                closed_at: CLOSE + close_shift * DAY,
                touch_start: g.touches.len() as u32,
                touch_len: ts.len() as u32,
                handover_start: g.handovers.len() as u32,
                handover_len: hs.len() as u32,
            });
            g.touches.extend(ts);
            g.handovers
                .extend(hs.into_iter().map(|(from, to, days)| BatchHandover {
                    from,
                    to,
                    at: CLOSE - days * DAY,
                }));
        }
        g
    })
}

fn both(engine: &Engine, model: Model, g: &Gen) -> [(String, Vec<String>); 2] {
    [BatchRunner::new(), BatchRunner::general_only()].map(|mut runner| {
        let mut out = Vec::new();
        let result = runner.run(engine, model, &g.deals, &g.touches, &g.handovers, &mut out);
        (
            format!("{result:?}"),
            out.iter().map(|c| format!("{c:?}")).collect(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fast_path_gives_the_general_paths_lines_and_errors(g in batch()) {
        for engine in engines() {
            let [fast, general] = both(&engine, Model::RoleWeighted, &g);
            prop_assert_eq!(fast, general);
        }
    }
}

/// Hand-checked cases on the fast path's edges.
#[test]
fn remainder_ties_and_huge_amounts() {
    let engine = Engine::default();
    let cfo = engine.role_index("cfo").unwrap() as u16;
    let signoff = engine.kind_index("signoff").unwrap() as u16;
    let t = |rep, at| BatchTouch {
        rep,
        contact: 0,
        role: cfo,
        kind: signoff,
        at,
        opportunity: false,
    };
    // Three reps, one sign-off each (in the order 7, 3, 5): 100 = 33 + 33 + 33 + 1, the extra
    // unit to the lowest rep id.
    let touches = vec![t(7, CLOSE - 3), t(3, CLOSE - 2), t(5, CLOSE - 1)];
    for amount in [100u128, MAX_MINOR_UNITS] {
        let g = Gen {
            deals: vec![BatchDeal {
                amount_minor: amount,
                closed_at: CLOSE,
                touch_start: 0,
                touch_len: 3,
                handover_start: 0,
                handover_len: 0,
            }],
            touches: touches.clone(),
            handovers: vec![],
        };
        let mut out = Vec::new();
        BatchRunner::new()
            .run(
                &engine,
                Model::RoleWeighted,
                &g.deals,
                &g.touches,
                &[],
                &mut out,
            )
            .unwrap();
        let split: Vec<(Option<u32>, u128)> = out.iter().map(|c| (c.rep, c.amount_minor)).collect();
        let third = amount / 3;
        assert_eq!(
            split,
            [(Some(3), third + 1), (Some(5), third), (Some(7), third)],
            "amount {amount}"
        );
        let [fast, general] = both(&engine, Model::RoleWeighted, &g);
        assert_eq!(fast, general);
    }
}

#[cfg(feature = "parallel")]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// `run_parallel` (chunks of 1–4 deals, so that every batch spans several tasks) leaves
    /// `out` and the result exactly as the sequential run does, errors included.
    #[test]
    fn parallel_run_matches_the_sequential_run(g in batch(), chunk in 1usize..5, general in any::<bool>()) {
        for engine in engines() {
            for model in Model::ALL {
                let runner = if general { BatchRunner::general_only() } else { BatchRunner::new() };
                let (mut seq, mut par) = (Vec::new(), Vec::new());
                let a = runner.clone().run(&engine, model, &g.deals, &g.touches, &g.handovers, &mut seq);
                let b = runner.run_parallel_in_chunks(&engine, model, &g.deals, &g.touches, &g.handovers, chunk, &mut par);
                prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
                prop_assert_eq!(seq, par);
            }
        }
    }
}
