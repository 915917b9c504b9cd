//! Escalation state machines (SPEC 2C): a generic SLA clock ([`sla`]), the lead response
//! breaker ([`lead`]), dual-sign work orders ([`work_order`]), tracking codes ([`tracking`])
//! and the monthly lead-response health report ([`health`]).
//!
//! Everything is rebuilt by replaying the request's event log at the request's `now`, so the
//! host may evaluate as often as it likes: each action has a stable id and is listed with its
//! `due_at` once it is due; `next_deadline` tells the host when to evaluate next.

pub mod batch;
pub mod health;
pub mod lead;
pub mod policy;
pub mod sla;
pub mod tracking;
pub mod work_order;

pub use health::{LeadHealthRequest, LeadHealthResponse};
pub use lead::{LeadEscalationRequest, LeadEscalationResponse};
pub use policy::EscalationPolicy;
pub use tracking::{GenerateTrackingCodeRequest, ParseTrackingCodeRequest, TrackingCode};
pub use work_order::{WorkOrderEscalationRequest, WorkOrderEscalationResponse};

use crate::calendar::{Calendar, CalendarError};
use crate::error::{Error, ErrorCode, Result};
use crate::time::Instant;

/// How an SLA measures elapsed time: wall-clock, or working time of a business calendar.
#[derive(Debug, Clone, Copy)]
pub enum Measure<'a> {
    /// Every second counts.
    WallClock,
    /// Only working time of the calendar counts.
    Working(&'a Calendar),
}

impl Measure<'_> {
    /// The instant when `seconds` of measured time have passed after `start`.
    pub fn add(&self, start: Instant, seconds: i64) -> Result<Instant, CalendarError> {
        match self {
            Measure::WallClock => {
                start
                    .plus_seconds(seconds)
                    .ok_or_else(|| CalendarError::NotCovered {
                        calendar: "wall_clock".into(),
                        year: i16::MAX,
                    })
            }
            Measure::Working(c) => Ok(c.instant(c.add(start.timestamp(), seconds)?)),
        }
    }

    /// Measured seconds between two instants.
    pub fn between(&self, from: Instant, to: Instant) -> Result<i64, CalendarError> {
        match self {
            Measure::WallClock => Ok((to.unix_seconds() - from.unix_seconds()).max(0)),
            Measure::Working(c) => c.between(from.timestamp(), to.timestamp()),
        }
    }
}

/// Lift a calendar error to the contract, at the request field whose time needed the data.
pub(crate) fn calendar_error(path: &str, e: CalendarError) -> Error {
    match e {
        CalendarError::NotCovered { .. } => {
            Error::new(ErrorCode::CalendarDataMissing, path, e.to_string())
        }
        CalendarError::Invalid { .. } => Error::invalid_request(path, e.to_string()),
    }
}

/// Wall-clock length between two instants as a duration string (`"3h15m"`), `"0s"` if negative:
/// the text of [`crate::time::Duration`]'s `Display`, written without the formatting machinery
/// (it is called for every timeline step).
pub(crate) fn took(from: Instant, to: Instant) -> String {
    let mut out = String::with_capacity(16);
    push_duration(&mut out, to.unix_seconds() - from.unix_seconds());
    out
}

/// Append `seconds` as [`crate::time::Duration`] displays it (`"0s"` when not positive).
pub(crate) fn push_duration(out: &mut String, seconds: i64) {
    let mut rest = seconds.max(0);
    if rest == 0 {
        out.push_str("0s");
        return;
    }
    for (unit, size) in [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)] {
        let n = rest / size;
        if n > 0 {
            push_decimal(out, n.unsigned_abs());
            out.push(unit);
            rest -= n * size;
        }
    }
}

/// Append the decimal digits of `n`.
pub(crate) fn push_decimal(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
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
    for &b in buf.get(i..).unwrap_or(&[]) {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    use super::took;
    use crate::time::{Duration, Instant};

    #[test]
    fn took_writes_what_duration_displays() {
        let base = Instant::from_unix(1_772_413_200, 8 * 3600).unwrap();
        for s in [
            -5i64,
            0,
            1,
            59,
            60,
            61,
            3_599,
            3_600,
            3_661,
            86_399,
            86_400,
            90_061,
            1_000_000,
            9_999_999_999,
        ] {
            let to = Instant::from_unix(1_772_413_200 + s, 0).unwrap();
            assert_eq!(took(base, to), Duration::from_seconds(s).to_string(), "{s}");
        }
    }
}
