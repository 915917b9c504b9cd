//! `parse_tracking_code` on arbitrary text: a code or an error, never a panic; a code it accepts
//! is generated back, from its own parts, as the same code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salesrules::Engine;
use std::sync::OnceLock;

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let code = String::from_utf8_lossy(data);
    let request = serde_json::json!({ "code": code }).to_string();
    let engine = ENGINE.get_or_init(Engine::default);
    match engine.call("parse_tracking_code", &request) {
        Ok(parsed) => {
            let mut parts: serde_json::Value =
                serde_json::from_str(&parsed).unwrap_or(serde_json::Value::Null);
            let obj = parts.as_object_mut();
            assert!(obj.is_some(), "the response is not an object: {parsed}");
            if let Some(obj) = obj {
                obj.remove("code");
                obj.remove("policy_fingerprint");
            }
            let again = engine.call("generate_tracking_code", &parts.to_string());
            match again {
                Ok(text) => {
                    let v: serde_json::Value =
                        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
                    assert_eq!(v["code"].as_str(), Some(&*code), "{parsed} → {text}");
                }
                Err(e) => panic!("{code:?} parses but its parts do not generate: {e}"),
            }
        }
        Err(e) => assert_ne!(e.code(), "internal_error", "{e}"),
    }
});
