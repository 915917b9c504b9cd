//! The panic guard around every export: a panic becomes `SR_PANIC` with an `sr_error`, and
//! never unwinds into C (which is undefined behaviour).

use crate::error::{report, sr_error};
use crate::status::sr_status;
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Run `body`; if it panics, answer `SR_PANIC` and, when `error` is not NULL, an `sr_error`
/// with code `panic` and the panic's message.
///
/// `AssertUnwindSafe` is sound here: the bodies only read their arguments and the immutable
/// engine, and write the caller's out-pointers last, so a panic leaves no broken state behind.
///
/// # Safety
/// `error` is NULL or valid for one pointer write.
pub(crate) unsafe fn guard(
    error: *mut *mut sr_error,
    body: impl FnOnce() -> sr_status,
) -> sr_status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(status) => status,
        Err(payload) => {
            let message = format!(
                "internal panic (a bug; please report it): {}",
                describe(&*payload)
            );
            // Building the report could itself panic (it allocates); never let that escape.
            let detail = catch_unwind(|| sr_error::new(sr_status::SR_PANIC, "panic", "", &message));
            match detail {
                // SAFETY: forwarded from this function's contract on `error`.
                Ok(detail) => unsafe { report(error, detail) },
                Err(_) => sr_status::SR_PANIC,
            }
        }
    }
}

/// Run `body` for an export that has no status to return (the free functions, the readers):
/// a panic yields `fallback`.
pub(crate) fn guard_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

fn describe(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "non-string panic payload"
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, clippy::unwrap_used)]
    use super::*;
    use std::ffi::CStr;
    use std::ptr;

    #[test]
    fn a_panic_becomes_sr_panic_with_its_message() {
        let mut err: *mut sr_error = ptr::null_mut();
        // SAFETY: `err` is a valid out-pointer.
        let status = unsafe { guard(&mut err, || panic!("boom in the engine")) };
        assert_eq!(status, sr_status::SR_PANIC);
        assert!(!err.is_null());
        // SAFETY: `err` was just produced by `report` from a `Box`.
        let err = unsafe { Box::from_raw(err) };
        // SAFETY: the pointers are the error's own NUL-terminated strings.
        let (code, message) = unsafe {
            (
                CStr::from_ptr(err.code_ptr()).to_str().unwrap(),
                CStr::from_ptr(err.message_ptr()).to_str().unwrap(),
            )
        };
        assert_eq!(code, "panic");
        assert!(message.contains("boom in the engine"), "{message}");
    }

    #[test]
    fn a_panic_with_a_null_error_slot_still_returns_sr_panic() {
        // SAFETY: a NULL error slot is allowed.
        let status = unsafe { guard(ptr::null_mut(), || panic!("{}", String::from("formatted"))) };
        assert_eq!(status, sr_status::SR_PANIC);
    }

    #[test]
    fn a_normal_body_passes_its_status_through() {
        // SAFETY: a NULL error slot is allowed.
        let status = unsafe { guard(ptr::null_mut(), || sr_status::SR_LIMIT_EXCEEDED) };
        assert_eq!(status, sr_status::SR_LIMIT_EXCEEDED);
        assert_eq!(guard_value(7, || -> i32 { panic!("x") }), 7);
        assert_eq!(guard_value(7, || 3), 3);
    }
}
