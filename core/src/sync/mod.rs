//! Offline work (SPEC 2H): `merge_offline` merges a record edited on a device while offline
//! with the server's copy, and `cache_plan` chooses what a device keeps for offline use.
//!
//! # Merge rules
//! A field is compared across `base` (the copy the device took offline), `local` (the device)
//! and `remote` (the server). A missing field and a `null` field are the same ("no value");
//! fields without a value are left out of the merged record.
//! - both sides equal → that value (`taken_from: "both"` when it differs from base);
//! - only one side changed it from base → that side's value;
//! - both changed it from base, to different values → a **conflict**: the merged record keeps
//!   the base value, and the conflict carries both values with their edit times and
//!   `needs_user: true`. Nothing is decided by edit time: last-writer-wins is never applied.
//!
//! Append-only collections (`sync.append_only`, default visit notes and photos) are unioned:
//! an item is any JSON value, items are the same when their canonical JSON (keys sorted, no
//! spaces) is equal, and the merged collection is sorted by that canonical JSON. An item one side
//! dropped is kept (and counted as `kept_removed`), since these collections only grow.

pub mod cache;
pub mod policy;

pub use cache::{cache_plan, CachePlanRequest, CachePlanResponse};
pub use policy::SyncPolicy;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::time::Instant;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One version of a record.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordVersion {
    /// Field values by name (any JSON value; null means no value).
    #[serde(default)]
    pub fields: BTreeMap<String, Value>,
    /// When each field was last edited on this side (optional, shown in conflicts).
    #[serde(default)]
    pub edited_at: BTreeMap<String, Instant>,
    /// Append-only collections by name (names from `sync.append_only`).
    #[serde(default)]
    pub collections: BTreeMap<String, Vec<Value>>,
}

/// Request of `merge_offline`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeOfflineRequest {
    /// The record.
    pub record_id: String,
    /// The copy taken offline.
    pub base: RecordVersion,
    /// The device's copy.
    pub local: RecordVersion,
    /// The server's copy.
    pub remote: RecordVersion,
}

/// Where a merged field's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TakenFrom {
    /// Only the device changed it.
    Local,
    /// Only the server changed it.
    Remote,
    /// Both changed it to the same value.
    Both,
}

/// A field changed from base without conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field.
    pub field: String,
    /// Which side's edit was taken.
    pub taken_from: TakenFrom,
    /// The new value (null when the field was cleared).
    pub value: Value,
}

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictSide {
    /// The value on this side (null when cleared).
    pub value: Value,
    /// When it was edited, if the side said.
    pub edited_at: Option<Instant>,
}

/// A field both sides changed to different values: kept for the user to decide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldConflict {
    /// The field.
    pub field: String,
    /// The base value (kept in the merged record until the user decides).
    pub base: Value,
    /// The device's edit.
    pub local: ConflictSide,
    /// The server's edit.
    pub remote: ConflictSide,
    /// Always true: a person must choose.
    pub needs_user: bool,
}

/// How an append-only collection was merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectionMerge {
    /// The collection.
    pub collection: String,
    /// Items in the merged collection.
    pub items: usize,
    /// Items only the device added.
    pub from_local: usize,
    /// Items only the server added.
    pub from_remote: usize,
    /// Base items one side no longer had, kept because the collection only grows.
    pub kept_removed: usize,
}

/// Response of `merge_offline`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeOfflineResponse {
    /// The record.
    pub record_id: String,
    /// The merged fields (fields without a value left out; conflicting fields hold base).
    pub fields: BTreeMap<String, Value>,
    /// The merged append-only collections.
    pub collections: BTreeMap<String, Vec<Value>>,
    /// Fields changed from base without conflict, by field.
    pub changes: Vec<FieldChange>,
    /// Fields both sides changed differently, by field.
    pub conflicts: Vec<FieldConflict>,
    /// Per collection, by name.
    pub collection_merges: Vec<CollectionMerge>,
    /// True when any conflict waits for the user.
    pub needs_user: bool,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

/// The canonical JSON of a value: object keys sorted, no spaces.
pub fn canonical(value: &Value) -> String {
    // serde_json's map is ordered, so printing sorts the keys.
    value.to_string()
}

/// Serve `merge_offline`.
pub fn merge_offline(
    engine: &Engine,
    request: &MergeOfflineRequest,
) -> Result<MergeOfflineResponse> {
    let policy = &engine.policy().sync;
    if request.record_id.trim().is_empty() {
        return Err(Error::invalid_request("record_id", "must not be empty"));
    }
    let sides = [
        ("base", &request.base),
        ("local", &request.local),
        ("remote", &request.remote),
    ];
    for (side, version) in sides {
        for name in version.collections.keys() {
            if !policy.append_only.contains(name) {
                return Err(Error::invalid_request(
                    format!("{side}.collections.{name}"),
                    format!(
                        "{name:?} is not an append-only collection of the policy (sync.append_only: {}); send it as a field or add it to the policy",
                        policy.append_only.join(", ")
                    ),
                ));
            }
        }
    }
    let null = Value::Null;
    let names: BTreeSet<&String> = sides.iter().flat_map(|(_, v)| v.fields.keys()).collect();
    let mut fields = BTreeMap::new();
    let mut changes = Vec::new();
    let mut conflicts = Vec::new();
    for name in names {
        let get = |v: &RecordVersion| v.fields.get(name).unwrap_or(&null).clone();
        let (b, l, r) = (
            get(&request.base),
            get(&request.local),
            get(&request.remote),
        );
        let merged = if l == r {
            if l != b {
                changes.push(FieldChange {
                    field: name.clone(),
                    taken_from: TakenFrom::Both,
                    value: l.clone(),
                });
            }
            l
        } else if l == b {
            changes.push(FieldChange {
                field: name.clone(),
                taken_from: TakenFrom::Remote,
                value: r.clone(),
            });
            r
        } else if r == b {
            changes.push(FieldChange {
                field: name.clone(),
                taken_from: TakenFrom::Local,
                value: l.clone(),
            });
            l
        } else {
            conflicts.push(FieldConflict {
                field: name.clone(),
                base: b.clone(),
                local: ConflictSide {
                    value: l,
                    edited_at: request.local.edited_at.get(name).copied(),
                },
                remote: ConflictSide {
                    value: r,
                    edited_at: request.remote.edited_at.get(name).copied(),
                },
                needs_user: true,
            });
            b
        };
        if !merged.is_null() {
            fields.insert(name.clone(), merged);
        }
    }
    let mut collections = BTreeMap::new();
    let mut collection_merges = Vec::new();
    let collection_names: BTreeSet<&String> = sides
        .iter()
        .flat_map(|(_, v)| v.collections.keys())
        .collect();
    for name in collection_names {
        let keys = |v: &RecordVersion| -> BTreeMap<String, Value> {
            v.collections
                .get(name)
                .map(|items| items.iter().map(|i| (canonical(i), i.clone())).collect())
                .unwrap_or_default()
        };
        let (b, l, r) = (
            keys(&request.base),
            keys(&request.local),
            keys(&request.remote),
        );
        let from_local = l
            .keys()
            .filter(|k| !b.contains_key(*k) && !r.contains_key(*k))
            .count();
        let from_remote = r
            .keys()
            .filter(|k| !b.contains_key(*k) && !l.contains_key(*k))
            .count();
        let kept_removed = b
            .keys()
            .filter(|k| !l.contains_key(*k) || !r.contains_key(*k))
            .count();
        let mut union = b;
        union.extend(l);
        union.extend(r);
        collection_merges.push(CollectionMerge {
            collection: name.clone(),
            items: union.len(),
            from_local,
            from_remote,
            kept_removed,
        });
        collections.insert(name.clone(), union.into_values().collect());
    }
    Ok(MergeOfflineResponse {
        record_id: request.record_id.clone(),
        fields,
        collections,
        changes,
        needs_user: !conflicts.is_empty(),
        conflicts,
        collection_merges,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn version(v: Value) -> RecordVersion {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn one_sided_edits_merge_and_conflicts_keep_both() {
        let engine = Engine::default();
        let r = merge_offline(
            &engine,
            &MergeOfflineRequest {
                record_id: "C-1".into(),
                base: version(json!({"fields": {"phone": "1", "stage": "lead", "city": "SH"}})),
                local: version(
                    json!({"fields": {"phone": "2", "stage": "lead", "city": "BJ"},
                    "edited_at": {"city": "2026-03-01T10:00:00+08:00"}}),
                ),
                remote: version(json!({"fields": {"phone": "1", "stage": "won", "city": "GZ"}})),
            },
        )
        .unwrap();
        assert_eq!(r.fields["phone"], json!("2"));
        assert_eq!(r.fields["stage"], json!("won"));
        assert_eq!(r.fields["city"], json!("SH"));
        assert_eq!(r.conflicts.len(), 1);
        assert_eq!(r.conflicts[0].local.value, json!("BJ"));
        assert_eq!(r.conflicts[0].remote.value, json!("GZ"));
        assert!(r.needs_user);
    }

    #[test]
    fn append_only_collections_are_unioned() {
        let engine = Engine::default();
        let r = merge_offline(
            &engine,
            &MergeOfflineRequest {
                record_id: "C-1".into(),
                base: version(json!({"collections": {"visit_notes": [{"id": "n1"}]}})),
                local: version(
                    json!({"collections": {"visit_notes": [{"id": "n1"}, {"id": "n2"}]}}),
                ),
                remote: version(json!({"collections": {"visit_notes": [{"id": "n3"}]}})),
            },
        )
        .unwrap();
        assert_eq!(
            r.collections["visit_notes"],
            vec![
                json!({"id": "n1"}),
                json!({"id": "n2"}),
                json!({"id": "n3"})
            ]
        );
        assert_eq!(r.collection_merges[0].kept_removed, 1);
    }
}
