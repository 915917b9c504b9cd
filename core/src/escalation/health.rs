//! The lead-response health report (SPEC 2C): for the leads assigned in a month, per team, the
//! share first contacted within the policy `window` (48 h) of assignment, coloured green /
//! yellow / red by `green_at` / `yellow_at` (90 % / 70 %), with each team's slowest leads.
//!
//! A lead still inside its window at `as_of` without a contact is `pending`: it counts neither
//! for nor against the team yet. The rate is `within / (leads − pending)`, exact.

use super::calendar_error;
use super::lead::LeadEvent;
use super::policy::LeadEventKind;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::time::{Duration, Instant};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One lead of the month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthLead {
    /// The lead id.
    pub id: String,
    /// The team the lead belongs to.
    pub team: String,
    /// When it was assigned.
    pub assigned_at: Instant,
    /// Its events; the earliest `first_contact` at or after assignment counts.
    #[serde(default)]
    pub events: Vec<LeadEvent>,
}

/// Request of `lead_health_report`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadHealthRequest {
    /// The month, `YYYY-MM`; leads assigned in it (in the UTC offset of `as_of`) count.
    pub month: String,
    /// The moment the report is made.
    pub as_of: Instant,
    /// The leads.
    pub leads: Vec<HealthLead>,
}

/// `green`, `yellow` or `red`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    /// At or above `green_at`.
    Green,
    /// At or above `yellow_at`.
    Yellow,
    /// Below `yellow_at`.
    Red,
}

/// A slow lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlowLead {
    /// The lead id.
    pub id: String,
    /// When it was assigned.
    pub assigned_at: Instant,
    /// The first contact, if any.
    pub first_contact_at: Option<Instant>,
    /// Wall-clock wait until the first contact (or until `as_of` when none).
    pub waited: String,
}

/// One team's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamHealth {
    /// The team.
    pub team: String,
    /// Leads assigned in the month.
    pub leads: usize,
    /// First contacted within the window.
    pub within_window: usize,
    /// Still inside the window without a contact at `as_of`.
    pub pending: usize,
    /// `within_window / (leads − pending)` as a reduced fraction, null when nothing is decided.
    pub rate_exact: Option<String>,
    /// The rate as a percentage with one decimal, e.g. `"84.6%"`.
    pub rate: Option<String>,
    /// The colour, null when nothing is decided.
    pub colour: Option<Colour>,
    /// The slowest leads, slowest first (never contacted before contacted late).
    pub slowest: Vec<SlowLead>,
}

/// Response of `lead_health_report`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadHealthResponse {
    /// The month.
    pub month: String,
    /// The window.
    pub window: Duration,
    /// One line per team, by team id.
    pub teams: Vec<TeamHealth>,
    /// All teams together (`team` is `"all"`, no slowest list).
    pub total: TeamHealth,
    /// Leads of the request assigned outside the month (not counted).
    pub outside_month: usize,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

#[derive(Default)]
struct Tally {
    leads: usize,
    within: usize,
    pending: usize,
    slow: Vec<(bool, i64, SlowLead)>,
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn month_of(path: &str, month: &str) -> Result<(i16, i8)> {
    let bad = || Error::invalid_request(path, format!("expected YYYY-MM, got {month:?}"));
    let (y, m) = month.split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 {
        return Err(bad());
    }
    let (y, m): (i16, i8) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(1..=12).contains(&m) {
        return Err(bad());
    }
    Ok((y, m))
}

impl Tally {
    fn line(self, team: String, engine: &Engine, keep: usize) -> TeamHealth {
        let h = &engine.policy().escalation.health;
        let decided = self.leads - self.pending;
        let (rate_exact, rate, colour) = if decided == 0 {
            (None, None, None)
        } else {
            let g = gcd(self.within, decided).max(1);
            let exact = format!("{}/{}", self.within / g, decided / g);
            // Percentage with one decimal, rounded half up, in integers.
            let permille = (self.within * 2000 + decided) / (2 * decided);
            let display = format!("{}.{}%", permille / 10, permille % 10);
            let pct = Decimal::from(self.within) * Decimal::from(100);
            let d = Decimal::from(decided);
            let colour = if pct >= h.green_at * d {
                Colour::Green
            } else if pct >= h.yellow_at * d {
                Colour::Yellow
            } else {
                Colour::Red
            };
            (Some(exact), Some(display), Some(colour))
        };
        let mut slow = self.slow;
        slow.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.id.cmp(&b.2.id)));
        TeamHealth {
            team,
            leads: self.leads,
            within_window: self.within,
            pending: self.pending,
            rate_exact,
            rate,
            colour,
            slowest: slow.into_iter().take(keep).map(|s| s.2).collect(),
        }
    }
}

/// Serve `lead_health_report`.
pub fn lead_health_report(
    engine: &Engine,
    request: &LeadHealthRequest,
) -> Result<LeadHealthResponse> {
    let policy = &engine.policy().escalation.health;
    let measure = engine.measure(policy.calendar.as_deref())?;
    let (year, month) = month_of("month", &request.month)?;
    let offset = jiff::tz::Offset::from_seconds(request.as_of.offset_seconds())
        .unwrap_or(jiff::tz::Offset::UTC);
    let mut teams: BTreeMap<String, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    let mut outside = 0;
    let mut ids = std::collections::BTreeSet::new();
    for (i, lead) in request.leads.iter().enumerate() {
        if !ids.insert(lead.id.as_str()) {
            return Err(Error::invalid_request(
                format!("leads[{i}].id"),
                format!(
                    "lead id {:?} appears twice; each lead is counted once",
                    lead.id
                ),
            ));
        }
        let local = offset.to_datetime(lead.assigned_at.timestamp());
        if (local.year(), local.month()) != (year, month) {
            outside += 1;
            continue;
        }
        let contact = lead
            .events
            .iter()
            .filter(|e| e.kind == LeadEventKind::FirstContact)
            .filter(|e| e.at >= lead.assigned_at && e.at <= request.as_of)
            .map(|e| e.at)
            .min();
        let path = format!("leads[{i}].assigned_at");
        let deadline = measure
            .add(lead.assigned_at, policy.window.seconds())
            .map_err(|e| calendar_error(&path, e))?;
        let tally = teams.entry(lead.team.clone()).or_default();
        let end = contact.unwrap_or(request.as_of);
        let within = contact.is_some_and(|c| c <= deadline);
        let pending = contact.is_none() && request.as_of < deadline;
        for t in [&mut *tally, &mut total] {
            t.leads += 1;
            t.within += usize::from(within);
            t.pending += usize::from(pending);
        }
        if !within && !pending {
            tally.slow.push((
                contact.is_none(),
                end.unix_seconds() - lead.assigned_at.unix_seconds(),
                SlowLead {
                    id: lead.id.clone(),
                    assigned_at: lead.assigned_at,
                    first_contact_at: contact,
                    waited: super::took(lead.assigned_at, end),
                },
            ));
        }
    }
    let keep = policy.slowest;
    Ok(LeadHealthResponse {
        month: request.month.clone(),
        window: policy.window,
        teams: teams
            .into_iter()
            .map(|(team, t)| t.line(team, engine, keep))
            .collect(),
        total: total.line("all".into(), engine, 0),
        outside_month: outside,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}
