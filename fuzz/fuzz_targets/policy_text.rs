//! The policy parser (JSON or TOML text, `Policy::from_text`) on arbitrary bytes: it must return
//! a policy or an `invalid_policy` error, never panic; a policy it accepts must compile into an
//! engine and survive a JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salesrules::{Engine, Policy};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Policy::from_text(&text) {
        Ok(policy) => {
            let again = Policy::from_json(&policy.to_json_pretty());
            assert!(again.is_ok(), "an accepted policy must read back: {again:?}");
            let _ = Engine::new(policy);
        }
        Err(e) => assert_ne!(e.code(), "internal_error", "{e}"),
    }
});
