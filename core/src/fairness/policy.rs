//! Policy section `fairness`: the budget of `audit_policy_fairness`.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Hard ceiling of [`FairnessPolicy::max_budget`], so no policy makes an audit unbounded.
pub const MAX_AUDIT_BUDGET: u32 = 10_000;

/// Settings of the fairness audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FairnessPolicy {
    /// Generated cases per invariant when a request names no `budget`.
    pub default_budget: u32,
    /// Largest `budget` a request may ask for.
    pub max_budget: u32,
}

impl Default for FairnessPolicy {
    fn default() -> Self {
        FairnessPolicy {
            default_budget: 100,
            max_budget: 2_000,
        }
    }
}

impl FairnessPolicy {
    /// Check the section; errors name `fairness.<field>`.
    pub fn validate(&self) -> Result<()> {
        if self.max_budget == 0 || self.max_budget > MAX_AUDIT_BUDGET {
            return Err(Error::invalid_policy(
                "fairness.max_budget",
                format!(
                    "must be between 1 and {MAX_AUDIT_BUDGET}, got {}",
                    self.max_budget
                ),
            ));
        }
        if self.default_budget == 0 || self.default_budget > self.max_budget {
            return Err(Error::invalid_policy(
                "fairness.default_budget",
                format!(
                    "must be between 1 and max_budget ({}), got {}",
                    self.max_budget, self.default_budget
                ),
            ));
        }
        Ok(())
    }
}
