//! `compare_periods`: two periods' field aggregates → the fields with the largest change
//! (policy `top_changes`, default 5), with direction and size, and plausible explanations when
//! two of them move together (SPEC 2G).
//!
//! Fields have different units, so they are ranked by the **symmetric relative change**
//! `2·(current − previous) / (|previous| + |current|)` (between −2 and 2; 0 when both are 0),
//! then by the absolute change, then by name. The measure is antisymmetric: swapping the
//! periods selects the same fields in the same order with every change negated and every
//! direction flipped. `relative_change` (against the previous value, null when it is 0) is
//! shown for people but is not antisymmetric, so it does not rank.
//!
//! Money fields (`money`) are converted to the policy's money basis, after-tax gross margin by
//! default, before they are compared.

use super::money::{currency_units, figure, ratio, MoneyFigure};
use super::policy::{MoneyBasis, PairRelation};
use crate::engine::Engine;
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One period's aggregates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// A label such as `2026-Q1`.
    pub label: String,
    /// Plain aggregates by field name (decimal strings or numbers).
    #[serde(default)]
    pub fields: BTreeMap<String, Decimal>,
    /// Money aggregates by field name, converted to the money basis.
    #[serde(default)]
    pub money: BTreeMap<String, MoneyFigure>,
}

/// Request of `compare_periods`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparePeriodsRequest {
    /// The earlier period.
    pub previous: Period,
    /// The later period.
    pub current: Period,
    /// Currency of the money fields (required when there are any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Money basis; the policy's (after-tax gross margin) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<MoneyBasis>,
}

/// `up`, `down` or `flat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Current above previous.
    Up,
    /// Current below previous.
    Down,
    /// Unchanged.
    Flat,
}

/// One field's change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Field name.
    pub field: String,
    /// Whether it is a money field (shown on the money basis).
    pub money: bool,
    /// Previous value.
    pub previous: Decimal,
    /// Current value.
    pub current: Decimal,
    /// `current − previous`.
    pub change: Decimal,
    /// Direction.
    pub direction: Direction,
    /// `change / |previous|`, 4 places; null when previous is 0.
    pub relative_change: Option<Decimal>,
    /// `2·change / (|previous| + |current|)`, 4 places: the ranking measure.
    pub symmetric_change: Decimal,
}

/// Two top fields moving together, with a plausible explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairNote {
    /// The two fields.
    pub fields: [String; 2],
    /// `same` or `opposite` directions.
    pub relation: String,
    /// `policy` (a known explanation) or `co_movement` (same direction, similar size).
    pub source: String,
    /// The explanation.
    pub explanation: String,
}

/// Response of `compare_periods`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparePeriodsResponse {
    /// Label of the previous period.
    pub previous_label: String,
    /// Label of the current period.
    pub current_label: String,
    /// Money basis of the money fields.
    pub basis: MoneyBasis,
    /// The fields with the largest change, largest first (unchanged fields never appear).
    pub top: Vec<FieldChange>,
    /// Explanations of pairs of top fields moving together.
    pub pairs: Vec<PairNote>,
    /// Fields present in both periods.
    pub fields_compared: usize,
    /// Fields only in the previous period (not compared).
    pub only_in_previous: Vec<String>,
    /// Fields only in the current period (not compared).
    pub only_in_current: Vec<String>,
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
}

fn values(
    engine: &Engine,
    p: &Period,
    which: &str,
    basis: MoneyBasis,
    units: Option<u32>,
) -> Result<BTreeMap<String, (Decimal, bool)>> {
    let mut out: BTreeMap<String, (Decimal, bool)> = p
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), (*v, false)))
        .collect();
    for (k, m) in &p.money {
        let path = format!("{which}.money.{k}");
        if out.contains_key(k) {
            return Err(Error::invalid_request(
                path,
                "the field is also in fields; give each field once",
            ));
        }
        let units = units.ok_or_else(|| {
            Error::invalid_request(
                "currency",
                "money fields need the request's currency, e.g. \"CNY\"",
            )
        })?;
        let v = figure(m, basis, &engine.policy().analytics.money, units, &path)?;
        out.insert(k.clone(), (v, true));
    }
    Ok(out)
}

/// Serve `compare_periods`. Called by [`Engine::compare_periods`].
pub(crate) fn compare_periods(
    engine: &Engine,
    req: &ComparePeriodsRequest,
) -> Result<ComparePeriodsResponse> {
    let policy = &engine.policy().analytics;
    let units = match &req.currency {
        Some(c) => Some(currency_units(engine.policy(), "currency", c)?),
        None => None,
    };
    let basis = req.basis.unwrap_or(policy.money.basis);
    let prev = values(engine, &req.previous, "previous", basis, units)?;
    let cur = values(engine, &req.current, "current", basis, units)?;
    let two = Decimal::TWO;
    let mut changes = Vec::new();
    for (field, (p, money)) in &prev {
        let Some((c, money_c)) = cur.get(field) else {
            continue;
        };
        if money != money_c {
            return Err(Error::invalid_request(
                format!("current.{}.{field}", if *money { "fields" } else { "money" }),
                "the field is money in one period and plain in the other; give it the same way in both",
            ));
        }
        let change = c - p;
        let base = p.abs() + c.abs();
        // Exact ranking key: |change| and base are the same when the periods are swapped.
        let key = if base.is_zero() {
            Decimal::ZERO
        } else {
            (two * change.abs())
                .checked_div(base)
                .unwrap_or(Decimal::TWO)
        };
        let sym = if change.is_sign_negative() { -key } else { key };
        changes.push((
            key,
            FieldChange {
                field: field.clone(),
                money: *money,
                previous: *p,
                current: *c,
                change,
                direction: match change.cmp(&Decimal::ZERO) {
                    std::cmp::Ordering::Greater => Direction::Up,
                    std::cmp::Ordering::Less => Direction::Down,
                    std::cmp::Ordering::Equal => Direction::Flat,
                },
                relative_change: (!p.is_zero())
                    .then(|| change.checked_div(p.abs()).map(|q| ratio(q, 4)))
                    .flatten(),
                symmetric_change: ratio(sym, 4),
            },
        ));
    }
    let fields_compared = changes.len();
    changes.retain(|(_, c)| !c.change.is_zero());
    changes.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| b.1.change.abs().cmp(&a.1.change.abs()))
            .then_with(|| a.1.field.cmp(&b.1.field))
    });
    changes.truncate(policy.top_changes);
    let top: Vec<FieldChange> = changes.iter().map(|(_, c)| c.clone()).collect();
    let mut pairs = Vec::new();
    for (i, (ka, a)) in changes.iter().enumerate() {
        for (kb, b) in changes.iter().skip(i + 1) {
            let same = a.direction == b.direction;
            let known = policy.pair_explanations.iter().find(|p| {
                let f = &p.fields;
                let matches =
                    (f[0] == a.field && f[1] == b.field) || (f[0] == b.field && f[1] == a.field);
                matches && (p.relation == PairRelation::Same) == same
            });
            if let Some(p) = known {
                pairs.push(PairNote {
                    fields: p.fields.clone(),
                    relation: if same { "same" } else { "opposite" }.into(),
                    source: "policy".into(),
                    explanation: p.explanation.clone(),
                });
            } else if same {
                let (hi, lo) = if ka >= kb { (ka, kb) } else { (kb, ka) };
                if *hi <= *lo * policy.co_movement_ratio {
                    pairs.push(PairNote {
                        fields: [a.field.clone(), b.field.clone()],
                        relation: "same".into(),
                        source: "co_movement".into(),
                        explanation: format!(
                            "{} and {} both {} by a similar relative amount ({} and {}): they may share a driver",
                            a.field,
                            b.field,
                            if a.direction == Direction::Up { "rose" } else { "fell" },
                            ratio(*ka, 4),
                            ratio(*kb, 4)
                        ),
                    });
                }
            }
        }
    }
    let only = |x: &BTreeMap<String, (Decimal, bool)>, y: &BTreeMap<String, (Decimal, bool)>| {
        x.keys()
            .filter(|k| !y.contains_key(*k))
            .cloned()
            .collect::<Vec<_>>()
    };
    Ok(ComparePeriodsResponse {
        previous_label: req.previous.label.clone(),
        current_label: req.current.label.clone(),
        basis,
        top,
        pairs,
        fields_compared,
        only_in_previous: only(&prev, &cur),
        only_in_current: only(&cur, &prev),
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}
