//! Evidence-backed appeals against a lock or a share (SPEC 2B).
//!
//! `appeal` files one (evidence is required) and gives it a deterministic id; `resolve_appeal`
//! decides it and re-runs the attribution deterministically. An accepted appeal against a lock
//! releases it to the appellant; an accepted appeal against a share re-runs with the touches the
//! committee accepted as evidence. The original and re-run results and the appeal itself are
//! returned together as an audit trail, so the monthly report can show "appealed, accepted on …".

use crate::attribution::{AttributeRequest, AttributeResponse, LockRelease, Touch};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::time::Instant;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What an appeal contests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealTarget {
    /// A silent-period lock on the appellant's share.
    Lock,
    /// The appellant's share itself.
    Share,
}

/// The kind of an evidence reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// Meeting minutes (text or a document reference).
    MeetingMinutes,
    /// A system log id (CRM, mail server, phone system).
    SystemLog,
    /// Any other document.
    Document,
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Kind of evidence.
    pub kind: EvidenceKind,
    /// Reference (document id, log id) or the minutes' text.
    pub reference: String,
}

/// An appeal as filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppealFiling {
    /// The deal.
    pub deal_id: String,
    /// The appellant.
    pub rep: String,
    /// What is contested.
    pub against: AppealTarget,
    /// Why, in the appellant's words.
    pub reason: String,
    /// Evidence references; at least one.
    pub evidence: Vec<Evidence>,
    /// When it was filed.
    pub filed_at: Instant,
}

/// Request of the `appeal` operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppealRequest {
    /// The appeal.
    pub appeal: AppealFiling,
}

/// The decision on an appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Accepted: the lock is released (or the accepted touches count).
    Accepted,
    /// Rejected: the result stands.
    Rejected,
}

/// A resolution of an appeal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// Accepted or rejected.
    pub decision: Decision,
    /// Who decided.
    pub by: String,
    /// When.
    pub at: Instant,
    /// Note for the record.
    #[serde(default)]
    pub note: String,
    /// For an accepted appeal against a share: touches the committee accepted as evidence,
    /// added to the deal's touches in the re-run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_touches: Vec<Touch>,
}

/// An appeal with its id and status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealRecord {
    /// Deterministic id: `AP-` + 16 hex digits of the SHA-256 of the filing.
    pub id: String,
    /// `open`, `accepted` or `rejected`.
    pub status: String,
    /// The filing.
    #[serde(flatten)]
    pub filing: AppealFiling,
    /// The resolution, once decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
}

/// One entry of an appeal's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Deterministic id of the entry.
    pub id: String,
    /// `filed`, `resolved`, `original_result` or `rerun_result`.
    pub event: String,
    /// When.
    pub at: Instant,
    /// Who.
    pub by: String,
    /// What, in words.
    pub text: String,
}

/// Response of the `appeal` operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealResponse {
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
    /// The filed appeal (status `open`).
    pub appeal: AppealRecord,
    /// The audit trail so far.
    pub audit_trail: Vec<AuditEntry>,
}

/// Request of the `resolve_appeal` operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolveAppealRequest {
    /// The appeal as filed.
    pub appeal: AppealFiling,
    /// The decision.
    pub resolution: Resolution,
    /// The deal's attribution request, re-run deterministically.
    pub attribution: AttributeRequest,
}

/// A rep whose money changed between the original and the re-run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Rep id.
    pub rep: String,
    /// Paid before.
    pub credit_before: String,
    /// Paid after.
    pub credit_after: String,
    /// Locked before.
    pub locked_before: String,
    /// Locked after.
    pub locked_after: String,
}

/// Response of the `resolve_appeal` operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolveAppealResponse {
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
    /// The appeal with its resolution.
    pub appeal: AppealRecord,
    /// The attribution before the decision.
    pub original: AttributeResponse,
    /// The attribution re-run after the decision.
    pub rerun: AttributeResponse,
    /// Reps whose money changed.
    pub changes: Vec<Change>,
    /// Filing, resolution and both results, in order.
    pub audit_trail: Vec<AuditEntry>,
}

fn digest_hex(value: &impl Serialize, len: usize) -> String {
    let text = serde_json::to_value(value)
        .map(|v| v.to_string())
        .unwrap_or_default();
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .chars()
        .take(len)
        .collect()
}

fn check_filing(f: &AppealFiling) -> Result<()> {
    for (field, v) in [
        ("deal_id", &f.deal_id),
        ("rep", &f.rep),
        ("reason", &f.reason),
    ] {
        if v.trim().is_empty() {
            return Err(Error::invalid_request(
                format!("appeal.{field}"),
                "must not be empty",
            ));
        }
    }
    if f.evidence.is_empty() {
        return Err(Error::invalid_request(
            "appeal.evidence",
            "an appeal needs evidence: at least one meeting-minutes text, system log id or document reference",
        ));
    }
    for (i, e) in f.evidence.iter().enumerate() {
        if e.reference.trim().is_empty() {
            return Err(Error::invalid_request(
                format!("appeal.evidence[{i}].reference"),
                "must not be empty: give the log id, document id or minutes text",
            ));
        }
    }
    Ok(())
}

fn record(f: &AppealFiling) -> AppealRecord {
    AppealRecord {
        id: format!("AP-{}", digest_hex(f, 16)),
        status: "open".into(),
        filing: f.clone(),
        resolution: None,
    }
}

fn entry(event: &str, at: Instant, by: &str, text: String, salt: &impl Serialize) -> AuditEntry {
    let id = format!("AE-{}", digest_hex(&(event, at, by, &text, salt), 16));
    AuditEntry {
        id,
        event: event.into(),
        at,
        by: by.into(),
        text,
    }
}

fn filed_entry(r: &AppealRecord) -> AuditEntry {
    let f = &r.filing;
    let what = match f.against {
        AppealTarget::Lock => "the lock on their share",
        AppealTarget::Share => "their share",
    };
    entry(
        "filed",
        f.filed_at,
        &f.rep,
        format!(
            "{} appealed {what} of deal {} with {} evidence reference(s): {}",
            f.rep,
            f.deal_id,
            f.evidence.len(),
            f.reason
        ),
        &r.id,
    )
}

/// Serve `appeal`. Called by [`Engine::appeal`].
pub(crate) fn appeal(engine: &Engine, req: &AppealRequest) -> Result<AppealResponse> {
    check_filing(&req.appeal)?;
    let r = record(&req.appeal);
    Ok(AppealResponse {
        policy_fingerprint: engine.fingerprint().to_string(),
        audit_trail: vec![filed_entry(&r)],
        appeal: r,
    })
}

fn amount_of<'a>(list: impl Iterator<Item = (&'a str, &'a str)>, rep: &str, zero: &str) -> String {
    list.into_iter()
        .find(|(r, _)| *r == rep)
        .map_or(zero.to_string(), |(_, a)| a.to_string())
}

/// Point an error of the re-run attribution (the original touches followed by the accepted
/// ones) back at the request: `touches[N]` past the original ones is
/// `resolution.accepted_touches[N - original]`, anything else is in `attribution`.
fn rerun_error(e: Error, original: usize) -> Error {
    let path = e.path();
    let mapped = match path.strip_prefix("touches") {
        Some("") => "resolution.accepted_touches".to_string(),
        Some(rest) => {
            let index = rest
                .strip_prefix('[')
                .and_then(|r| r.split_once(']'))
                .and_then(|(n, tail)| n.parse::<usize>().ok().map(|n| (n, tail)));
            match index {
                Some((n, tail)) if n >= original => {
                    format!("resolution.accepted_touches[{}]{tail}", n - original)
                }
                _ => crate::error::join_path("attribution", path),
            }
        }
        None if path.is_empty() => "resolution".to_string(),
        None => crate::error::join_path("attribution", path),
    };
    Error::new(e.kind(), mapped, e.message())
}

/// Serve `resolve_appeal`. Called by [`Engine::resolve_appeal`].
pub(crate) fn resolve_appeal(
    engine: &Engine,
    req: &ResolveAppealRequest,
) -> Result<ResolveAppealResponse> {
    let f = &req.appeal;
    check_filing(f)?;
    if f.deal_id != req.attribution.deal.id {
        return Err(Error::invalid_request(
            "attribution.deal.id",
            format!(
                "the appeal is about deal {:?}, not {:?}",
                f.deal_id, req.attribution.deal.id
            ),
        ));
    }
    let res = &req.resolution;
    if res.by.trim().is_empty() {
        return Err(Error::invalid_request(
            "resolution.by",
            "must name who decided",
        ));
    }
    if res.at < f.filed_at {
        return Err(Error::invalid_request(
            "resolution.at",
            format!(
                "an appeal filed on {} cannot be resolved earlier, on {}",
                f.filed_at, res.at
            ),
        ));
    }
    if !res.accepted_touches.is_empty()
        && (f.against != AppealTarget::Share || res.decision != Decision::Accepted)
    {
        return Err(Error::invalid_request(
            "resolution.accepted_touches",
            "only an accepted appeal against a share adds touches",
        ));
    }
    let original = engine
        .attribute(&req.attribution)
        .map_err(|e| e.within("attribution"))?;
    if f.against == AppealTarget::Lock && !original.locked.iter().any(|l| l.rep == f.rep) {
        return Err(Error::invalid_request(
            "appeal.rep",
            format!(
                "{} has no locked share in deal {}; appeal the share instead",
                f.rep, f.deal_id
            ),
        ));
    }
    let mut r = record(f);
    let mut rerun_request = req.attribution.clone();
    if res.decision == Decision::Accepted {
        match f.against {
            AppealTarget::Lock => rerun_request.lock_releases.push(LockRelease {
                rep: f.rep.clone(),
                appeal_id: r.id.clone(),
            }),
            AppealTarget::Share => rerun_request
                .touches
                .extend(res.accepted_touches.iter().cloned()),
        }
    }
    let rerun = engine
        .attribute(&rerun_request)
        .map_err(|e| rerun_error(e, req.attribution.touches.len()))?;
    r.status = match res.decision {
        Decision::Accepted => "accepted",
        Decision::Rejected => "rejected",
    }
    .into();
    r.resolution = Some(res.clone());
    let zero = crate::money::format_minor(
        0,
        original
            .amount
            .split('.')
            .nth(1)
            .map_or(0, |d| d.len() as u32),
    );
    let mut reps: Vec<&str> = original
        .credits
        .iter()
        .map(|c| c.rep.as_str())
        .chain(original.locked.iter().map(|l| l.rep.as_str()))
        .chain(rerun.credits.iter().map(|c| c.rep.as_str()))
        .chain(rerun.locked.iter().map(|l| l.rep.as_str()))
        .collect();
    reps.sort_unstable();
    reps.dedup();
    let changes: Vec<Change> = reps
        .iter()
        .map(|rep| {
            let credit = |x: &AttributeResponse| {
                amount_of(
                    x.credits
                        .iter()
                        .map(|c| (c.rep.as_str(), c.amount.as_str())),
                    rep,
                    &zero,
                )
            };
            let locked = |x: &AttributeResponse| {
                amount_of(
                    x.locked.iter().map(|c| (c.rep.as_str(), c.amount.as_str())),
                    rep,
                    &zero,
                )
            };
            Change {
                rep: rep.to_string(),
                credit_before: credit(&original),
                credit_after: credit(&rerun),
                locked_before: locked(&original),
                locked_after: locked(&rerun),
            }
        })
        .filter(|c| c.credit_before != c.credit_after || c.locked_before != c.locked_after)
        .collect();
    let summary = |x: &AttributeResponse| {
        x.credits
            .iter()
            .map(|c| format!("{} {}", c.rep, c.amount))
            .chain(
                x.locked
                    .iter()
                    .map(|l| format!("{} {} locked", l.rep, l.amount)),
            )
            .collect::<Vec<_>>()
            .join(", ")
    };
    let audit_trail = vec![
        filed_entry(&r),
        entry(
            "resolved",
            res.at,
            &res.by,
            format!(
                "{} {} appeal {} on {}{}",
                res.by,
                r.status,
                r.id,
                res.at,
                if res.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", res.note)
                }
            ),
            &r.id,
        ),
        entry(
            "original_result",
            res.at,
            &res.by,
            format!("before: {}", summary(&original)),
            &r.id,
        ),
        entry(
            "rerun_result",
            res.at,
            &res.by,
            format!("after: {}", summary(&rerun)),
            &r.id,
        ),
    ];
    Ok(ResolveAppealResponse {
        policy_fingerprint: engine.fingerprint().to_string(),
        appeal: r,
        original,
        rerun,
        changes,
        audit_trail,
    })
}
