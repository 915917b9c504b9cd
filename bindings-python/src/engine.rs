//! The native `Engine`: a compiled policy shared by every call, the GIL released while it works.

use crate::errors::to_py;
use crate::table;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use salesrules::{Engine, Error, ErrorCode};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Run engine code so that a panic (a bug) comes back as an `internal_error`, raised in Python
/// as `salesrules.InternalError`, instead of pyo3's `PanicException`.
fn guarded<T>(work: impl FnOnce() -> salesrules::Result<T>) -> salesrules::Result<T> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Err(Error::new(
            ErrorCode::Internal,
            "",
            format!("salesrules failed unexpectedly ({what}); please report this request"),
        ))
    })
}

/// A compiled policy (native half of `salesrules.Engine`).
#[pyclass(frozen, name = "Engine", module = "salesrules._native")]
pub(crate) struct PyEngine {
    inner: Engine,
}

#[pymethods]
impl PyEngine {
    /// Compile the default policy, or a policy document given as JSON or TOML text.
    #[new]
    #[pyo3(signature = (policy_text=None))]
    fn new(py: Python<'_>, policy_text: Option<&str>) -> PyResult<Self> {
        let compiled = py.detach(|| {
            guarded(|| match policy_text {
                None => Ok(Engine::default()),
                Some(text) => Engine::from_policy_text(text),
            })
        });
        compiled
            .map(|inner| PyEngine { inner })
            .map_err(|e| to_py(py, &e))
    }

    /// Serve one operation of the JSON contract: request JSON in, response JSON out.
    fn call(&self, py: Python<'_>, op: &str, request_json: &str) -> PyResult<String> {
        py.detach(|| guarded(|| self.inner.call(op, request_json)))
            .map_err(|e| to_py(py, &e))
    }

    /// The policy fingerprint (`sha256:…`) stamped on every result.
    #[getter]
    fn fingerprint(&self) -> &str {
        self.inner.fingerprint()
    }

    /// The policy in canonical JSON (keys sorted, no whitespace).
    fn policy_json(&self) -> String {
        self.inner.policy().canonical_json()
    }

    /// Attribute every deal of three Arrow tables; see `salesrules.Engine.attribute_table`.
    #[pyo3(signature = (deals, contacts, touches, model=None, handovers=None))]
    fn attribute_table<'py>(
        &self,
        py: Python<'py>,
        deals: PyTable,
        contacts: PyTable,
        touches: PyTable,
        model: Option<&str>,
        handovers: Option<PyTable>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let handovers = handovers.map(PyTable::into_inner);
        let (deals, contacts, touches) = (
            deals.into_inner(),
            contacts.into_inner(),
            touches.into_inner(),
        );
        let out = py.detach(|| {
            guarded(|| {
                table::attribute_tables(
                    &self.inner,
                    &deals,
                    &contacts,
                    &touches,
                    handovers.as_ref(),
                    model,
                )
            })
        });
        let (batch, schema) = out.map_err(|e| to_py(py, &e))?;
        PyTable::try_new(vec![batch], schema)?.into_pyarrow(py)
    }
}
