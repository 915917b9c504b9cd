//! `check_text` on arbitrary text, the request built with serde_json so it is always valid JSON:
//! any text is a valid request, so the call must succeed and answer JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salesrules::Engine;
use std::sync::OnceLock;

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let request = serde_json::json!({"text": text, "reference_date": "2026-03-02"}).to_string();
    let engine = ENGINE.get_or_init(Engine::default);
    match engine.call("check_text", &request) {
        Ok(response) => {
            let parsed = serde_json::from_str::<serde_json::Value>(&response);
            assert!(parsed.is_ok(), "the response is not JSON: {response}");
        }
        Err(e) => panic!("check_text refused valid text {text:?}: {e}"),
    }
});
