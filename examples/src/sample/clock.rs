//! Civil time in Asia/Shanghai (+08:00, no DST) for the generator: Unix seconds to RFC 3339
//! strings and back to the engine's [`Instant`], without floating point or a time-zone database.

use salesrules::time::Instant;

/// Shanghai's UTC offset in seconds.
pub const SHANGHAI: i64 = 8 * 3600;
/// Seconds per day.
pub const DAY: i64 = 86_400;
/// Seconds per hour.
pub const HOUR: i64 = 3_600;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Unix seconds of a Shanghai wall-clock time.
pub fn shanghai(y: i64, m: i64, d: i64, hh: i64, mm: i64) -> i64 {
    days_from_civil(y, m, d) * DAY + hh * HOUR + mm * 60 - SHANGHAI
}

/// RFC 3339 text of Unix seconds, written in Shanghai time: `2026-03-05T14:30:00+08:00`.
pub fn rfc3339(unix: i64) -> String {
    let local = unix + SHANGHAI;
    let (y, m, d) = civil_from_days(local.div_euclid(DAY));
    let s = local.rem_euclid(DAY);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+08:00",
        s / HOUR,
        s % HOUR / 60,
        s % 60
    )
}

/// Shanghai calendar date of Unix seconds as `YYYYMMDD`, for tracking codes.
pub fn compact_date(unix: i64) -> String {
    let (y, m, d) = civil_from_days((unix + SHANGHAI).div_euclid(DAY));
    format!("{y:04}{m:02}{d:02}")
}

/// The engine's instant for Unix seconds, written with the Shanghai offset.
#[allow(clippy::expect_used)]
pub fn instant(unix: i64) -> Instant {
    // `rfc3339` always writes a valid timestamp for the years the generator uses (its tests
    // cover the round trip), so a failure here is a bug in this file, not bad input.
    rfc3339(unix)
        .parse()
        .expect("rfc3339() writes valid RFC 3339 text")
}

/// Snap a time into Shanghai business hours (09:00–19:00), keeping the day: reps rarely call
/// at 3 a.m.
pub fn business_hours(unix: i64, minute_of_window: i64) -> i64 {
    let local_day = (unix + SHANGHAI).div_euclid(DAY);
    local_day * DAY - SHANGHAI + 9 * HOUR + minute_of_window.rem_euclid(600) * 60
}
