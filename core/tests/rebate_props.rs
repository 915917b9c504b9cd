//! Properties of the dealer rebate calculator: the parts sum exactly to the total, every part
//! is non-decreasing in volume, and ineligible dealers get exactly zero.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use salesrules::rebate::{RebateRequest, RebateResponse};
use salesrules::{Engine, Policy};
use std::str::FromStr;

fn request(
    volume_cents: u64,
    target_cents: u64,
    rate_pct: u32,
    spend: u64,
    flags: Vec<String>,
) -> RebateRequest {
    let money = |c: u64| format!("{}.{:02}", c / 100, c % 100);
    serde_json::from_value(serde_json::json!({
        "dealer": "DL-1", "quarter": "2026-Q2",
        "volume": money(volume_cents), "target": money(target_cents),
        "collection_rate": format!("{}", Decimal::new(i64::from(rate_pct), 2)),
        "marketing_spend": money(spend), "compliance_flags": flags,
    }))
    .unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn sum_ok(r: &RebateResponse) -> bool {
    r.parts.iter().map(|p| d(&p.amount)).sum::<Decimal>() == d(&r.total)
}

fn engines() -> Vec<Engine> {
    let mut progressive = Policy::default();
    progressive.rebate.tier_mode = salesrules::rebate::TierMode::Progressive;
    let mut down = Policy::default();
    down.rebate.rounding = salesrules::rebate::Rounding::Down;
    vec![
        Engine::default(),
        Engine::new(progressive).unwrap(),
        Engine::new(down).unwrap(),
    ]
}

fn flags() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(
        prop::sample::select(vec![
            "price_violation",
            "cross_region_sales",
            "late_reporting",
            "counterfeit_goods",
        ]),
        0..3,
    )
    .prop_map(|v| v.into_iter().map(String::from).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parts_sum_exactly_and_are_monotone_in_volume(
        v in 0u64..500_000_000,
        extra in 0u64..50_000_000,
        target in 0u64..400_000_000,
        rate in 0u32..120,
        spend in 0u64..10_000_000,
        fl in flags(),
    ) {
        for engine in engines() {
            let a = engine.rebate(&request(v, target, rate, spend, fl.clone())).unwrap();
            let b = engine.rebate(&request(v + extra, target, rate, spend, fl.clone())).unwrap();
            prop_assert!(sum_ok(&a) && sum_ok(&b));
            prop_assert_eq!(a.eligible, b.eligible);
            for (pa, pb) in a.parts.iter().zip(&b.parts) {
                prop_assert_eq!(&pa.part, &pb.part);
                prop_assert!(d(&pa.amount) <= d(&pb.amount), "{} fell: {} -> {}", pa.part, pa.amount, pb.amount);
                prop_assert!(d(&pa.amount) >= Decimal::ZERO);
            }
            if !a.eligible {
                prop_assert_eq!(d(&a.total), Decimal::ZERO);
                prop_assert!(!a.ineligible_reasons.is_empty());
            }
            // Below the floor means ineligible, whatever else.
            prop_assert_eq!(rate < 80 || fl.iter().any(|f| f == "counterfeit_goods"), !a.eligible);
        }
    }

    #[test]
    fn rounded_parts_are_within_half_a_cent_of_the_exact_values(v in 0u64..2_000_000_000, target in 0u64..2_000_000_000) {
        let r = Engine::default().rebate(&request(v, target, 95, 100_000_000, vec![])).unwrap();
        for p in &r.parts {
            let diff = (d(&p.exact) - d(&p.amount)).abs();
            prop_assert!(diff <= d("0.005"), "{}: exact {} paid {}", p.part, p.exact, p.amount);
        }
    }
}

#[test]
fn progressive_never_pays_more_base_than_whole_with_non_decreasing_rates() {
    let [whole, progressive, _] = <[Engine; 3]>::try_from(engines()).unwrap();
    for cents in [
        0u64,
        49_999_999,
        50_000_000,
        123_456_789,
        300_000_000,
        999_999_999,
    ] {
        let a = whole.rebate(&request(cents, 0, 95, 0, vec![])).unwrap();
        let b = progressive
            .rebate(&request(cents, 0, 95, 0, vec![]))
            .unwrap();
        assert!(d(&b.parts[0].amount) <= d(&a.parts[0].amount));
    }
}
