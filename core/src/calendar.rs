//! Business calendars: an IANA time zone (DST-correct, from the IANA database bundled into the
//! binary, never the host's), working intervals per day (lunch breaks), working weekdays,
//! holidays and make-up working days (China's 调休 weekends).
//!
//! A calendar knows which years it `covers`. Measuring working time in any other year is a
//! [`CalendarError::NotCovered`] (`calendar_data_missing`), never a guess: next year's holidays
//! are not known until the government publishes them.

use crate::time::Instant;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{TimeZone, TimeZoneDatabase};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Errors of this module.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The computation needs a year the calendar has no holiday data for.
    #[error("calendar {calendar:?} has no data for {year}; add the year's holidays and make-up working days and list it in `covers`")]
    NotCovered {
        /// The calendar's name.
        calendar: String,
        /// The year it lacks.
        year: i16,
    },
    /// A field of the calendar's definition is invalid (`field` is relative to the calendar).
    #[error("{message}")]
    Invalid {
        /// The field, e.g. `holidays[3]`.
        field: String,
        /// What is wrong.
        message: String,
    },
}

impl CalendarError {
    /// Stable machine code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::NotCovered { .. } => "calendar_data_missing",
            CalendarError::Invalid { .. } => "invalid_calendar",
        }
    }

    fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        CalendarError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A calendar as written in the policy (`calendars.<name>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// IANA time zone, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    /// Working intervals of a working day, local time, e.g. `[["09:00","12:00"],["13:00","18:00"]]`.
    pub working_hours: Vec<[String; 2]>,
    /// Working weekdays (`mon` … `sun`); Monday to Friday when absent.
    #[serde(default = "default_working_days")]
    pub working_days: Vec<String>,
    /// Days off that would otherwise be working days (`YYYY-MM-DD`).
    #[serde(default)]
    pub holidays: Vec<String>,
    /// Make-up working days that would otherwise be days off (调休).
    #[serde(default)]
    pub workdays: Vec<String>,
    /// Years whose holidays and make-up days are complete.
    pub covers: Vec<i16>,
}

fn default_working_days() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The mainland China calendar, 2025 and 2026, from the State Council General Office notices
/// 国办发明电〔2024〕12号 (2025 holidays, published 2024-11-12) and the notice on the 2026
/// holidays (published 2025-11-04). Every day of each holiday period is listed; the make-up
/// working days are the weekends named "上班" in the notices.
pub fn china_mainland() -> CalendarSpec {
    let mut holidays = Vec::new();
    let mut add_range = |from: &str, to: &str| {
        if let (Ok(a), Ok(b)) = (from.parse::<Date>(), to.parse::<Date>()) {
            let mut d = a;
            while d <= b {
                holidays.push(d.to_string());
                match d.tomorrow() {
                    Ok(next) => d = next,
                    Err(_) => break,
                }
            }
        }
    };
    // 2025: New Year 1-1; Spring Festival 1-28..2-4; Qingming 4-4..4-6; Labour Day 5-1..5-5;
    // Dragon Boat 5-31..6-2; National Day + Mid-Autumn 10-1..10-8.
    add_range("2025-01-01", "2025-01-01");
    add_range("2025-01-28", "2025-02-04");
    add_range("2025-04-04", "2025-04-06");
    add_range("2025-05-01", "2025-05-05");
    add_range("2025-05-31", "2025-06-02");
    add_range("2025-10-01", "2025-10-08");
    // 2026: New Year 1-1..1-3; Spring Festival 2-15..2-23; Qingming 4-4..4-6; Labour Day
    // 5-1..5-5; Dragon Boat 6-19..6-21; Mid-Autumn 9-25..9-27; National Day 10-1..10-7.
    add_range("2026-01-01", "2026-01-03");
    add_range("2026-02-15", "2026-02-23");
    add_range("2026-04-04", "2026-04-06");
    add_range("2026-05-01", "2026-05-05");
    add_range("2026-06-19", "2026-06-21");
    add_range("2026-09-25", "2026-09-27");
    add_range("2026-10-01", "2026-10-07");
    CalendarSpec {
        time_zone: "Asia/Shanghai".into(),
        working_hours: vec![
            ["09:00".into(), "12:00".into()],
            ["13:00".into(), "18:00".into()],
        ],
        working_days: default_working_days(),
        holidays,
        workdays: strings(&[
            "2025-01-26",
            "2025-02-08",
            "2025-04-27",
            "2025-09-28",
            "2025-10-11",
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10",
        ]),
        covers: vec![2025, 2026],
    }
}

/// The calendars of the default policy: `cn_mainland`.
pub fn default_calendars() -> BTreeMap<String, CalendarSpec> {
    BTreeMap::from([("cn_mainland".to_string(), china_mainland())])
}

/// True when `calendars` equals the default set (the policy omits it from its canonical form).
pub fn is_default_calendars(calendars: &BTreeMap<String, CalendarSpec>) -> bool {
    *calendars == default_calendars()
}

/// A compiled calendar: time zone resolved, dates parsed, intervals in seconds of the day.
#[derive(Debug, Clone)]
pub struct Calendar {
    name: String,
    tz: TimeZone,
    /// Working intervals as (start, end) seconds since local midnight; end may be 86 400.
    hours: Vec<(i32, i32)>,
    weekdays: [bool; 7],
    holidays: BTreeSet<Date>,
    workdays: BTreeSet<Date>,
    covers: BTreeSet<i16>,
}

fn parse_clock(text: &str) -> Option<i32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    let ok = (0..24).contains(&h) && (0..60).contains(&m) || (h == 24 && m == 0);
    ok.then_some(h * 3600 + m * 60)
}

fn parse_dates(field: &str, items: &[String]) -> Result<BTreeSet<Date>, CalendarError> {
    let mut out = BTreeSet::new();
    for (i, s) in items.iter().enumerate() {
        let d = s
            .parse::<Date>()
            .ok()
            .filter(|_| s.len() == 10)
            .ok_or_else(|| {
                CalendarError::invalid(
                    format!("{field}[{i}]"),
                    format!("expected a date YYYY-MM-DD, got {s:?}"),
                )
            })?;
        out.insert(d);
    }
    Ok(out)
}

impl Calendar {
    /// Compile a calendar from its policy form, resolving the time zone in `db`.
    pub fn compile(
        name: &str,
        spec: &CalendarSpec,
        db: &TimeZoneDatabase,
    ) -> Result<Calendar, CalendarError> {
        let tz = db.get(&spec.time_zone).map_err(|_| {
            CalendarError::invalid(
                "time_zone",
                format!(
                    "{:?} is not an IANA time zone such as \"Asia/Shanghai\"",
                    spec.time_zone
                ),
            )
        })?;
        if spec.working_hours.is_empty() {
            return Err(CalendarError::invalid(
                "working_hours",
                "list at least one interval such as [\"09:00\", \"18:00\"]",
            ));
        }
        let mut hours = Vec::new();
        let mut last_end = 0;
        for (i, [from, to]) in spec.working_hours.iter().enumerate() {
            let field = format!("working_hours[{i}]");
            let (Some(a), Some(b)) = (parse_clock(from), parse_clock(to)) else {
                return Err(CalendarError::invalid(
                    field,
                    format!("expected [\"HH:MM\", \"HH:MM\"], got [{from:?}, {to:?}]"),
                ));
            };
            if a >= b || a < last_end {
                return Err(CalendarError::invalid(
                    field,
                    "intervals must be non-empty, in order and must not overlap",
                ));
            }
            last_end = b;
            hours.push((a, b));
        }
        let mut weekdays = [false; 7];
        for (i, w) in spec.working_days.iter().enumerate() {
            let slot = WEEKDAYS
                .iter()
                .position(|d| d == w)
                .and_then(|p| weekdays.get_mut(p))
                .ok_or_else(|| {
                    CalendarError::invalid(
                        format!("working_days[{i}]"),
                        format!("expected one of mon, tue, wed, thu, fri, sat, sun, got {w:?}"),
                    )
                })?;
            *slot = true;
        }
        let holidays = parse_dates("holidays", &spec.holidays)?;
        let workdays = parse_dates("workdays", &spec.workdays)?;
        if let Some(d) = holidays.intersection(&workdays).next() {
            return Err(CalendarError::invalid(
                "workdays",
                format!("{d} is listed both as a holiday and as a working day"),
            ));
        }
        let covers: BTreeSet<i16> = spec.covers.iter().copied().collect();
        for (field, set) in [("holidays", &holidays), ("workdays", &workdays)] {
            if let Some(d) = set.iter().find(|d| !covers.contains(&d.year())) {
                return Err(CalendarError::invalid(
                    field,
                    format!("{d} is in a year not listed in `covers`"),
                ));
            }
        }
        Ok(Calendar {
            name: name.to_string(),
            tz,
            hours,
            weekdays,
            holidays,
            workdays,
            covers,
        })
    }

    /// The calendar's name in the policy.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The calendar's time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// Whether `date` is a working day; an error when its year is not covered.
    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        if !self.covers.contains(&date.year()) {
            return Err(CalendarError::NotCovered {
                calendar: self.name.clone(),
                year: date.year(),
            });
        }
        if self.workdays.contains(&date) {
            return Ok(true);
        }
        if self.holidays.contains(&date) {
            return Ok(false);
        }
        let w = usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0);
        Ok(self.weekdays.get(w).copied().unwrap_or(false))
    }

    fn local(&self, date: Date, seconds: i32) -> Option<Timestamp> {
        let (date, seconds) = if seconds >= 86_400 {
            (date.tomorrow().ok()?, seconds - 86_400)
        } else {
            (date, seconds)
        };
        let time = Time::new(
            i8::try_from(seconds / 3600).ok()?,
            i8::try_from(seconds % 3600 / 60).ok()?,
            0,
            0,
        )
        .ok()?;
        // A working-hour boundary in a DST gap moves forward, as clocks do.
        self.tz
            .to_ambiguous_timestamp(DateTime::from_parts(date, time))
            .compatible()
            .ok()
    }

    /// The working intervals of `date` as instants (empty on days off).
    fn intervals(&self, date: Date) -> Result<Vec<(Timestamp, Timestamp)>, CalendarError> {
        if !self.is_working_day(date)? {
            return Ok(Vec::new());
        }
        Ok(self
            .hours
            .iter()
            .filter_map(|&(a, b)| Some((self.local(date, a)?, self.local(date, b)?)))
            .collect())
    }

    fn next_day(&self, date: Date) -> Result<Date, CalendarError> {
        date.tomorrow().map_err(|_| CalendarError::NotCovered {
            calendar: self.name.clone(),
            year: date.year(),
        })
    }

    /// The instant when `seconds` of working time have passed after `start`.
    pub fn add(&self, start: Timestamp, seconds: i64) -> Result<Timestamp, CalendarError> {
        if seconds <= 0 {
            return Ok(start);
        }
        let mut need = i128::from(seconds) * 1_000_000_000;
        // Intervals end by midnight, so no interval of an earlier day reaches `start`.
        let mut date = self.tz.to_datetime(start).date();
        loop {
            for (a, b) in self.intervals(date)? {
                let from = a.max(start);
                if b <= from {
                    continue;
                }
                let available = b.as_nanosecond() - from.as_nanosecond();
                if need <= available {
                    let end = from.as_nanosecond() + need;
                    return Timestamp::from_nanosecond(end).map_err(|_| {
                        CalendarError::NotCovered {
                            calendar: self.name.clone(),
                            year: date.year(),
                        }
                    });
                }
                need -= available;
            }
            date = self.next_day(date)?;
        }
    }

    /// Working seconds between `from` and `to` (zero when `to` is not after `from`).
    pub fn between(&self, from: Timestamp, to: Timestamp) -> Result<i64, CalendarError> {
        if to <= from {
            return Ok(0);
        }
        let mut total: i128 = 0;
        let mut date = self.tz.to_datetime(from).date();
        let last = self.tz.to_datetime(to).date();
        while date <= last {
            for (a, b) in self.intervals(date)? {
                let (lo, hi) = (a.max(from), b.min(to));
                if hi > lo {
                    total += hi.as_nanosecond() - lo.as_nanosecond();
                }
            }
            date = self.next_day(date)?;
        }
        Ok(i64::try_from(total / 1_000_000_000).unwrap_or(i64::MAX))
    }

    /// `ts` shown with this calendar's UTC offset at that instant.
    pub fn instant(&self, ts: Timestamp) -> Instant {
        Instant::from_timestamp(ts, self.tz.to_offset(ts).seconds())
    }
}

/// Compile every calendar of a policy with the bundled IANA database.
pub fn compile_all(
    specs: &BTreeMap<String, CalendarSpec>,
) -> Result<BTreeMap<String, Calendar>, (String, CalendarError)> {
    let db = TimeZoneDatabase::bundled();
    specs
        .iter()
        .map(|(name, spec)| {
            Calendar::compile(name, spec, &db)
                .map(|c| (name.clone(), c))
                .map_err(|e| (name.clone(), e))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn() -> Calendar {
        Calendar::compile("cn", &china_mainland(), &TimeZoneDatabase::bundled()).unwrap()
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn bundled_database_knows_shanghai_and_new_york() {
        let db = TimeZoneDatabase::bundled();
        assert!(db.get("Asia/Shanghai").is_ok());
        assert!(db.get("America/New_York").is_ok());
    }

    #[test]
    fn china_2026_make_up_days_are_working_days() {
        let c = cn();
        for d in [
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10",
        ] {
            assert!(c.is_working_day(d.parse().unwrap()).unwrap(), "{d}");
        }
        for d in ["2026-02-16", "2026-10-08", "2026-10-09", "2026-06-19"] {
            let working = c.is_working_day(d.parse().unwrap()).unwrap();
            assert_eq!(working, d == "2026-10-08" || d == "2026-10-09", "{d}");
        }
    }

    #[test]
    fn friday_afternoon_plus_four_working_hours_lands_on_the_make_up_saturday() {
        let c = cn();
        let due = c.add(ts("2026-02-13T08:00:00Z"), 4 * 3600).unwrap();
        assert_eq!(c.instant(due).to_string(), "2026-02-14T11:00:00+08:00");
        assert_eq!(
            c.between(ts("2026-02-13T08:00:00Z"), due).unwrap(),
            4 * 3600
        );
    }

    #[test]
    fn lunch_break_does_not_count() {
        let c = cn();
        let due = c.add(ts("2026-03-02T03:30:00Z"), 3600).unwrap();
        assert_eq!(c.instant(due).to_string(), "2026-03-02T13:30:00+08:00");
    }

    #[test]
    fn uncovered_year_is_an_error_not_a_guess() {
        let c = cn();
        let e = c.add(ts("2026-12-31T09:00:00Z"), 8 * 3600).unwrap_err();
        assert_eq!(e.code(), "calendar_data_missing");
        assert!(e.to_string().contains("2027"));
    }
}
