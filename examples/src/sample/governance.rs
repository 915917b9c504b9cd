//! The month's governance data: churn signals per customer, the service desk's complaints, and
//! the audit events of reps opening and editing customer data. Derived from the month's seed
//! with one stream per customer and event, so it does not disturb the rest of the month.

use super::{Month, Rng};
use salesrules::time::Instant;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One customer's churn signals, as the host would measure them (decimal strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSignals {
    /// The customer id.
    pub id: String,
    /// Signal values by name.
    pub signals: BTreeMap<String, String>,
}

/// A complaint from the service desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleComplaint {
    /// Complaint id, e.g. `K-0007`.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// When it was made.
    pub at: Instant,
    /// What it is about.
    pub summary: String,
}

/// An operation of a rep on customer data (the `audit_append` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleAuditEvent {
    /// Rep id.
    pub actor: String,
    /// `view`, `update`, `export` or `unmask`.
    pub action: String,
    /// The customer.
    pub customer_id: String,
    /// Fields touched.
    pub fields: Vec<String>,
    /// When.
    pub at: Instant,
}

/// The month's governance data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GovernanceSample {
    /// Churn signals of every customer.
    pub signals: Vec<CustomerSignals>,
    /// Complaints, by time.
    pub complaints: Vec<SampleComplaint>,
    /// Audit events, by time.
    pub audit_events: Vec<SampleAuditEvent>,
}

const SUMMARIES: [&str; 5] = [
    "交付延迟 (late delivery)",
    "发票错误 (wrong invoice)",
    "技术支持响应慢 (slow support)",
    "价格争议 (price dispute)",
    "安装质量 (installation quality)",
];
const ACTIONS: [(&str, &[&str]); 4] = [
    ("view", &["phone", "email"]),
    ("update", &["phone"]),
    ("export", &["bank_account", "phone", "email"]),
    ("unmask", &["resident_id"]),
];

/// Audit events in the sample month.
pub const AUDIT_EVENTS: u64 = 60;

/// Generate the month's governance data.
pub fn generate(month: &Month) -> GovernanceSample {
    let start = month.starts_at.unix_seconds();
    let span = (month.ends_at.unix_seconds() - start).max(1) as u64;
    let at = |offset: u64| {
        Instant::from_unix(start + offset as i64, 8 * 3600).unwrap_or(month.starts_at)
    };
    let mut out = GovernanceSample::default();
    for (i, c) in month.customers.iter().enumerate() {
        let mut rng = Rng::derive(month.seed, "governance-churn", i as u64);
        let complaints = if rng.chance(120) { 1 + rng.below(3) } else { 0 };
        for _ in 0..complaints {
            out.complaints.push(SampleComplaint {
                id: String::new(),
                customer_id: c.id.clone(),
                at: at(rng.below(span)),
                summary: SUMMARIES
                    .get(rng.index(SUMMARIES.len()))
                    .copied()
                    .unwrap_or("complaint")
                    .to_string(),
            });
        }
        let tone = rng.range(-10, 10);
        let signals = [
            (
                "meeting_cancellations",
                rng.below(4 + complaints).to_string(),
            ),
            (
                "response_latency_hours",
                rng.range(2, 60 + 20 * complaints as i64).to_string(),
            ),
            ("document_downloads", rng.below(15).to_string()),
            ("complaints", complaints.to_string()),
            (
                "email_tone",
                format!(
                    "{}{}.{}",
                    if tone < 0 { "-" } else { "" },
                    tone.abs() / 10,
                    tone.abs() % 10
                ),
            ),
        ];
        out.signals.push(CustomerSignals {
            id: c.id.clone(),
            signals: signals
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        });
    }
    out.complaints
        .sort_by(|a, b| a.at.cmp(&b.at).then(a.customer_id.cmp(&b.customer_id)));
    for (n, c) in out.complaints.iter_mut().enumerate() {
        c.id = format!("K-{:04}", n + 1);
    }
    for n in 0..AUDIT_EVENTS {
        let mut rng = Rng::derive(month.seed, "governance-audit", n);
        let (action, fields) = ACTIONS
            .get(rng.index(ACTIONS.len()))
            .copied()
            .unwrap_or(("view", &[]));
        out.audit_events.push(SampleAuditEvent {
            actor: month
                .reps
                .get(rng.index(month.reps.len()))
                .map(|r| r.id.clone())
                .unwrap_or_default(),
            action: action.to_string(),
            customer_id: month
                .customers
                .get(rng.index(month.customers.len()))
                .map(|c| c.id.clone())
                .unwrap_or_default(),
            fields: fields.iter().map(|f| f.to_string()).collect(),
            at: at(rng.below(span)),
        });
    }
    out.audit_events
        .sort_by(|a, b| a.at.cmp(&b.at).then(a.actor.cmp(&b.actor)));
    out
}
