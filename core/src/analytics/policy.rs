//! The `analytics` section of the policy, with the defaults of SPEC 2G and the settings of the
//! data-driven attribution models (`shapley`, `markov`) of SPEC 2A.

use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which way a metric must not cross its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Alert when the value is strictly below the threshold.
    Below,
    /// Alert when the value is strictly above the threshold.
    Above,
}

/// A threshold on one metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Alert direction.
    pub alert_when: Comparison,
    /// The threshold value (a ratio such as `0.75`, or any number in the metric's unit).
    pub value: Decimal,
}

/// How a root-cause signal is weighed: `score = weight × max(0, value) / scale`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalSpec {
    /// Importance of the signal (≥ 0).
    pub weight: Decimal,
    /// The signal value that counts as one unit of concern (> 0), e.g. `0.20` for a 20 %
    /// ticket growth over 3 months.
    pub scale: Decimal,
    /// What the signal means, shown on the root-cause card.
    #[serde(default)]
    pub description: String,
}

/// Two fields whose joint movement has a known explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairExplanation {
    /// The two fields.
    pub fields: [String; 2],
    /// `same`: the explanation applies when both move the same way; `opposite`: when they
    /// move in opposite directions.
    pub relation: PairRelation,
    /// The plausible explanation.
    pub explanation: String,
}

/// How two fields move together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairRelation {
    /// Both up or both down.
    Same,
    /// One up, one down.
    Opposite,
}

/// How a lead feature is compared with the won customers' profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureKind {
    /// Text: similarity = share of won customers with the same value.
    Categorical,
    /// Number: similarity = `max(0, 1 − |lead − mean of won| / scale)`.
    Numeric,
}

/// One similarity feature of lead matching.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureSpec {
    /// How it is compared.
    pub kind: FeatureKind,
    /// Weight in the score (≥ 0).
    pub weight: Decimal,
    /// For numeric features: the distance at which similarity reaches 0 (> 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Decimal>,
}

/// Which money figure the dashboard shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoneyBasis {
    /// `(contract_value − cost) / (1 + vat_rate)`: gross margin net of VAT (the default).
    AfterTaxGrossMargin,
    /// The contract value as signed.
    ContractValue,
}

/// Money settings of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MoneySettings {
    /// The figure shown (default after-tax gross margin).
    pub basis: MoneyBasis,
    /// VAT rate included in contract values and costs (China's standard 13 %).
    pub vat_rate: Decimal,
}

impl Default for MoneySettings {
    fn default() -> Self {
        MoneySettings {
            basis: MoneyBasis::AfterTaxGrossMargin,
            vat_rate: Decimal::new(13, 2),
        }
    }
}

/// Settings of the `shapley` attribution model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShapleySettings {
    /// Rules with at most this many qualifying reps are solved exactly (all orderings);
    /// above, by Monte-Carlo permutation sampling (at most 20).
    pub exact_max_players: u32,
    /// Permutations sampled per rule in Monte-Carlo mode (1 to 1 000 000).
    pub samples: u32,
    /// Seed of the sampler (splitmix64), so results are reproducible.
    pub seed: u64,
}

impl Default for ShapleySettings {
    fn default() -> Self {
        ShapleySettings {
            exact_max_players: 15,
            samples: 10_000,
            seed: 20_260_101,
        }
    }
}

/// Settings of the `markov_attribution` operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkovSettings {
    /// Most distinct reps (transient states) in one request (1 to 200). The exact solve grows
    /// with the cube of the reps: 64 reps over 3 000 journeys take a few seconds.
    pub max_reps: usize,
    /// Most journeys in one request.
    pub max_journeys: usize,
}

impl Default for MarkovSettings {
    fn default() -> Self {
        MarkovSettings {
            max_reps: 64,
            max_journeys: 100_000,
        }
    }
}

/// The `analytics` section: dashboard thresholds, root-cause signals, period comparison,
/// lead matching, money basis, and the data-driven attribution models.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalyticsPolicy {
    /// Metric thresholds by metric id (default `renewal_rate` alerts below `0.75`).
    pub thresholds: BTreeMap<String, Threshold>,
    /// Root-cause signals by id.
    pub signals: BTreeMap<String, SignalSpec>,
    /// How many fields `compare_periods` reports (default 5).
    pub top_changes: usize,
    /// Known explanations of two fields moving together.
    pub pair_explanations: Vec<PairExplanation>,
    /// Two top fields moving the same way are noted as co-moving when the larger symmetric
    /// change is at most this multiple of the smaller (default 1.5, at least 1).
    pub co_movement_ratio: Decimal,
    /// Lead-matching features by name.
    pub lead_features: BTreeMap<String, FeatureSpec>,
    /// Leads scoring strictly above this are recommended (default 0.85).
    pub recommend_above: Decimal,
    /// A feature counts as matching when its similarity is at least this (default 0.5).
    pub feature_match_at: Decimal,
    /// Money settings.
    pub money: MoneySettings,
    /// The `shapley` attribution model.
    pub shapley: ShapleySettings,
    /// The `markov_attribution` operation.
    pub markov: MarkovSettings,
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

impl Default for AnalyticsPolicy {
    fn default() -> Self {
        let signal = |w: &str, scale: &str, d: &str| SignalSpec {
            weight: dec(w),
            scale: dec(scale),
            description: d.into(),
        };
        let feature = |kind, w: &str, scale: Option<&str>| FeatureSpec {
            kind,
            weight: dec(w),
            scale: scale.map(dec),
        };
        let pair = |a: &str, b: &str, relation, e: &str| PairExplanation {
            fields: [a.into(), b.into()],
            relation,
            explanation: e.into(),
        };
        AnalyticsPolicy {
            thresholds: [(
                "renewal_rate".to_string(),
                Threshold {
                    alert_when: Comparison::Below,
                    value: dec("0.75"),
                },
            )]
            .into_iter()
            .collect(),
            signals: [
                (
                    "service_ticket_growth_3m",
                    signal(
                        "1",
                        "0.20",
                        "growth of service tickets over the last 3 months",
                    ),
                ),
                (
                    "key_contact_changes",
                    signal("1", "1", "key customer contacts who changed"),
                ),
                (
                    "contract_revision_frequency",
                    signal("1", "2", "contract revisions per quarter"),
                ),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
            top_changes: 5,
            pair_explanations: vec![
                pair(
                    "service_tickets",
                    "renewal_rate",
                    PairRelation::Opposite,
                    "more service tickets usually precede lower renewals: check service quality",
                ),
                pair(
                    "discount_rate",
                    "gross_margin",
                    PairRelation::Opposite,
                    "deeper discounts eat into margin",
                ),
                pair(
                    "visits",
                    "new_deals",
                    PairRelation::Same,
                    "field visits and new deals move together: coverage drives pipeline",
                ),
            ],
            co_movement_ratio: dec("1.5"),
            lead_features: [
                ("industry", feature(FeatureKind::Categorical, "3", None)),
                ("region", feature(FeatureKind::Categorical, "2", None)),
                (
                    "employees",
                    feature(FeatureKind::Numeric, "2", Some("1000")),
                ),
                ("source", feature(FeatureKind::Categorical, "1", None)),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
            recommend_above: dec("0.85"),
            feature_match_at: dec("0.5"),
            money: MoneySettings::default(),
            shapley: ShapleySettings::default(),
            markov: MarkovSettings::default(),
        }
    }
}

fn check(path: String, ok: bool, message: String) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_policy(path, message))
    }
}

impl AnalyticsPolicy {
    /// Check every setting; errors name the path and the fix.
    pub fn validate(&self) -> Result<()> {
        for (id, s) in &self.signals {
            check(
                format!("analytics.signals.{id}.weight"),
                s.weight >= Decimal::ZERO,
                format!("must be 0 or more, got {}", s.weight),
            )?;
            check(
                format!("analytics.signals.{id}.scale"),
                s.scale > Decimal::ZERO,
                format!("must be greater than 0, got {}", s.scale),
            )?;
        }
        check(
            "analytics.top_changes".into(),
            (1..=1000).contains(&self.top_changes),
            format!("must be between 1 and 1000, got {}", self.top_changes),
        )?;
        for (i, p) in self.pair_explanations.iter().enumerate() {
            check(
                format!("analytics.pair_explanations[{i}].fields"),
                p.fields[0] != p.fields[1] && p.fields.iter().all(|f| !f.trim().is_empty()),
                "name two different, non-empty fields".into(),
            )?;
        }
        check(
            "analytics.co_movement_ratio".into(),
            self.co_movement_ratio >= Decimal::ONE,
            format!("must be at least 1, got {}", self.co_movement_ratio),
        )?;
        let mut total = Decimal::ZERO;
        for (name, f) in &self.lead_features {
            let at = |x: &str| format!("analytics.lead_features.{name}.{x}");
            check(
                at("weight"),
                f.weight >= Decimal::ZERO,
                format!("must be 0 or more, got {}", f.weight),
            )?;
            total += f.weight;
            match (f.kind, f.scale) {
                (FeatureKind::Numeric, Some(s)) if s > Decimal::ZERO => {}
                (FeatureKind::Numeric, s) => {
                    return Err(Error::invalid_policy(
                        at("scale"),
                        format!(
                            "a numeric feature needs a scale greater than 0, got {}",
                            s.map_or("none".to_string(), |s| s.to_string())
                        ),
                    ))
                }
                (FeatureKind::Categorical, None) => {}
                (FeatureKind::Categorical, Some(_)) => {
                    return Err(Error::invalid_policy(
                        at("scale"),
                        "only numeric features take a scale; remove it",
                    ))
                }
            }
        }
        check(
            "analytics.lead_features".into(),
            self.lead_features.is_empty() || total > Decimal::ZERO,
            "at least one feature needs a weight greater than 0".into(),
        )?;
        for (path, v) in [
            ("analytics.recommend_above", self.recommend_above),
            ("analytics.feature_match_at", self.feature_match_at),
            ("analytics.money.vat_rate", self.money.vat_rate),
        ] {
            check(
                path.into(),
                v >= Decimal::ZERO && v <= Decimal::ONE,
                format!("must be between 0 and 1, got {v}"),
            )?;
        }
        check(
            "analytics.shapley.exact_max_players".into(),
            self.shapley.exact_max_players <= 20,
            format!(
                "must be at most 20 (2^20 coalitions), got {}",
                self.shapley.exact_max_players
            ),
        )?;
        check(
            "analytics.shapley.samples".into(),
            (1..=1_000_000).contains(&self.shapley.samples),
            format!(
                "must be between 1 and 1000000, got {}",
                self.shapley.samples
            ),
        )?;
        check(
            "analytics.markov.max_reps".into(),
            (1..=200).contains(&self.markov.max_reps),
            format!(
                "must be between 1 and 200 (the exact solve grows with the cube of the reps), got {}",
                self.markov.max_reps
            ),
        )?;
        check(
            "analytics.markov.max_journeys".into(),
            self.markov.max_journeys >= 1,
            "must be at least 1".into(),
        )
    }
}
