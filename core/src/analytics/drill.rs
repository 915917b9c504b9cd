//! `drill_down`: three-level aggregation (strategic → tactical → detail) of supplied facts, in
//! after-tax gross margin by default (SPEC 2G).
//!
//! Every fact's figure is rounded to the currency's minor unit first, and every node's value
//! is the exact sum of its facts' figures, so children always add up to their parent and the
//! strategic nodes to the total.

use super::money::{currency_units, figure, ratio, MoneyFigure};
use super::policy::MoneyBasis;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::money::Amount;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One fact: a money figure with its dimension values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Fact id (e.g. the deal id), unique in the request.
    pub id: String,
    /// Dimension values, e.g. `{"region": "east", "team": "sh-1", "rep": "alice"}`.
    pub dims: BTreeMap<String, String>,
    /// Contract value including VAT, a decimal string.
    pub contract_value: Amount,
    /// Cost including VAT (needed for the after-tax gross margin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Amount>,
}

/// Request of `drill_down`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrillDownRequest {
    /// Currency of every amount.
    pub currency: String,
    /// The dimensions of the levels, strategic first: one to three names, e.g.
    /// `["region", "team", "rep"]`.
    pub levels: Vec<String>,
    /// Money basis; the policy's (after-tax gross margin) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<MoneyBasis>,
    /// The facts.
    pub facts: Vec<Fact>,
}

/// One node of the drill-down tree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrillNode {
    /// `strategic`, `tactical` or `detail`.
    pub level: String,
    /// The dimension of this level.
    pub dimension: String,
    /// The dimension value.
    pub key: String,
    /// Sum of the facts' figures, in the currency's minor unit.
    pub value: Decimal,
    /// Facts below this node.
    pub facts: usize,
    /// `value / parent value`, 4 places; null when the parent's value is not positive.
    pub share_of_parent: Option<Decimal>,
    /// The next level, by value descending then key (empty at the last level).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<DrillNode>,
    /// The ids of the facts (last level only), sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fact_ids: Vec<String>,
}

/// Response of `drill_down`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrillDownResponse {
    /// The basis used.
    pub basis: MoneyBasis,
    /// Currency.
    pub currency: String,
    /// Sum over all facts.
    pub total: Decimal,
    /// Facts read.
    pub facts: usize,
    /// The strategic nodes, by value descending then key.
    pub nodes: Vec<DrillNode>,
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
}

/// A fact as aggregated: its level keys, its figure, its id.
type Row<'a> = (Vec<&'a str>, Decimal, &'a str);

const LEVEL_NAMES: [&str; 3] = ["strategic", "tactical", "detail"];

fn build(rows: &[Row<'_>], levels: &[String], depth: usize, parent: Decimal) -> Vec<DrillNode> {
    let mut groups: BTreeMap<&str, Vec<Row<'_>>> = BTreeMap::new();
    for r in rows {
        if let Some(k) = r.0.get(depth) {
            groups.entry(k).or_default().push(r.clone());
        }
    }
    let last = depth + 1 >= levels.len();
    let mut nodes: Vec<DrillNode> = groups
        .into_iter()
        .map(|(key, rows)| {
            let value: Decimal = rows.iter().map(|r| r.1).sum();
            let share_of_parent = (parent > Decimal::ZERO)
                .then(|| value.checked_div(parent).map(|q| ratio(q, 4)))
                .flatten();
            let mut fact_ids: Vec<String> = if last {
                rows.iter().map(|r| r.2.to_string()).collect()
            } else {
                Vec::new()
            };
            fact_ids.sort();
            DrillNode {
                level: LEVEL_NAMES
                    .get(depth)
                    .copied()
                    .unwrap_or("detail")
                    .to_string(),
                dimension: levels.get(depth).cloned().unwrap_or_default(),
                key: key.to_string(),
                value,
                facts: rows.len(),
                share_of_parent,
                children: if last {
                    Vec::new()
                } else {
                    build(&rows, levels, depth + 1, value)
                },
                fact_ids,
            }
        })
        .collect();
    nodes.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.key.cmp(&b.key)));
    nodes
}

/// Serve `drill_down`. Called by [`Engine::drill_down`].
pub(crate) fn drill_down(engine: &Engine, req: &DrillDownRequest) -> Result<DrillDownResponse> {
    let policy = engine.policy();
    let units = currency_units(policy, "currency", &req.currency)?;
    if req.levels.is_empty() || req.levels.len() > 3 {
        return Err(Error::invalid_request(
            "levels",
            format!(
                "expected one to three dimension names (strategic, tactical, detail), got {}",
                req.levels.len()
            ),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, l) in req.levels.iter().enumerate() {
        if l.trim().is_empty() || !seen.insert(l.as_str()) {
            return Err(Error::invalid_request(
                format!("levels[{i}]"),
                format!("expected a non-empty dimension name used once, got {l:?}"),
            ));
        }
    }
    let basis = req.basis.unwrap_or(policy.analytics.money.basis);
    let mut ids = BTreeSet::new();
    let mut rows = Vec::with_capacity(req.facts.len());
    for (i, f) in req.facts.iter().enumerate() {
        if f.id.trim().is_empty() || !ids.insert(f.id.as_str()) {
            return Err(Error::invalid_request(
                format!("facts[{i}].id"),
                format!("expected a unique, non-empty fact id, got {:?}", f.id),
            ));
        }
        let mut keys = Vec::with_capacity(req.levels.len());
        for l in &req.levels {
            let v = f.dims.get(l).ok_or_else(|| {
                Error::invalid_request(
                    format!("facts[{i}].dims.{l}"),
                    format!(
                        "missing: every fact needs a value for each level ({})",
                        req.levels.join(", ")
                    ),
                )
            })?;
            keys.push(v.as_str());
        }
        let money = MoneyFigure {
            contract_value: f.contract_value,
            cost: f.cost,
        };
        let v = figure(
            &money,
            basis,
            &policy.analytics.money,
            units,
            &format!("facts[{i}]"),
        )?;
        rows.push((keys, v, f.id.as_str()));
    }
    let total: Decimal = rows.iter().map(|r| r.1).sum();
    let mut total = total;
    total.rescale(units);
    Ok(DrillDownResponse {
        basis,
        currency: req.currency.clone(),
        total,
        facts: rows.len(),
        nodes: build(&rows, &req.levels, 0, total),
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}
