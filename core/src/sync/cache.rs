//! `cache_plan`: which customers a device caches fully for offline work, and which attachments
//! it fetches on demand.
//!
//! Customers are ranked by their accesses within `sync.access_window` before `as_of` (most
//! first; ties by the latest access, later first, then by id). The top `sync.cache_customers`
//! (50) customers with at least one access in the window are cached: their record and every
//! attachment up to `sync.attachment_on_demand_bytes`; larger attachments are fetched on demand.

use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::time::Instant;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// An attachment of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// The attachment id.
    pub id: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// A customer as the device sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheCustomer {
    /// The customer id.
    pub id: String,
    /// When the user opened this customer (any order).
    #[serde(default)]
    pub accesses: Vec<Instant>,
    /// Size of the customer's record without attachments, in bytes.
    pub record_bytes: u64,
    /// The customer's attachments.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// Request of `cache_plan`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CachePlanRequest {
    /// The moment the plan is made; accesses after it are ignored.
    pub as_of: Instant,
    /// The customers.
    pub customers: Vec<CacheCustomer>,
}

/// A customer to cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CachedCustomer {
    /// 1 for the most accessed.
    pub rank: usize,
    /// The customer id.
    pub customer_id: String,
    /// Accesses within the window.
    pub accesses: usize,
    /// The latest access within the window.
    pub last_access: Option<Instant>,
    /// Record bytes.
    pub record_bytes: u64,
    /// Attachments cached with the record.
    pub cached_attachments: Vec<String>,
    /// Their bytes.
    pub cached_attachment_bytes: u64,
    /// Attachments fetched on demand (too large to cache).
    pub on_demand: Vec<Attachment>,
    /// Their bytes.
    pub on_demand_bytes: u64,
    /// Storage the customer needs on the device: record + cached attachments.
    pub storage_bytes: u64,
}

/// Response of `cache_plan`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CachePlanResponse {
    /// The customers to cache, by rank.
    pub cached: Vec<CachedCustomer>,
    /// Customers not cached (accessed too little or not in the window), by rank.
    pub not_cached: Vec<String>,
    /// Storage of the whole plan.
    pub total_storage_bytes: u64,
    /// Bytes of all on-demand attachments of the cached customers.
    pub total_on_demand_bytes: u64,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

fn overflow(path: String) -> Error {
    Error::new(
        ErrorCode::ArithmeticOverflow,
        path,
        "byte counts add up beyond 2^64 - 1",
    )
}

/// Serve `cache_plan`.
pub fn cache_plan(engine: &Engine, request: &CachePlanRequest) -> Result<CachePlanResponse> {
    let policy = &engine.policy().sync;
    // A window reaching before the earliest representable instant counts every access.
    let window_start = request.as_of.plus_seconds(-policy.access_window.seconds());
    let mut ids = BTreeSet::new();
    let mut ranked = Vec::with_capacity(request.customers.len());
    for (i, c) in request.customers.iter().enumerate() {
        if c.id.trim().is_empty() {
            return Err(Error::invalid_request(
                format!("customers[{i}].id"),
                "must not be empty",
            ));
        }
        if !ids.insert(c.id.as_str()) {
            return Err(Error::invalid_request(
                format!("customers[{i}].id"),
                format!("customer {:?} appears twice; list each customer once", c.id),
            ));
        }
        let recent: Vec<Instant> = c
            .accesses
            .iter()
            .filter(|a| window_start.is_none_or(|w| **a > w) && **a <= request.as_of)
            .copied()
            .collect();
        let last = recent.iter().max().copied();
        ranked.push((recent.len(), last, i, c));
    }
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.3.id.cmp(&b.3.id)));
    let mut cached = Vec::new();
    let mut not_cached = Vec::new();
    let (mut total_storage, mut total_on_demand) = (0u64, 0u64);
    for (accesses, last, i, c) in ranked {
        if accesses == 0 || cached.len() >= policy.cache_customers {
            not_cached.push(c.id.clone());
            continue;
        }
        let path = || format!("customers[{i}]");
        let (mut small, mut large) = (Vec::new(), Vec::new());
        let (mut small_bytes, mut large_bytes) = (0u64, 0u64);
        for a in &c.attachments {
            if a.bytes > policy.attachment_on_demand_bytes {
                large_bytes = large_bytes
                    .checked_add(a.bytes)
                    .ok_or_else(|| overflow(path()))?;
                large.push(a.clone());
            } else {
                small_bytes = small_bytes
                    .checked_add(a.bytes)
                    .ok_or_else(|| overflow(path()))?;
                small.push(a.id.clone());
            }
        }
        let storage = c
            .record_bytes
            .checked_add(small_bytes)
            .ok_or_else(|| overflow(path()))?;
        total_storage = total_storage
            .checked_add(storage)
            .ok_or_else(|| overflow(path()))?;
        total_on_demand = total_on_demand
            .checked_add(large_bytes)
            .ok_or_else(|| overflow(path()))?;
        cached.push(CachedCustomer {
            rank: cached.len() + 1,
            customer_id: c.id.clone(),
            accesses,
            last_access: last,
            record_bytes: c.record_bytes,
            cached_attachments: small,
            cached_attachment_bytes: small_bytes,
            on_demand: large,
            on_demand_bytes: large_bytes,
            storage_bytes: storage,
        });
    }
    Ok(CachePlanResponse {
        cached,
        not_cached,
        total_storage_bytes: total_storage,
        total_on_demand_bytes: total_on_demand,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(policy: &str, request: &str) -> CachePlanResponse {
        let engine = Engine::from_policy_text(policy).unwrap();
        cache_plan(&engine, &serde_json::from_str(request).unwrap()).unwrap()
    }

    #[test]
    fn accesses_after_as_of_or_before_the_window_do_not_count() {
        let r = plan(
            "{}",
            r#"{"as_of": "2026-03-31T18:00:00+08:00", "customers": [
                {"id": "A", "record_bytes": 1, "accesses": ["2026-04-01T10:00:00+08:00", "2026-03-01T17:59:59+08:00"]},
                {"id": "B", "record_bytes": 1, "accesses": ["2026-03-01T18:00:01+08:00"]}]}"#,
        );
        assert_eq!(r.cached.len(), 1);
        assert_eq!(r.cached[0].customer_id, "B");
        assert_eq!(r.not_cached, vec!["A"]);
    }

    #[test]
    fn an_enormous_window_counts_every_access() {
        let r = plan(
            r#"{"sync": {"access_window": "3600000d"}}"#,
            r#"{"as_of": "2026-03-31T18:00:00+08:00", "customers": [
                {"id": "A", "record_bytes": 1, "accesses": ["1990-01-01T00:00:00Z"]}]}"#,
        );
        assert_eq!(r.cached.len(), 1);
    }
}
