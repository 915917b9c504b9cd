//! The churn-risk score (SPEC 2H): an explainable score in [0, 1] from signals the host measures
//! (meeting cancellations, response latency, document downloads, complaints, e-mail tone given as
//! a number), with the top contributing signals.
//!
//! # Formula
//! Every signal `s` of the policy (`churn.signals`) has a weight `w_s ≥ 0` and a range
//! `[low_s, high_s]`. Its risk is its position in the range, clamped to [0, 1]:
//! `rising` signals (more is riskier) give `(x − low) / (high − low)`, `falling` signals (less is
//! riskier) give `(high − x) / (high − low)`. The score is the weighted mean
//! `Σ w_s · risk_s / Σ w_s` over all signals of the policy; a signal the request does not give
//! has risk 0 and is listed in `missing_signals`. A signal's contribution is
//! `w_s · risk_s / Σ w_s`; contributions add up to the score. Each risk is monotone in its signal,
//! so the score is monotone too (non-decreasing in every rising signal, non-increasing in every
//! falling one), and saturates at the range ends.
//!
//! Everything is computed in exact decimals and shown rounded half away from zero to
//! `churn.places` (4) decimals, as strings, so every language reads the same digits.

use crate::engine::Engine;
use crate::error::{Error, Result};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Which way a signal points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is riskier (cancellations, latency, complaints).
    Rising,
    /// Less is riskier (downloads, tone).
    Falling,
}

/// One signal of the score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalSpec {
    /// What the host measures, in words.
    #[serde(default)]
    pub description: String,
    /// Weight in the score (any non-negative number; the score divides by the total).
    pub weight: Decimal,
    /// Which way the signal points.
    pub direction: Direction,
    /// Value at which the signal's risk is 0 (rising) or 1 (falling).
    pub low: Decimal,
    /// Value at which the signal's risk is 1 (rising) or 0 (falling).
    pub high: Decimal,
}

/// The `churn` section of the policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChurnPolicy {
    /// The signals by name.
    pub signals: BTreeMap<String, SignalSpec>,
    /// Scores at or above this are `high`.
    pub high_at: Decimal,
    /// Scores at or above this (and below `high_at`) are `medium`.
    pub medium_at: Decimal,
    /// How many contributing signals each answer names.
    pub top_signals: usize,
    /// Decimals of the displayed score, risks and contributions.
    pub places: u32,
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

impl Default for ChurnPolicy {
    fn default() -> Self {
        let spec = |description: &str, weight: &str, direction, low: &str, high: &str| SignalSpec {
            description: description.into(),
            weight: dec(weight),
            direction,
            low: dec(low),
            high: dec(high),
        };
        let signals = [
            (
                "meeting_cancellations",
                spec(
                    "meetings the customer cancelled in the last 90 days",
                    "0.25",
                    Direction::Rising,
                    "0",
                    "4",
                ),
            ),
            (
                "response_latency_hours",
                spec(
                    "median hours the customer takes to answer",
                    "0.20",
                    Direction::Rising,
                    "4",
                    "72",
                ),
            ),
            (
                "document_downloads",
                spec(
                    "proposal and contract downloads in the last 30 days",
                    "0.15",
                    Direction::Falling,
                    "0",
                    "10",
                ),
            ),
            (
                "complaints",
                spec(
                    "complaints in the last 90 days",
                    "0.25",
                    Direction::Rising,
                    "0",
                    "3",
                ),
            ),
            (
                "email_tone",
                spec(
                    "tone of recent e-mails, -1 hostile to 1 warm (host's classifier)",
                    "0.15",
                    Direction::Falling,
                    "-1",
                    "1",
                ),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        ChurnPolicy {
            signals,
            high_at: dec("0.6"),
            medium_at: dec("0.3"),
            top_signals: 3,
            places: 4,
        }
    }
}

impl ChurnPolicy {
    /// Check the section; errors name the path under `churn`.
    pub fn validate(&self) -> Result<()> {
        if self.signals.is_empty() {
            return Err(Error::invalid_policy(
                "churn.signals",
                "must define at least one signal",
            ));
        }
        let mut total = Decimal::ZERO;
        for (name, s) in &self.signals {
            let at = |f: &str| format!("churn.signals.{name}.{f}");
            if s.weight < Decimal::ZERO || s.weight > Decimal::from(1_000_000) {
                return Err(Error::invalid_policy(
                    at("weight"),
                    format!("must be between 0 and 1000000, got {}", s.weight),
                ));
            }
            total += s.weight;
            if s.low >= s.high || s.high.checked_sub(s.low).is_none() {
                return Err(Error::invalid_policy(
                    at("high"),
                    format!("must be above low ({}), got {}", s.low, s.high),
                ));
            }
        }
        if total <= Decimal::ZERO {
            return Err(Error::invalid_policy(
                "churn.signals",
                "the weights must not all be zero",
            ));
        }
        for (name, v) in [("high_at", self.high_at), ("medium_at", self.medium_at)] {
            if v < Decimal::ZERO || v > Decimal::ONE {
                return Err(Error::invalid_policy(
                    format!("churn.{name}"),
                    format!("must be between 0 and 1, got {v}"),
                ));
            }
        }
        if self.medium_at > self.high_at {
            return Err(Error::invalid_policy(
                "churn.medium_at",
                format!(
                    "must not exceed high_at ({}), got {}",
                    self.high_at, self.medium_at
                ),
            ));
        }
        if self.places > 10 {
            return Err(Error::invalid_policy(
                "churn.places",
                format!("must be between 0 and 10, got {}", self.places),
            ));
        }
        Ok(())
    }
}

/// One customer's signals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnCustomer {
    /// The customer id.
    pub id: String,
    /// Signal values by name (names from `churn.signals`), numbers or decimal strings.
    pub signals: BTreeMap<String, Decimal>,
}

/// Request of `churn_risk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnRiskRequest {
    /// The customers.
    pub customers: Vec<ChurnCustomer>,
    /// Answer only the riskiest this many (all when absent).
    #[serde(default)]
    pub limit: Option<usize>,
}

/// `high`, `medium` or `low`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// At or above `high_at`.
    High,
    /// At or above `medium_at`.
    Medium,
    /// Below `medium_at`.
    Low,
}

/// A signal's part of the score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contribution {
    /// The signal.
    pub signal: String,
    /// The value given.
    pub value: Decimal,
    /// Its risk in [0, 1].
    pub risk: Decimal,
    /// Its contribution to the score: weight × risk / total weight.
    pub contribution: Decimal,
}

/// One customer's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChurnScore {
    /// The customer id.
    pub customer_id: String,
    /// The score in [0, 1].
    pub score: Decimal,
    /// Its level.
    pub level: RiskLevel,
    /// The largest contributions, largest first (ties by signal name), zero ones left out.
    pub top_signals: Vec<Contribution>,
    /// Signals of the policy the request did not give (risk 0).
    pub missing_signals: Vec<String>,
}

/// Response of `churn_risk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChurnRiskResponse {
    /// Customers by score, riskiest first (ties by id).
    pub customers: Vec<ChurnScore>,
    /// Customers scored in all (before `limit`).
    pub scored: usize,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

/// The risk of one signal value, exact, in [0, 1].
pub fn signal_risk(spec: &SignalSpec, x: Decimal) -> Decimal {
    let (lo_risk, hi_risk) = match spec.direction {
        Direction::Rising => (Decimal::ZERO, Decimal::ONE),
        Direction::Falling => (Decimal::ONE, Decimal::ZERO),
    };
    if x <= spec.low {
        return lo_risk;
    }
    if x >= spec.high {
        return hi_risk;
    }
    // low < x < high, so neither difference overflows.
    let span = spec.high - spec.low;
    let pos = match spec.direction {
        Direction::Rising => x - spec.low,
        Direction::Falling => spec.high - x,
    };
    (pos / span).clamp(Decimal::ZERO, Decimal::ONE)
}

fn shown(d: Decimal, places: u32) -> Decimal {
    let mut r = d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(places);
    r
}

/// Serve `churn_risk`.
pub fn churn_risk(engine: &Engine, request: &ChurnRiskRequest) -> Result<ChurnRiskResponse> {
    let policy = &engine.policy().churn;
    let total: Decimal = policy.signals.values().map(|s| s.weight).sum();
    let mut ids = BTreeSet::new();
    let mut out = Vec::with_capacity(request.customers.len());
    for (i, c) in request.customers.iter().enumerate() {
        if !ids.insert(c.id.as_str()) {
            return Err(Error::invalid_request(
                format!("customers[{i}].id"),
                format!("customer {:?} appears twice; list each customer once", c.id),
            ));
        }
        if let Some(name) = c.signals.keys().find(|k| !policy.signals.contains_key(*k)) {
            return Err(Error::invalid_request(
                format!("customers[{i}].signals.{name}"),
                format!(
                    "unknown signal {name:?}; the policy's signals are {}",
                    policy
                        .signals
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let mut score = Decimal::ZERO;
        let mut parts = Vec::new();
        let mut missing = Vec::new();
        for (name, spec) in &policy.signals {
            let Some(x) = c.signals.get(name) else {
                missing.push(name.clone());
                continue;
            };
            let risk = signal_risk(spec, *x);
            // weight ≤ 10^6 and risk ≤ 1, total > 0: no overflow.
            let contribution = (spec.weight * risk)
                .checked_div(total)
                .unwrap_or(Decimal::ZERO);
            score += contribution;
            parts.push((contribution, name.clone(), *x, risk));
        }
        parts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let score = shown(score.min(Decimal::ONE), policy.places);
        let level = if score >= policy.high_at {
            RiskLevel::High
        } else if score >= policy.medium_at {
            RiskLevel::Medium
        } else {
            RiskLevel::Low
        };
        out.push(ChurnScore {
            customer_id: c.id.clone(),
            score,
            level,
            top_signals: parts
                .into_iter()
                .filter(|p| p.0 > Decimal::ZERO)
                .take(policy.top_signals)
                .map(|(contribution, signal, value, risk)| Contribution {
                    signal,
                    value,
                    risk: shown(risk, policy.places),
                    contribution: shown(contribution, policy.places),
                })
                .collect(),
            missing_signals: missing,
        });
    }
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.customer_id.cmp(&b.customer_id))
    });
    let scored = out.len();
    if let Some(limit) = request.limit {
        out.truncate(limit);
    }
    Ok(ChurnRiskResponse {
        customers: out,
        scored,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_sections_name_their_path() {
        let e = crate::Policy::from_json(r#"{"churn": {"medium_at": "0.8"}}"#).unwrap_err();
        assert_eq!(e.path(), "churn.medium_at");
        let e = crate::Policy::from_json(r#"{"churn": {"signals": {}}}"#).unwrap_err();
        assert_eq!(e.path(), "churn.signals");
        let e = crate::Policy::from_json(
            r#"{"churn": {"signals": {"x": {"weight": -1, "direction": "rising", "low": 0, "high": 1}}}}"#,
        )
        .unwrap_err();
        assert_eq!(e.path(), "churn.signals.x.weight");
    }

    #[test]
    fn risks_saturate_at_the_range_ends() {
        let p = ChurnPolicy::default();
        let tone = &p.signals["email_tone"];
        assert_eq!(signal_risk(tone, dec("-1")), Decimal::ONE);
        assert_eq!(signal_risk(tone, dec("0")), dec("0.5"));
        assert_eq!(signal_risk(tone, dec("5")), Decimal::ZERO);
        let c = &p.signals["complaints"];
        assert_eq!(signal_risk(c, dec("9")), Decimal::ONE);
    }

    #[test]
    fn the_score_is_the_weighted_mean() {
        let engine = Engine::default();
        let req: ChurnRiskRequest = serde_json::from_str(
            r#"{"customers": [{"id": "C-1", "signals": {"meeting_cancellations": 2,
                "response_latency_hours": 72, "document_downloads": 10, "complaints": 3,
                "email_tone": 0}}]}"#,
        )
        .unwrap();
        let r = churn_risk(&engine, &req).unwrap();
        // 0.25·0.5 + 0.20·1 + 0.15·0 + 0.25·1 + 0.15·0.5 = 0.65
        assert_eq!(r.customers[0].score.to_string(), "0.6500");
        assert_eq!(r.customers[0].level, RiskLevel::High);
        assert_eq!(r.customers[0].top_signals[0].signal, "complaints");
    }
}
