//! Money figures of the dashboard: after-tax gross margin by default, or contract value.

use super::policy::{MoneyBasis, MoneySettings};
use crate::error::{Error, Result};
use crate::money::Amount;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// A money fact: what was signed and what it cost, both including VAT.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoneyFigure {
    /// Contract value including VAT, a decimal string.
    pub contract_value: Amount,
    /// Cost including VAT, a decimal string (needed for the after-tax gross margin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Amount>,
}

/// The minor units of a currency known to the policy, or an error at `path`.
pub(crate) fn currency_units(
    policy: &crate::policy::Policy,
    path: &str,
    currency: &str,
) -> Result<u32> {
    policy.minor_units(currency).ok_or_else(|| {
        Error::invalid_request(
            path,
            crate::money::MoneyError::UnknownCurrency(currency.to_string()).to_string(),
        )
    })
}

/// Round to the currency's minor unit (half away from zero) and show exactly that many places.
pub(crate) fn round_money(d: Decimal, units: u32) -> Decimal {
    let mut r = d.round_dp_with_strategy(units, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(units);
    r
}

/// The figure of `m` on `basis`, in the currency's minor unit: the contract value, or
/// `(contract_value − cost) / (1 + vat_rate)` rounded half away from zero.
pub(crate) fn figure(
    m: &MoneyFigure,
    basis: MoneyBasis,
    settings: &MoneySettings,
    units: u32,
    path: &str,
) -> Result<Decimal> {
    match basis {
        MoneyBasis::ContractValue => Ok(round_money(m.contract_value.decimal(), units)),
        MoneyBasis::AfterTaxGrossMargin => {
            let cost = m.cost.ok_or_else(|| {
                Error::invalid_request(
                    format!("{path}.cost"),
                    "the after-tax gross margin needs the cost (a decimal string); or ask for \
                     \"basis\": \"contract_value\"",
                )
            })?;
            let gross = m.contract_value.decimal() - cost.decimal();
            let net = gross
                .checked_div(Decimal::ONE + settings.vat_rate)
                .ok_or_else(|| Error::invalid_request(path, "amount too large"))?;
            Ok(round_money(net, units))
        }
    }
}

/// Round a ratio for display (half away from zero) and drop trailing zeros.
pub(crate) fn ratio(d: Decimal, places: u32) -> Decimal {
    d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}
