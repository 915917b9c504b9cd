//! Timestamps (RFC 3339 with a mandatory offset) and durations (`"4h"`, `"30d"`, `"2h30m"`).
//!
//! The engine never reads a clock: every "now" is an argument of an operation.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Errors of this module.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The text is not an RFC 3339 timestamp with an explicit offset.
    #[error("expected an RFC 3339 timestamp with an offset such as \"2026-03-31T18:00:00+08:00\", got {0:?}")]
    InvalidTimestamp(String),
    /// The text is not a duration such as `"4h"`, `"30d"` or `"2h30m"`.
    #[error(
        "expected a duration such as \"4h\", \"30d\" or \"2h30m\" (units d, h, m, s), got {0:?}"
    )]
    InvalidDuration(String),
}

impl TimeError {
    /// Stable machine code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            TimeError::InvalidTimestamp(_) => "invalid_timestamp",
            TimeError::InvalidDuration(_) => "invalid_duration",
        }
    }
}

/// An instant with the offset it was written in, so that it can be shown back as given.
/// Equality and order compare the instant only, not the offset it was written with.
#[derive(Debug, Clone, Copy)]
pub struct Instant {
    ts: jiff::Timestamp,
    offset_seconds: i32,
}

impl Instant {
    /// The instant `seconds` after the Unix epoch, shown with a UTC offset of
    /// `offset_seconds`; `None` when either is out of range.
    pub fn from_unix(seconds: i64, offset_seconds: i32) -> Option<Instant> {
        let ts = jiff::Timestamp::from_second(seconds).ok()?;
        jiff::tz::Offset::from_seconds(offset_seconds).ok()?;
        Some(Instant { ts, offset_seconds })
    }

    /// The instant `ts`, shown with a UTC offset of `offset_seconds` (UTC when out of range).
    pub fn from_timestamp(ts: jiff::Timestamp, offset_seconds: i32) -> Instant {
        let offset_seconds = if jiff::tz::Offset::from_seconds(offset_seconds).is_ok() {
            offset_seconds
        } else {
            0
        };
        Instant { ts, offset_seconds }
    }

    /// Seconds since the Unix epoch (UTC).
    pub fn unix_seconds(&self) -> i64 {
        self.ts.as_second()
    }

    /// Nanoseconds since the Unix epoch (UTC), for exact ordering.
    pub fn unix_nanos(&self) -> i128 {
        self.ts.as_nanosecond()
    }

    /// The underlying `jiff` timestamp.
    pub fn timestamp(&self) -> jiff::Timestamp {
        self.ts
    }

    /// The UTC offset the instant was written with, in seconds.
    pub fn offset_seconds(&self) -> i32 {
        self.offset_seconds
    }

    /// The instant `seconds` later, keeping the offset; `None` outside jiff's range.
    pub fn plus_seconds(&self, seconds: i64) -> Option<Instant> {
        let span = jiff::SignedDuration::from_secs(seconds);
        self.ts.checked_add(span).ok().map(|ts| Instant {
            ts,
            offset_seconds: self.offset_seconds,
        })
    }
}

impl PartialEq for Instant {
    fn eq(&self, other: &Self) -> bool {
        self.ts == other.ts
    }
}

impl Eq for Instant {}

impl std::hash::Hash for Instant {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.ts.hash(state);
    }
}

impl PartialOrd for Instant {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Instant {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.ts.cmp(&other.ts)
    }
}

fn has_rfc3339_offset(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.last().is_some_and(|c| *c == b'Z' || *c == b'z') {
        return Some(0);
    }
    let tail = b.get(b.len().checked_sub(6)?..)?;
    let (sign, hh, colon, mm) = (
        tail.first()?,
        tail.get(1..3)?,
        tail.get(3)?,
        tail.get(4..6)?,
    );
    let sign = match sign {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    if *colon != b':' || !hh.iter().chain(mm).all(u8::is_ascii_digit) {
        return None;
    }
    let num = |d: &[u8]| d.iter().fold(0i32, |acc, c| acc * 10 + i32::from(c - b'0'));
    let (h, m) = (num(hh), num(mm));
    (h < 24 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The common form `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)` without going through jiff's
/// general parser; `None` for anything else (leap seconds, other separators, odd years…),
/// which then takes jiff's path. Gives exactly jiff's answer on what it accepts (tested
/// against jiff below). `offset_seconds` is the offset `has_rfc3339_offset` read.
fn parse_common(s: &str, offset_seconds: i32) -> Option<jiff::Timestamp> {
    let b = s.as_bytes();
    let digits = |from: usize, len: usize| -> Option<i64> {
        b.get(from..from + len)?.iter().try_fold(0i64, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let punct = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if !punct.iter().all(|(i, c)| b.get(*i) == Some(c)) {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    if !(1000..=9000).contains(&year)
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    // What follows the seconds: an optional fraction, then exactly the offset.
    let offset_len = if b.last().is_some_and(|c| *c == b'Z' || *c == b'z') {
        1
    } else {
        6
    };
    let rest = b.get(19..b.len().checked_sub(offset_len)?)?;
    let nanos = match rest {
        [] => 0,
        [b'.', frac @ ..] if (1..=9).contains(&frac.len()) => {
            let n = frac.iter().try_fold(0i64, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
            })?;
            let scale = 10i64.checked_pow(9 - u32::try_from(frac.len()).ok()?)?;
            n * scale
        }
        _ => return None,
    };
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second
        - i64::from(offset_seconds);
    jiff::Timestamp::new(seconds, i32::try_from(nanos).ok()?).ok()
}

impl FromStr for Instant {
    type Err = TimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || TimeError::InvalidTimestamp(s.chars().take(64).collect());
        // RFC 3339 requires the `T` (or space) date-time separator and a full offset.
        if s.len() < 20 || !matches!(s.as_bytes().get(10), Some(b'T' | b't' | b' ')) {
            return Err(bad());
        }
        let offset_seconds = has_rfc3339_offset(s).ok_or_else(bad)?;
        if let Some(ts) = parse_common(s, offset_seconds) {
            return Ok(Instant { ts, offset_seconds });
        }
        let ts = jiff::Timestamp::from_str(s).map_err(|_| bad())?;
        Ok(Instant { ts, offset_seconds })
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let offset =
            jiff::tz::Offset::from_seconds(self.offset_seconds).unwrap_or(jiff::tz::Offset::UTC);
        let dt = offset.to_datetime(self.ts);
        let secs = self.offset_seconds;
        let sign = if secs < 0 { '-' } else { '+' };
        let abs = secs.unsigned_abs();
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            dt.year(),
            dt.month(),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second()
        )?;
        if dt.subsec_nanosecond() != 0 {
            let frac = format!("{:09}", dt.subsec_nanosecond());
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        if secs == 0 {
            f.write_str("Z")
        } else {
            write!(f, "{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
        }
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Instant;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp string with an offset")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Instant, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// A non-negative length of time, written `"30d"`, `"4h"`, `"2h30m"`, `"90s"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    seconds: i64,
}

impl Duration {
    /// A duration of `seconds` (negative values are clamped to zero).
    pub const fn from_seconds(seconds: i64) -> Self {
        Duration {
            seconds: if seconds < 0 { 0 } else { seconds },
        }
    }

    /// A duration of `hours`.
    pub const fn from_hours(hours: i64) -> Self {
        Duration::from_seconds(hours * 3600)
    }

    /// A duration of `days` (24-hour days).
    pub const fn from_days(days: i64) -> Self {
        Duration::from_seconds(days * 86_400)
    }

    /// Length in seconds.
    pub const fn seconds(&self) -> i64 {
        self.seconds
    }
}

impl FromStr for Duration {
    type Err = TimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || TimeError::InvalidDuration(s.chars().take(64).collect());
        let t = s.trim();
        if t.is_empty() {
            return Err(bad());
        }
        let mut total: i64 = 0;
        let mut num: Option<i64> = None;
        let mut last_unit = u8::MAX;
        for c in t.bytes() {
            if c.is_ascii_digit() {
                let n = num.unwrap_or(0);
                num = Some(
                    n.checked_mul(10)
                        .and_then(|n| n.checked_add(i64::from(c - b'0')))
                        .ok_or_else(bad)?,
                );
                continue;
            }
            let (rank, unit) = match c {
                b'w' => (0, 7 * 86_400),
                b'd' => (1, 86_400),
                b'h' => (2, 3_600),
                b'm' => (3, 60),
                b's' => (4, 1),
                _ => return Err(bad()),
            };
            // Units must appear once each, largest first: "2h30m", not "30m2h".
            if last_unit != u8::MAX && rank <= last_unit {
                return Err(bad());
            }
            last_unit = rank;
            let n = num.take().ok_or_else(bad)?;
            total = n
                .checked_mul(unit)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(bad)?;
        }
        if num.is_some() {
            return Err(bad());
        }
        // Keep durations within ±10,000 years so adding them to any instant is safe.
        if total > 10_000 * 366 * 86_400 {
            return Err(bad());
        }
        Ok(Duration { seconds: total })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.seconds;
        if rest == 0 {
            return f.write_str("0s");
        }
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
            let n = rest / size;
            if n > 0 {
                write!(f, "{n}{unit}")?;
                rest -= n * size;
            }
        }
        Ok(())
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration string such as \"30d\" or \"2h30m\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn durations_parse_and_print_canonically() {
        assert_eq!("30d".parse::<Duration>().unwrap().seconds(), 30 * 86_400);
        assert_eq!("2h30m".parse::<Duration>().unwrap().seconds(), 9_000);
        assert_eq!("1w".parse::<Duration>().unwrap().to_string(), "7d");
        assert_eq!("90s".parse::<Duration>().unwrap().to_string(), "1m30s");
        for bad in ["", "h", "4", "30m2h", "4x", "-4h", "4h4h"] {
            assert!(bad.parse::<Duration>().is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// The common-form parser agrees with jiff on every timestamp it takes, and takes
        /// every well-formed one in its range, including invalid dates that both reject.
        #[test]
        fn common_form_matches_jiff(
            year in 990i64..9010, month in 0i64..14, day in 0i64..33,
            hour in 0i64..26, minute in 0i64..62, second in 0i64..62,
            frac in proptest::option::of("[0-9]{1,10}"),
            offset in proptest::option::of((proptest::bool::ANY, 0i32..26, 0i32..62)),
        ) {
            let mut s = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
            if let Some(f) = &frac {
                s.push('.');
                s.push_str(f);
            }
            match offset {
                None => s.push('Z'),
                Some((neg, h, m)) => s.push_str(&format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' })),
            }
            let jiff = jiff::Timestamp::from_str(&s).ok();
            if let Some(off) = has_rfc3339_offset(&s) {
                let fast = parse_common(&s, off);
                if fast.is_some() {
                    proptest::prop_assert_eq!(fast, jiff, "{}", s);
                }
                let common = (1000..=9000).contains(&year) && second < 60
                    && frac.as_ref().is_none_or(|f| f.len() <= 9);
                if common && jiff.is_some() {
                    proptest::prop_assert!(fast.is_some(), "{}", s);
                }
            }
        }
    }

    #[test]
    fn common_form_edges() {
        for s in [
            "2024-02-29T23:59:59.999999999+14:00",
            "2026-12-31T00:00:00-23:59",
            "1000-01-01T00:00:00Z",
            "2026-03-31T18:00:00.5+08:00",
            "1970-01-01T00:00:00z",
        ] {
            let off = has_rfc3339_offset(s).unwrap();
            assert_eq!(
                parse_common(s, off),
                Some(jiff::Timestamp::from_str(s).unwrap()),
                "{s}"
            );
        }
        for s in [
            "2023-02-29T00:00:00Z",
            "2026-03-31T18:00:60Z",
            "2026-03-31 18:00:00Z",
        ] {
            let off = has_rfc3339_offset(s).unwrap();
            assert_eq!(parse_common(s, off), None, "{s}");
        }
    }

    #[test]
    fn timestamps_need_an_offset() {
        let t: Instant = "2026-01-10T10:00:00+08:00".parse().unwrap();
        assert_eq!(t.to_string(), "2026-01-10T10:00:00+08:00");
        assert_eq!(t.unix_seconds(), 1_768_010_400);
        assert_eq!(
            Instant::from_unix(1_768_010_400, 8 * 3600)
                .unwrap()
                .to_string(),
            "2026-01-10T10:00:00+08:00"
        );
        let z: Instant = "2026-01-10T02:00:00Z".parse().unwrap();
        assert_eq!(z, t);
        for bad in [
            "2026-01-10T10:00:00",
            "2026-01-10",
            "yesterday",
            "2026-01-10T10:00:00+0800",
        ] {
            assert!(bad.parse::<Instant>().is_err(), "{bad}");
        }
    }
}
