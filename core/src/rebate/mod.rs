//! The dealer rebate calculator (SPEC 2F): a dealer's quarterly volume, target, collection
//! (回款) rate, marketing spend and compliance flags → rebate = base rebate (tiered rate) +
//! excess reward (over target) + compliance bonus, each part with its formula, inputs, exact
//! value and the amount rounded to the currency's minor unit.
//!
//! Rules (all numbers are policy defaults, see [`RebatePolicy`]):
//! - **Eligibility.** A collection rate below `min_collection_rate` (0.80), or a raised flag
//!   listed in `disqualifying_flags`, cancels the whole rebate; every part is then zero and
//!   `ineligible_reasons` says why.
//! - **Base.** `tier_mode = "whole"` (default): the rate of the highest tier whose `from` the
//!   volume reaches applies to the whole volume; exactly at a tier's `from` the tier is reached.
//!   `"progressive"`: each tier's rate applies to the slice of volume inside that tier.
//! - **Excess reward.** `excess_rate` × (volume − target), when the volume is above target.
//! - **Compliance bonus.** `compliance_bonus_rate` × volume, when no compliance flag is raised
//!   and marketing spend is at least `min_marketing_ratio` × target (the spend commitment is
//!   measured against the agreed target, not the volume, so selling more never loses it).
//! - **Rounding.** Each part is rounded on its own to the currency's minor unit with the
//!   policy's `rounding` (half up by default); the total is the sum of the rounded parts, so
//!   parts always sum exactly to the total. Each part shows its exact value too.
//!
//! Every part is non-decreasing in volume (rates never decrease across tiers; validation
//! enforces it), which `core/tests/rebate_props.rs` checks.

pub mod policy;

pub use policy::{RebatePolicy, Rounding, Tier, TierMode};

use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::money::Amount;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Request of `rebate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RebateRequest {
    /// The dealer id.
    pub dealer: String,
    /// The quarter, `YYYY-Qn` (e.g. `2026-Q1`).
    pub quarter: String,
    /// ISO currency of the amounts; the policy's `rebate.currency` when absent.
    #[serde(default)]
    pub currency: Option<String>,
    /// Quarterly sales volume.
    pub volume: Amount,
    /// The quarter's agreed target.
    pub target: Amount,
    /// Collected ÷ invoiced in the quarter, e.g. `"0.92"` (may exceed 1 when old receivables
    /// were collected).
    pub collection_rate: Decimal,
    /// The dealer's marketing spend in the quarter (zero when absent).
    #[serde(default)]
    pub marketing_spend: Amount,
    /// Compliance flags raised against the dealer in the quarter (names from `rebate.flags`).
    #[serde(default)]
    pub compliance_flags: Vec<String>,
}

/// Why a dealer gets no rebate at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IneligibleReason {
    /// Stable code: `collection_rate_below_floor` or `disqualifying_flag`.
    pub code: String,
    /// The reason in words, with the numbers.
    pub message: String,
}

/// One part of the rebate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RebatePart {
    /// `base`, `excess` or `compliance_bonus`.
    pub part: String,
    /// The formula with the numbers filled in, e.g. `1200000.00 × 0.03`.
    pub formula: String,
    /// The inputs the formula used, by name.
    pub inputs: BTreeMap<String, String>,
    /// The exact (unrounded) value.
    pub exact: String,
    /// The value rounded to the currency's minor unit (what is paid).
    pub amount: String,
    /// Why the part is zero, when it is (null otherwise).
    pub note: Option<String>,
}

/// The tier reached by the volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierReached {
    /// Index in `rebate.tiers`.
    pub index: usize,
    /// The tier's lower bound.
    pub from: String,
    /// The tier's rate.
    pub rate: String,
}

/// Response of `rebate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RebateResponse {
    /// The dealer id.
    pub dealer: String,
    /// The quarter.
    pub quarter: String,
    /// The currency.
    pub currency: String,
    /// False when a reason cancels the whole rebate.
    pub eligible: bool,
    /// Why the dealer gets nothing (empty when eligible).
    pub ineligible_reasons: Vec<IneligibleReason>,
    /// The highest tier the volume reaches (null below the first tier).
    pub tier: Option<TierReached>,
    /// `whole` or `progressive`.
    pub tier_mode: TierMode,
    /// The parts, in the order base, excess, compliance_bonus.
    pub parts: Vec<RebatePart>,
    /// The sum of the parts' amounts.
    pub total: String,
    /// How each part was rounded, in words.
    pub rounding: String,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

fn overflow(what: &str) -> Error {
    Error::new(
        ErrorCode::ArithmeticOverflow,
        "",
        format!("{what} exceeds the exact decimal range; use smaller amounts"),
    )
}

fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(|| overflow(what))
}

fn add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| overflow(what))
}

fn money(d: Decimal, places: u32) -> String {
    let mut d = d;
    d.rescale(places);
    d.to_string()
}

fn check_quarter(q: &str) -> Result<()> {
    let ok = q.len() == 7
        && q.get(..4)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
        && q.get(4..6) == Some("-Q")
        && matches!(q.get(6..), Some("1" | "2" | "3" | "4"));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_request(
            "quarter",
            format!(
                "expected YYYY-Qn such as \"2026-Q1\", got {:?}",
                q.chars().take(32).collect::<String>()
            ),
        ))
    }
}

/// Serve `rebate`.
pub fn rebate(engine: &Engine, request: &RebateRequest) -> Result<RebateResponse> {
    let p = &engine.policy().rebate;
    check_quarter(&request.quarter)?;
    if request.dealer.trim().is_empty() {
        return Err(Error::invalid_request("dealer", "must not be empty"));
    }
    let currency = request
        .currency
        .clone()
        .unwrap_or_else(|| p.currency.clone());
    let units = engine.policy().minor_units(&currency).ok_or_else(|| {
        Error::invalid_request(
            "currency",
            format!("unknown currency {currency:?}; use an ISO 4217 code such as CNY"),
        )
    })?;
    for (path, a) in [
        ("volume", &request.volume),
        ("target", &request.target),
        ("marketing_spend", &request.marketing_spend),
    ] {
        a.to_minor(&currency, units)
            .map_err(|e| Error::invalid_request(path, e.to_string()))?;
    }
    if request.collection_rate < Decimal::ZERO {
        return Err(Error::invalid_request(
            "collection_rate",
            format!(
                "must not be negative, got {}; give collected ÷ invoiced such as \"0.92\"",
                request.collection_rate
            ),
        ));
    }
    let mut raised = Vec::new();
    for (i, f) in request.compliance_flags.iter().enumerate() {
        if !p.flags.contains(f) {
            return Err(Error::invalid_request(
                format!("compliance_flags[{i}]"),
                format!(
                    "unknown compliance flag {f:?}; the policy's flags are {}",
                    p.flags.join(", ")
                ),
            ));
        }
        if !raised.contains(&f.as_str()) {
            raised.push(f.as_str());
        }
    }
    raised.sort_unstable();

    let volume = request.volume.decimal();
    let target = request.target.decimal();
    let mut reasons = Vec::new();
    if request.collection_rate < p.min_collection_rate {
        reasons.push(IneligibleReason {
            code: "collection_rate_below_floor".into(),
            message: format!(
                "collection rate {} is below the floor {} (rebate.min_collection_rate): no rebate this quarter",
                request.collection_rate, p.min_collection_rate
            ),
        });
    }
    for f in &raised {
        if p.disqualifying_flags.iter().any(|d| d == f) {
            reasons.push(IneligibleReason {
                code: "disqualifying_flag".into(),
                message: format!(
                    "compliance flag {f:?} is raised and cancels the whole rebate (rebate.disqualifying_flags)"
                ),
            });
        }
    }
    let eligible = reasons.is_empty();
    let ineligible_note = "ineligible this quarter (see ineligible_reasons)".to_string();
    let vol_s = money(volume, units);

    // Base rebate.
    let reached = p.tiers.iter().enumerate().rfind(|(_, t)| t.from <= volume);
    let tier = reached.map(|(index, t)| TierReached {
        index,
        from: t.from.to_string(),
        rate: t.rate.to_string(),
    });
    let mut inputs = BTreeMap::from([("volume".to_string(), vol_s.clone())]);
    let (base_exact, base_formula, mut base_note) = match (reached, p.tier_mode) {
        (None, _) => (
            Decimal::ZERO,
            "0".to_string(),
            Some(format!(
                "volume {vol_s} is below the first tier ({})",
                p.tiers
                    .first()
                    .map(|t| t.from.to_string())
                    .unwrap_or_default()
            )),
        ),
        (Some((i, t)), TierMode::Whole) => {
            inputs.insert("tier".into(), i.to_string());
            inputs.insert("tier_from".into(), t.from.to_string());
            inputs.insert("tier_rate".into(), t.rate.to_string());
            (
                mul(volume, t.rate, "base rebate")?,
                format!("volume × rate of tier {i} = {vol_s} × {}", t.rate),
                None,
            )
        }
        (Some((last, _)), TierMode::Progressive) => {
            let mut sum = Decimal::ZERO;
            let mut terms = Vec::new();
            for (i, t) in p.tiers.iter().enumerate().take(last + 1) {
                let upper = p
                    .tiers
                    .get(i + 1)
                    .map(|n| n.from.min(volume))
                    .unwrap_or(volume);
                let slice = upper - t.from;
                inputs.insert(format!("tier_{i}_slice"), slice.to_string());
                inputs.insert(format!("tier_{i}_rate"), t.rate.to_string());
                sum = add(sum, mul(slice, t.rate, "base rebate")?, "base rebate")?;
                terms.push(format!("{slice} × {}", t.rate));
            }
            (
                sum,
                format!("Σ tier slice × tier rate = {}", terms.join(" + ")),
                None,
            )
        }
    };
    if !eligible {
        base_note = Some(ineligible_note.clone());
    }

    // Excess reward.
    let above = (volume - target).max(Decimal::ZERO);
    let excess_exact = mul(above, p.excess_rate, "excess reward")?;
    let excess_note = if !eligible {
        Some(ineligible_note.clone())
    } else if above.is_zero() {
        Some(format!(
            "volume {vol_s} does not exceed the target {}",
            money(target, units)
        ))
    } else {
        None
    };
    let excess_inputs = BTreeMap::from([
        ("volume".to_string(), vol_s.clone()),
        ("target".to_string(), money(target, units)),
        ("excess_rate".to_string(), p.excess_rate.to_string()),
    ]);

    // Compliance bonus.
    let required_spend = mul(p.min_marketing_ratio, target, "marketing requirement")?;
    let spend = request.marketing_spend.decimal();
    let mut comp_notes = Vec::new();
    if !raised.is_empty() {
        comp_notes.push(format!("compliance flags raised: {}", raised.join(", ")));
    }
    if spend < required_spend {
        comp_notes.push(format!(
            "marketing spend {} is below {} × target = {}",
            money(spend, units),
            p.min_marketing_ratio,
            money(required_spend, units)
        ));
    }
    let comp_exact = mul(volume, p.compliance_bonus_rate, "compliance bonus")?;
    let comp_note = if !eligible {
        Some(ineligible_note)
    } else if comp_notes.is_empty() {
        None
    } else {
        Some(comp_notes.join("; "))
    };
    let comp_inputs = BTreeMap::from([
        ("volume".to_string(), vol_s.clone()),
        (
            "compliance_bonus_rate".to_string(),
            p.compliance_bonus_rate.to_string(),
        ),
        ("marketing_spend".to_string(), money(spend, units)),
        (
            "required_marketing_spend".to_string(),
            money(required_spend, units),
        ),
        ("compliance_flags".to_string(), raised.join(",")),
    ]);

    let mut parts = Vec::new();
    let mut total = Decimal::ZERO;
    for (name, formula, inputs, exact, note) in [
        ("base", base_formula, inputs, base_exact, base_note),
        (
            "excess",
            format!(
                "(volume − target) × excess_rate = {} × {}",
                money(above, units),
                p.excess_rate
            ),
            excess_inputs,
            excess_exact,
            excess_note,
        ),
        (
            "compliance_bonus",
            format!(
                "volume × compliance_bonus_rate = {vol_s} × {}",
                p.compliance_bonus_rate
            ),
            comp_inputs,
            comp_exact,
            comp_note,
        ),
    ] {
        let paid = if note.is_some() {
            Decimal::ZERO
        } else {
            p.rounding.apply(exact, units)
        };
        total = add(total, paid, "total rebate")?;
        parts.push(RebatePart {
            part: name.into(),
            formula,
            inputs,
            exact: if note.is_some() {
                "0".to_string()
            } else {
                exact.normalize().to_string()
            },
            amount: money(paid, units),
            note,
        });
    }
    Ok(RebateResponse {
        dealer: request.dealer.clone(),
        quarter: request.quarter.clone(),
        currency,
        eligible,
        ineligible_reasons: reasons,
        tier,
        tier_mode: p.tier_mode,
        parts,
        total: money(total, units),
        rounding: format!(
            "each part rounded to {units} decimals ({}); total = sum of the rounded parts",
            p.rounding.as_str()
        ),
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}
