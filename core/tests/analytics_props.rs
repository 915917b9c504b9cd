//! Properties of the dashboard analytics (SPEC 2G): period comparison is antisymmetric when the
//! periods are swapped; lead scores lie in [0, 1] and identical leads score identically;
//! drill-down children add up exactly to their parents.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use salesrules::Engine;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::str::FromStr;

fn call(op: &str, req: &Value) -> Value {
    serde_json::from_str(&Engine::default().call(op, &req.to_string()).unwrap()).unwrap()
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap()).unwrap()
}

const FIELDS: [&str; 8] = [
    "revenue",
    "visits",
    "new_deals",
    "service_tickets",
    "renewal_rate",
    "discount_rate",
    "gross_margin",
    "calls",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (-1_000_000i64..1_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s).to_string()),
        1 => Just("0".to_string()),
        1 => (0i64..20).prop_map(|m| m.to_string()),
    ]
}

fn period() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map(
        prop::sample::select(FIELDS.to_vec()),
        value(),
        0..FIELDS.len(),
    )
    .prop_map(|m| m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn lead_features() -> impl Strategy<Value = Value> {
    (
        prop::option::of(prop::sample::select(vec!["auto", "retail", "energy"])),
        prop::option::of(prop::sample::select(vec!["east", "north"])),
        prop::option::of(0i64..5000),
        prop::option::of(prop::sample::select(vec!["expo", "referral", "web"])),
    )
        .prop_map(|(i, r, e, s)| {
            let mut m = serde_json::Map::new();
            if let Some(i) = i {
                m.insert("industry".into(), json!(i));
            }
            if let Some(r) = r {
                m.insert("region".into(), json!(r));
            }
            if let Some(e) = e {
                m.insert("employees".into(), json!(e));
            }
            if let Some(s) = s {
                m.insert("source".into(), json!(s));
            }
            Value::Object(m)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn period_comparison_is_antisymmetric(a in period(), b in period()) {
        let p = json!({"label": "A", "fields": a});
        let c = json!({"label": "B", "fields": b});
        let ab = call("compare_periods", &json!({"previous": p, "current": c}));
        let ba = call("compare_periods", &json!({"previous": c, "current": p}));
        let (x, y) = (ab["top"].as_array().unwrap(), ba["top"].as_array().unwrap());
        prop_assert_eq!(x.len(), y.len());
        for (f, g) in x.iter().zip(y) {
            prop_assert_eq!(&f["field"], &g["field"]);
            prop_assert_eq!(dec(&f["change"]), -dec(&g["change"]));
            prop_assert_eq!(dec(&f["symmetric_change"]), -dec(&g["symmetric_change"]));
            prop_assert_eq!(&f["previous"], &g["current"]);
            let flipped = match f["direction"].as_str().unwrap() { "up" => "down", "down" => "up", o => o };
            prop_assert_eq!(g["direction"].as_str().unwrap(), flipped);
            prop_assert!(dec(&f["symmetric_change"]).abs() <= Decimal::TWO);
        }
        prop_assert!(x.len() <= 5);
        let pairs = |r: &Value| r["pairs"].as_array().unwrap().iter()
            .map(|p| (p["fields"].clone(), p["relation"].clone(), p["source"].clone())).collect::<Vec<_>>();
        prop_assert_eq!(pairs(&ab), pairs(&ba));
        prop_assert_eq!(&ab["only_in_previous"], &ba["only_in_current"]);
    }

    #[test]
    fn lead_scores_are_in_the_unit_interval_and_identical_leads_score_identically(
        won in prop::collection::vec(lead_features(), 1..5),
        leads in prop::collection::vec(lead_features(), 0..6),
    ) {
        let won: Vec<Value> = won.into_iter().enumerate().map(|(i, f)| json!({"id": format!("C{i}"), "features": f})).collect();
        // Every lead twice, under two ids, in different positions.
        let mut all: Vec<Value> = leads.iter().enumerate().map(|(i, f)| json!({"id": format!("L{i}a"), "features": f})).collect();
        all.extend(leads.iter().enumerate().rev().map(|(i, f)| json!({"id": format!("L{i}b"), "features": f})));
        let resp = call("match_leads", &json!({"rep": "alice", "won": won, "leads": all}));
        let scored: BTreeMap<String, (Decimal, bool)> = resp["leads"].as_array().unwrap().iter()
            .map(|l| (l["id"].as_str().unwrap().to_string(), (dec(&l["score"]), l["recommended"].as_bool().unwrap())))
            .collect();
        prop_assert_eq!(scored.len(), 2 * leads.len());
        for (id, (s, rec)) in &scored {
            prop_assert!(*s >= Decimal::ZERO && *s <= Decimal::ONE, "{} {}", id, s);
            if *rec { prop_assert!(*s >= Decimal::from_str("0.85").unwrap()); }
        }
        for i in 0..leads.len() {
            prop_assert_eq!(scored[&format!("L{i}a")], scored[&format!("L{i}b")]);
        }
        // Sorted by score descending.
        let order: Vec<Decimal> = resp["leads"].as_array().unwrap().iter().map(|l| dec(&l["score"])).collect();
        prop_assert!(order.windows(2).all(|w| w[0] >= w[1]));
    }

    #[test]
    fn drill_down_children_add_up_to_their_parents(
        facts in prop::collection::vec((0usize..3, 0usize..3, 0usize..3, 0i64..10_000_000, 0i64..10_000_000), 0..20),
    ) {
        let facts: Vec<Value> = facts.iter().enumerate().map(|(i, (a, b, c, cv, cost))| json!({
            "id": format!("F{i}"), "dims": {"region": format!("r{a}"), "team": format!("t{b}"), "rep": format!("p{c}")},
            "contract_value": Decimal::new(*cv, 2).to_string(), "cost": Decimal::new(*cost, 2).to_string()
        })).collect();
        let resp = call("drill_down", &json!({"currency": "CNY", "levels": ["region", "team", "rep"], "facts": facts}));
        fn check(nodes: &Value, parent: Decimal, count: u64) -> Result<(), TestCaseError> {
            let nodes = nodes.as_array().unwrap();
            let sum: Decimal = nodes.iter().map(|n| dec(&n["value"])).sum();
            prop_assert_eq!(sum, parent);
            prop_assert_eq!(nodes.iter().map(|n| n["facts"].as_u64().unwrap()).sum::<u64>(), count);
            for n in nodes {
                if let Some(ch) = n.get("children") {
                    check(ch, dec(&n["value"]), n["facts"].as_u64().unwrap())?;
                }
            }
            Ok(())
        }
        check(&resp["nodes"], dec(&resp["total"]), facts.len() as u64)?;
    }
}
