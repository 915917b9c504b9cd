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

/// Wall-clock length between two instants as a duration string (`"3h15m"`), `"0s"` if negative.
pub(crate) fn took(from: Instant, to: Instant) -> String {
    crate::time::Duration::from_seconds(to.unix_seconds() - from.unix_seconds()).to_string()
}
