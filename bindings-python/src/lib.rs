//! The Python binding of salesrules: a translator between Python and the core's JSON contract.
//!
//! This crate is the native half (`salesrules._native`); the Python package in `python/salesrules`
//! adds the dict ↔ JSON layer, the exception classes and the stubs. No sales rule lives here.

mod convert;
mod engine;
mod errors;
mod lead_table;
mod table;
mod text_table;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The default policy as pretty JSON.
#[pyfunction]
fn default_policy_json() -> String {
    salesrules::contract::default_policy_json()
}

/// The native module `salesrules._native`.
#[pymodule]
#[pyo3(name = "_native")]
fn native_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<engine::PyEngine>()?;
    m.add_function(wrap_pyfunction!(default_policy_json, m)?)?;
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
