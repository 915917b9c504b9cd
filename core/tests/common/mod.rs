//! Generators shared by the property and differential tests.
#![allow(dead_code)]

use proptest::prelude::*;
use serde_json::{json, Value};

pub const REPS: [&str; 5] = salesrules::fairness::REPS;
/// The default policy's roles and touch kinds, in policy order (tests index them by position).
pub const ROLES: [&str; 8] = salesrules::policy::DEFAULT_ROLES;
pub const KINDS: [&str; 8] = salesrules::policy::DEFAULT_TOUCH_KINDS;
/// Deal amounts in minor units, from 1 to 9,999,999,999,999,999 (the toolkit's strategy).
#[allow(unused_imports)] // not every test file that shares this module uses it
pub use salesrules::fairness::strategies::amount_minor;
pub const MODELS: [&str; 7] = [
    "role_weighted",
    "first_touch",
    "last_touch",
    "linear",
    "time_decay",
    "u_shaped",
    "w_shaped",
];
/// 2026-03-31T18:00:00+08:00
pub const CLOSE_UNIX: i64 = 1_774_951_200;

pub fn rfc3339(unix: i64) -> String {
    let dt = jiff::tz::offset(8).to_datetime(jiff::Timestamp::from_second(unix).unwrap());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+08:00",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

#[derive(Debug, Clone)]
pub struct GenTouch {
    pub rep: usize,
    pub contact: usize,
    pub kind: usize,
    /// Seconds before close (negative: after close).
    pub before_close: i64,
    pub opportunity: bool,
}

#[derive(Debug, Clone)]
pub struct GenDeal {
    pub amount_minor: u128,
    pub currency: &'static str,
    pub roles: Vec<usize>,
    pub touches: Vec<GenTouch>,
    /// Handovers: (from rep, to rep, seconds before close; negative: after close).
    pub handovers: Vec<(usize, usize, i64)>,
}

/// Deals from the fairness toolkit's exported strategies for the default policy
/// (`salesrules::fairness::strategies::deal`), in the index form these tests use.
pub fn deal() -> impl Strategy<Value = GenDeal> {
    salesrules::fairness::strategies::deal(&salesrules::Policy::default()).prop_map(|c| GenDeal {
        amount_minor: c.amount_minor,
        currency: c.currency().0,
        roles: c.contacts.clone(),
        touches: c
            .touches
            .iter()
            .map(|t| GenTouch {
                rep: t.rep,
                contact: t.contact,
                kind: t.kind,
                before_close: t.before_close,
                opportunity: t.opportunity,
            })
            .collect(),
        handovers: c
            .handovers
            .iter()
            .map(|h| (h.from, h.to, h.before_close))
            .collect(),
    })
}

pub fn minor_units(currency: &str) -> u32 {
    match currency {
        "JPY" => 0,
        "KWD" => 3,
        _ => 2,
    }
}

pub fn format_minor(m: u128, units: u32) -> String {
    salesrules::money::format_minor(m, units)
}

impl GenDeal {
    pub fn request(&self, model: &str) -> Value {
        let contacts: Vec<Value> = self
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| json!({"id": format!("P{i}"), "role": ROLES[*r]}))
            .collect();
        let touches: Vec<Value> = self
            .touches
            .iter()
            .map(|t| {
                let mut v = json!({
                    "rep": REPS[t.rep], "contact": format!("P{}", t.contact), "kind": KINDS[t.kind],
                    "at": rfc3339(CLOSE_UNIX - t.before_close)
                });
                if t.opportunity {
                    v["stage"] = json!("opportunity");
                }
                v
            })
            .collect();
        json!({
            "deal": {"id": "D-1", "amount": format_minor(self.amount_minor, minor_units(self.currency)),
                     "currency": self.currency, "closed_at": rfc3339(CLOSE_UNIX)},
            "contacts": contacts, "touches": touches, "model": model,
            "handovers": self.handovers.iter().map(|(f, t, d)| json!({
                "from": REPS[*f], "to": REPS[*t], "at": rfc3339(CLOSE_UNIX - d), "evidence": "minutes-1"
            })).collect::<Vec<_>>(),
        })
    }
}

/// Minor units of a money string.
pub fn minor_of(s: &str) -> u128 {
    s.replace('.', "").parse().unwrap()
}

/// Rep ids with minor units.
pub type RepAmounts = Vec<(String, u128)>;

/// (rep → minor units) of credits, locked and unassigned of a response.
pub fn parts(resp: &Value) -> (RepAmounts, RepAmounts, u128) {
    let list = |key: &str| {
        resp[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["rep"].as_str().unwrap().to_string(),
                    minor_of(c["amount"].as_str().unwrap()),
                )
            })
            .collect::<Vec<_>>()
    };
    (
        list("credits"),
        list("locked"),
        minor_of(resp["unassigned"]["amount"].as_str().unwrap()),
    )
}

/// Every `*.json` file below `dir` (the golden cases), recursively.
pub fn json_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

/// The golden folder at the repository root.
pub fn golden_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden")
}
