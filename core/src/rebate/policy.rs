//! The `rebate` section of the policy (SPEC 2F): tiers, excess reward, compliance bonus,
//! eligibility floor and rounding.

use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How a tier's rate applies to the quarter's volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TierMode {
    /// The rate of the highest tier reached applies to the whole volume (the default, as most
    /// dealer contracts read: "3 % on everything once you pass 1,000,000").
    Whole,
    /// Each tier's rate applies only to the volume inside that tier (like income tax).
    Progressive,
}

/// How each part is rounded to the currency's minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half away from zero (0.005 → 0.01), the finance department's usual rule (the default).
    HalfUp,
    /// Half to even (banker's rounding).
    HalfEven,
    /// Toward zero: never pay a fraction of a cent that was not fully earned.
    Down,
}

impl Rounding {
    /// The snake_case name used in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Rounding::HalfUp => "half_up",
            Rounding::HalfEven => "half_even",
            Rounding::Down => "down",
        }
    }

    /// Round `v` to `places` decimals.
    pub fn apply(self, v: Decimal, places: u32) -> Decimal {
        use rust_decimal::RoundingStrategy as S;
        let s = match self {
            Rounding::HalfUp => S::MidpointAwayFromZero,
            Rounding::HalfEven => S::MidpointNearestEven,
            Rounding::Down => S::ToZero,
        };
        v.round_dp_with_strategy(places, s)
    }
}

/// One tier: from `from` (inclusive) of quarterly volume, the base rate is `rate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Lower bound of the tier's volume, inclusive.
    pub from: Decimal,
    /// Rebate rate in `[0, 1]`.
    pub rate: Decimal,
}

/// The dealer rebate settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RebatePolicy {
    /// Currency of volumes and rebates when the request names none.
    pub currency: String,
    /// Base-rebate tiers, `from` strictly increasing, rates non-decreasing.
    pub tiers: Vec<Tier>,
    /// Whole-volume or progressive tier rates.
    pub tier_mode: TierMode,
    /// Rate of the excess reward on the volume above the quarter's target.
    pub excess_rate: Decimal,
    /// Rate of the compliance bonus on the whole volume.
    pub compliance_bonus_rate: Decimal,
    /// The compliance bonus needs marketing spend of at least this share of volume (0 disables).
    pub min_marketing_ratio: Decimal,
    /// Below this collection (回款) rate the dealer gets no rebate at all.
    pub min_collection_rate: Decimal,
    /// Compliance flags a request may raise.
    pub flags: Vec<String>,
    /// Raised flags that cancel the whole rebate; other raised flags cancel the compliance bonus.
    pub disqualifying_flags: Vec<String>,
    /// Rounding of each part to the currency's minor unit; the total is the sum of the parts.
    pub rounding: Rounding,
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

impl Default for RebatePolicy {
    fn default() -> Self {
        let tier = |from: &str, rate: &str| Tier {
            from: dec(from),
            rate: dec(rate),
        };
        RebatePolicy {
            currency: "CNY".into(),
            tiers: vec![
                tier("0", "0.01"),
                tier("500000", "0.02"),
                tier("1000000", "0.03"),
                tier("3000000", "0.04"),
            ],
            tier_mode: TierMode::Whole,
            excess_rate: dec("0.01"),
            compliance_bonus_rate: dec("0.005"),
            min_marketing_ratio: dec("0.01"),
            min_collection_rate: dec("0.80"),
            flags: [
                "price_violation",
                "cross_region_sales",
                "late_reporting",
                "counterfeit_goods",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            disqualifying_flags: vec!["counterfeit_goods".into()],
            rounding: Rounding::HalfUp,
        }
    }
}

fn unit(path: &str, v: Decimal) -> Result<()> {
    if v < Decimal::ZERO || v > Decimal::ONE {
        return Err(Error::invalid_policy(
            path,
            format!("must be a rate between 0 and 1, got {v}"),
        ));
    }
    Ok(())
}

impl RebatePolicy {
    /// Check the section; errors name the path under `rebate` and the fix.
    pub fn validate(&self, minor_units: impl Fn(&str) -> Option<u32>) -> Result<()> {
        if minor_units(&self.currency).is_none() {
            return Err(Error::invalid_policy(
                "rebate.currency",
                format!(
                    "unknown currency {:?}; use an ISO 4217 code or add it to `currencies`",
                    self.currency
                ),
            ));
        }
        if self.tiers.is_empty() {
            return Err(Error::invalid_policy(
                "rebate.tiers",
                "needs at least one tier, e.g. {\"from\": \"0\", \"rate\": \"0.02\"}",
            ));
        }
        let mut prev: Option<&Tier> = None;
        for (i, t) in self.tiers.iter().enumerate() {
            if t.from < Decimal::ZERO {
                return Err(Error::invalid_policy(
                    format!("rebate.tiers[{i}].from"),
                    format!("must not be negative, got {}", t.from),
                ));
            }
            unit(&format!("rebate.tiers[{i}].rate"), t.rate)?;
            if let Some(p) = prev {
                if t.from <= p.from {
                    return Err(Error::invalid_policy(
                        format!("rebate.tiers[{i}].from"),
                        format!(
                            "tiers must be in strictly increasing `from` order; {} follows {}",
                            t.from, p.from
                        ),
                    ));
                }
                if t.rate < p.rate {
                    return Err(Error::invalid_policy(
                        format!("rebate.tiers[{i}].rate"),
                        format!(
                            "rates must not decrease from tier to tier (a dealer selling more must never earn less); {} follows {}",
                            t.rate, p.rate
                        ),
                    ));
                }
            }
            prev = Some(t);
        }
        unit("rebate.excess_rate", self.excess_rate)?;
        unit("rebate.compliance_bonus_rate", self.compliance_bonus_rate)?;
        unit("rebate.min_marketing_ratio", self.min_marketing_ratio)?;
        unit("rebate.min_collection_rate", self.min_collection_rate)?;
        let mut seen = BTreeSet::new();
        for (i, f) in self.flags.iter().enumerate() {
            if f.trim().is_empty() || !seen.insert(f.as_str()) {
                return Err(Error::invalid_policy(
                    format!("rebate.flags[{i}]"),
                    format!("flags must be non-empty and unique, got {f:?}"),
                ));
            }
        }
        for (i, f) in self.disqualifying_flags.iter().enumerate() {
            if !seen.contains(f.as_str()) {
                return Err(Error::invalid_policy(
                    format!("rebate.disqualifying_flags[{i}]"),
                    format!("{f:?} is not in rebate.flags; add it there first"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Policy;

    #[test]
    fn decreasing_rates_and_unknown_flags_are_rejected_with_paths() {
        let mut p = Policy::default();
        p.rebate.tiers[2].rate = "0.015".parse().unwrap();
        let e = p.validate().unwrap_err();
        assert_eq!(e.path(), "rebate.tiers[2].rate");
        let mut p = Policy::default();
        p.rebate.tiers[1].from = "0".parse().unwrap();
        assert_eq!(p.validate().unwrap_err().path(), "rebate.tiers[1].from");
        let mut p = Policy::default();
        p.rebate.disqualifying_flags.push("bribery".into());
        assert_eq!(
            p.validate().unwrap_err().path(),
            "rebate.disqualifying_flags[1]"
        );
    }

    #[test]
    fn rounding_modes() {
        let v: Decimal = "1.005".parse().unwrap();
        assert_eq!(Rounding::HalfUp.apply(v, 2).to_string(), "1.01");
        assert_eq!(Rounding::HalfEven.apply(v, 2).to_string(), "1.00");
        assert_eq!(Rounding::Down.apply(v, 2).to_string(), "1.00");
    }
}
