//! The lead batch path: many leads in flat arrays, the policy compiled once, no `String` and no
//! allocation per lead. This is the path for hosts that evaluate a whole lead book at one `now`
//! (and for the Arrow paths of the bindings).
//!
//! Times are Unix seconds, reps are integer ids (any numbering: ids are only compared for
//! equality). Per lead the answer is what a host acts on: the state, the owner and cycle, the
//! due actions (rule, cycle, due time, from, to) and `next_deadline`, equal to what
//! [`Engine::lead_escalation`] answers for the same lead (checked by property tests against
//! it). The stable action ids are derived on demand with [`LeadBatchRunner::action_id`];
//! briefs and timelines, which need strings, come from the typed operation.
//!
//! ```
//! use salesrules::escalation::batch::{BatchLead, BatchLeadEvent, BatchLeadStatus, LeadBatchRunner};
//! use salesrules::escalation::policy::{LeadAction, LeadEventKind};
//! use salesrules::Engine;
//!
//! let engine = Engine::default();
//! let mut runner = LeadBatchRunner::new(&engine).unwrap();
//! // Lead 0 is assigned to rep 0 (backup 1, supervisor 2) at t = 0 and contacted after 1 h;
//! // lead 1 (same team) gets no contact.
//! let leads = [
//!     BatchLead { assigned_at: 0, owner: 0, backup: 1, supervisor: 2, event_start: 0, event_len: 1 },
//!     BatchLead { assigned_at: 0, owner: 0, backup: 1, supervisor: 2, event_start: 1, event_len: 0 },
//! ];
//! let events = [BatchLeadEvent { kind: LeadEventKind::FirstContact, at: 3600, rep: 0 }];
//! let (mut results, mut actions) = (Vec::new(), Vec::new());
//! runner.run(&leads, &events, 5 * 3600, &mut results, &mut actions).unwrap();
//! assert_eq!(results[0].status, BatchLeadStatus::Ok);
//! assert_eq!(results[0].action_len, 0);
//! assert_eq!(results[0].next_deadline, Some(24 * 3600));
//! // Lead 1: no contact after 4 h, the supervisor (rep 2) is reminded.
//! let a = &actions[results[1].action_start as usize];
//! assert_eq!((a.kind, a.due_at, a.to), (LeadAction::RemindSupervisor, 4 * 3600, 2));
//! assert_eq!(runner.action_id("L-2", a), "L-2/first_contact:1:1");
//! ```

use super::lead::Lead;
use super::policy::{ChainRole, LeadAction, LeadEventKind};
use super::sla::ClockState;
use super::Measure;
use crate::calendar::Calendar;
use crate::engine::Engine;
use crate::error::{Error, Result};
use std::cmp::Ordering;
use std::collections::HashMap;

/// A lead of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLead {
    /// When the lead was assigned to `owner`, Unix seconds.
    pub assigned_at: i64,
    /// Rep id of the owner.
    pub owner: u32,
    /// Rep id of the backup.
    pub backup: u32,
    /// Rep id of the supervisor.
    pub supervisor: u32,
    /// First event of the lead in the event array.
    pub event_start: u32,
    /// Number of events of the lead (in time order).
    pub event_len: u32,
}

/// An event of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLeadEvent {
    /// What happened.
    pub kind: LeadEventKind,
    /// When, Unix seconds.
    pub at: i64,
    /// Rep id of the rep who recorded it.
    pub rep: u32,
}

/// Whether a lead could be evaluated; the typed operation gives the full error for the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BatchLeadStatus {
    /// Evaluated.
    Ok,
    /// An event is before `assigned_at` (`invalid_request` in the typed operation).
    EventBeforeAssignment,
    /// The events are not in time order (`invalid_request`).
    EventsOutOfOrder,
    /// A business calendar lacks a year the lead needs (`calendar_data_missing`), or a
    /// deadline is outside the representable time range.
    CalendarDataMissing,
    /// A time is outside the representable range (years -9999 to 9999).
    TimeOutOfRange,
}

/// The answer for one lead of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLeadResult {
    /// Whether the lead was evaluated; the other fields are meaningful only for `Ok`.
    pub status: BatchLeadStatus,
    /// `not_started`, `running` (a timer runs) or `met` (every timer met).
    pub state: ClockState,
    /// Rep id of the owner at `now`.
    pub owner: u32,
    /// The owner cycle at `now` (1 for the first owner).
    pub cycle: u32,
    /// First due action of the lead in the action array.
    pub action_start: u32,
    /// Number of due actions (`breached` when non-zero).
    pub action_len: u32,
    /// When to evaluate next, Unix seconds; `None` when nothing is pending.
    pub next_deadline: Option<i64>,
}

/// A due action of a lead of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchLeadAction {
    /// Index of the lead in the batch.
    pub lead: u32,
    /// Index of the rule in the policy's `escalation.lead.rules`.
    pub rule: u16,
    /// `remind_supervisor` or `reassign`.
    pub kind: LeadAction,
    /// The owner cycle the deadline was missed in (1-based).
    pub cycle: u32,
    /// When it became due, Unix seconds.
    pub due_at: i64,
    /// Rep id of the owner who missed the deadline.
    pub from: u32,
    /// Rep id of the receiver (the supervisor, or the new owner).
    pub to: u32,
}

/// Leads and events in flat arrays, with the names behind the ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadBatch {
    /// Leads.
    pub leads: Vec<BatchLead>,
    /// Events of all leads, each lead's events contiguous.
    pub events: Vec<BatchLeadEvent>,
    /// Lead ids, by lead index.
    pub lead_ids: Vec<String>,
    /// Rep names, by rep id.
    pub reps: Vec<String>,
}

impl LeadBatch {
    /// Flatten typed leads; reps are numbered in order of first appearance. Every time must be
    /// a whole second (the batch unit): otherwise an `invalid_request` naming the field.
    pub fn from_leads(leads: &[Lead]) -> Result<LeadBatch> {
        let mut batch = LeadBatch::default();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut intern = |name: &str, reps: &mut Vec<String>| -> u32 {
            if let Some(&id) = ids.get(name) {
                return id;
            }
            let id = u32::try_from(reps.len()).unwrap_or(u32::MAX);
            reps.push(name.to_string());
            ids.insert(name.to_string(), id);
            id
        };
        let whole = |t: crate::time::Instant, path: String| -> Result<i64> {
            if t.timestamp().subsec_nanosecond() == 0 {
                Ok(t.unix_seconds())
            } else {
                Err(Error::invalid_request(
                    path,
                    format!("the batch path takes whole seconds, got {t}"),
                ))
            }
        };
        for (i, lead) in leads.iter().enumerate() {
            let too_many =
                || Error::invalid_request(format!("leads[{i}].events"), "too many events");
            let event_start = u32::try_from(batch.events.len()).map_err(|_| too_many())?;
            let event_len = u32::try_from(lead.events.len()).map_err(|_| too_many())?;
            for (j, e) in lead.events.iter().enumerate() {
                let rep = intern(&e.rep, &mut batch.reps);
                batch.events.push(BatchLeadEvent {
                    kind: e.kind,
                    at: whole(e.at, format!("leads[{i}].events[{j}].at"))?,
                    rep,
                });
            }
            let owner = intern(&lead.owner, &mut batch.reps);
            let backup = intern(&lead.backup, &mut batch.reps);
            let supervisor = intern(&lead.supervisor, &mut batch.reps);
            batch.leads.push(BatchLead {
                assigned_at: whole(lead.assigned_at, format!("leads[{i}].assigned_at"))?,
                owner,
                backup,
                supervisor,
                event_start,
                event_len,
            });
            batch.lead_ids.push(lead.id.clone());
        }
        Ok(batch)
    }
}

/// How a compiled rule measures time.
#[derive(Debug, Clone, Copy)]
enum KMeasure<'e> {
    Wall,
    Working(&'e Calendar),
}

/// A lead rule compiled for the batch path.
#[derive(Debug, Clone, Copy)]
struct KRule<'e> {
    until: LeadEventKind,
    action: LeadAction,
    after: i64,
    measure: KMeasure<'e>,
}

/// The SLA timer of one rule while a lead is replayed (one level, no pauses: a running
/// timer's deadline is fixed when its cycle starts).
#[derive(Debug, Clone, Copy, Default)]
struct Timer {
    started: bool,
    running: bool,
    cycle: u32,
    since: i64,
    deadline: i64,
}

/// A level fired while replaying (before `now`).
#[derive(Debug, Clone, Copy)]
struct Fired {
    rule: u16,
    cycle: u32,
    due_at: i64,
}

/// Why a lead could not be evaluated.
type Fail = BatchLeadStatus;

/// Reusable state of the lead batch path, the policy's lead rules compiled once: one per
/// thread.
#[derive(Debug, Clone)]
pub struct LeadBatchRunner<'e> {
    engine: &'e Engine,
    rules: Vec<KRule<'e>>,
    chain: Vec<ChainRole>,
    timers: Vec<Timer>,
    fired: Vec<Fired>,
    range: Range,
}

/// Unix seconds representable as instants (jiff's range), computed once per runner.
#[derive(Debug, Clone, Copy)]
struct Range {
    min: i64,
    max: i64,
}

impl Range {
    fn new() -> Self {
        Range {
            min: jiff::Timestamp::MIN.as_second(),
            max: jiff::Timestamp::MAX.as_second(),
        }
    }

    fn contains(self, t: i64) -> bool {
        self.min <= t && t <= self.max
    }
}

impl<'e> LeadBatchRunner<'e> {
    /// Compile the engine's lead rules (calendars resolved once).
    pub fn new(engine: &'e Engine) -> Result<Self> {
        let policy = &engine.policy().escalation.lead;
        let mut rules = Vec::with_capacity(policy.rules.len());
        for rule in &policy.rules {
            let measure = match engine.measure(rule.calendar.as_deref())? {
                Measure::WallClock => KMeasure::Wall,
                Measure::Working(c) => KMeasure::Working(c),
            };
            rules.push(KRule {
                until: rule.until,
                action: rule.action,
                after: rule.after.seconds(),
                measure,
            });
        }
        if rules.len() > usize::from(u16::MAX) {
            return Err(Error::invalid_policy(
                "escalation.lead.rules",
                "at most 65535 rules for the batch path",
            ));
        }
        Ok(LeadBatchRunner {
            engine,
            timers: vec![Timer::default(); rules.len()],
            rules,
            chain: policy.reassign_chain.clone(),
            fired: Vec::new(),
            range: Range::new(),
        })
    }

    /// The stable id of an action, as the typed operation lists it:
    /// `"{lead_id}/{rule_id}:{cycle}:1"`.
    pub fn action_id(&self, lead_id: &str, action: &BatchLeadAction) -> String {
        let rule = self
            .engine
            .policy()
            .escalation
            .lead
            .rules
            .get(usize::from(action.rule))
            .map_or("", |r| r.id.as_str());
        format!("{lead_id}/{rule}:{}:1", action.cycle)
    }

    /// The fingerprint of the policy the answers are computed with.
    pub fn policy_fingerprint(&self) -> &str {
        self.engine.fingerprint()
    }

    /// Evaluate every lead of the batch at `now` (Unix seconds): `results` gets one entry per
    /// lead (cleared first), `actions` the due actions of all leads (cleared first), each
    /// lead's contiguous, by due time then id. An error only when a lead's event range is
    /// outside the event array (the caller's bug); a lead that cannot be evaluated gets a
    /// non-`Ok` status instead.
    pub fn run(
        &mut self,
        leads: &[BatchLead],
        events: &[BatchLeadEvent],
        now: i64,
        results: &mut Vec<BatchLeadResult>,
        actions: &mut Vec<BatchLeadAction>,
    ) -> Result<()> {
        results.clear();
        actions.clear();
        results.reserve(leads.len());
        for (i, lead) in leads.iter().enumerate() {
            let start = lead.event_start as usize;
            let evs = start
                .checked_add(lead.event_len as usize)
                .and_then(|end| events.get(start..end))
                .ok_or_else(|| {
                    Error::invalid_request(
                        format!("leads[{i}].event_len"),
                        "event range is outside the event array",
                    )
                })?;
            let index = u32::try_from(i).map_err(|_| {
                Error::invalid_request("leads", "at most 4,294,967,295 leads per batch")
            })?;
            let result = self.evaluate(index, lead, evs, now, actions);
            results.push(result);
        }
        Ok(())
    }

    /// Evaluate one lead at `now`, appending its due actions (with lead index `index`) to
    /// `actions`.
    pub fn evaluate(
        &mut self,
        index: u32,
        lead: &BatchLead,
        events: &[BatchLeadEvent],
        now: i64,
        actions: &mut Vec<BatchLeadAction>,
    ) -> BatchLeadResult {
        let action_start = u32::try_from(actions.len()).unwrap_or(u32::MAX);
        let mut result = BatchLeadResult {
            status: BatchLeadStatus::Ok,
            state: ClockState::NotStarted,
            owner: lead.owner,
            cycle: 1,
            action_start,
            action_len: 0,
            next_deadline: None,
        };
        match self.replay(index, lead, events, now, actions, &mut result) {
            Ok(()) => {}
            Err(status) => {
                actions.truncate(action_start as usize);
                result = BatchLeadResult {
                    status,
                    state: ClockState::NotStarted,
                    owner: lead.owner,
                    cycle: 1,
                    action_start,
                    action_len: 0,
                    next_deadline: None,
                };
            }
        }
        result
    }

    fn add(
        rule: &KRule<'_>,
        range: Range,
        start: i64,
        seconds: i64,
    ) -> std::result::Result<i64, Fail> {
        match rule.measure {
            KMeasure::Wall => start
                .checked_add(seconds)
                .filter(|&t| range.contains(t))
                .ok_or(BatchLeadStatus::CalendarDataMissing),
            KMeasure::Working(c) => c
                .add_seconds(start, seconds)
                .map_err(|_| BatchLeadStatus::CalendarDataMissing),
        }
    }

    /// Start a new cycle of every timer at `at`; running timers whose deadline is at or
    /// before `at` fire first.
    fn start_all(&mut self, at: i64) -> std::result::Result<(), Fail> {
        for (r, (rule, timer)) in self.rules.iter().zip(self.timers.iter_mut()).enumerate() {
            if timer.running && timer.deadline <= at {
                self.fired.push(Fired {
                    rule: u16::try_from(r).unwrap_or(u16::MAX),
                    cycle: timer.cycle,
                    due_at: timer.deadline,
                });
            }
            timer.started = true;
            timer.running = true;
            timer.cycle += 1;
            timer.since = at;
            timer.deadline = Self::add(rule, self.range, at, rule.after)?;
        }
        Ok(())
    }

    /// Hand the lead on for every reassign deadline before `t` (at or before, if `inclusive`).
    fn reassign_due(
        &mut self,
        owner: &mut usize,
        owners: usize,
        t: i64,
        inclusive: bool,
    ) -> std::result::Result<(), Fail> {
        while *owner + 1 < owners {
            let earliest = self
                .rules
                .iter()
                .zip(&self.timers)
                .filter(|(rule, timer)| rule.action == LeadAction::Reassign && timer.running)
                .map(|(_, timer)| timer.deadline)
                .min();
            match earliest {
                Some(at) if at < t || (inclusive && at == t) => {
                    self.start_all(at)?;
                    *owner += 1;
                }
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    fn replay(
        &mut self,
        index: u32,
        lead: &BatchLead,
        events: &[BatchLeadEvent],
        now: i64,
        actions: &mut Vec<BatchLeadAction>,
        result: &mut BatchLeadResult,
    ) -> std::result::Result<(), Fail> {
        let assigned = lead.assigned_at;
        let range = self.range;
        if !range.contains(assigned) || !range.contains(now) {
            return Err(BatchLeadStatus::TimeOutOfRange);
        }
        let mut last = assigned;
        for e in events {
            if !range.contains(e.at) {
                return Err(BatchLeadStatus::TimeOutOfRange);
            }
            if e.at < assigned {
                return Err(BatchLeadStatus::EventBeforeAssignment);
            }
            if e.at < last {
                return Err(BatchLeadStatus::EventsOutOfOrder);
            }
            last = e.at;
        }
        let mut owners = [lead.owner; 3];
        let mut n = 1usize;
        for role in &self.chain {
            let next = match role {
                ChainRole::Backup => lead.backup,
                ChainRole::Supervisor => lead.supervisor,
            };
            let prev = n.checked_sub(1).and_then(|p| owners.get(p)).copied();
            if prev != Some(next) {
                if let Some(slot) = owners.get_mut(n) {
                    *slot = next;
                    n += 1;
                }
            }
        }
        self.timers.iter_mut().for_each(|t| *t = Timer::default());
        self.fired.clear();
        let mut owner = 0usize;
        let started = assigned <= now;
        if started {
            self.start_all(assigned)?;
        }
        for e in events {
            if e.at > now {
                continue;
            }
            self.reassign_due(&mut owner, n, e.at, false)?;
            if owners.get(owner) != Some(&e.rep) {
                continue;
            }
            for (r, (rule, timer)) in self.rules.iter().zip(self.timers.iter_mut()).enumerate() {
                if rule.until != e.kind || !timer.running {
                    continue;
                }
                if timer.deadline < e.at {
                    self.fired.push(Fired {
                        rule: u16::try_from(r).unwrap_or(u16::MAX),
                        cycle: timer.cycle,
                        due_at: timer.deadline,
                    });
                }
                // The typed path measures the closed segment; only its errors matter here, and
                // before the deadline there are none: the deadline's computation covered the
                // years up to it.
                if let (KMeasure::Working(c), false) = (rule.measure, e.at < timer.deadline) {
                    c.between_seconds(timer.since, e.at)
                        .map_err(|_| BatchLeadStatus::CalendarDataMissing)?;
                }
                timer.running = false;
            }
        }
        if started {
            self.reassign_due(&mut owner, n, now, true)?;
        }
        let last_cycle = owner + 1 == n;
        let cycles = u32::try_from(n).unwrap_or(u32::MAX);
        let supervisor = lead.supervisor;
        let mut next: Option<i64> = None;
        let mut all_met = true;
        for (r, (rule, timer)) in self.rules.iter().zip(&self.timers).enumerate() {
            all_met &= timer.started && !timer.running;
            let exhausted =
                |cycle: u32| rule.action == LeadAction::Reassign && last_cycle && cycle == cycles;
            let rule_index = u16::try_from(r).unwrap_or(u16::MAX);
            let pending = (timer.running && timer.deadline <= now).then_some(Fired {
                rule: rule_index,
                cycle: timer.cycle,
                due_at: timer.deadline,
            });
            let dues = self
                .fired
                .iter()
                .filter(|f| f.rule == rule_index)
                .copied()
                .chain(pending);
            for due in dues {
                if exhausted(due.cycle) {
                    continue;
                }
                let from_idx = (due.cycle as usize).saturating_sub(1);
                let from = owners.get(from_idx).copied().unwrap_or(lead.owner);
                let to = match rule.action {
                    LeadAction::RemindSupervisor => supervisor,
                    LeadAction::Reassign => owners.get(from_idx + 1).copied().unwrap_or(from),
                };
                actions.push(BatchLeadAction {
                    lead: index,
                    rule: due.rule,
                    kind: rule.action,
                    cycle: due.cycle,
                    due_at: due.due_at,
                    from,
                    to,
                });
            }
            if timer.running && timer.deadline > now && !exhausted(timer.cycle) {
                next = Some(next.map_or(timer.deadline, |x| x.min(timer.deadline)));
            }
        }
        let start = result.action_start as usize;
        if let Some(mine) = actions.get_mut(start..) {
            if mine.len() > 1 {
                let ids = &self.engine.policy().escalation.lead.rules;
                mine.sort_by(|a, b| {
                    a.due_at.cmp(&b.due_at).then_with(|| {
                        let id = |x: &BatchLeadAction| {
                            ids.get(usize::from(x.rule)).map_or("", |r| r.id.as_str())
                        };
                        id_suffix_cmp(id(a), a.cycle, id(b), b.cycle)
                    })
                });
            }
            result.action_len = u32::try_from(mine.len()).unwrap_or(u32::MAX);
        }
        result.state = if !started {
            ClockState::NotStarted
        } else if all_met {
            ClockState::Met
        } else {
            ClockState::Running
        };
        result.owner = owners.get(owner).copied().unwrap_or(lead.owner);
        result.cycle = u32::try_from(owner + 1).unwrap_or(u32::MAX);
        result.next_deadline = next;
        Ok(())
    }
}

/// Compare `"{rule_a}:{cycle_a}:1"` with `"{rule_b}:{cycle_b}:1"` as strings (the tail of the
/// action ids, whose lead prefix is shared), without building them.
fn id_suffix_cmp(rule_a: &str, cycle_a: u32, rule_b: &str, cycle_b: u32) -> Ordering {
    let (mut da, mut db) = ([0u8; 10], [0u8; 10]);
    let a = rule_a
        .bytes()
        .chain(std::iter::once(b':'))
        .chain(digits(cycle_a, &mut da).iter().copied());
    let b = rule_b
        .bytes()
        .chain(std::iter::once(b':'))
        .chain(digits(cycle_b, &mut db).iter().copied());
    // Both end in ":1", so comparing up to here decides unless these are equal.
    a.cmp(b)
}

/// The decimal digits of `n`, written into `buf`.
fn digits(mut n: u32, buf: &mut [u8; 10]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    buf.get(i..).unwrap_or(&[])
}
