//! The dual-sign work order (SPEC 2C): after submission the receiving department head (the
//! `assignee`) answers *accept*, *clarify* or *reject with reason* within the policy's
//! `answer_within` (2 h), else the order escalates to `escalate_to`.
//!
//! - `clarify` pauses the clock until the requester replies; the time used before the pause
//!   still counts (paused time never does).
//! - `accept` and `reject` end the order; any later decision is an `invalid_transition`.
//! - Only the assignee answers; once the order has escalated, `escalate_to` may answer too.
//!   Anyone else is an `invalid_transition` at `order.responses[i].by`.
//! - A second `clarify` while the first is unanswered is an `invalid_transition`.
//! - A reply when no clarification is pending is kept in the timeline as `ignored`.
//! - Responses and replies must be in time order and not before `submitted_at`
//!   (`invalid_request`); those after `now` are not known yet and are ignored.

use super::lead::clock_error;
use super::sla::{Clock, ClockEvent, ClockState};
use super::{calendar_error, took};
use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::time::Instant;
use serde::{Deserialize, Serialize};

/// The department head's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Accepted: the order goes ahead.
    Accept,
    /// Needs clarification from the requester.
    Clarify,
    /// Rejected, with a reason.
    Reject,
}

impl Decision {
    /// The snake_case name used in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Clarify => "clarify",
            Decision::Reject => "reject",
        }
    }
}

/// One answer to the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The decision.
    pub decision: Decision,
    /// When.
    pub at: Instant,
    /// Who answered.
    pub by: String,
    /// Why (required for `reject`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The attachment version the answer refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_version: Option<String>,
}

/// A reply of the requester to a clarification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// When.
    pub at: Instant,
    /// The attachment version sent with the reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_version: Option<String>,
}

/// A work order between departments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkOrder {
    /// The order id.
    pub id: String,
    /// When it was submitted.
    pub submitted_at: Instant,
    /// Who submitted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester: Option<String>,
    /// The receiving department head.
    pub assignee: String,
    /// Who the order escalates to (e.g. the operations VP).
    pub escalate_to: String,
    /// The attachment version submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_version: Option<String>,
    /// Answers, in time order.
    #[serde(default)]
    pub responses: Vec<Response>,
    /// Requester replies to clarifications, in time order.
    #[serde(default)]
    pub requester_replies: Vec<Reply>,
}

/// Request of the `work_order_escalation` operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkOrderEscalationRequest {
    /// The order.
    pub order: WorkOrder,
    /// The moment of evaluation.
    pub now: Instant,
}

/// An escalation of a work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkOrderAction {
    /// Stable id `"{order}:{cycle}:{level}"`: fire each id once.
    pub id: String,
    /// Always `escalate`.
    pub kind: String,
    /// When it became due.
    pub due_at: Instant,
    /// Who receives the order.
    pub to: String,
    /// Who missed the deadline.
    pub from: String,
}

/// One step of the order's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkOrderStep {
    /// `submitted`, `accept`, `clarify`, `reject`, `requester_reply`, `escalate` or `ignored`.
    pub step: String,
    /// Who.
    pub actor: String,
    /// When.
    pub at: Instant,
    /// Wall-clock time since the previous step.
    pub took: String,
    /// The attachment version of the step, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment_version: Option<String>,
    /// The reason of a rejection, or why a step was ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Response of the `work_order_escalation` operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkOrderEscalationResponse {
    /// The order.
    pub order_id: String,
    /// `not_started`, `running`, `paused` (waiting for the requester) or `met` (decided).
    pub state: ClockState,
    /// `accept` or `reject` once decided.
    pub decision: Option<Decision>,
    /// Whether the order escalated.
    pub breached: bool,
    /// Escalations due at or before `now`.
    pub actions: Vec<WorkOrderAction>,
    /// When to evaluate next; null when nothing is pending.
    pub next_deadline: Option<Instant>,
    /// Every step, in time order.
    pub timeline: Vec<WorkOrderStep>,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

enum Item<'a> {
    Response(usize, &'a Response),
    Reply(usize, &'a Reply),
}

impl Item<'_> {
    fn at(&self) -> Instant {
        match self {
            Item::Response(_, r) => r.at,
            Item::Reply(_, r) => r.at,
        }
    }
}

fn validate(order: &WorkOrder) -> Result<()> {
    let times = order
        .responses
        .iter()
        .map(|r| ("responses", r.at))
        .enumerate();
    let replies = order
        .requester_replies
        .iter()
        .map(|r| ("requester_replies", r.at))
        .enumerate();
    for list in [times.collect::<Vec<_>>(), replies.collect()] {
        let mut last = order.submitted_at;
        for (i, (name, at)) in list {
            let path = format!("order.{name}[{i}].at");
            if at < order.submitted_at {
                return Err(Error::invalid_request(
                    path,
                    format!("before the order was submitted ({})", order.submitted_at),
                ));
            }
            if at < last {
                return Err(Error::invalid_request(
                    path,
                    format!("must be in time order; this one is before {last}"),
                ));
            }
            last = at;
        }
    }
    for (i, r) in order.responses.iter().enumerate() {
        let blank = r.reason.as_deref().is_none_or(|s| s.trim().is_empty());
        if r.decision == Decision::Reject && blank {
            return Err(Error::invalid_request(
                format!("order.responses[{i}].reason"),
                "a rejection needs a reason; say why so the requester can fix the order",
            ));
        }
    }
    Ok(())
}

fn transition(path: String, message: String) -> Error {
    Error::new(ErrorCode::InvalidTransition, path, message)
}

/// Serve `work_order_escalation`.
pub fn work_order_escalation(
    engine: &Engine,
    request: &WorkOrderEscalationRequest,
) -> Result<WorkOrderEscalationResponse> {
    let order = &request.order;
    let now = request.now;
    validate(order)?;
    let policy = &engine.policy().escalation.work_order;
    let measure = engine.measure(policy.calendar.as_deref())?;
    let mut clock = Clock::new(order.id.clone(), measure, &[policy.answer_within]);
    let mut timeline = Vec::new();
    // `took` is filled in once the timeline is complete and in order.
    let mut push = |step: &str, actor: &str, at: Instant, version: Option<String>, note| {
        timeline.push(WorkOrderStep {
            step: step.into(),
            actor: actor.into(),
            at,
            took: String::new(),
            attachment_version: version,
            note,
        });
    };
    if order.submitted_at > now {
        return Ok(WorkOrderEscalationResponse {
            order_id: order.id.clone(),
            state: ClockState::NotStarted,
            decision: None,
            breached: false,
            actions: Vec::new(),
            next_deadline: None,
            timeline: Vec::new(),
            policy_fingerprint: engine.fingerprint().to_string(),
        });
    }
    clock
        .apply(ClockEvent::Start, order.submitted_at)
        .map_err(|e| clock_error(e, "order.submitted_at"))?;
    let requester = order.requester.as_deref().unwrap_or("requester");
    push(
        "submitted",
        requester,
        order.submitted_at,
        order.attachment_version.clone(),
        None,
    );
    // Replies before responses at the same instant: the answer follows the reply.
    let mut items: Vec<Item<'_>> = order
        .requester_replies
        .iter()
        .enumerate()
        .map(|(i, r)| Item::Reply(i, r))
        .chain(
            order
                .responses
                .iter()
                .enumerate()
                .map(|(i, r)| Item::Response(i, r)),
        )
        .filter(|item| item.at() <= now)
        .collect();
    items.sort_by_key(|item| (item.at(), matches!(item, Item::Response(..))));
    let mut decision = None;
    for item in items {
        match item {
            Item::Reply(i, reply) => {
                let path = format!("order.requester_replies[{i}].at");
                let version = reply.attachment_version.clone();
                if clock.state() == ClockState::Paused {
                    clock
                        .apply(ClockEvent::Resume, reply.at)
                        .map_err(|e| clock_error(e, &path))?;
                    push("requester_reply", requester, reply.at, version, None);
                } else {
                    let note = Some("ignored: no clarification was pending".to_string());
                    push("ignored", requester, reply.at, version, note);
                }
            }
            Item::Response(i, r) => {
                let at = |f: &str| format!("order.responses[{i}].{f}");
                // Settle the clock up to the answer, to know whether it escalated before.
                let escalated = clock
                    .evaluate(r.at)
                    .map_err(|e| calendar_error(&at("at"), e))?;
                let escalated = escalated.due.iter().any(|d| d.due_at < r.at);
                if r.by != order.assignee && !(escalated && r.by == order.escalate_to) {
                    return Err(transition(
                        at("by"),
                        format!(
                            "{:?} may not answer; the order is with {:?}{}",
                            r.by,
                            order.assignee,
                            if escalated {
                                format!(" and {:?}", order.escalate_to)
                            } else {
                                String::new()
                            }
                        ),
                    ));
                }
                let event = match (clock.state(), r.decision) {
                    (ClockState::Met, _) => {
                        return Err(transition(
                            at("decision"),
                            format!(
                                "the order was already decided ({}); open a new order instead",
                                decision.map_or("", Decision::as_str)
                            ),
                        ))
                    }
                    (ClockState::Paused, Decision::Clarify) => {
                        return Err(transition(
                            at("decision"),
                            "a clarification is already waiting for the requester's reply".into(),
                        ))
                    }
                    (_, Decision::Clarify) => ClockEvent::Pause,
                    (_, Decision::Accept | Decision::Reject) => ClockEvent::Stop,
                };
                clock
                    .apply(event, r.at)
                    .map_err(|e| clock_error(e, &at("decision")))?;
                if event == ClockEvent::Stop {
                    decision = Some(r.decision);
                }
                push(
                    r.decision.as_str(),
                    &r.by,
                    r.at,
                    r.attachment_version.clone(),
                    r.reason.clone(),
                );
            }
        }
    }
    let eval = clock
        .evaluate(now)
        .map_err(|e| calendar_error("order.submitted_at", e))?;
    let actions: Vec<WorkOrderAction> = eval
        .due
        .into_iter()
        .map(|d| WorkOrderAction {
            id: d.id,
            kind: "escalate".into(),
            due_at: d.due_at,
            to: order.escalate_to.clone(),
            from: order.assignee.clone(),
        })
        .collect();
    for a in &actions {
        timeline.push(WorkOrderStep {
            step: "escalate".into(),
            actor: a.to.clone(),
            at: a.due_at,
            took: String::new(),
            attachment_version: None,
            note: Some(format!("no answer from {} in time", a.from)),
        });
    }
    timeline.sort_by_key(|s| s.at);
    // `took` of an escalation is the time since the step before it.
    let mut prev = order.submitted_at;
    for step in &mut timeline {
        step.took = took(prev, step.at);
        prev = step.at;
    }
    Ok(WorkOrderEscalationResponse {
        order_id: order.id.clone(),
        state: eval.state,
        decision,
        breached: !actions.is_empty(),
        actions,
        next_deadline: eval.next_deadline,
        timeline,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}
