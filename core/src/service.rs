//! Service → sales (SPEC 2H): `service_events` turns customer complaints into revisit tasks for
//! the account owner. A complaint's task is due `service.revisit_due` (48 h) after it; when the
//! customer has complained repeatedly (counting this complaint, `min_complaints` or more within
//! `service.repeat_window` up to it), the task escalates: the due time shortens to the
//! escalation level's `due` and the account's escalation chain is notified up to that level.
//! Due times are wall-clock, or working time of `service.calendar` when it names one.

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::time::{Duration, Instant};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One escalation level of repeated complaints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintEscalation {
    /// Complaints within the window (this one included) that reach this level.
    pub min_complaints: u32,
    /// How soon the revisit is due at this level.
    pub due: Duration,
}

/// The `service` section of the policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServicePolicy {
    /// How soon a revisit is due after a first complaint.
    pub revisit_due: Duration,
    /// Complaints within this window count as repeated.
    pub repeat_window: Duration,
    /// Escalation levels, by increasing `min_complaints`.
    pub escalations: Vec<ComplaintEscalation>,
    /// Business calendar measuring due times (a name in `calendars`); wall-clock when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
}

impl Default for ServicePolicy {
    fn default() -> Self {
        ServicePolicy {
            revisit_due: Duration::from_hours(48),
            repeat_window: Duration::from_days(30),
            escalations: vec![
                ComplaintEscalation {
                    min_complaints: 2,
                    due: Duration::from_hours(24),
                },
                ComplaintEscalation {
                    min_complaints: 3,
                    due: Duration::from_hours(8),
                },
            ],
            calendar: None,
        }
    }
}

impl ServicePolicy {
    /// Check the section; errors name the path under `service`.
    pub fn validate(
        &self,
        calendars: &BTreeMap<String, crate::calendar::CalendarSpec>,
    ) -> Result<()> {
        for (path, d) in [
            ("service.revisit_due", self.revisit_due),
            ("service.repeat_window", self.repeat_window),
        ] {
            if d.seconds() <= 0 {
                return Err(Error::invalid_policy(
                    path,
                    "must be longer than zero, e.g. \"48h\"",
                ));
            }
        }
        let mut previous = 1;
        for (i, e) in self.escalations.iter().enumerate() {
            if e.min_complaints <= previous {
                return Err(Error::invalid_policy(
                    format!("service.escalations[{i}].min_complaints"),
                    format!(
                        "levels go by strictly increasing complaint counts above {previous}, got {}",
                        e.min_complaints
                    ),
                ));
            }
            previous = e.min_complaints;
            if e.due.seconds() <= 0 {
                return Err(Error::invalid_policy(
                    format!("service.escalations[{i}].due"),
                    "must be longer than zero, e.g. \"24h\"",
                ));
            }
        }
        if let Some(name) = &self.calendar {
            if !calendars.contains_key(name) {
                return Err(Error::invalid_policy(
                    "service.calendar",
                    format!("no calendar named {name:?}; add it under calendars first"),
                ));
            }
        }
        Ok(())
    }
}

/// An account and who answers for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceAccount {
    /// The customer.
    pub customer_id: String,
    /// The account owner (the rep who revisits).
    pub owner: String,
    /// Who is notified at escalation levels 1, 2, ...
    #[serde(default)]
    pub escalate_to: Vec<String>,
}

/// A customer complaint from the service desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    /// The complaint id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// When it was made.
    pub at: Instant,
    /// What it is about, for the task.
    #[serde(default)]
    pub summary: String,
}

/// Request of `service_events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceEventsRequest {
    /// The accounts the complaints refer to.
    pub accounts: Vec<ServiceAccount>,
    /// The complaints (any order).
    pub complaints: Vec<Complaint>,
}

/// A revisit task for the account owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisitTask {
    /// `revisit:<complaint id>`.
    pub id: String,
    /// Always `revisit`.
    pub kind: String,
    /// The customer.
    pub customer_id: String,
    /// The account owner.
    pub assignee: String,
    /// The complaint that caused it.
    pub complaint_id: String,
    /// What the complaint is about.
    pub summary: String,
    /// When the complaint was made.
    pub complaint_at: Instant,
    /// When the revisit is due.
    pub due_at: Instant,
    /// 0 for a first complaint; the escalation level otherwise.
    pub level: usize,
    /// The customer's complaints within the repeat window up to this one.
    pub complaints_in_window: usize,
    /// Who is notified (the account's escalation chain up to the level).
    pub notify: Vec<String>,
    /// In words.
    pub reason: String,
}

/// Response of `service_events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceEventsResponse {
    /// One task per complaint, by complaint time (ties by complaint id).
    pub tasks: Vec<RevisitTask>,
    /// Tasks at level 1 or higher.
    pub escalated: usize,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

/// Serve `service_events`.
pub fn service_events(
    engine: &Engine,
    request: &ServiceEventsRequest,
) -> Result<ServiceEventsResponse> {
    let policy = &engine.policy().service;
    let measure = engine.measure(policy.calendar.as_deref())?;
    let mut accounts = BTreeMap::new();
    for (i, a) in request.accounts.iter().enumerate() {
        if a.owner.trim().is_empty() {
            return Err(Error::invalid_request(
                format!("accounts[{i}].owner"),
                "must not be empty; every account needs an owner to revisit",
            ));
        }
        if accounts.insert(a.customer_id.as_str(), a).is_some() {
            return Err(Error::invalid_request(
                format!("accounts[{i}].customer_id"),
                format!("account {:?} appears twice", a.customer_id),
            ));
        }
    }
    let mut ids = BTreeSet::new();
    let mut order: Vec<(usize, &Complaint)> = Vec::with_capacity(request.complaints.len());
    for (i, c) in request.complaints.iter().enumerate() {
        if !ids.insert(c.id.as_str()) {
            return Err(Error::invalid_request(
                format!("complaints[{i}].id"),
                format!("complaint {:?} appears twice", c.id),
            ));
        }
        if !accounts.contains_key(c.customer_id.as_str()) {
            return Err(Error::invalid_request(
                format!("complaints[{i}].customer_id"),
                format!(
                    "no account for customer {:?}; add it to accounts with its owner",
                    c.customer_id
                ),
            ));
        }
        order.push((i, c));
    }
    order.sort_by(|a, b| a.1.at.cmp(&b.1.at).then(a.1.id.cmp(&b.1.id)));
    let window = policy.repeat_window.seconds();
    let mut seen: BTreeMap<&str, Vec<Instant>> = BTreeMap::new();
    let mut tasks = Vec::with_capacity(order.len());
    for (i, c) in order {
        let Some(account) = accounts.get(c.customer_id.as_str()) else {
            continue;
        };
        let history = seen.entry(c.customer_id.as_str()).or_default();
        history.push(c.at);
        let count = history
            .iter()
            .filter(|t| t.unix_seconds() > c.at.unix_seconds().saturating_sub(window))
            .count();
        let level = policy
            .escalations
            .iter()
            .take_while(|e| e.min_complaints as usize <= count)
            .count();
        let due = match level.checked_sub(1).and_then(|l| policy.escalations.get(l)) {
            Some(e) => e.due,
            None => policy.revisit_due,
        };
        let path = format!("complaints[{i}].at");
        let due_at = measure
            .add(c.at, due.seconds())
            .map_err(|e| crate::escalation::calendar_error(&path, e))?;
        let notify: Vec<String> = account.escalate_to.iter().take(level).cloned().collect();
        let reason = if level == 0 {
            format!("complaint: the owner revisits within {due}")
        } else {
            format!(
                "{count} complaints within {}: escalation level {level}, revisit within {due}",
                policy.repeat_window
            )
        };
        tasks.push(RevisitTask {
            id: format!("revisit:{}", c.id),
            kind: "revisit".into(),
            customer_id: c.customer_id.clone(),
            assignee: account.owner.clone(),
            complaint_id: c.id.clone(),
            summary: c.summary.clone(),
            complaint_at: c.at,
            due_at,
            level,
            complaints_in_window: count,
            notify,
            reason,
        });
    }
    Ok(ServiceEventsResponse {
        escalated: tasks.iter().filter(|t| t.level > 0).count(),
        tasks,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_sections_name_their_path() {
        let e = crate::Policy::from_json(r#"{"service": {"calendar": "mars"}}"#).unwrap_err();
        assert_eq!(e.path(), "service.calendar");
        let e = crate::Policy::from_json(r#"{"service": {"revisit_due": "0s"}}"#).unwrap_err();
        assert_eq!(e.path(), "service.revisit_due");
        let e = crate::Policy::from_json(
            r#"{"service": {"escalations": [{"min_complaints": 1, "due": "1h"}]}}"#,
        )
        .unwrap_err();
        assert_eq!(e.path(), "service.escalations[0].min_complaints");
    }

    #[test]
    fn repeated_complaints_escalate() {
        let engine = Engine::default();
        let req: ServiceEventsRequest = serde_json::from_str(
            r#"{"accounts": [{"customer_id": "C-1", "owner": "alice", "escalate_to": ["sam", "dana"]}],
                "complaints": [
                  {"id": "K-3", "customer_id": "C-1", "at": "2026-03-20T09:00:00+08:00"},
                  {"id": "K-1", "customer_id": "C-1", "at": "2026-03-01T09:00:00+08:00"},
                  {"id": "K-2", "customer_id": "C-1", "at": "2026-03-10T09:00:00+08:00"}]}"#,
        )
        .unwrap();
        let r = service_events(&engine, &req).unwrap();
        let levels: Vec<usize> = r.tasks.iter().map(|t| t.level).collect();
        assert_eq!(levels, vec![0, 1, 2]);
        assert_eq!(r.tasks[0].due_at.to_string(), "2026-03-03T09:00:00+08:00");
        assert_eq!(r.tasks[2].due_at.to_string(), "2026-03-20T17:00:00+08:00");
        assert_eq!(r.tasks[2].notify, vec!["sam", "dana"]);
    }
}
