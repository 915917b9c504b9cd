//! Core errors → Python exceptions. The code → class table lives in one place,
//! `salesrules/_errors.py`; this side only hands over code, path and message.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// The Python exception for a core error: the class that `salesrules._errors.error_class`
/// names for the error's code, carrying `.code`, `.path` and `.message`.
pub(crate) fn to_py(py: Python<'_>, error: &salesrules::Error) -> PyErr {
    build(py, error.code(), error.path(), error.message()).unwrap_or_else(|import_error| {
        // Only if the Python half of the package is missing or broken.
        PyRuntimeError::new_err(format!(
            "{error} (and salesrules._errors could not be used: {import_error})"
        ))
    })
}

fn build(py: Python<'_>, code: &str, path: &str, message: &str) -> PyResult<PyErr> {
    let errors = py.import("salesrules._errors")?;
    let class = errors.getattr("error_class")?.call1((code,))?;
    let instance = class.call1((message, code, path))?;
    Ok(PyErr::from_value(instance))
}
