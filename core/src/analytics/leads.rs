//! `match_leads`: from a rep's recently won customers, the similarity of each unassigned lead
//! to their profile; leads scoring above `analytics.recommend_above` (85 %) are recommended,
//! with the matching features (SPEC 2G).
//!
//! Per policy feature (`analytics.lead_features`):
//! - categorical: the share of the won customers (those that have the feature) with the
//!   lead's value;
//! - numeric: `max(0, 1 − |lead − mean of the won| / scale)`.
//!
//! A feature the lead lacks, or that no won customer has, scores 0. The lead's score is the
//! weighted mean of the feature similarities, so it lies in `[0, 1]` and depends only on the
//! lead's features (identical leads score identically; ids and order never matter). A feature
//! *matches* when its similarity is at least `analytics.feature_match_at`.

use super::money::ratio;
use super::policy::{FeatureKind, FeatureSpec};
use crate::engine::Engine;
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// A customer or lead: an id and feature values (strings, or numbers for numeric features).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profiled {
    /// Id.
    pub id: String,
    /// Feature values by name (keys of the policy's `analytics.lead_features`).
    #[serde(default)]
    pub features: BTreeMap<String, serde_json::Value>,
}

/// Request of `match_leads`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchLeadsRequest {
    /// The rep.
    pub rep: String,
    /// The rep's recently won customers (at least one).
    pub won: Vec<Profiled>,
    /// The unassigned leads.
    pub leads: Vec<Profiled>,
}

/// One feature of a lead's match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureMatch {
    /// Feature name.
    pub feature: String,
    /// The lead's value, null when missing.
    pub value: Option<String>,
    /// Similarity to the profile, 4 places.
    pub similarity: Decimal,
    /// Policy weight.
    pub weight: Decimal,
}

/// One scored lead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadMatch {
    /// Lead id.
    pub id: String,
    /// Weighted similarity in `[0, 1]`, 4 places.
    pub score: Decimal,
    /// Score strictly above `recommend_above`.
    pub recommended: bool,
    /// Features with similarity at least `feature_match_at`, by name.
    pub matching_features: Vec<String>,
    /// Every policy feature, by name.
    pub features: Vec<FeatureMatch>,
}

/// The won customers' profile of one feature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileFeature {
    /// Feature name.
    pub feature: String,
    /// Won customers with the feature.
    pub customers: usize,
    /// Categorical: value → customers, by value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<BTreeMap<String, usize>>,
    /// Numeric: the mean, 4 places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<Decimal>,
}

/// Response of `match_leads`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchLeadsResponse {
    /// The rep.
    pub rep: String,
    /// Won customers read.
    pub won: usize,
    /// The threshold.
    pub recommend_above: Decimal,
    /// The profile, by feature.
    pub profile: Vec<ProfileFeature>,
    /// Leads by score descending, then id.
    pub leads: Vec<LeadMatch>,
    /// Recommended lead ids, in the order of `leads`.
    pub recommended: Vec<String>,
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
}

enum Value {
    Text(String),
    Number(Decimal),
}

fn read(path: &str, spec: &FeatureSpec, v: &serde_json::Value) -> Result<Option<Value>> {
    match (spec.kind, v) {
        (_, serde_json::Value::Null) => Ok(None),
        (FeatureKind::Categorical, serde_json::Value::String(s)) => {
            Ok(Some(Value::Text(s.clone())))
        }
        (FeatureKind::Categorical, serde_json::Value::Number(n)) => {
            Ok(Some(Value::Text(n.to_string())))
        }
        (FeatureKind::Categorical, serde_json::Value::Bool(b)) => {
            Ok(Some(Value::Text(b.to_string())))
        }
        (FeatureKind::Numeric, serde_json::Value::String(s)) => Decimal::from_str(s.trim())
            .map(|d| Some(Value::Number(d)))
            .map_err(|_| {
                Error::invalid_request(
                    path,
                    format!("expected a number for this numeric feature, got {s:?}"),
                )
            }),
        (FeatureKind::Numeric, serde_json::Value::Number(n)) => Decimal::from_str(&n.to_string())
            .or_else(|_| Decimal::from_scientific(&n.to_string()))
            .map(|d| Some(Value::Number(d)))
            .map_err(|_| Error::invalid_request(path, format!("number {n} is out of range"))),
        (kind, other) => Err(Error::invalid_request(
            path,
            format!(
                "expected {} for this {} feature, got {other}",
                if kind == FeatureKind::Numeric {
                    "a number"
                } else {
                    "a string"
                },
                if kind == FeatureKind::Numeric {
                    "numeric"
                } else {
                    "categorical"
                },
            ),
        )),
    }
}

type Table = Vec<BTreeMap<String, Value>>;

fn table(engine: &Engine, items: &[Profiled], which: &str) -> Result<Table> {
    let specs = &engine.policy().analytics.lead_features;
    let mut ids = BTreeSet::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, p) in items.iter().enumerate() {
        if p.id.trim().is_empty() || !ids.insert(p.id.as_str()) {
            return Err(Error::invalid_request(
                format!("{which}[{i}].id"),
                format!("expected a unique, non-empty id, got {:?}", p.id),
            ));
        }
        let mut row = BTreeMap::new();
        for (name, v) in &p.features {
            let path = format!("{which}[{i}].features.{name}");
            let spec = specs.get(name).ok_or_else(|| {
                Error::invalid_request(
                    &path,
                    format!(
                        "unknown feature {name:?}; the policy's analytics.lead_features are {}",
                        specs.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                )
            })?;
            if let Some(v) = read(&path, spec, v)? {
                row.insert(name.clone(), v);
            }
        }
        out.push(row);
    }
    Ok(out)
}

/// Serve `match_leads`. Called by [`Engine::match_leads`].
pub(crate) fn match_leads(engine: &Engine, req: &MatchLeadsRequest) -> Result<MatchLeadsResponse> {
    let policy = &engine.policy().analytics;
    if req.rep.trim().is_empty() {
        return Err(Error::invalid_request("rep", "must not be empty"));
    }
    if req.won.is_empty() {
        return Err(Error::invalid_request(
            "won",
            "expected at least one won customer to build the profile from, got none",
        ));
    }
    let won = table(engine, &req.won, "won")?;
    let leads = table(engine, &req.leads, "leads")?;
    // The profile.
    let mut profile = Vec::new();
    let mut cats: BTreeMap<&str, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
    let mut means: BTreeMap<&str, Option<Decimal>> = BTreeMap::new();
    for (name, spec) in &policy.lead_features {
        let present: Vec<&Value> = won.iter().filter_map(|r| r.get(name)).collect();
        match spec.kind {
            FeatureKind::Categorical => {
                let mut counts = BTreeMap::new();
                for v in &present {
                    if let Value::Text(t) = v {
                        *counts.entry(t.clone()).or_insert(0usize) += 1;
                    }
                }
                profile.push(ProfileFeature {
                    feature: name.clone(),
                    customers: present.len(),
                    values: Some(counts.clone()),
                    mean: None,
                });
                cats.insert(name, (present.len(), counts));
            }
            FeatureKind::Numeric => {
                let nums: Vec<Decimal> = present
                    .iter()
                    .filter_map(|v| match v {
                        Value::Number(d) => Some(*d),
                        Value::Text(_) => None,
                    })
                    .collect();
                let mean = if nums.is_empty() {
                    None
                } else {
                    let sum = nums
                        .iter()
                        .try_fold(Decimal::ZERO, |s, d| s.checked_add(*d))
                        .ok_or_else(|| {
                            Error::invalid_request("won", "numeric features too large to average")
                        })?;
                    sum.checked_div(Decimal::from(nums.len()))
                };
                profile.push(ProfileFeature {
                    feature: name.clone(),
                    customers: nums.len(),
                    values: None,
                    mean: mean.map(|m| ratio(m, 4)),
                });
                means.insert(name, mean);
            }
        }
    }
    let total_weight: Decimal = policy.lead_features.values().map(|f| f.weight).sum();
    let mut out = Vec::with_capacity(leads.len());
    for (p, row) in req.leads.iter().zip(&leads) {
        let mut weighted = Decimal::ZERO;
        let mut features = Vec::new();
        let mut matching = Vec::new();
        for (name, spec) in &policy.lead_features {
            let v = row.get(name);
            let sim = match (v, spec.kind) {
                (Some(Value::Text(t)), FeatureKind::Categorical) => match cats.get(name.as_str()) {
                    Some((n, counts)) if *n > 0 => {
                        Decimal::from(counts.get(t).copied().unwrap_or(0))
                            .checked_div(Decimal::from(*n))
                            .unwrap_or(Decimal::ZERO)
                    }
                    _ => Decimal::ZERO,
                },
                (Some(Value::Number(x)), FeatureKind::Numeric) => {
                    match (means.get(name.as_str()).copied().flatten(), spec.scale) {
                        (Some(mean), Some(scale)) => {
                            let d = x.checked_sub(mean).map(|d| d.abs()).unwrap_or(Decimal::MAX);
                            (Decimal::ONE
                                - d.checked_div(scale)
                                    .unwrap_or(Decimal::ONE)
                                    .min(Decimal::ONE))
                            .max(Decimal::ZERO)
                        }
                        _ => Decimal::ZERO,
                    }
                }
                _ => Decimal::ZERO,
            };
            weighted += spec.weight * sim;
            if sim >= policy.feature_match_at && sim > Decimal::ZERO {
                matching.push(name.clone());
            }
            features.push(FeatureMatch {
                feature: name.clone(),
                value: v.map(|v| match v {
                    Value::Text(t) => t.clone(),
                    Value::Number(d) => d.to_string(),
                }),
                similarity: ratio(sim, 4),
                weight: spec.weight,
            });
        }
        let score = if total_weight > Decimal::ZERO {
            weighted
                .checked_div(total_weight)
                .unwrap_or(Decimal::ZERO)
                .clamp(Decimal::ZERO, Decimal::ONE)
        } else {
            Decimal::ZERO
        };
        out.push((
            score,
            LeadMatch {
                id: p.id.clone(),
                score: ratio(score, 4),
                recommended: score > policy.recommend_above,
                matching_features: matching,
                features,
            },
        ));
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let leads: Vec<LeadMatch> = out.into_iter().map(|x| x.1).collect();
    let recommended = leads
        .iter()
        .filter(|l| l.recommended)
        .map(|l| l.id.clone())
        .collect();
    Ok(MatchLeadsResponse {
        rep: req.rep.clone(),
        won: req.won.len(),
        recommend_above: policy.recommend_above,
        profile,
        leads,
        recommended,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}
