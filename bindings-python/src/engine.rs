//! The native `Engine`: a compiled policy shared by every call, the GIL released while it works.

use crate::errors::to_py;
use crate::table;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use salesrules::Engine;

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
        let compiled = py.detach(|| match policy_text {
            None => Ok(Engine::default()),
            Some(text) => Engine::from_policy_text(text),
        });
        compiled
            .map(|inner| PyEngine { inner })
            .map_err(|e| to_py(py, &e))
    }

    /// Serve one operation of the JSON contract: request JSON in, response JSON out.
    fn call(&self, py: Python<'_>, op: &str, request_json: &str) -> PyResult<String> {
        py.detach(|| self.inner.call(op, request_json))
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
    #[pyo3(signature = (deals, contacts, touches, model=None))]
    fn attribute_table<'py>(
        &self,
        py: Python<'py>,
        deals: PyTable,
        contacts: PyTable,
        touches: PyTable,
        model: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (deals, contacts, touches) = (
            deals.into_inner(),
            contacts.into_inner(),
            touches.into_inner(),
        );
        let out =
            py.detach(|| table::attribute_tables(&self.inner, &deals, &contacts, &touches, model));
        let (batch, schema) = out.map_err(|e| to_py(py, &e))?;
        PyTable::try_new(vec![batch], schema)?.into_pyarrow(py)
    }
}
