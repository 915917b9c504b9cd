//! The C ABI of salesrules: an opaque engine handle, JSON request in, JSON response out,
//! an integer status plus an error detail, one free function per returned buffer, and no
//! panic across the boundary. The header `include/salesrules.h` is generated from this file
//! by cbindgen (`make -C bindings-c header`); the doc comments below become its comments.
//!
//! This crate holds no rule: it translates C arguments to [`engine::Engine::call`] and maps
//! its errors to statuses.

mod error;
mod guard;
mod status;

pub use error::sr_error;
pub use status::sr_status;

use engine::contract;
use engine::Engine;
use error::{c_string, clear, report};
use guard::{guard, guard_value};
use std::ffi::{c_char, CStr, CString};
use std::ptr;

/// A compiled policy, ready to serve operations. Opaque; create it with `sr_engine_new`,
/// free it with `sr_engine_free`.
///
/// Thread safety: an engine is immutable after `sr_engine_new` returns. Any number of
/// threads may call `sr_engine_call` on the same engine at the same time without locking;
/// each call is independent and answers exactly what a single-threaded call would. Only
/// `sr_engine_free` must not race with calls on the same engine (free it once, after every
/// call on it has returned).
#[allow(non_camel_case_types)]
pub struct sr_engine {
    inner: Engine,
}

/// Which document a text argument is, for the error family of a malformed one.
#[derive(Clone, Copy)]
enum Document {
    Policy,
    Request,
}

/// Borrow the `len` bytes at `text` as UTF-8 without NUL bytes.
///
/// # Safety
/// `text` is NULL or points to at least `len` readable bytes that stay unchanged for `'a`.
unsafe fn text_arg<'a>(
    text: *const c_char,
    len: usize,
    param: &str,
    doc: Document,
) -> Result<&'a str, sr_error> {
    let malformed = |message: String| match doc {
        Document::Policy => {
            sr_error::new(sr_status::SR_INVALID_POLICY, "invalid_policy", "", &message)
        }
        Document::Request => sr_error::new(
            sr_status::SR_INVALID_REQUEST,
            "invalid_request",
            "",
            &message,
        ),
    };
    if text.is_null() {
        return Err(sr_error::null_argument(param, &format!("{param} is NULL")));
    }
    if len > isize::MAX as usize {
        return Err(malformed(format!(
            "{param}: length {len} is impossible; pass the text's length in bytes"
        )));
    }
    // SAFETY: `text` is non-NULL, `len` fits in isize, and the caller promises `len`
    // readable bytes that outlive the borrow.
    let bytes = unsafe { std::slice::from_raw_parts(text.cast::<u8>(), len) };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        sr_error::new(
            sr_status::SR_INVALID_UTF8,
            "invalid_utf8",
            param,
            &format!(
                "{param} is not UTF-8: invalid byte at offset {}",
                e.valid_up_to()
            ),
        )
    })?;
    if let Some(at) = text.find('\0') {
        return Err(malformed(format!(
            "{param} contains a NUL byte at offset {at}; len must count the text's bytes \
             without a terminator"
        )));
    }
    Ok(text)
}

/// Borrow a NUL-terminated argument as UTF-8.
///
/// # Safety
/// `text` is NULL or a valid NUL-terminated string that stays unchanged for `'a`.
unsafe fn c_str_arg<'a>(text: *const c_char, param: &str) -> Result<&'a str, sr_error> {
    if text.is_null() {
        return Err(sr_error::null_argument(param, &format!("{param} is NULL")));
    }
    // SAFETY: non-NULL, and the caller promises a NUL-terminated string.
    let text = unsafe { CStr::from_ptr(text) };
    text.to_str().map_err(|e| {
        sr_error::new(
            sr_status::SR_INVALID_UTF8,
            "invalid_utf8",
            param,
            &format!(
                "{param} is not UTF-8: invalid byte at offset {}",
                e.valid_up_to()
            ),
        )
    })
}

/// Create an engine from a policy document.
///
/// `policy_json` holds `len` bytes of UTF-8 policy text, JSON or TOML; it need not be
/// NUL-terminated, and `len` counts the text only (a NUL byte inside `len` is an error). Pass
/// NULL (any `len`) for the default policy. The text is only read during the call.
///
/// On `SR_OK`, `*engine` receives a new engine that the caller owns and frees with
/// `sr_engine_free`. On failure `*engine` is set to NULL and, when `error` is not NULL,
/// `*error` receives an `sr_error` the caller frees with `sr_error_free` (on success `*error`
/// is set to NULL). Previous contents of `*engine` and `*error` are overwritten, not freed.
///
/// Statuses: `SR_OK`, `SR_INVALID_POLICY` (also for a NUL byte inside `len` or an impossible
/// `len`), `SR_INVALID_UTF8`, `SR_NULL_ARGUMENT` (`engine` is NULL), `SR_PANIC`.
///
/// # Safety
/// `policy_json` is NULL or points to `len` readable bytes; `engine` is valid for one pointer
/// write; `error` is NULL or valid for one pointer write.
#[no_mangle]
pub unsafe extern "C" fn sr_engine_new(
    policy_json: *const c_char,
    len: usize,
    engine: *mut *mut sr_engine,
    error: *mut *mut sr_error,
) -> sr_status {
    // SAFETY: the caller's contract on `error` is the one `clear`, `report` and `guard` need;
    // `engine` is checked for NULL before it is written.
    unsafe {
        clear(error);
        if engine.is_null() {
            return report(
                error,
                sr_error::null_argument("engine", "engine (the out-pointer) is NULL"),
            );
        }
        engine.write(ptr::null_mut());
        guard(error, || {
            let built = if policy_json.is_null() {
                Ok(Engine::default())
            } else {
                match text_arg(policy_json, len, "policy_json", Document::Policy) {
                    Ok(text) => {
                        Engine::from_policy_text(text).map_err(|e| sr_error::from_engine(&e))
                    }
                    Err(e) => Err(e),
                }
            };
            match built {
                Ok(inner) => {
                    engine.write(Box::into_raw(Box::new(sr_engine { inner })));
                    sr_status::SR_OK
                }
                Err(e) => report(error, e),
            }
        })
    }
}

/// Serve one operation: `op` (a NUL-terminated name such as `"attribute"`) on the request
/// `request_json` (`len` bytes of UTF-8 JSON, need not be NUL-terminated; a NUL byte inside
/// `len` is an error). The request is only read during the call.
///
/// On `SR_OK`, `*response_json` receives the response as a NUL-terminated UTF-8 JSON string
/// that the caller owns and frees with `sr_string_free`. On failure `*response_json` is set
/// to NULL and, when `error` is not NULL, `*error` receives an `sr_error` the caller frees
/// with `sr_error_free` (on success `*error` is set to NULL). Previous contents of
/// `*response_json` and `*error` are overwritten, not freed.
///
/// Statuses: `SR_OK`; any engine error status (`SR_INVALID_REQUEST` — also for a NUL byte
/// inside `len` or an impossible `len` —, `SR_UNKNOWN_OPERATION`, `SR_LIMIT_EXCEEDED`, ...);
/// `SR_INVALID_UTF8` (`op` or the request); `SR_NULL_ARGUMENT` (`engine`, `op`,
/// `request_json` or `response_json` is NULL); `SR_PANIC`.
///
/// Thread safety: may be called on the same engine from many threads at once.
///
/// # Safety
/// `engine` is NULL or a live engine from `sr_engine_new`; `op` is NULL or a NUL-terminated
/// string; `request_json` is NULL or points to `len` readable bytes; `response_json` is valid
/// for one pointer write; `error` is NULL or valid for one pointer write.
#[no_mangle]
pub unsafe extern "C" fn sr_engine_call(
    engine: *const sr_engine,
    op: *const c_char,
    request_json: *const c_char,
    len: usize,
    response_json: *mut *mut c_char,
    error: *mut *mut sr_error,
) -> sr_status {
    // SAFETY: the caller's contract on `error` is the one `clear`, `report` and `guard` need;
    // `response_json` is checked for NULL before it is written; `engine` is checked for NULL
    // and is otherwise a live engine, only read (it is immutable and `Sync`).
    unsafe {
        clear(error);
        if response_json.is_null() {
            return report(
                error,
                sr_error::null_argument("response_json", "response_json (the out-pointer) is NULL"),
            );
        }
        response_json.write(ptr::null_mut());
        guard(error, || {
            let Some(engine) = engine.as_ref() else {
                return report(error, sr_error::null_argument("engine", "engine is NULL"));
            };
            let op = match c_str_arg(op, "op") {
                Ok(op) => op,
                Err(e) => return report(error, e),
            };
            let request = match text_arg(request_json, len, "request_json", Document::Request) {
                Ok(request) => request,
                Err(e) => return report(error, e),
            };
            match engine.inner.call(op, request) {
                Ok(answer) => {
                    response_json.write(c_string(answer).into_raw());
                    sr_status::SR_OK
                }
                Err(e) => report(error, sr_error::from_engine(&e)),
            }
        })
    }
}

/// The default policy as pretty JSON, for users to start from.
///
/// On `SR_OK`, `*policy_json` receives a NUL-terminated UTF-8 string the caller frees with
/// `sr_string_free`. On failure it is set to NULL and, when `error` is not NULL, `*error`
/// receives an `sr_error` (freed with `sr_error_free`); on success `*error` is set to NULL.
///
/// Statuses: `SR_OK`, `SR_NULL_ARGUMENT` (`policy_json` is NULL), `SR_PANIC`.
///
/// # Safety
/// `policy_json` is valid for one pointer write; `error` is NULL or valid for one pointer
/// write.
#[no_mangle]
pub unsafe extern "C" fn sr_default_policy(
    policy_json: *mut *mut c_char,
    error: *mut *mut sr_error,
) -> sr_status {
    // SAFETY: the caller's contract on `error` is the one `clear`, `report` and `guard` need;
    // `policy_json` is checked for NULL before it is written.
    unsafe {
        clear(error);
        if policy_json.is_null() {
            return report(
                error,
                sr_error::null_argument("policy_json", "policy_json (the out-pointer) is NULL"),
            );
        }
        policy_json.write(ptr::null_mut());
        guard(error, || {
            policy_json.write(c_string(contract::default_policy_json()).into_raw());
            sr_status::SR_OK
        })
    }
}

/// Free a string returned by this library (`sr_engine_call`, `sr_default_policy`). NULL is
/// accepted and ignored. Never pass a string from elsewhere, nor free one twice.
///
/// # Safety
/// `s` is NULL or a string returned by this library and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn sr_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    guard_value((), || {
        // SAFETY: `s` came from `CString::into_raw` in this library and is freed only once.
        drop(unsafe { CString::from_raw(s) });
    });
}

/// Free an error returned by this library. NULL is accepted and ignored. Any string read
/// from it (`sr_error_code`, ...) becomes invalid.
///
/// # Safety
/// `e` is NULL or an error returned by this library and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn sr_error_free(e: *mut sr_error) {
    if e.is_null() {
        return;
    }
    guard_value((), || {
        // SAFETY: `e` came from `Box::into_raw` in this library and is freed only once.
        drop(unsafe { Box::from_raw(e) });
    });
}

/// Free an engine. NULL is accepted and ignored. No call on the engine may be running or
/// start afterwards.
///
/// # Safety
/// `e` is NULL or an engine returned by `sr_engine_new`, not yet freed, with no call on it
/// in progress.
#[no_mangle]
pub unsafe extern "C" fn sr_engine_free(e: *mut sr_engine) {
    if e.is_null() {
        return;
    }
    guard_value((), || {
        // SAFETY: `e` came from `Box::into_raw` in `sr_engine_new` and is freed only once.
        drop(unsafe { Box::from_raw(e) });
    });
}

/// The library version, e.g. `"0.1.0"`: a static NUL-terminated string, never freed.
#[no_mangle]
pub extern "C" fn sr_version() -> *const c_char {
    VERSION.as_ptr()
}

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };

/// The error's status (the same value the failing call returned); `SR_OK` for NULL.
///
/// # Safety
/// `e` is NULL or a live error from this library.
#[no_mangle]
pub unsafe extern "C" fn sr_error_status(e: *const sr_error) -> sr_status {
    // SAFETY: `e` is NULL or a live error.
    unsafe { e.as_ref() }.map_or(sr_status::SR_OK, sr_error::status)
}

/// The stable snake_case error code, e.g. `"invalid_request"`, `"null_argument"`,
/// `"invalid_utf8"`, `"panic"`. The string belongs to `e` and lives until `sr_error_free(e)`.
/// NULL for a NULL `e`.
///
/// # Safety
/// `e` is NULL or a live error from this library.
#[no_mangle]
pub unsafe extern "C" fn sr_error_code(e: *const sr_error) -> *const c_char {
    // SAFETY: `e` is NULL or a live error.
    unsafe { e.as_ref() }.map_or(ptr::null(), sr_error::code_ptr)
}

/// The JSON path of the offending field, e.g. `"deal.amount"`; `""` when the whole input is
/// at fault; the C parameter name (e.g. `"request_json"`) for `null_argument` and
/// `invalid_utf8`. The string belongs to `e` and lives until `sr_error_free(e)`. NULL for a
/// NULL `e`.
///
/// # Safety
/// `e` is NULL or a live error from this library.
#[no_mangle]
pub unsafe extern "C" fn sr_error_path(e: *const sr_error) -> *const c_char {
    // SAFETY: `e` is NULL or a live error.
    unsafe { e.as_ref() }.map_or(ptr::null(), sr_error::path_ptr)
}

/// The human message, naming what is wrong and how to fix it. The string belongs to `e` and
/// lives until `sr_error_free(e)`. NULL for a NULL `e`.
///
/// # Safety
/// `e` is NULL or a live error from this library.
#[no_mangle]
pub unsafe extern "C" fn sr_error_message(e: *const sr_error) -> *const c_char {
    // SAFETY: `e` is NULL or a live error.
    unsafe { e.as_ref() }.map_or(ptr::null(), sr_error::message_ptr)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn version_is_the_core_version() {
        // SAFETY: sr_version returns a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(sr_version()) }.to_str().unwrap();
        assert_eq!(v, contract::VERSION);
    }
}
