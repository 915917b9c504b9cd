//! The status every export returns, and how the core's error codes map onto it.

use engine::ErrorCode;

/// The outcome of a call. `SR_OK` (0) is success; every other value names the error family,
/// and the `sr_error` filled in alongside carries the same family as a stable snake_case code
/// (`sr_error_code`), the JSON path of the offending field (`sr_error_path`) and a human
/// message (`sr_error_message`).
///
/// The integer values are part of the ABI: they never change, and new values are only added.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum sr_status {
    /// Success.
    SR_OK = 0,
    /// The request is malformed or breaks a rule of the contract (code `invalid_request`).
    SR_INVALID_REQUEST = 1,
    /// The policy document is malformed or fails validation (code `invalid_policy`).
    SR_INVALID_POLICY = 2,
    /// The operation name is not one the engine serves (code `unknown_operation`).
    SR_UNKNOWN_OPERATION = 3,
    /// A request exceeds a limit set by the policy (code `limit_exceeded`).
    SR_LIMIT_EXCEEDED = 4,
    /// A business calendar has no data for the period needed (code `calendar_data_missing`).
    SR_CALENDAR_DATA_MISSING = 5,
    /// A state machine refused a transition (code `invalid_transition`).
    SR_INVALID_TRANSITION = 6,
    /// A computation exceeded the exact arithmetic range (code `arithmetic_overflow`).
    SR_ARITHMETIC_OVERFLOW = 7,
    /// A text argument is not valid UTF-8 (code `invalid_utf8`; the path names the parameter,
    /// the message gives the byte offset).
    SR_INVALID_UTF8 = 8,
    /// A required pointer argument is NULL (code `null_argument`; the path names the
    /// parameter).
    SR_NULL_ARGUMENT = 9,
    /// The library caught an internal panic; no state was changed (code `panic`). Please
    /// report it: it is a bug.
    SR_PANIC = 10,
    /// An engine error whose code is newer than this status table; `sr_error_code` names it.
    SR_OTHER_ERROR = 11,
    /// The engine failed where it never should (code `internal_error`). Please report it.
    SR_INTERNAL_ERROR = 12,
}

impl sr_status {
    /// The status of an engine error family.
    pub fn of(code: ErrorCode) -> sr_status {
        match code {
            ErrorCode::InvalidRequest => sr_status::SR_INVALID_REQUEST,
            ErrorCode::InvalidPolicy => sr_status::SR_INVALID_POLICY,
            ErrorCode::UnknownOperation => sr_status::SR_UNKNOWN_OPERATION,
            ErrorCode::LimitExceeded => sr_status::SR_LIMIT_EXCEEDED,
            ErrorCode::CalendarDataMissing => sr_status::SR_CALENDAR_DATA_MISSING,
            ErrorCode::InvalidTransition => sr_status::SR_INVALID_TRANSITION,
            ErrorCode::ArithmeticOverflow => sr_status::SR_ARITHMETIC_OVERFLOW,
            ErrorCode::Internal => sr_status::SR_INTERNAL_ERROR,
            // `ErrorCode` is non-exhaustive: a newer core may add families before this table
            // learns them. The unit test below fails as soon as `ErrorCode::ALL` grows.
            _ => sr_status::SR_OTHER_ERROR,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_core_error_code_has_its_own_status() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            let status = sr_status::of(code);
            assert_ne!(status, sr_status::SR_OTHER_ERROR, "{code} has no C status");
            assert_ne!(status, sr_status::SR_OK);
            assert!(seen.insert(status), "{code} shares a status");
            // The C name is the code in upper case: SR_INVALID_REQUEST ↔ invalid_request.
            let name = format!("{status:?}");
            assert_eq!(name, format!("SR_{}", code.as_str().to_uppercase()));
        }
    }

    #[test]
    fn status_values_are_stable() {
        let expected = [
            (sr_status::SR_OK, 0),
            (sr_status::SR_INVALID_REQUEST, 1),
            (sr_status::SR_INVALID_POLICY, 2),
            (sr_status::SR_UNKNOWN_OPERATION, 3),
            (sr_status::SR_LIMIT_EXCEEDED, 4),
            (sr_status::SR_CALENDAR_DATA_MISSING, 5),
            (sr_status::SR_INVALID_TRANSITION, 6),
            (sr_status::SR_ARITHMETIC_OVERFLOW, 7),
            (sr_status::SR_INVALID_UTF8, 8),
            (sr_status::SR_NULL_ARGUMENT, 9),
            (sr_status::SR_PANIC, 10),
            (sr_status::SR_OTHER_ERROR, 11),
            (sr_status::SR_INTERNAL_ERROR, 12),
        ];
        for (status, value) in expected {
            assert_eq!(status as i32, value, "{status:?}");
        }
    }
}
