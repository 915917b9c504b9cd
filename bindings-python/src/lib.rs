//! The Python binding of salesrules: a translator between Python and the core's JSON contract.
//!
//! This crate is the native half (`salesrules._native`); the Python package in `python/salesrules`
//! adds the dict ↔ JSON layer, the exception classes and the stubs. No sales rule lives here.

mod convert;
mod engine;
mod errors;
mod lead_table;
mod table;
mod table_batch;
mod text_table;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The default policy as pretty JSON.
#[pyfunction]
fn default_policy_json() -> String {
    salesrules::contract::default_policy_json()
}

/// The sheets of a daily-report file (`.xlsx` or `.csv`, told by `name`'s extension) as the JSON
/// list the `import_daily_reports` operation takes. The bytes are parsed by the core; a malformed
/// file raises `InvalidRequest`.
#[pyfunction]
fn sheets_json(py: Python<'_>, name: &str, data: &[u8]) -> PyResult<String> {
    let lower = name.to_ascii_lowercase();
    let sheets = py.detach(|| {
        if lower.ends_with(".csv") {
            salesrules::daily_report::sheets_from_csv(name, data)
        } else {
            salesrules::daily_report::sheets_from_xlsx(name, data)
        }
    });
    let sheets = sheets.map_err(|e| errors::to_py(py, &e))?;
    serde_json::to_string(&sheets).map_err(|e| {
        errors::to_py(
            py,
            &salesrules::Error::new(salesrules::ErrorCode::Internal, "", e.to_string()),
        )
    })
}

/// The native module `salesrules._native`.
#[pymodule]
#[pyo3(name = "_native")]
fn native_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<engine::PyEngine>()?;
    m.add_function(wrap_pyfunction!(default_policy_json, m)?)?;
    m.add_function(wrap_pyfunction!(sheets_json, m)?)?;
    m.add("__version__", salesrules::contract::VERSION)?;
    m.add(
        "OPERATIONS",
        PyTuple::new(py, salesrules::contract::OPERATIONS)?,
    )?;
    m.add(
        "ERROR_CODES",
        PyTuple::new(py, salesrules::ErrorCode::ALL.iter().map(|c| c.as_str()))?,
    )?;
    Ok(())
}
