//! The lead response breaker (SPEC 2C): each policy rule is an SLA timer that the current
//! owner stops with an event of the rule's kind. Defaults: no first contact 4 h after
//! assignment reminds the supervisor; no status update 24 h after assignment reassigns the
//! lead to the next person of the reassign chain (backup, then supervisor) with a brief of the
//! customer profile, and every timer restarts for the new owner.
//!
//! How odd events are handled (decided here, pinned by tests):
//! - events out of time order are an `invalid_request` at `lead.events[i].at` (the log is
//!   append-only, so disorder means a corrupted log);
//! - events before `assigned_at` are an `invalid_request` at `lead.events[i].at`;
//! - events by someone other than the owner at that moment are kept in the timeline as
//!   `ignored` with the reason, and stop no timer (a colleague's call is not the owner's);
//! - events after `now` are not known yet: listed as `ignored`, they change nothing.

use super::policy::{ChainRole, LeadAction, LeadEventKind};
use super::sla::{Clock, ClockEvent, ClockState};
use super::{calendar_error, took};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::time::Instant;
use serde::{Deserialize, Serialize};

/// One recorded event of a lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadEvent {
    /// What happened.
    pub kind: LeadEventKind,
    /// When.
    pub at: Instant,
    /// The rep who recorded it.
    pub rep: String,
}

/// A lead as the CRM knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lead {
    /// The lead id (often a tracking code such as `L-20260223-SH087`).
    pub id: String,
    /// The rep the lead was assigned to.
    pub owner: String,
    /// The backup rep.
    pub backup: String,
    /// The team supervisor.
    pub supervisor: String,
    /// When the lead was assigned to `owner`.
    pub assigned_at: Instant,
    /// The event log, in time order.
    #[serde(default)]
    pub events: Vec<LeadEvent>,
    /// Free customer-profile fields, passed to the new owner in the reassign brief.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Request of the `lead_escalation` operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadEscalationRequest {
    /// The lead.
    pub lead: Lead,
    /// The moment of evaluation.
    pub now: Instant,
}

/// The brief handed to a lead's new owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    /// The lead.
    pub lead_id: String,
    /// Why the lead changes hands.
    pub reason: String,
    /// When the lead was first assigned.
    pub first_assigned_at: Instant,
    /// What the previous owners recorded.
    pub history: Vec<LeadEvent>,
    /// The customer profile as the request supplied it.
    pub profile: serde_json::Map<String, serde_json::Value>,
}

/// An escalation action of a lead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadActionDue {
    /// Stable id `"{lead}/{rule}:{cycle}:1"`: fire each id once.
    pub id: String,
    /// `remind_supervisor` or `reassign`.
    pub kind: LeadAction,
    /// When it became due.
    pub due_at: Instant,
    /// Who receives it (the supervisor, or the new owner).
    pub to: String,
    /// The owner who missed the deadline.
    pub from: String,
    /// For `reassign`: the brief for the new owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brief: Option<Brief>,
}

/// One step of a lead's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadStep {
    /// When.
    pub at: Instant,
    /// What: `assigned`, `first_contact`, `status_update`, an action kind, or `ignored`.
    pub step: String,
    /// Who did it (the rep, or the owner who received the lead).
    pub actor: String,
    /// The owner cycle (1 for the first owner).
    pub cycle: u32,
    /// Wall-clock time since the current owner took the lead.
    pub since_assigned: String,
    /// Why an event was ignored, or other context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Response of the `lead_escalation` operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadEscalationResponse {
    /// The lead.
    pub lead_id: String,
    /// `not_started`, `running` (a timer runs) or `met` (every timer met).
    pub state: ClockState,
    /// Whether any action is due.
    pub breached: bool,
    /// The owner at `now`.
    pub owner: String,
    /// The owner cycle at `now` (1 for the first owner).
    pub cycle: u32,
    /// Actions due at or before `now`, by `due_at` then id.
    pub actions: Vec<LeadActionDue>,
    /// When to evaluate next; null when nothing is pending.
    pub next_deadline: Option<Instant>,
    /// Every step, in time order.
    pub timeline: Vec<LeadStep>,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

/// Serve `lead_escalation`.
pub fn lead_escalation(
    engine: &Engine,
    request: &LeadEscalationRequest,
) -> Result<LeadEscalationResponse> {
    let lead = &request.lead;
    let now = request.now;
    validate_events(lead)?;
    let policy = &engine.policy().escalation.lead;
    let mut owners = vec![lead.owner.clone()];
    for role in &policy.reassign_chain {
        let next = match role {
            ChainRole::Backup => &lead.backup,
            ChainRole::Supervisor => &lead.supervisor,
        };
        if owners.last() != Some(next) {
            owners.push(next.clone());
        }
    }
    let mut clocks = Vec::with_capacity(policy.rules.len());
    for rule in &policy.rules {
        let measure = engine.measure(rule.calendar.as_deref())?;
        let mut timer = String::with_capacity(lead.id.len() + rule.id.len() + 1);
        timer.push_str(&lead.id);
        timer.push('/');
        timer.push_str(&rule.id);
        clocks.push(Clock::new(timer, measure, &[rule.after]));
    }
    let cal_err = |e| calendar_error("lead.assigned_at", e);
    let mut run = Run {
        owners: &owners,
        owner: 0,
        cycle_starts: vec![lead.assigned_at],
        timeline: Vec::with_capacity(lead.events.len() + 2 * policy.rules.len() + 2),
    };
    if lead.assigned_at <= now {
        for c in &mut clocks {
            c.apply(ClockEvent::Start, lead.assigned_at)
                .map_err(|e| clock_error(e, "lead.assigned_at"))?;
        }
        run.step(lead.assigned_at, "assigned", &lead.owner, None);
    }
    for event in &lead.events {
        // Every calendar error of a lead comes from measuring time since an assignment.
        let path = "lead.assigned_at";
        if event.at > now {
            let note = format!("ignored: {} after now, not known yet", event.kind.as_str());
            run.step(event.at, "ignored", &event.rep, Some(note));
            continue;
        }
        run.reassign_due(engine, &mut clocks, event.at, false)
            .map_err(|e| clock_error(e, path))?;
        if event.rep != run.current() {
            let note = format!(
                "ignored: {} by {}, who is not the owner ({})",
                event.kind.as_str(),
                event.rep,
                run.current()
            );
            run.step(event.at, "ignored", &event.rep, Some(note));
            continue;
        }
        let mut stopped = false;
        for (rule, clock) in policy.rules.iter().zip(clocks.iter_mut()) {
            if rule.until == event.kind && clock.state() == ClockState::Running {
                clock
                    .apply(ClockEvent::Stop, event.at)
                    .map_err(|e| clock_error(e, path))?;
                stopped = true;
            }
        }
        let note = (!stopped).then(|| "recorded; no timer was waiting for it".to_string());
        run.step(event.at, event.kind.as_str(), &event.rep, note);
    }
    if lead.assigned_at <= now {
        run.reassign_due(engine, &mut clocks, now, true)
            .map_err(|e| clock_error(e, "lead.assigned_at"))?;
    }
    let last_cycle = run.owner + 1 == owners.len();
    let mut actions = Vec::new();
    let mut next_deadline: Option<Instant> = None;
    let mut all_met = true;
    for (rule, clock) in policy.rules.iter().zip(clocks) {
        let eval = clock.into_evaluation(now).map_err(cal_err)?;
        all_met &= eval.state == ClockState::Met;
        let exhausted = |cycle: u32| {
            rule.action == LeadAction::Reassign && last_cycle && {
                usize::try_from(cycle).unwrap_or(0) == owners.len()
            }
        };
        for due in eval.due {
            let from_idx = usize::try_from(due.cycle).unwrap_or(1).saturating_sub(1);
            let from = owners.get(from_idx).cloned().unwrap_or_default();
            if exhausted(due.cycle) {
                let mut note = String::with_capacity(from.len() + 56);
                note.push_str("no one is left in the reassign chain; ");
                note.push_str(&from);
                note.push_str(" keeps the lead");
                run.step_in(due.cycle, due.due_at, "chain_exhausted", &from, Some(note));
                continue;
            }
            let (to, brief) = match rule.action {
                LeadAction::RemindSupervisor => (lead.supervisor.clone(), None),
                LeadAction::Reassign => (
                    owners.get(from_idx + 1).cloned().unwrap_or_default(),
                    Some(brief(lead, rule, due.due_at, now)),
                ),
            };
            run.step_in(due.cycle, due.due_at, rule.action.as_str(), &to, None);
            actions.push(LeadActionDue {
                id: due.id,
                kind: rule.action,
                due_at: due.due_at,
                to,
                from,
                brief,
            });
        }
        let pending = eval.next_deadline.filter(|_| !exhausted(eval.cycle));
        if let Some(at) = pending {
            next_deadline = Some(next_deadline.map_or(at, |n| n.min(at)));
        }
    }
    actions.sort_by(|a, b| a.due_at.cmp(&b.due_at).then_with(|| a.id.cmp(&b.id)));
    let owner = run.current().to_string();
    let cycle = run.cycle();
    let mut timeline = run.timeline;
    timeline.sort_by_key(|s| s.at);
    let state = if lead.assigned_at > now {
        ClockState::NotStarted
    } else if all_met {
        ClockState::Met
    } else {
        ClockState::Running
    };
    Ok(LeadEscalationResponse {
        lead_id: lead.id.clone(),
        state,
        breached: !actions.is_empty(),
        owner,
        cycle,
        actions,
        next_deadline,
        timeline,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}

struct Run<'o> {
    owners: &'o [String],
    owner: usize,
    /// When each owner took the lead.
    cycle_starts: Vec<Instant>,
    timeline: Vec<LeadStep>,
}

impl Run<'_> {
    fn current(&self) -> &str {
        self.owners.get(self.owner).map_or("", String::as_str)
    }

    fn cycle(&self) -> u32 {
        u32::try_from(self.owner + 1).unwrap_or(u32::MAX)
    }

    /// A step of the current owner's cycle.
    fn step(&mut self, at: Instant, step: &str, actor: &str, note: Option<String>) {
        self.step_in(self.cycle(), at, step, actor, note);
    }

    /// A step of owner cycle `cycle` (1-based).
    fn step_in(&mut self, cycle: u32, at: Instant, step: &str, actor: &str, note: Option<String>) {
        let idx = usize::try_from(cycle).unwrap_or(1).saturating_sub(1);
        let start = self.cycle_starts.get(idx).copied().unwrap_or(at);
        self.timeline.push(LeadStep {
            at,
            step: step.to_string(),
            actor: actor.to_string(),
            cycle,
            since_assigned: took(start, at),
            note,
        });
    }

    /// Hand the lead on for every reassign deadline before `t` (at or before, if `inclusive`).
    fn reassign_due(
        &mut self,
        engine: &Engine,
        clocks: &mut [Clock<'_>],
        t: Instant,
        inclusive: bool,
    ) -> Result<(), super::sla::ClockError> {
        let rules = &engine.policy().escalation.lead.rules;
        while self.owner + 1 < self.owners.len() {
            let mut earliest: Option<Instant> = None;
            for (rule, clock) in rules.iter().zip(clocks.iter()) {
                if rule.action != LeadAction::Reassign {
                    continue;
                }
                if let Some(at) = clock.next_pending()? {
                    earliest = Some(earliest.map_or(at, |e| e.min(at)));
                }
            }
            match earliest {
                Some(at) if at < t || (inclusive && at == t) => {
                    for clock in clocks.iter_mut() {
                        clock.apply(ClockEvent::Start, at)?;
                    }
                    self.owner += 1;
                    self.cycle_starts.push(at);
                }
                _ => return Ok(()),
            }
        }
        Ok(())
    }
}

fn brief(lead: &Lead, rule: &super::policy::LeadRule, due_at: Instant, now: Instant) -> Brief {
    Brief {
        lead_id: lead.id.clone(),
        reason: reason(rule),
        first_assigned_at: lead.assigned_at,
        history: lead
            .events
            .iter()
            .filter(|e| e.at <= due_at && e.at <= now)
            .cloned()
            .collect(),
        profile: lead.profile.clone().unwrap_or_default(),
    }
}

/// `"no {until, spaced} within {after} of taking the lead"`.
fn reason(rule: &super::policy::LeadRule) -> String {
    let mut out = String::with_capacity(64);
    out.push_str("no ");
    for c in rule.until.as_str().chars() {
        out.push(if c == '_' { ' ' } else { c });
    }
    out.push_str(" within ");
    super::push_duration(&mut out, rule.after.seconds());
    out.push_str(" of taking the lead");
    out
}

fn validate_events(lead: &Lead) -> Result<()> {
    let mut last = lead.assigned_at;
    for (i, e) in lead.events.iter().enumerate() {
        let path = || format!("lead.events[{i}].at");
        if e.at < lead.assigned_at {
            return Err(Error::invalid_request(
                path(),
                format!(
                    "the event is before the lead was assigned ({}); fix the clock or the log",
                    lead.assigned_at
                ),
            ));
        }
        if e.at < last {
            return Err(Error::invalid_request(
                path(),
                format!("events must be in time order; this one is before {last}"),
            ));
        }
        last = e.at;
    }
    Ok(())
}

pub(crate) fn clock_error(e: super::sla::ClockError, path: &str) -> Error {
    match e {
        super::sla::ClockError::Calendar(c) => calendar_error(path, c),
        super::sla::ClockError::OutOfOrder => {
            Error::invalid_request(path, "events must be in time order")
        }
        other => Error::new(
            crate::error::ErrorCode::InvalidTransition,
            path,
            other.to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::reason;
    use crate::escalation::policy::{LeadAction, LeadEventKind, LeadRule};
    use crate::time::Duration;

    #[test]
    fn reason_reads_as_the_formatted_sentence() {
        for (until, seconds) in [
            (LeadEventKind::FirstContact, 4 * 3600),
            (LeadEventKind::StatusUpdate, 90_061),
            (LeadEventKind::StatusUpdate, 59),
        ] {
            let rule = LeadRule {
                id: "r".into(),
                until,
                after: Duration::from_seconds(seconds),
                action: LeadAction::Reassign,
                calendar: None,
            };
            let expected = format!(
                "no {} within {} of taking the lead",
                until.as_str().replace('_', " "),
                rule.after
            );
            assert_eq!(reason(&rule), expected);
        }
    }
}
