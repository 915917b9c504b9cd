//! The `escalation` section of the policy, with the defaults of SPEC 2C.

use crate::calendar::CalendarSpec;
use crate::error::{Error, Result};
use crate::time::Duration;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a lead event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadEventKind {
    /// The first visit or call to the customer.
    FirstContact,
    /// A status update in the CRM.
    StatusUpdate,
}

impl LeadEventKind {
    /// The snake_case name used in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            LeadEventKind::FirstContact => "first_contact",
            LeadEventKind::StatusUpdate => "status_update",
        }
    }
}

/// What a lead rule does when its time runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadAction {
    /// Remind the team supervisor.
    RemindSupervisor,
    /// Hand the lead to the next person of the reassign chain, with a brief.
    Reassign,
}

impl LeadAction {
    /// The snake_case name used in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            LeadAction::RemindSupervisor => "remind_supervisor",
            LeadAction::Reassign => "reassign",
        }
    }
}

/// Who takes a lead over, in the order of the reassign chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainRole {
    /// The lead's `backup` rep.
    Backup,
    /// The lead's `supervisor`.
    Supervisor,
}

/// One lead rule: if the current owner records no `until` event within `after` of taking the
/// lead, `action` fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadRule {
    /// Stable identifier, part of every action id.
    pub id: String,
    /// The event that satisfies the rule.
    pub until: LeadEventKind,
    /// How long the owner has.
    pub after: Duration,
    /// What happens when the time runs out.
    pub action: LeadAction,
    /// Business calendar measuring `after` (a name in `calendars`); wall-clock when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
}

/// The lead response breaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LeadPolicy {
    /// The rules, each its own SLA timer.
    pub rules: Vec<LeadRule>,
    /// Who takes the lead over, in order, after each `reassign`.
    pub reassign_chain: Vec<ChainRole>,
}

impl Default for LeadPolicy {
    fn default() -> Self {
        LeadPolicy {
            rules: vec![
                LeadRule {
                    id: "first_contact".into(),
                    until: LeadEventKind::FirstContact,
                    after: Duration::from_hours(4),
                    action: LeadAction::RemindSupervisor,
                    calendar: None,
                },
                LeadRule {
                    id: "status_update".into(),
                    until: LeadEventKind::StatusUpdate,
                    after: Duration::from_hours(24),
                    action: LeadAction::Reassign,
                    calendar: None,
                },
            ],
            reassign_chain: vec![ChainRole::Backup, ChainRole::Supervisor],
        }
    }
}

/// The dual-sign work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkOrderPolicy {
    /// How long the receiving department head has to answer.
    pub answer_within: Duration,
    /// Business calendar measuring `answer_within`; wall-clock when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
}

impl Default for WorkOrderPolicy {
    fn default() -> Self {
        WorkOrderPolicy {
            answer_within: Duration::from_hours(2),
            calendar: None,
        }
    }
}

/// The monthly lead-response health report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthPolicy {
    /// A lead is healthy when first contacted within this window of assignment.
    pub window: Duration,
    /// Business calendar measuring `window`; wall-clock when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Percentage at or above which a team is green.
    pub green_at: Decimal,
    /// Percentage at or above which a team is yellow (below it: red).
    pub yellow_at: Decimal,
    /// How many of the slowest leads each team lists.
    pub slowest: usize,
}

impl Default for HealthPolicy {
    fn default() -> Self {
        HealthPolicy {
            window: Duration::from_hours(48),
            calendar: None,
            green_at: Decimal::from(90),
            yellow_at: Decimal::from(70),
            slowest: 3,
        }
    }
}

/// Tracking codes such as `L-20260223-SH087`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrackingPolicy {
    /// Digits of the sequence part (zero-padded).
    pub sequence_digits: u32,
}

impl Default for TrackingPolicy {
    fn default() -> Self {
        TrackingPolicy { sequence_digits: 3 }
    }
}

/// The `escalation` section of the policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EscalationPolicy {
    /// The lead response breaker.
    pub lead: LeadPolicy,
    /// The dual-sign work order.
    pub work_order: WorkOrderPolicy,
    /// The lead-response health report.
    pub health: HealthPolicy,
    /// Tracking codes.
    pub tracking: TrackingPolicy,
}

impl EscalationPolicy {
    /// True for the default section (the policy omits it from its canonical form, so policies
    /// that do not change it keep their fingerprint).
    pub fn is_default(&self) -> bool {
        *self == EscalationPolicy::default()
    }

    /// Check the section against the policy's `calendars`; errors name the path.
    pub fn validate(&self, calendars: &BTreeMap<String, CalendarSpec>) -> Result<()> {
        let check_calendar = |path: String, name: &Option<String>| match name {
            Some(n) if !calendars.contains_key(n) => Err(Error::invalid_policy(
                path,
                format!("{n:?} is not one of the policy's calendars"),
            )),
            _ => Ok(()),
        };
        let mut ids = BTreeSet::new();
        for (i, rule) in self.lead.rules.iter().enumerate() {
            let at = |f: &str| format!("escalation.lead.rules[{i}].{f}");
            let valid_id = !rule.id.is_empty()
                && rule.id.len() <= 64
                && rule
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !valid_id {
                return Err(Error::invalid_policy(
                    at("id"),
                    "rule ids are snake_case (a-z, 0-9, _), 1 to 64 characters",
                ));
            }
            if !ids.insert(rule.id.as_str()) {
                return Err(Error::invalid_policy(
                    at("id"),
                    format!("duplicate rule id {:?}", rule.id),
                ));
            }
            if rule.after.seconds() == 0 {
                return Err(Error::invalid_policy(
                    at("after"),
                    "must be longer than zero",
                ));
            }
            check_calendar(at("calendar"), &rule.calendar)?;
        }
        let mut seen = BTreeSet::new();
        for (i, role) in self.lead.reassign_chain.iter().enumerate() {
            if !seen.insert(role) {
                return Err(Error::invalid_policy(
                    format!("escalation.lead.reassign_chain[{i}]"),
                    "each role may appear once",
                ));
            }
        }
        if self.work_order.answer_within.seconds() == 0 {
            return Err(Error::invalid_policy(
                "escalation.work_order.answer_within",
                "must be longer than zero",
            ));
        }
        check_calendar(
            "escalation.work_order.calendar".into(),
            &self.work_order.calendar,
        )?;
        let h = &self.health;
        check_calendar("escalation.health.calendar".into(), &h.calendar)?;
        for (name, v) in [("green_at", h.green_at), ("yellow_at", h.yellow_at)] {
            if v < Decimal::ZERO || v > Decimal::from(100) {
                return Err(Error::invalid_policy(
                    format!("escalation.health.{name}"),
                    format!("a percentage between 0 and 100, got {v}"),
                ));
            }
        }
        if h.yellow_at > h.green_at {
            return Err(Error::invalid_policy(
                "escalation.health.yellow_at",
                "must not exceed green_at",
            ));
        }
        if h.slowest > 100 {
            return Err(Error::invalid_policy(
                "escalation.health.slowest",
                "at most 100",
            ));
        }
        let digits = self.tracking.sequence_digits;
        if !(1..=9).contains(&digits) {
            return Err(Error::invalid_policy(
                "escalation.tracking.sequence_digits",
                format!("must be between 1 and 9, got {digits}"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::Policy;

    #[test]
    fn default_sections_are_readable_and_optional_on_input() {
        let p = Policy::default();
        // The defaults are part of the document users start from (and of the fingerprint).
        let canonical = p.canonical_json();
        assert!(canonical.contains("\"escalation\""));
        assert!(canonical.contains("\"calendars\""));
        // Old policy documents (without the sections) load with the defaults.
        let old = Policy::from_json(r#"{"name": "default"}"#).unwrap();
        assert_eq!(old, p);
        assert_eq!(old.fingerprint(), p.fingerprint());
    }

    #[test]
    fn a_changed_section_changes_the_fingerprint_and_round_trips() {
        let p = Policy::from_json(r#"{"escalation": {"work_order": {"answer_within": "3h"}}}"#)
            .unwrap();
        assert_ne!(p.fingerprint(), Policy::default().fingerprint());
        let back = Policy::from_json(&p.to_json_pretty()).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn invalid_sections_name_the_path() {
        let cases = [
            (
                r#"{"escalation": {"health": {"green_at": "60", "yellow_at": "70"}}}"#,
                "escalation.health.yellow_at",
            ),
            (
                r#"{"escalation": {"lead": {"reassign_chain": ["backup", "backup"]}}}"#,
                "escalation.lead.reassign_chain[1]",
            ),
            (
                r#"{"calendars": {"x": {"time_zone": "Asia/Shanghai",
                    "working_hours": [["13:00", "12:00"]], "covers": [2026]}}}"#,
                "calendars.x.working_hours[0]",
            ),
            (
                r#"{"escalation": {"tracking": {"sequence_digits": 0}}}"#,
                "escalation.tracking.sequence_digits",
            ),
        ];
        for (text, path) in cases {
            let e = Policy::from_json(text).unwrap_err();
            assert_eq!(e.code(), "invalid_policy", "{text}");
            assert_eq!(e.path(), path, "{text}");
        }
    }
}
