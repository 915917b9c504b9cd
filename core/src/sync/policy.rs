//! The `sync` section of the policy: append-only collections of a record and the offline
//! cache plan (SPEC 2H).

use crate::error::{Error, Result};
use crate::time::Duration;
use serde::{Deserialize, Serialize};

/// Offline merge and cache settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SyncPolicy {
    /// Collections of a record that only grow (items are never edited or removed); the merge
    /// takes the union of both sides.
    pub append_only: Vec<String>,
    /// How many customers the device caches fully.
    pub cache_customers: usize,
    /// Accesses within this window before `as_of` rank the customers.
    pub access_window: Duration,
    /// Attachments larger than this many bytes are fetched on demand, not cached.
    pub attachment_on_demand_bytes: u64,
}

impl Default for SyncPolicy {
    fn default() -> Self {
        SyncPolicy {
            append_only: vec!["visit_notes".into(), "photos".into()],
            cache_customers: 50,
            access_window: Duration::from_days(30),
            attachment_on_demand_bytes: 1024 * 1024,
        }
    }
}

impl SyncPolicy {
    /// Check the section; errors name the path under `sync`.
    pub fn validate(&self) -> Result<()> {
        for (i, name) in self.append_only.iter().enumerate() {
            if name.trim().is_empty() {
                return Err(Error::invalid_policy(
                    format!("sync.append_only[{i}]"),
                    "collection names must not be empty",
                ));
            }
            if self.append_only.iter().take(i).any(|n| n == name) {
                return Err(Error::invalid_policy(
                    format!("sync.append_only[{i}]"),
                    format!("duplicate collection {name:?}"),
                ));
            }
        }
        if self.cache_customers == 0 || self.cache_customers > 100_000 {
            return Err(Error::invalid_policy(
                "sync.cache_customers",
                format!("must be between 1 and 100000, got {}", self.cache_customers),
            ));
        }
        if self.access_window.seconds() <= 0 {
            return Err(Error::invalid_policy(
                "sync.access_window",
                "must be longer than zero, e.g. \"30d\"",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Policy;

    #[test]
    fn invalid_sections_name_their_path() {
        let e =
            Policy::from_json(r#"{"sync": {"append_only": ["photos", "photos"]}}"#).unwrap_err();
        assert_eq!(e.path(), "sync.append_only[1]");
        let e = Policy::from_json(r#"{"sync": {"access_window": "0s"}}"#).unwrap_err();
        assert_eq!(e.path(), "sync.access_window");
    }
}
