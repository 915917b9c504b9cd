//! Exactness under load (issue 10, part 6): over 10,000 random months, each under one of the
//! models (every model gets over a thousand months), the
//! credits, locks and unassigned amounts of all deals add up to the month's deal amounts to the
//! minor unit, per currency — through the typed per-deal call and through the flat batch path.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use proptest::prelude::*;
use salesrules::attribution::batch::{BatchRunner, DealBatch};
use salesrules::attribution::AttributeRequest;
use salesrules::{Engine, Model, Policy};
use std::collections::BTreeMap;

fn minor(a: &str) -> u128 {
    minor_of(a)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn every_month_adds_up_to_the_cent_under_every_model(
        month in prop::collection::vec(deal(), 1..8),
        locks_to_previous in any::<bool>(),
        m in 0..MODELS.len(),
    ) {
        let policy = if locks_to_previous {
            Policy::from_json(r#"{"handover": {"locked_share": "previous_rep"}}"#).unwrap()
        } else {
            Policy::default()
        };
        let engine = Engine::new(policy).unwrap();
        let mut booked: BTreeMap<&str, u128> = BTreeMap::new();
        for d in &month {
            *booked.entry(d.currency).or_default() += d.amount_minor;
        }
        // One model per month: 10,000 months give each model well over a thousand months.
        for model in [MODELS[m]] {
            let requests: Vec<AttributeRequest> = month
                .iter()
                .map(|d| {
                    let mut v = d.request(model);
                    v["explain"] = serde_json::json!(false);
                    serde_json::from_value(v).unwrap()
                })
                .collect();
            // Per-deal typed calls, summed per currency.
            let mut paid: BTreeMap<&str, u128> = BTreeMap::new();
            for (d, req) in month.iter().zip(&requests) {
                let r = engine.attribute(req).unwrap();
                let sum = r.credits.iter().map(|c| minor(&c.amount)).sum::<u128>()
                    + r.locked.iter().map(|l| minor(&l.amount)).sum::<u128>()
                    + minor(&r.unassigned.amount);
                prop_assert_eq!(sum, d.amount_minor, "deal of model {} does not add up", model);
                *paid.entry(d.currency).or_default() += sum;
            }
            prop_assert_eq!(&paid, &booked);
            // The flat batch path over the whole month.
            let m: Model = serde_json::from_value(serde_json::Value::String(model.into())).unwrap();
            let batch = DealBatch::from_requests(&engine, &requests).unwrap();
            let mut out = Vec::new();
            BatchRunner::new()
                .run(&engine, m, &batch.deals, &batch.touches, &batch.handovers, &mut out)
                .unwrap();
            let mut batch_paid: BTreeMap<&str, u128> = BTreeMap::new();
            for c in &out {
                *batch_paid.entry(month[c.deal as usize].currency).or_default() += c.amount_minor;
            }
            prop_assert_eq!(&batch_paid, &booked, "batch path, model {}", model);
        }
    }
}
