//! Property tests of SPEC 2H: the privacy fence never lets a sensitive digit run through
//! (beyond the kept last 4), a flipped byte anywhere in an audit chain is caught at its entry,
//! the offline merge is deterministic, loses no edit and leaves a record merged with itself
//! unchanged, the churn score is monotone in every signal, and the cache plan accounts for every
//! byte.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use salesrules::churn::{ChurnCustomer, ChurnRiskRequest, Direction};
use salesrules::Engine;
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn call(engine: &Engine, op: &str, request: &Value) -> Value {
    serde_json::from_str(&engine.call(op, &request.to_string()).unwrap()).unwrap()
}

// ---------------------------------------------------------------- privacy

fn id_check(body: &[u32]) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.iter().zip(W).map(|(d, w)| d * w).sum();
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize]
}

fn digits(n: usize) -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(0u32..10, n)
}

/// A sensitive value as a string of digits (and a final X for some IDs), unformatted.
fn sensitive() -> impl Strategy<Value = String> {
    let to_s = |d: &[u32]| {
        d.iter()
            .map(|d| char::from_digit(*d, 10).unwrap())
            .collect::<String>()
    };
    prop_oneof![
        // mobile phone
        (3u32..10, digits(9)).prop_map(move |(second, rest)| format!("1{second}{}", to_s(&rest))),
        // bank account, 12 to 19 digits
        (12usize..=19)
            .prop_flat_map(digits)
            .prop_map(move |d| to_s(&d)),
        // resident ID with a valid check character
        digits(17).prop_map(move |d| format!("{}{}", to_s(&d), id_check(&d))),
        // ID-like with an invalid check digit
        (digits(17), 1u32..10).prop_map(move |(d, off)| {
            let good = id_check(&d);
            let bad = match good {
                'X' => char::from_digit(off % 10, 10).unwrap(),
                c => {
                    let v = (c.to_digit(10).unwrap() + off) % 10;
                    char::from_digit(v, 10).unwrap()
                }
            };
            format!("{}{bad}", to_s(&d))
        }),
        // other long numbers
        (7usize..=11)
            .prop_flat_map(digits)
            .prop_map(move |d| to_s(&d)),
    ]
}

/// The value as written: raw, or in groups (4s, or 3-4-4 / 6-8-4) joined by a space or hyphen.
fn written(value: String, style: u8, sep: char) -> String {
    let chars: Vec<char> = value.chars().collect();
    let sizes: Vec<usize> = match (style, chars.len()) {
        (0, _) => return value,
        (1, 11) => vec![3, 4, 4],
        (1, 18) => vec![6, 8, 4],
        _ => vec![4; chars.len().div_ceil(4)],
    };
    let mut out = String::new();
    let mut at = 0;
    for s in sizes {
        if at >= chars.len() {
            break;
        }
        if at > 0 {
            out.push(sep);
        }
        let end = (at + s).min(chars.len());
        out.extend(&chars[at..end]);
        at = end;
    }
    out
}

/// Random text without digits, X or @ (so the only digits are the sensitive value's).
fn filler() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::char::range('a', 'w'),
            Just(' '),
            Just('-'),
            Just(','),
            Just('.'),
            Just('：'),
            prop::char::range('一', '龥'),
        ],
        0..12,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn digit_count(s: &str) -> usize {
    s.chars().filter(|c| c.is_ascii_digit()).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn masked_text_never_holds_the_sensitive_run(
        value in sensitive(),
        style in 0u8..3,
        sep in prop_oneof![Just(' '), Just('-')],
        before in filler(),
        after in filler(),
    ) {
        let engine = Engine::default();
        let shown = written(value.clone(), style, sep);
        let text = format!("{before}{shown}{after}");
        let out = call(&engine, "mask_record", &json!({
            "fields": {"notes": text}, "context": {"network": "public"}}));
        let masked = out["fields"]["notes"].as_str().unwrap();
        let digits_only: String = value.chars().filter(char::is_ascii_digit).collect();
        let hidden = &value[..value.len() - 4];
        prop_assert!(!masked.contains(hidden), "{text:?} -> {masked:?}");
        prop_assert!(!masked.contains(&digits_only), "{text:?} -> {masked:?}");
        // At most the last 4 characters of the run stay visible.
        prop_assert!(digit_count(masked) <= 4, "{text:?} -> {masked:?}");
        prop_assert_eq!(masked.chars().count(), text.chars().count());
        prop_assert!(!out["masked"].as_array().unwrap().is_empty());
        // With a second factor nothing is hidden.
        let clear = call(&engine, "mask_record", &json!({
            "fields": {"notes": text}, "context": {"network": "public", "second_factor": true}}));
        prop_assert_eq!(clear["fields"]["notes"].as_str().unwrap(), text.as_str());
    }

    #[test]
    fn whole_field_classes_keep_at_most_four_digits(
        value in sensitive(),
        field in prop_oneof![Just("bank_account"), Just("resident_id"), Just("phone")],
        style in 0u8..3,
    ) {
        let engine = Engine::default();
        let shown = written(value, style, ' ');
        let out = call(&engine, "mask_record", &json!({
            "fields": {field: shown}, "context": {"network": "hotel_wifi"}}));
        let masked = out["fields"][field].as_str().unwrap();
        let kept = masked.chars().filter(|c| c.is_ascii_digit() || *c == 'X').count();
        prop_assert!(kept <= 4, "{shown:?} -> {masked:?}");
        // What stays visible is the tail of the value (never more than half of a short one).
        let tail: String = masked.chars().filter(|c| c.is_ascii_digit() || *c == 'X').collect();
        let all: String = shown.chars().filter(|c| c.is_ascii_digit() || *c == 'X').collect();
        prop_assert!(all.ends_with(&tail), "{shown:?} -> {masked:?}");
        prop_assert!(tail.len() * 2 <= all.len());
    }
}

// ---------------------------------------------------------------- audit

fn event() -> impl Strategy<Value = Value> {
    (
        "[a-z]{1,6}|[a-z][\\PC&&[^\"]]{0,3}|a\"b\\\\c\u{1}",
        prop_oneof![Just("view"), Just("update"), Just("export"), Just("unmask")],
        "C-[0-9]{1,3}",
        prop::collection::vec("[a-z_]{1,8}", 0..3),
        0i64..100_000,
    )
        .prop_map(|(actor, action, customer, fields, minutes)| {
            let at = salesrules::time::Instant::from_unix(1_772_413_200 + minutes * 60, 8 * 3600)
                .unwrap()
                .to_string();
            json!({"actor": actor, "action": action, "customer_id": customer,
                   "fields": fields, "at": at})
        })
}

fn build_chain(engine: &Engine, events: &[Value]) -> Vec<Value> {
    let mut chain: Vec<Value> = Vec::new();
    for e in events {
        let head = chain
            .last()
            .map(|h| json!({"seq": h["seq"], "hash": h["hash"]}))
            .unwrap_or(Value::Null);
        let out = call(engine, "audit_append", &json!({"head": head, "entry": e}));
        chain.push(out["entry"].clone());
    }
    chain
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_flipped_byte_is_caught_at_its_entry(
        events in prop::collection::vec(event(), 1..6),
        pick in any::<prop::sample::Index>(),
        pos in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let engine = Engine::default();
        let chain = build_chain(&engine, &events);
        let texts: Vec<String> = chain.iter().map(Value::to_string).collect();
        let intact = format!("{{\"chain\":[{}]}}", texts.join(","));
        let ok = call(&engine, "audit_verify", &serde_json::from_str(&intact).unwrap());
        prop_assert_eq!(&ok["ok"], &json!(true));

        let i = pick.index(texts.len());
        let mut bytes = texts[i].clone().into_bytes();
        let p = pos.index(bytes.len());
        bytes[p] ^= 1 << bit;
        // A flip that is not UTF-8 cannot even be submitted: caught before the engine.
        let Ok(tampered) = String::from_utf8(bytes) else { return Ok(()); };
        let mut parts = texts.clone();
        parts[i] = tampered;
        let request = format!("{{\"chain\":[{}]}}", parts.join(","));
        match engine.call("audit_verify", &request) {
            Err(e) => prop_assert_eq!(e.code(), "invalid_request"),
            Ok(text) => {
                let out: Value = serde_json::from_str(&text).unwrap();
                prop_assert_eq!(&out["ok"], &json!(false), "flip at {} of entry {} not caught", p, i);
                prop_assert_eq!(&out["first_broken"]["index"], &json!(i));
            }
        }
    }
}

// ---------------------------------------------------------------- merge

fn field_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!("x")),
        Just(json!("y")),
        Just(json!(1)),
        Just(json!({"k": [1, 2]})),
    ]
}

fn version() -> impl Strategy<Value = Value> {
    (
        prop::collection::btree_map("[a-d]", field_value(), 0..4),
        prop::collection::vec(
            prop_oneof![
                Just(json!({"id": "n1"})),
                Just(json!({"id": "n2"})),
                Just(json!({"id": "n3", "text": "拜访"})),
                Just(json!("photo-1"))
            ],
            0..4,
        ),
        prop::collection::btree_map("[a-d]", 0i64..1000, 0..3),
    )
        .prop_map(|(fields, notes, edited)| {
            let edited: BTreeMap<String, String> = edited
                .into_iter()
                .map(|(k, m)| {
                    let t = salesrules::time::Instant::from_unix(1_772_413_200 + m * 60, 8 * 3600)
                        .unwrap();
                    (k, t.to_string())
                })
                .collect();
            json!({"fields": fields, "edited_at": edited, "collections": {"visit_notes": notes}})
        })
}

fn value_of(v: &Value, field: &str) -> Value {
    v["fields"].get(field).cloned().unwrap_or(Value::Null)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn merge_is_deterministic_and_loses_no_edit(base in version(), local in version(), remote in version()) {
        let engine = Engine::default();
        let request = json!({"record_id": "C-1", "base": base, "local": local, "remote": remote});
        let a = engine.call("merge_offline", &request.to_string()).unwrap();
        let b = engine.call("merge_offline", &request.to_string()).unwrap();
        prop_assert_eq!(&a, &b);
        let out: Value = serde_json::from_str(&a).unwrap();
        let conflicts = out["conflicts"].as_array().unwrap();
        for field in ["a", "b", "c", "d"] {
            let merged = value_of(&out, field);
            let bv = value_of(&base, field);
            for side in ["local", "remote"] {
                let sv = value_of(&request[side], field);
                if sv == bv {
                    continue;
                }
                let kept = merged == sv
                    || conflicts.iter().any(|c| c["field"] == field && c[side]["value"] == sv && c["needs_user"] == true);
                prop_assert!(kept, "{side} edit of {field} lost: {out}");
            }
            // A conflict never overwrites: the merged record keeps base until the user decides.
            if conflicts.iter().any(|c| c["field"] == field) {
                prop_assert_eq!(&merged, &bv);
            }
        }
        let notes = out["collections"]["visit_notes"].as_array().unwrap();
        for side in [&base, &local, &remote] {
            for item in side["collections"]["visit_notes"].as_array().unwrap() {
                prop_assert!(notes.contains(item), "note {item} lost");
            }
        }
        prop_assert_eq!(&out["needs_user"], &json!(!conflicts.is_empty()));
    }

    #[test]
    fn merging_a_record_with_itself_changes_nothing(x in version()) {
        let engine = Engine::default();
        let out = call(&engine, "merge_offline",
            &json!({"record_id": "C-1", "base": x, "local": x, "remote": x}));
        let expected: serde_json::Map<String, Value> = x["fields"].as_object().unwrap().iter()
            .filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect();
        prop_assert_eq!(&out["fields"], &Value::Object(expected));
        prop_assert!(out["changes"].as_array().unwrap().is_empty());
        prop_assert!(out["conflicts"].as_array().unwrap().is_empty());
        let mut notes: Vec<String> = x["collections"]["visit_notes"].as_array().unwrap()
            .iter().map(Value::to_string).collect();
        notes.sort();
        notes.dedup();
        let merged: Vec<String> = out["collections"]["visit_notes"].as_array().unwrap()
            .iter().map(Value::to_string).collect();
        prop_assert_eq!(merged, notes);
    }

    #[test]
    fn merge_is_symmetric_in_its_sides(base in version(), local in version(), remote in version()) {
        let engine = Engine::default();
        let ab = call(&engine, "merge_offline",
            &json!({"record_id": "C-1", "base": base, "local": local, "remote": remote}));
        let ba = call(&engine, "merge_offline",
            &json!({"record_id": "C-1", "base": base, "local": remote, "remote": local}));
        prop_assert_eq!(&ab["fields"], &ba["fields"]);
        prop_assert_eq!(&ab["collections"], &ba["collections"]);
        prop_assert_eq!(ab["conflicts"].as_array().unwrap().len(), ba["conflicts"].as_array().unwrap().len());
    }
}

// ---------------------------------------------------------------- churn

fn signal_values() -> impl Strategy<Value = BTreeMap<String, Decimal>> {
    let names = Engine::default()
        .policy()
        .churn
        .signals
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    prop::collection::vec(prop::option::of(-2000i64..20000), names.len()).prop_map(move |vals| {
        names
            .iter()
            .zip(vals)
            .filter_map(|(n, v)| v.map(|v| (n.clone(), Decimal::new(v, 2))))
            .collect()
    })
}

fn score(engine: &Engine, signals: BTreeMap<String, Decimal>) -> Decimal {
    let r = engine
        .churn_risk(&ChurnRiskRequest {
            customers: vec![ChurnCustomer {
                id: "C".into(),
                signals,
            }],
            limit: None,
        })
        .unwrap();
    r.customers[0].score
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn churn_score_is_monotone_in_every_signal(
        signals in signal_values(),
        pick in any::<prop::sample::Index>(),
        raise in 0i64..5000,
    ) {
        let engine = Engine::default();
        let specs = &engine.policy().churn.signals;
        let names: Vec<&String> = specs.keys().collect();
        let name = names[pick.index(names.len())].clone();
        let before = score(&engine, signals.clone());
        prop_assert!(before >= Decimal::ZERO && before <= Decimal::ONE);
        let mut higher = signals.clone();
        let base = higher.get(&name).copied().unwrap_or_else(|| match specs[&name].direction {
            // a missing signal counts as no risk: the no-risk end of its range
            Direction::Rising => specs[&name].low,
            Direction::Falling => specs[&name].high,
        });
        higher.insert(name.clone(), base + Decimal::new(raise, 2));
        let after = score(&engine, higher);
        match specs[&name].direction {
            Direction::Rising if signals.contains_key(&name) => prop_assert!(after >= before, "{name}: {before} -> {after}"),
            Direction::Falling if signals.contains_key(&name) => prop_assert!(after <= before, "{name}: {before} -> {after}"),
            Direction::Rising => prop_assert!(after >= before),
            Direction::Falling => prop_assert_eq!(after, before),
        }
    }
}

// ---------------------------------------------------------------- cache plan

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn cache_plan_accounts_for_every_byte(
        customers in prop::collection::vec(
            (0usize..6, 0u64..100_000, prop::collection::vec(0u64..3_000_000, 0..4)), 0..80),
    ) {
        let engine = Engine::default();
        let list: Vec<Value> = customers.iter().enumerate().map(|(i, (n, rec, atts))| json!({
            "id": format!("C-{i:03}"),
            "record_bytes": rec,
            "accesses": (0..*n).map(|k| format!("2026-03-{:02}T10:00:00+08:00", 10 + k)).collect::<Vec<_>>(),
            "attachments": atts.iter().enumerate().map(|(j, b)| json!({"id": format!("a{j}"), "bytes": b})).collect::<Vec<_>>(),
        })).collect();
        let out = call(&engine, "cache_plan", &json!({"as_of": "2026-03-31T18:00:00+08:00", "customers": list}));
        let cached = out["cached"].as_array().unwrap();
        prop_assert!(cached.len() <= 50);
        prop_assert_eq!(cached.len() + out["not_cached"].as_array().unwrap().len(), customers.len());
        let active = customers.iter().filter(|c| c.0 > 0).count();
        prop_assert_eq!(cached.len(), active.min(50));
        let mut total = 0u64;
        let mut previous = u64::MAX;
        for c in cached {
            let i: usize = c["customer_id"].as_str().unwrap()[2..].parse().unwrap();
            let (n, rec, atts) = &customers[i];
            prop_assert_eq!(c["accesses"].as_u64().unwrap(), *n as u64);
            prop_assert!(c["accesses"].as_u64().unwrap() <= previous);
            previous = c["accesses"].as_u64().unwrap();
            let small: u64 = atts.iter().filter(|b| **b <= 1_048_576).sum();
            let large: u64 = atts.iter().filter(|b| **b > 1_048_576).sum();
            prop_assert_eq!(c["storage_bytes"].as_u64().unwrap(), rec + small);
            prop_assert_eq!(c["on_demand_bytes"].as_u64().unwrap(), large);
            total += rec + small;
        }
        prop_assert_eq!(out["total_storage_bytes"].as_u64().unwrap(), total);
    }
}

// ---------------------------------------------------------------- robustness

fn longest_ascii_digit_run(s: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-z0-9:+\\-TZ. @X]{0,24}".prop_map(Value::from),
        Just(json!("2026-03-02T09:00:00+08:00")),
        Just(json!(
            "sha256:0000000000000000000000000000000000000000000000000000000000000000"
        )),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("fields".to_string()),
                    Just("context".to_string()),
                    Just("network".to_string()),
                    Just("chain".to_string()),
                    Just("entry".to_string()),
                    Just("head".to_string()),
                    Just("seq".to_string()),
                    Just("hash".to_string()),
                    Just("at".to_string()),
                    Just("base".to_string()),
                    Just("local".to_string()),
                    Just("remote".to_string()),
                    Just("record_id".to_string()),
                    Just("customers".to_string()),
                    Just("id".to_string()),
                    Just("signals".to_string()),
                    Just("complaints".to_string()),
                    Just("accounts".to_string()),
                    Just("as_of".to_string()),
                    Just("record_bytes".to_string()),
                    Just("owner".to_string()),
                    Just("customer_id".to_string()),
                    Just("actor".to_string()),
                    Just("action".to_string()),
                ],
                inner,
                0..5,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn masking_any_text_keeps_its_length_and_leaves_no_long_digit_run(
        text in prop::collection::vec(prop_oneof![
            prop::char::range('0', '9'), Just(' '), Just('-'), Just('@'), Just('.'), Just('X'),
            prop::char::range('a', 'e'), prop::char::range('０', '９'), Just('号'),
        ], 0..60).prop_map(|v| v.into_iter().collect::<String>()),
    ) {
        let engine = Engine::default();
        let out = call(&engine, "mask_record", &json!({"fields": {"notes": text}, "context": {"network": "public"}}));
        let masked = out["fields"]["notes"].as_str().unwrap();
        prop_assert_eq!(masked.chars().count(), text.chars().count());
        prop_assert!(longest_ascii_digit_run(masked) < 7, "{text:?} -> {masked:?}");
        for m in out["masked"].as_array().unwrap() {
            prop_assert!(m["start"].as_u64().unwrap() < m["end"].as_u64().unwrap());
        }
    }

    #[test]
    fn governance_operations_never_panic_on_any_json(
        op in prop_oneof![Just("mask_record"), Just("audit_append"), Just("audit_verify"),
            Just("merge_offline"), Just("cache_plan"), Just("churn_risk"), Just("service_events")],
        request in any_json(),
    ) {
        let engine = Engine::default();
        match engine.call(op, &request.to_string()) {
            Ok(text) => prop_assert!(serde_json::from_str::<Value>(&text).is_ok()),
            Err(e) => prop_assert!(!e.code().is_empty()),
        }
    }
}
