//! The daily-report file parsers (issue 10): arbitrary bytes as an `.xlsx` archive and as a
//! `.csv` file (the first byte picks which), then every sheet that parses goes through the
//! `import_daily_reports` operation. Every answer is sheets or an error with a stable code,
//! never a panic and never `internal_error`; every input row of a parsed sheet is accounted for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use salesrules::daily_report::{sheets_from_csv, sheets_from_xlsx};
use salesrules::Engine;
use std::sync::OnceLock;

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let sheets = if first % 2 == 0 {
        sheets_from_csv("fuzz.csv", bytes)
    } else {
        sheets_from_xlsx("fuzz.xlsx", bytes)
    };
    let sheets = match sheets {
        Ok(sheets) => sheets,
        Err(e) => {
            assert_ne!(e.code(), "internal_error", "{e}");
            return;
        }
    };
    let input_rows: usize = sheets.iter().map(|s| s.rows.len().saturating_sub(1)).sum();
    let request = serde_json::json!({ "sheets": sheets }).to_string();
    let engine = ENGINE.get_or_init(Engine::default);
    match engine.call("import_daily_reports", &request) {
        Ok(response) => {
            let v: serde_json::Value = serde_json::from_str(&response).expect("response is JSON");
            let rows = v["rows"].as_array().map_or(0, Vec::len);
            assert_eq!(rows, input_rows, "every input row is accounted for");
        }
        Err(e) => assert_ne!(e.code(), "internal_error", "{e}"),
    }
});
