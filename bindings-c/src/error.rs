//! `sr_error`: the detail behind a non-`SR_OK` status (code, path, message), and the
//! helpers that hand one to the caller.

use crate::status::sr_status;
use std::ffi::{c_char, CString};
use std::ptr;

/// An error detail: the stable snake_case code (the core's, or `null_argument`,
/// `invalid_utf8`, `panic`), the JSON path of the offending field (empty for the whole input;
/// the C parameter name for `null_argument` and `invalid_utf8`) and a human message.
/// Opaque; read it with `sr_error_code`, `sr_error_path`, `sr_error_message` and
/// `sr_error_status`, free it with `sr_error_free`.
/// Immutable once created: it may be read from any thread.
#[allow(non_camel_case_types)]
pub struct sr_error {
    status: sr_status,
    code: CString,
    path: CString,
    message: CString,
}

/// A C string from Rust text, without copying it; a NUL inside (never produced by the
/// engine, whose JSON escapes control characters) is dropped rather than truncating or failing.
pub(crate) fn c_string(text: impl Into<Vec<u8>>) -> CString {
    CString::new(text).unwrap_or_else(|e| {
        let mut bytes = e.into_vec();
        bytes.retain(|&b| b != 0);
        CString::new(bytes).unwrap_or_default()
    })
}

impl sr_error {
    /// A new error detail.
    pub(crate) fn new(status: sr_status, code: &str, path: &str, message: &str) -> sr_error {
        sr_error {
            status,
            code: c_string(code),
            path: c_string(path),
            message: c_string(message),
        }
    }

    /// The detail of an engine error.
    pub(crate) fn from_engine(e: &engine::Error) -> sr_error {
        sr_error::new(sr_status::of(e.kind()), e.code(), e.path(), e.message())
    }

    /// A NULL required argument named by `param`.
    pub(crate) fn null_argument(param: &str, message: &str) -> sr_error {
        sr_error::new(sr_status::SR_NULL_ARGUMENT, "null_argument", param, message)
    }

    /// The status this detail goes with.
    pub(crate) fn status(&self) -> sr_status {
        self.status
    }

    pub(crate) fn code_ptr(&self) -> *const c_char {
        self.code.as_ptr()
    }

    pub(crate) fn path_ptr(&self) -> *const c_char {
        self.path.as_ptr()
    }

    pub(crate) fn message_ptr(&self) -> *const c_char {
        self.message.as_ptr()
    }
}

/// Hand `err` to the caller through `out` (which may be NULL: the caller wants only the
/// status) and return its status.
///
/// # Safety
/// `out` is NULL or valid for one pointer write.
pub(crate) unsafe fn report(out: *mut *mut sr_error, err: sr_error) -> sr_status {
    let status = err.status();
    if !out.is_null() {
        // SAFETY: the caller promises `out` is valid for writes when non-NULL.
        unsafe { out.write(Box::into_raw(Box::new(err))) };
    }
    status
}

/// Clear the caller's error slot so that a success leaves it NULL.
///
/// # Safety
/// `out` is NULL or valid for one pointer write.
pub(crate) unsafe fn clear(out: *mut *mut sr_error) {
    if !out.is_null() {
        // SAFETY: the caller promises `out` is valid for writes when non-NULL.
        unsafe { out.write(ptr::null_mut()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_string_keeps_text_and_drops_inner_nuls() {
        assert_eq!(c_string("deal.amount").as_bytes(), b"deal.amount");
        assert_eq!(c_string(String::from("a\0b\0")).as_bytes(), b"ab");
        assert_eq!(c_string("").as_bytes(), b"");
    }
}
