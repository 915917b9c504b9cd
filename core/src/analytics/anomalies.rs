//! `detect_anomalies`: metrics against the policy's thresholds (default: renewal rate below
//! 75 %), each alert with a root-cause card ranking the supplied signals by contribution
//! (SPEC 2G).
//!
//! A signal's score is `weight × max(0, value) / scale` (policy `analytics.signals`): the scale
//! is the value that counts as one unit of concern, so signals in different units compare. A
//! signal's contribution is its score over the card's total score. Negative values (tickets
//! falling) point to no cause and score 0. Signals rank by score, then by id.

use super::money::ratio;
use super::policy::{Comparison, SignalSpec};
use crate::engine::Engine;
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One metric reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricReading {
    /// Metric id, e.g. `renewal_rate` (a key of the policy's `analytics.thresholds`).
    pub metric: String,
    /// Where it was measured, e.g. a region or team (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The value, e.g. `"0.68"` for 68 %.
    pub value: Decimal,
    /// Root-cause signals by id (keys of the policy's `analytics.signals`).
    #[serde(default)]
    pub signals: BTreeMap<String, Decimal>,
}

/// Request of `detect_anomalies`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectAnomaliesRequest {
    /// The readings.
    pub metrics: Vec<MetricReading>,
}

/// One signal on a root-cause card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cause {
    /// Signal id.
    pub signal: String,
    /// What it means.
    pub description: String,
    /// The supplied value.
    pub value: Decimal,
    /// `weight × max(0, value) / scale`, 4 places.
    pub score: Decimal,
    /// Score over the card's total, 4 places (0 when no signal scores).
    pub contribution: Decimal,
}

/// A metric that crossed its threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// Metric id.
    pub metric: String,
    /// Scope, if given.
    pub scope: Option<String>,
    /// The value.
    pub value: Decimal,
    /// The threshold.
    pub threshold: Decimal,
    /// `below` or `above`.
    pub alert_when: Comparison,
    /// `value − threshold`.
    pub gap: Decimal,
    /// The signals, largest contribution first.
    pub root_cause: Vec<Cause>,
    /// The card in words.
    pub text: String,
}

/// A metric within its threshold, or without one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checked {
    /// Metric id.
    pub metric: String,
    /// Scope, if given.
    pub scope: Option<String>,
    /// The value.
    pub value: Decimal,
    /// The threshold, null when the policy has none for this metric.
    pub threshold: Option<Decimal>,
}

/// Response of `detect_anomalies`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DetectAnomaliesResponse {
    /// Alerts, by metric then scope.
    pub alerts: Vec<Alert>,
    /// Readings within their threshold, by metric then scope.
    pub within: Vec<Checked>,
    /// Readings of metrics without a threshold in the policy (not judged).
    pub unchecked: Vec<Checked>,
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
}

fn card(signals: &BTreeMap<String, Decimal>, specs: &BTreeMap<String, SignalSpec>) -> Vec<Cause> {
    let mut scored: Vec<(Decimal, Cause)> = signals
        .iter()
        .filter_map(|(id, v)| {
            let spec = specs.get(id)?;
            let score = (spec.weight * (*v).max(Decimal::ZERO))
                .checked_div(spec.scale)
                .unwrap_or(Decimal::ZERO);
            Some((
                score,
                Cause {
                    signal: id.clone(),
                    description: spec.description.clone(),
                    value: *v,
                    score: ratio(score, 4),
                    contribution: Decimal::ZERO,
                },
            ))
        })
        .collect();
    let total: Decimal = scored.iter().map(|s| s.0).sum();
    for (score, c) in &mut scored {
        if total > Decimal::ZERO {
            c.contribution = ratio(score.checked_div(total).unwrap_or(Decimal::ZERO), 4);
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.signal.cmp(&b.1.signal)));
    scored.into_iter().map(|s| s.1).collect()
}

/// Serve `detect_anomalies`. Called by [`Engine::detect_anomalies`].
pub(crate) fn detect_anomalies(
    engine: &Engine,
    req: &DetectAnomaliesRequest,
) -> Result<DetectAnomaliesResponse> {
    let policy = &engine.policy().analytics;
    let mut seen = BTreeSet::new();
    let mut alerts = Vec::new();
    let mut within = Vec::new();
    let mut unchecked = Vec::new();
    for (i, m) in req.metrics.iter().enumerate() {
        if m.metric.trim().is_empty() {
            return Err(Error::invalid_request(
                format!("metrics[{i}].metric"),
                "must not be empty",
            ));
        }
        if !seen.insert((m.metric.as_str(), m.scope.as_deref())) {
            return Err(Error::invalid_request(
                format!("metrics[{i}]"),
                format!(
                    "metric {:?} with scope {:?} is given twice; give each reading once",
                    m.metric, m.scope
                ),
            ));
        }
        for id in m.signals.keys() {
            if !policy.signals.contains_key(id) {
                return Err(Error::invalid_request(
                    format!("metrics[{i}].signals.{id}"),
                    format!(
                        "unknown signal {id:?}; the policy's analytics.signals are {}",
                        policy
                            .signals
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        let Some(t) = policy.thresholds.get(&m.metric) else {
            unchecked.push(Checked {
                metric: m.metric.clone(),
                scope: m.scope.clone(),
                value: m.value,
                threshold: None,
            });
            continue;
        };
        let crossed = match t.alert_when {
            Comparison::Below => m.value < t.value,
            Comparison::Above => m.value > t.value,
        };
        if !crossed {
            within.push(Checked {
                metric: m.metric.clone(),
                scope: m.scope.clone(),
                value: m.value,
                threshold: Some(t.value),
            });
            continue;
        }
        let root_cause = card(&m.signals, &policy.signals);
        let word = match t.alert_when {
            Comparison::Below => "below",
            Comparison::Above => "above",
        };
        let lead = root_cause
            .iter()
            .filter(|c| c.score > Decimal::ZERO)
            .map(|c| format!("{} {}", c.signal, c.contribution))
            .collect::<Vec<_>>();
        let text = format!(
            "{}{} is {} {} {}; {}",
            m.metric,
            m.scope
                .as_ref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default(),
            m.value,
            word,
            t.value,
            if lead.is_empty() {
                "no supplied signal points to a cause".to_string()
            } else {
                format!("contributions: {}", lead.join(", "))
            }
        );
        alerts.push(Alert {
            metric: m.metric.clone(),
            scope: m.scope.clone(),
            value: m.value,
            threshold: t.value,
            alert_when: t.alert_when,
            gap: m.value - t.value,
            root_cause,
            text,
        });
    }
    alerts.sort_by(|a, b| (&a.metric, &a.scope).cmp(&(&b.metric, &b.scope)));
    within.sort_by(|a, b| (&a.metric, &a.scope).cmp(&(&b.metric, &b.scope)));
    unchecked.sort_by(|a, b| (&a.metric, &a.scope).cmp(&(&b.metric, &b.scope)));
    Ok(DetectAnomaliesResponse {
        alerts,
        within,
        unchecked,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}
