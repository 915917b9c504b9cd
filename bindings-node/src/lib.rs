//! Node binding of salesrules: a translator between JavaScript strings and the core's JSON
//! contract ([`salesrules::Engine::call`]). It holds no sales rule.
//!
//! Nothing here throws for an engine error: every call answers an [`Outcome`] (a response or a
//! `{code, path, message}` error) and the JavaScript wrapper (`index.js`) decides whether to
//! throw. Requests and responses stay JSON text on this side, so no money string is ever turned
//! into a number on the way in or out. Panics are caught and reported as `internal_error`.

use napi::bindgen_prelude::{AsyncTask, Either};
use napi::{Env, Task};
use napi_derive::napi;
use salesrules::contract;
use salesrules::Engine;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// An engine error as plain data: the stable snake_case `code`, the JSON `path` of the
/// offending field (empty for the whole input) and a human `message`.
#[napi(object)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeError {
    /// Stable snake_case code, e.g. `invalid_request`.
    pub code: String,
    /// JSON path of the offending field, e.g. `touches[3].at`; empty for the whole input.
    pub path: String,
    /// Human message naming what is wrong and how to fix it.
    pub message: String,
}

impl From<salesrules::Error> for NativeError {
    fn from(e: salesrules::Error) -> Self {
        NativeError {
            code: e.code().to_string(),
            path: e.path().to_string(),
            message: e.message().to_string(),
        }
    }
}

/// The answer of one call: exactly one of `response` (JSON text) or `error` is set.
#[napi(object)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The response JSON text.
    pub response: Option<String>,
    /// The error.
    pub error: Option<NativeError>,
}

impl From<Result<String, NativeError>> for Outcome {
    fn from(r: Result<String, NativeError>) -> Self {
        match r {
            Ok(response) => Outcome {
                response: Some(response),
                error: None,
            },
            Err(error) => Outcome {
                response: None,
                error: Some(error),
            },
        }
    }
}

/// Run `f`, turning a panic (a bug in the engine) into an `internal_error` instead of letting
/// it unwind into Node.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, NativeError>) -> Result<T, NativeError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(NativeError {
            code: "internal_error".to_string(),
            path: String::new(),
            message: format!("the engine panicked during {what}; please report this input"),
        })
    })
}

fn call_engine(engine: &Engine, op: &str, request_json: &str) -> Outcome {
    guarded(op, || {
        engine.call(op, request_json).map_err(NativeError::from)
    })
    .into()
}

/// A compiled policy. Build it once (parsing and validation happen here), call it many times.
#[napi]
pub struct NativeEngine {
    engine: Arc<Engine>,
}

#[napi]
impl NativeEngine {
    /// The policy fingerprint stamped on every result.
    #[napi(getter)]
    pub fn fingerprint(&self) -> String {
        self.engine.fingerprint().to_string()
    }

    /// Serve one operation of the JSON contract on the calling thread.
    #[napi]
    pub fn call(&self, op: String, request_json: String) -> Outcome {
        call_engine(&self.engine, &op, &request_json)
    }

    /// Serve one operation for each request on the libuv thread pool; the promise resolves to
    /// one outcome per request, in order.
    #[napi(ts_return_type = "Promise<Array<Outcome>>")]
    pub fn call_batch(&self, op: String, requests: Vec<String>) -> AsyncTask<BatchTask> {
        AsyncTask::new(BatchTask {
            engine: Arc::clone(&self.engine),
            op,
            requests,
        })
    }
}

/// Compile a policy (JSON or TOML text; the default policy when absent). Answers the engine, or
/// the `invalid_policy` error naming the offending path.
#[napi]
pub fn compile(policy_text: Option<String>) -> Either<NativeEngine, NativeError> {
    let compiled = guarded("policy compilation", || match policy_text {
        None => Ok(Engine::default()),
        Some(text) => Engine::from_policy_text(&text).map_err(NativeError::from),
    });
    match compiled {
        Ok(engine) => Either::A(NativeEngine {
            engine: Arc::new(engine),
        }),
        Err(error) => Either::B(error),
    }
}

/// A batch of calls run off the JavaScript thread.
pub struct BatchTask {
    engine: Arc<Engine>,
    op: String,
    requests: Vec<String>,
}

impl Task for BatchTask {
    type Output = Vec<Outcome>;
    type JsValue = Vec<Outcome>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self
            .requests
            .iter()
            .map(|request| call_engine(&self.engine, &self.op, request))
            .collect())
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(output)
    }
}

/// The default policy as pretty JSON, for users to start from.
#[napi]
pub fn default_policy_json() -> String {
    contract::default_policy_json()
}

/// The operations served by `call`, in a stable order.
#[napi]
pub fn operations() -> Vec<String> {
    contract::OPERATIONS.iter().map(|s| s.to_string()).collect()
}

/// The library version (the same in every binding).
#[napi]
pub fn version() -> String {
    contract::VERSION.to_string()
}
