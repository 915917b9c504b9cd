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
use std::sync::OnceLock;

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
    /// Every working interval of the covered years, built on first use (see [`Table`]).
    table: OnceLock<Option<Table>>,
}

/// At most this many covered years get a precomputed [`Table`]; calendars covering more
/// years measure day by day (same answers, slower).
const MAX_TABLE_YEARS: usize = 64;

/// The working intervals of every covered day in time order, in Unix seconds, with the
/// working seconds up to the end of each: `add` and `between` become two binary searches
/// instead of a walk over the days. Built only when the intervals are well-formed (non-empty
/// ones strictly after each other, which a DST pathology could break); otherwise the
/// calendar measures day by day.
#[derive(Debug, Clone)]
struct Table {
    starts: Vec<i64>,
    ends: Vec<i64>,
    /// Working seconds from the first interval up to the end of each interval.
    cum_end: Vec<i64>,
    /// The local date each interval belongs to.
    dates: Vec<Date>,
}

impl Table {
    /// Working seconds of the table before `t`.
    fn worked_before(&self, t: i64) -> i64 {
        self.worked_before_in(self.ends.partition_point(|&e| e <= t), t)
    }

    /// [`Table::worked_before`] when `i` is the first interval ending after `t`.
    fn worked_before_in(&self, i: usize, t: i64) -> i64 {
        let before = i
            .checked_sub(1)
            .and_then(|p| self.cum_end.get(p))
            .copied()
            .unwrap_or(0);
        match self.starts.get(i) {
            Some(&a) if t > a => before + (t - a),
            _ => before,
        }
    }
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
            table: OnceLock::new(),
        })
    }

    fn table(&self) -> Option<&Table> {
        self.table.get_or_init(|| self.build_table()).as_ref()
    }

    fn build_table(&self) -> Option<Table> {
        if self.covers.len() > MAX_TABLE_YEARS {
            return None;
        }
        let mut t = Table {
            starts: Vec::new(),
            ends: Vec::new(),
            cum_end: Vec::new(),
            dates: Vec::new(),
        };
        let mut total = 0i64;
        let mut last_end = i64::MIN;
        for &year in &self.covers {
            let mut date = Date::new(year, 1, 1).ok()?;
            while date.year() == year {
                for (a, b) in self.intervals(date).ok()? {
                    if a.subsec_nanosecond() != 0 || b.subsec_nanosecond() != 0 {
                        return None;
                    }
                    let (a, b) = (a.as_second(), b.as_second());
                    if a == b {
                        continue;
                    }
                    if b < a || a < last_end {
                        return None;
                    }
                    total += b - a;
                    last_end = b;
                    t.starts.push(a);
                    t.ends.push(b);
                    t.cum_end.push(total);
                    t.dates.push(date);
                }
                match date.tomorrow() {
                    Ok(next) => date = next,
                    Err(_) => break,
                }
            }
        }
        Some(t)
    }

    fn not_covered(&self, year: i16) -> CalendarError {
        CalendarError::NotCovered {
            calendar: self.name.clone(),
            year,
        }
    }

    /// The local date of `ts`.
    fn local_date(&self, ts: Timestamp) -> Date {
        self.tz.to_datetime(ts).date()
    }

    /// The first year from `from` to `to` (inclusive) that the calendar does not cover.
    fn first_uncovered(&self, from: i16, to: i16) -> Option<i16> {
        let mut y = from;
        loop {
            if !self.covers.contains(&y) {
                return Some(y);
            }
            if y >= to {
                return None;
            }
            y += 1;
        }
    }

    /// [`Calendar::add`] over the table, for a whole-second `start` and `seconds > 0`;
    /// `None` when only the day-by-day walk can answer exactly.
    fn add_by_table(&self, start: Timestamp, seconds: i64) -> Option<Result<i64, CalendarError>> {
        let t = self.table()?;
        let s = start.as_second();
        let i = t.ends.partition_point(|&e| e <= s);
        // Inside a working interval the local date is the interval's; elsewhere ask the zone.
        let first_date = match (t.starts.get(i), t.dates.get(i)) {
            (Some(&a), Some(&d)) if a <= s => d,
            _ => self.local_date(start),
        };
        let y0 = first_date.year();
        if !self.covers.contains(&y0) {
            return Some(Err(self.not_covered(y0)));
        }
        let target = t.worked_before_in(i, s).checked_add(seconds)?;
        let j = t.cum_end.partition_point(|&c| c < target);
        let (Some(&end), Some(&cum), Some(&date)) =
            (t.ends.get(j), t.cum_end.get(j), t.dates.get(j))
        else {
            // Not enough working time in the table: the walk stops at the first day of the
            // first year after `y0` that is not covered.
            let year = self.first_uncovered(y0, i16::MAX)?;
            if year > 9999 {
                // The walk would stop at the end of jiff's range instead.
                return None;
            }
            return Some(Err(self.not_covered(year)));
        };
        if date < first_date {
            return None;
        }
        if let Some(year) = self.first_uncovered(y0, date.year()) {
            return Some(Err(self.not_covered(year)));
        }
        Some(Ok(end - (cum - target)))
    }

    /// [`Calendar::between`] over the table, for whole-second instants with `to > from`.
    fn between_by_table(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> Option<Result<i64, CalendarError>> {
        let t = self.table()?;
        let (y0, y1) = (self.local_date(from).year(), self.local_date(to).year());
        if let Some(year) = self.first_uncovered(y0, y1) {
            return Some(Err(self.not_covered(year)));
        }
        Some(Ok(
            t.worked_before(to.as_second()) - t.worked_before(from.as_second())
        ))
    }

    /// [`Calendar::add`] in Unix seconds (the batch path's unit).
    pub fn add_seconds(&self, start: i64, seconds: i64) -> Result<i64, CalendarError> {
        let ts = Timestamp::from_second(start).map_err(|_| self.not_covered(i16::MAX))?;
        self.add(ts, seconds).map(|end| end.as_second())
    }

    /// [`Calendar::between`] in Unix seconds (the batch path's unit).
    pub fn between_seconds(&self, from: i64, to: i64) -> Result<i64, CalendarError> {
        let bad = |_| self.not_covered(i16::MAX);
        self.between(
            Timestamp::from_second(from).map_err(bad)?,
            Timestamp::from_second(to).map_err(bad)?,
        )
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
        if start.subsec_nanosecond() == 0 {
            if let Some(answer) = self.add_by_table(start, seconds) {
                return answer.and_then(|end| {
                    Timestamp::from_second(end).map_err(|_| self.not_covered(i16::MAX))
                });
            }
        }
        self.add_by_walk(start, seconds)
    }

    /// [`Calendar::add`] day by day (the reference the table is checked against).
    #[doc(hidden)]
    pub fn add_by_walk(&self, start: Timestamp, seconds: i64) -> Result<Timestamp, CalendarError> {
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
        if from.subsec_nanosecond() == 0 && to.subsec_nanosecond() == 0 {
            if let Some(answer) = self.between_by_table(from, to) {
                return answer;
            }
        }
        self.between_by_walk(from, to)
    }

    /// [`Calendar::between`] day by day (the reference the table is checked against).
    #[doc(hidden)]
    pub fn between_by_walk(&self, from: Timestamp, to: Timestamp) -> Result<i64, CalendarError> {
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

    /// The table answers exactly as the day-by-day walk, across lunch breaks, holidays,
    /// make-up days, DST changes and the ends of the covered years.
    #[test]
    fn table_equals_the_walk() {
        let db = TimeZoneDatabase::bundled();
        let mut ny = china_mainland();
        ny.time_zone = "America/New_York".into();
        ny.working_hours = vec![
            ["00:00".into(), "02:30".into()],
            ["08:00".into(), "24:00".into()],
        ];
        let mut gap = china_mainland();
        gap.covers = vec![2024, 2026];
        gap.holidays.retain(|d| d.starts_with("2026"));
        gap.workdays.retain(|d| d.starts_with("2026"));
        let calendars = [
            Calendar::compile("cn", &china_mainland(), &db).unwrap(),
            Calendar::compile("ny", &ny, &db).unwrap(),
            Calendar::compile("gap", &gap, &db).unwrap(),
        ];
        let mut x: u64 = 7;
        let mut next = move |m: i64| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1442695040888963407);
            ((x >> 33) as i64).rem_euclid(m)
        };
        // 2023-12-01 .. 2027-02-01, in seconds.
        let (lo, hi) = (1_701_388_800i64, 1_801_440_000i64);
        for c in &calendars {
            assert!(c.table().is_some(), "{}", c.name());
            for _ in 0..4_000 {
                let s = lo + next(hi - lo);
                let secs = match next(3) {
                    0 => next(20 * 3600),
                    1 => next(400 * 3600),
                    _ => next(40_000 * 3600),
                };
                let start = Timestamp::from_second(s).unwrap();
                assert_eq!(
                    c.add(start, secs),
                    c.add_by_walk(start, secs),
                    "{} {s} {secs}",
                    c.name()
                );
                let to = Timestamp::from_second(s + next(2_000 * 3600)).unwrap();
                assert_eq!(
                    c.between(start, to),
                    c.between_by_walk(start, to),
                    "{} {s}",
                    c.name()
                );
            }
        }
    }

    #[test]
    fn uncovered_year_is_an_error_not_a_guess() {
        let c = cn();
        let e = c.add(ts("2026-12-31T09:00:00Z"), 8 * 3600).unwrap_err();
        assert_eq!(e.code(), "calendar_data_missing");
        assert!(e.to_string().contains("2027"));
    }
}
