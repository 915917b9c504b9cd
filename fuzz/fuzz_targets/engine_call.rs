//! `Engine::call` with the operation picked by the first byte (one past the end of OPERATIONS is
//! an unknown operation) and the rest as the request text (lossy UTF-8). Every answer is
//! a JSON response or an error with a stable code; never a panic or an `internal_error`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salesrules::contract::OPERATIONS;
use salesrules::Engine;
use std::sync::OnceLock;

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let op = OPERATIONS
        .get(first as usize % (OPERATIONS.len() + 1))
        .copied()
        .unwrap_or("no_such_operation");
    let request = String::from_utf8_lossy(rest);
    let engine = ENGINE.get_or_init(Engine::default);
    match engine.call(op, &request) {
        Ok(response) => {
            let parsed = serde_json::from_str::<serde_json::Value>(&response);
            assert!(parsed.is_ok(), "{op}: the response is not JSON: {response}");
        }
        Err(e) => assert_ne!(e.code(), "internal_error", "{op}: {e}"),
    }
});
