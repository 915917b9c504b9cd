//! The tamper-evident audit log (SPEC 2H): append-only, SHA-256 hash-chained entries of
//! operations on customer data. The chain is a pure function of its entries: `audit_append`
//! takes the chain's head (or nothing, for the first entry) and a new entry and returns the
//! entry with its `seq`, `prev_hash` and `hash`; the host stores it. `audit_verify` takes the
//! chain and reports the first broken link.
//!
//! # Canonical serialisation (version `salesrules-audit/1`)
//! An entry's `hash` is `sha256:` + the lower-case hex SHA-256 of the UTF-8 bytes of this
//! JSON array, written compactly (no spaces; strings escaped as JSON requires, non-ASCII kept
//! as UTF-8, control characters as `\u00XX` with lower-case hex, other characters verbatim):
//!
//! ```text
//! ["salesrules-audit/1",seq,prev_hash,at,actor,action,customer_id,[fields...],policy_fingerprint]
//! ```
//!
//! `seq` is a JSON integer, `prev_hash` the previous entry's `hash` or `null` for the first
//! entry, `at` the timestamp exactly as given (it must parse as RFC 3339 with an offset, but is
//! hashed verbatim), and `fields` in the order given. Python reproduces it with
//! `json.dumps(array, ensure_ascii=False, separators=(",", ":"))`.

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::time::Instant;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version tag that starts every canonical entry.
pub const AUDIT_FORMAT: &str = "salesrules-audit/1";

/// What happened, before it is chained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEvent {
    /// Who did it (a user or service id).
    pub actor: String,
    /// What was done, e.g. `view`, `update`, `export`, `unmask`.
    pub action: String,
    /// Whose data.
    pub customer_id: String,
    /// Which fields were touched (may be empty).
    #[serde(default)]
    pub fields: Vec<String>,
    /// When, RFC 3339 with an offset; hashed exactly as written.
    pub at: String,
    /// The policy in force for the operation; the engine's own when absent.
    #[serde(default)]
    pub policy_fingerprint: Option<String>,
}

/// A chained entry, as stored by the host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// Position in the chain, from 0.
    pub seq: u64,
    /// The previous entry's hash; null for the first entry.
    pub prev_hash: Option<String>,
    /// Who did it.
    pub actor: String,
    /// What was done.
    pub action: String,
    /// Whose data.
    pub customer_id: String,
    /// Which fields.
    pub fields: Vec<String>,
    /// When, as written.
    pub at: String,
    /// The policy in force for the operation.
    pub policy_fingerprint: String,
    /// `sha256:<hex>` of the canonical form (see the module documentation).
    pub hash: String,
}

/// The last entry of a chain, enough to append to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainHead {
    /// Its `seq`.
    pub seq: u64,
    /// Its `hash`.
    pub hash: String,
}

/// Request of `audit_append`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditAppendRequest {
    /// The chain's last entry; null (or absent) when the chain is empty.
    #[serde(default)]
    pub head: Option<ChainHead>,
    /// The new event.
    pub entry: AuditEvent,
}

/// Response of `audit_append`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditAppendResponse {
    /// The chained entry to store.
    pub entry: AuditEntry,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

/// Request of `audit_verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditVerifyRequest {
    /// The chain, oldest first.
    pub chain: Vec<AuditEntry>,
    /// When the chain is a segment: the entry just before it (its first entry must link to
    /// it); absent when the chain starts at `seq` 0.
    #[serde(default)]
    pub after: Option<ChainHead>,
}

/// The first broken link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenLink {
    /// Index in `chain`.
    pub index: usize,
    /// The field that does not match: `seq`, `prev_hash`, `hash` or `at`.
    pub field: String,
    /// What it should be.
    pub expected: Option<String>,
    /// What it is.
    pub found: Option<String>,
    /// In words.
    pub reason: String,
}

/// Response of `audit_verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditVerifyResponse {
    /// True when every link holds.
    pub ok: bool,
    /// Entries checked.
    pub entries: usize,
    /// The last entry when the chain is intact (null when broken or empty).
    pub head: Option<ChainHead>,
    /// The first broken link, null when ok.
    pub first_broken: Option<BrokenLink>,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

fn hex(digest: &[u8]) -> String {
    let mut out = String::with_capacity(7 + digest.len() * 2);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The canonical serialisation of an entry (everything but its `hash`).
#[allow(clippy::too_many_arguments)]
pub fn canonical_entry(
    seq: u64,
    prev_hash: Option<&str>,
    at: &str,
    actor: &str,
    action: &str,
    customer_id: &str,
    fields: &[String],
    policy_fingerprint: &str,
) -> String {
    serde_json::json!([
        AUDIT_FORMAT,
        seq,
        prev_hash,
        at,
        actor,
        action,
        customer_id,
        fields,
        policy_fingerprint
    ])
    .to_string()
}

/// The hash an entry must carry.
pub fn entry_hash(entry: &AuditEntry) -> String {
    let canonical = canonical_entry(
        entry.seq,
        entry.prev_hash.as_deref(),
        &entry.at,
        &entry.actor,
        &entry.action,
        &entry.customer_id,
        &entry.fields,
        &entry.policy_fingerprint,
    );
    hex(&Sha256::digest(canonical.as_bytes()))
}

fn is_hash(s: &str) -> bool {
    s.strip_prefix("sha256:").is_some_and(|h| {
        h.len() == 64
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

fn check_event(event: &AuditEvent) -> Result<()> {
    for (name, v) in [
        ("actor", &event.actor),
        ("action", &event.action),
        ("customer_id", &event.customer_id),
    ] {
        if v.trim().is_empty() {
            return Err(Error::invalid_request(
                format!("entry.{name}"),
                "must not be empty",
            ));
        }
    }
    event
        .at
        .parse::<Instant>()
        .map_err(|e| Error::invalid_request("entry.at", e.to_string()))?;
    Ok(())
}

/// Serve `audit_append`.
pub fn audit_append(engine: &Engine, request: &AuditAppendRequest) -> Result<AuditAppendResponse> {
    let event = &request.entry;
    check_event(event)?;
    let (seq, prev_hash) = match &request.head {
        None => (0, None),
        Some(head) => {
            if !is_hash(&head.hash) {
                return Err(Error::invalid_request(
                    "head.hash",
                    format!(
                        "expected \"sha256:\" and 64 lower-case hex digits, got {:?}",
                        head.hash.chars().take(80).collect::<String>()
                    ),
                ));
            }
            let seq = head.seq.checked_add(1).ok_or_else(|| {
                Error::invalid_request("head.seq", "the chain is full (seq at its maximum)")
            })?;
            (seq, Some(head.hash.clone()))
        }
    };
    let fingerprint = event
        .policy_fingerprint
        .clone()
        .unwrap_or_else(|| engine.fingerprint().to_string());
    let mut entry = AuditEntry {
        seq,
        prev_hash,
        actor: event.actor.clone(),
        action: event.action.clone(),
        customer_id: event.customer_id.clone(),
        fields: event.fields.clone(),
        at: event.at.clone(),
        policy_fingerprint: fingerprint,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    Ok(AuditAppendResponse {
        entry,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}

/// Serve `audit_verify`: every entry's `seq` follows the previous one, its `prev_hash` is the
/// previous entry's `hash`, its `at` is a valid timestamp, and its `hash` is the hash of its
/// canonical form. The first failure is reported.
pub fn audit_verify(engine: &Engine, request: &AuditVerifyRequest) -> Result<AuditVerifyResponse> {
    let (mut expected_seq, mut expected_prev) = match &request.after {
        None => (0, None),
        Some(h) => (h.seq.saturating_add(1), Some(h.hash.clone())),
    };
    let broken = |index: usize, field: &str, expected: Option<String>, found, reason: &str| {
        Some(BrokenLink {
            index,
            field: field.into(),
            expected,
            found,
            reason: reason.into(),
        })
    };
    let mut first_broken = None;
    for (i, entry) in request.chain.iter().enumerate() {
        if entry.seq != expected_seq {
            first_broken = broken(
                i,
                "seq",
                Some(expected_seq.to_string()),
                Some(entry.seq.to_string()),
                "entries are numbered without gaps; an entry was removed, inserted or renumbered",
            );
            break;
        }
        if entry.prev_hash != expected_prev {
            first_broken = broken(
                i,
                "prev_hash",
                expected_prev.clone(),
                entry.prev_hash.clone(),
                "the entry does not link to the one before it",
            );
            break;
        }
        if entry.at.parse::<Instant>().is_err() {
            first_broken = broken(
                i,
                "at",
                None,
                Some(entry.at.clone()),
                "the timestamp is not RFC 3339 with an offset",
            );
            break;
        }
        let hash = entry_hash(entry);
        if hash != entry.hash {
            first_broken = broken(
                i,
                "hash",
                Some(hash),
                Some(entry.hash.clone()),
                "the entry's content does not match its hash; it was altered after it was written",
            );
            break;
        }
        expected_seq = entry.seq.saturating_add(1);
        expected_prev = Some(entry.hash.clone());
    }
    let ok = first_broken.is_none();
    let head = if ok {
        request.chain.last().map(|e| ChainHead {
            seq: e.seq,
            hash: e.hash.clone(),
        })
    } else {
        None
    };
    Ok(AuditVerifyResponse {
        ok,
        entries: request.chain.len(),
        head,
        first_broken,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(actor: &str, at: &str) -> AuditEvent {
        AuditEvent {
            actor: actor.into(),
            action: "update".into(),
            customer_id: "C-1".into(),
            fields: vec!["phone".into()],
            at: at.into(),
            policy_fingerprint: Some("sha256:test".into()),
        }
    }

    fn chain(n: usize) -> Vec<AuditEntry> {
        let engine = Engine::default();
        let mut out: Vec<AuditEntry> = Vec::new();
        for i in 0..n {
            let head = out.last().map(|e| ChainHead {
                seq: e.seq,
                hash: e.hash.clone(),
            });
            let at = format!("2026-03-01T10:{i:02}:00+08:00");
            let r = audit_append(
                &engine,
                &AuditAppendRequest {
                    head,
                    entry: event("alice", &at),
                },
            )
            .unwrap();
            out.push(r.entry);
        }
        out
    }

    #[test]
    fn the_engine_policy_is_recorded_when_the_entry_names_none() {
        let engine = Engine::default();
        let mut e = event("alice", "2026-03-01T10:00:00+08:00");
        e.policy_fingerprint = None;
        let r = audit_append(
            &engine,
            &AuditAppendRequest {
                head: None,
                entry: e,
            },
        )
        .unwrap();
        assert_eq!(r.entry.policy_fingerprint, engine.fingerprint());
        assert_eq!(r.entry.hash, entry_hash(&r.entry));
    }

    #[test]
    fn canonical_form_is_the_documented_array() {
        let c = canonical_entry(
            0,
            None,
            "2026-03-01T10:00:00+08:00",
            "alice",
            "view",
            "C-1",
            &["phone".into()],
            "sha256:x",
        );
        assert_eq!(
            c,
            r#"["salesrules-audit/1",0,null,"2026-03-01T10:00:00+08:00","alice","view","C-1",["phone"],"sha256:x"]"#
        );
    }

    #[test]
    fn intact_chain_verifies_and_a_removed_entry_is_caught() {
        let engine = Engine::default();
        let mut c = chain(4);
        let r = audit_verify(
            &engine,
            &AuditVerifyRequest {
                chain: c.clone(),
                after: None,
            },
        )
        .unwrap();
        assert!(r.ok);
        assert_eq!(r.head.unwrap().seq, 3);
        c.remove(1);
        let r = audit_verify(
            &engine,
            &AuditVerifyRequest {
                chain: c,
                after: None,
            },
        )
        .unwrap();
        let b = r.first_broken.unwrap();
        assert_eq!((b.index, b.field.as_str()), (1, "seq"));
    }

    #[test]
    fn altered_field_breaks_its_own_hash() {
        let engine = Engine::default();
        let mut c = chain(3);
        c[2].actor = "mallory".into();
        let r = audit_verify(
            &engine,
            &AuditVerifyRequest {
                chain: c,
                after: None,
            },
        )
        .unwrap();
        let b = r.first_broken.unwrap();
        assert_eq!((b.index, b.field.as_str()), (2, "hash"));
    }
}
