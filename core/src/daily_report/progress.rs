//! `daily_report_progress`: who has not submitted by the deadline + `remind_after` (2 h), and
//! the month's per-rep × per-day submission matrix.

use super::policy::parse_hh_mm;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::escalation::{calendar_error, Measure};
use crate::time::Instant;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One rep of the team roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterEntry {
    /// The rep id.
    pub rep: String,
    /// The rep's team (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// One submitted daily report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The rep (must be in the roster).
    pub rep: String,
    /// The report day, `YYYY-MM-DD`.
    pub date: String,
    /// When it was submitted.
    pub submitted_at: Instant,
}

/// Request of `daily_report_progress`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DailyReportProgressRequest {
    /// The month of the matrix, `YYYY-MM`.
    pub month: String,
    /// The moment the report is made; later submissions are ignored.
    pub as_of: Instant,
    /// The team roster.
    pub roster: Vec<RosterEntry>,
    /// The submissions (any days; those outside the month only count for the reminder day).
    #[serde(default)]
    pub submissions: Vec<Submission>,
    /// The day of the reminder list, `YYYY-MM-DD`; the local date of `as_of` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder_date: Option<String>,
}

/// One cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayStatus {
    /// Submitted by the deadline.
    OnTime,
    /// Submitted after the deadline (by `as_of`).
    Late,
    /// Not submitted, and the reminder time has passed.
    Missing,
    /// Not submitted yet, reminder time not reached.
    Pending,
    /// Not a working day (of the calendar, or a weekend without one) and nothing submitted.
    Off,
}

/// The reminder list of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminder {
    /// The report day.
    pub date: String,
    /// Whether the calendar expects a report that day.
    pub expected: bool,
    /// The deadline.
    pub deadline: Instant,
    /// The deadline + `remind_after`.
    pub remind_at: Instant,
    /// Whether `as_of` has reached `remind_at` (the list is final then).
    pub due: bool,
    /// Reps with no report for the day submitted by `remind_at` (and by `as_of`), by rep id;
    /// empty when the day expects no report.
    pub reps: Vec<String>,
}

/// One rep's line of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepProgress {
    /// The rep.
    pub rep: String,
    /// The rep's team.
    pub team: Option<String>,
    /// One status per day of the month.
    pub days: Vec<DayStatus>,
    /// Days on time.
    pub on_time: usize,
    /// Days late.
    pub late: usize,
    /// Days missing.
    pub missing: usize,
    /// Reports in over reports due, `(on_time + late)/(on_time + late + missing)` unreduced
    /// (`20/22`), null when none is due yet.
    pub submitted: Option<String>,
}

/// Response of `daily_report_progress`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DailyReportProgressResponse {
    /// The month.
    pub month: String,
    /// The dates of the matrix columns.
    pub dates: Vec<String>,
    /// Which of those dates expect a report.
    pub expected: Vec<bool>,
    /// One line per rep, in roster order.
    pub reps: Vec<RepProgress>,
    /// The reminder list.
    pub reminder: Reminder,
    /// Submissions ignored because they were made after `as_of`.
    pub after_as_of: usize,
    /// The policy the answer was computed with.
    pub policy_fingerprint: String,
}

fn parse_day(path: &str, s: &str) -> Result<Date> {
    let ok = s.len() == 10 && s.get(4..5) == Some("-") && s.get(7..8) == Some("-");
    ok.then(|| s.parse::<Date>().ok()).flatten().ok_or_else(|| {
        Error::invalid_request(
            path,
            format!(
                "expected a date YYYY-MM-DD, got {:?}",
                s.chars().take(32).collect::<String>()
            ),
        )
    })
}

fn month_days(s: &str) -> Result<Vec<Date>> {
    let bad = || Error::invalid_request("month", format!("expected YYYY-MM, got {s:?}"));
    let first = if s.len() == 7 {
        parse_day("month", &format!("{s}-01")).map_err(|_| bad())?
    } else {
        return Err(bad());
    };
    let n = first.days_in_month();
    Ok((0..n)
        .filter_map(|i| first.checked_add(jiff::Span::new().days(i)).ok())
        .collect())
}

/// Serve `daily_report_progress`.
pub fn daily_report_progress(
    engine: &Engine,
    request: &DailyReportProgressRequest,
) -> Result<DailyReportProgressResponse> {
    let policy = &engine.policy().daily_report;
    let calendar = match engine.measure(policy.calendar.as_deref())? {
        Measure::Working(c) => Some(c),
        Measure::WallClock => None,
    };
    let tz = match calendar {
        Some(c) => c.time_zone().clone(),
        None => jiff::tz::TimeZone::get(&policy.time_zone)
            .map_err(|e| Error::invalid_policy("daily_report.time_zone", e.to_string()))?,
    };
    let (h, m) = parse_hh_mm(&policy.deadline).unwrap_or((20, 0));
    let offset = request.as_of.offset_seconds();
    let deadline_of = |path: &str, d: Date| -> Result<Instant> {
        let ts = tz
            .to_timestamp(d.at(h, m, 0, 0))
            .map_err(|e| Error::invalid_request(path, e.to_string()))?;
        Ok(Instant::from_timestamp(ts, offset))
    };
    let remind = policy.remind_after.seconds();
    let expected_on = |path: &str, d: Date| -> Result<bool> {
        match calendar {
            Some(c) => c.is_working_day(d).map_err(|e| calendar_error(path, e)),
            None => Ok(!matches!(
                d.weekday(),
                jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
            )),
        }
    };
    let days = month_days(&request.month)?;
    let mut reps: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, r) in request.roster.iter().enumerate() {
        if r.rep.trim().is_empty() {
            return Err(Error::invalid_request(
                format!("roster[{i}].rep"),
                "must not be empty",
            ));
        }
        if reps.insert(r.rep.as_str(), i).is_some() {
            return Err(Error::invalid_request(
                format!("roster[{i}].rep"),
                format!("rep {:?} appears twice in the roster", r.rep),
            ));
        }
    }
    // Earliest submission per (rep, day), made by as_of.
    let mut first: BTreeMap<(usize, Date), Instant> = BTreeMap::new();
    let mut after = 0;
    for (i, s) in request.submissions.iter().enumerate() {
        let ri = *reps.get(s.rep.as_str()).ok_or_else(|| {
            Error::invalid_request(
                format!("submissions[{i}].rep"),
                format!("rep {:?} is not in the roster", s.rep),
            )
        })?;
        let d = parse_day(&format!("submissions[{i}].date"), &s.date)?;
        if s.submitted_at > request.as_of {
            after += 1;
            continue;
        }
        let e = first.entry((ri, d)).or_insert(s.submitted_at);
        if s.submitted_at < *e {
            *e = s.submitted_at;
        }
    }
    let mut expected = Vec::with_capacity(days.len());
    let mut deadlines = Vec::with_capacity(days.len());
    for d in &days {
        expected.push(expected_on("month", *d)?);
        deadlines.push(deadline_of("month", *d)?);
    }
    let mut lines = Vec::with_capacity(request.roster.len());
    for (ri, r) in request.roster.iter().enumerate() {
        let mut line = RepProgress {
            rep: r.rep.clone(),
            team: r.team.clone(),
            days: Vec::with_capacity(days.len()),
            on_time: 0,
            late: 0,
            missing: 0,
            submitted: None,
        };
        for ((d, exp), dl) in days.iter().zip(&expected).zip(&deadlines) {
            let status = match first.get(&(ri, *d)) {
                Some(t) if t <= dl => DayStatus::OnTime,
                Some(_) => DayStatus::Late,
                None if !exp => DayStatus::Off,
                None => {
                    let due = dl
                        .plus_seconds(remind)
                        .is_some_and(|at| request.as_of >= at);
                    if due {
                        DayStatus::Missing
                    } else {
                        DayStatus::Pending
                    }
                }
            };
            match status {
                DayStatus::OnTime => line.on_time += 1,
                DayStatus::Late => line.late += 1,
                DayStatus::Missing => line.missing += 1,
                _ => {}
            }
            line.days.push(status);
        }
        let done = line.on_time + line.late;
        let due = done + line.missing;
        if due > 0 {
            line.submitted = Some(format!("{done}/{due}"));
        }
        lines.push(line);
    }
    // The reminder list.
    let local_today = tz.to_datetime(request.as_of.timestamp()).date();
    let rday = match &request.reminder_date {
        Some(s) => parse_day("reminder_date", s)?,
        None => local_today,
    };
    let deadline = deadline_of("reminder_date", rday)?;
    let remind_at = deadline.plus_seconds(remind).unwrap_or(deadline);
    let exp = expected_on("reminder_date", rday)?;
    let reps_to_remind = if exp {
        let mut v: Vec<String> = request
            .roster
            .iter()
            .enumerate()
            .filter(|(ri, _)| first.get(&(*ri, rday)).is_none_or(|t| *t > remind_at))
            .map(|(_, r)| r.rep.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        v.dedup();
        v
    } else {
        Vec::new()
    };
    Ok(DailyReportProgressResponse {
        month: request.month.clone(),
        dates: days.iter().map(|d| d.to_string()).collect(),
        expected,
        reps: lines,
        reminder: Reminder {
            date: rday.to_string(),
            expected: exp,
            deadline,
            remind_at,
            due: request.as_of >= remind_at,
            reps: reps_to_remind,
        },
        after_as_of: after,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}
