//! The contract-level error: a stable machine `code`, the JSON `path` of the offending
//! field (empty when the whole input is at fault) and a human `message` that names the fix.
//!
//! Every module has its own `thiserror` enum with a `code()`; they are lifted into [`Error`]
//! at the contract boundary, where the request path is known.

use std::fmt;

/// The family of an [`Error`]. Bindings map each family to an idiomatic type
/// (a Python exception subclass, a JS `code`, a C status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The request is malformed or violates a rule of the contract.
    InvalidRequest,
    /// The policy document is malformed or fails validation.
    InvalidPolicy,
    /// The operation name is not one the engine serves.
    UnknownOperation,
    /// A request exceeds a limit set by the policy.
    LimitExceeded,
    /// A business calendar has no data for the period a computation needs.
    CalendarDataMissing,
    /// An operation's state machine refused a transition.
    InvalidTransition,
    /// A computation exceeded the engine's exact arithmetic range.
    ArithmeticOverflow,
    /// A bug: the engine failed where it never should (bindings report caught panics so).
    Internal,
}

impl ErrorCode {
    /// The stable snake_case code, identical in every binding.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidPolicy => "invalid_policy",
            ErrorCode::UnknownOperation => "unknown_operation",
            ErrorCode::LimitExceeded => "limit_exceeded",
            ErrorCode::CalendarDataMissing => "calendar_data_missing",
            ErrorCode::InvalidTransition => "invalid_transition",
            ErrorCode::ArithmeticOverflow => "arithmetic_overflow",
            ErrorCode::Internal => "internal_error",
        }
    }

    /// Every code, in a stable order (for bindings that build lookup tables).
    pub const ALL: [ErrorCode; 8] = [
        ErrorCode::InvalidRequest,
        ErrorCode::InvalidPolicy,
        ErrorCode::UnknownOperation,
        ErrorCode::LimitExceeded,
        ErrorCode::CalendarDataMissing,
        ErrorCode::InvalidTransition,
        ErrorCode::ArithmeticOverflow,
        ErrorCode::Internal,
    ];
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error returned by the engine: code, path and message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct Error {
    code: ErrorCode,
    path: String,
    message: String,
}

impl Error {
    /// A new error of `code` at the JSON `path` (use `""` for the whole input).
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code,
            path: path.into(),
            message: message.into(),
        }
    }

    /// Shorthand for an [`ErrorCode::InvalidRequest`] error.
    pub fn invalid_request(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidRequest, path, message)
    }

    /// Shorthand for an [`ErrorCode::InvalidPolicy`] error.
    pub fn invalid_policy(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidPolicy, path, message)
    }

    /// The error family.
    pub fn kind(&self) -> ErrorCode {
        self.code
    }

    /// The stable snake_case code, e.g. `invalid_request`.
    pub fn code(&self) -> &'static str {
        self.code.as_str()
    }

    /// The JSON path of the offending field, e.g. `touches[3].at`; empty for the whole input.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The human message, naming what is wrong and how to fix it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Prefix the path with `prefix` (used when a nested document is validated on its own).
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }

    fn render(&self) -> String {
        if self.path.is_empty() {
            format!("{}: {}", self.code, self.message)
        } else {
            format!("{}: {}: {}", self.code, self.path, self.message)
        }
    }

    /// The error as the JSON object every binding can show: `{"code", "path", "message"}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({"code": self.code(), "path": self.path, "message": self.message})
            .to_string()
    }
}

/// Join two JSON path fragments: `join_path("touches[2]", "at") == "touches[2].at"`.
pub fn join_path(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => prefix.to_string(),
        _ if rest.starts_with('[') => format!("{prefix}{rest}"),
        _ => format!("{prefix}.{rest}"),
    }
}

/// The result type of the engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;
