//! The native `Engine`: a compiled policy shared by every call, the GIL released while it works.

use crate::convert;
use crate::errors::to_py;
use crate::{lead_table, table, text_table};
use pyo3::prelude::*;
use pyo3::types::PyString;
use pyo3_arrow::PyTable;
use salesrules::contract::parse_request;
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

/// Serve `op` with the typed core method and convert its response straight to Python objects.
/// Every operation of the contract but `policy` is listed; the rest go through `Engine::call`.
macro_rules! typed {
    ($self:ident, $py:ident, $op:ident, $json:ident, $top:ident; $($name:literal => $method:ident),* $(,)?) => {
        match $op {
            $($name => {
                let response = $py
                    .detach(|| guarded(|| $self.inner.$method(&parse_request($json)?)))
                    .map_err(|e| to_py($py, &e))?;
                return convert::to_python($py, &response, $top);
            })*
            _ => {}
        }
    };
}

impl PyEngine {
    /// The response of `op` to the request JSON text, as Python objects.
    fn respond<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        json: &str,
        top: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // The request-size limit of `Engine::call`, checked the same way before the typed call.
        let max = self.inner.policy().limits.max_request_bytes;
        if json.len() > max {
            let error = Error::new(
                ErrorCode::LimitExceeded,
                "",
                format!(
                    "request of {} bytes exceeds limits.max_request_bytes ({max})",
                    json.len()
                ),
            );
            return Err(to_py(py, &error));
        }
        typed!(self, py, op, json, top;
            "attribute" => attribute,
            "key_influencers" => key_influencers,
            "handover_status" => handover_status,
            "appeal" => appeal,
            "resolve_appeal" => resolve_appeal,
            "lead_escalation" => lead_escalation,
            "work_order_escalation" => work_order_escalation,
            "generate_tracking_code" => generate_tracking_code,
            "parse_tracking_code" => parse_tracking_code,
            "lead_health_report" => lead_health_report,
            "check_text" => check_text,
            "validate_work_order" => validate_work_order,
            "triage_email" => triage_email,
        );
        // `policy` and operations added to the core later: the JSON text, read in Python.
        let text = py
            .detach(|| guarded(|| self.inner.call(op, json)))
            .map_err(|e| to_py(py, &e))?;
        Ok(PyString::new(py, &text).into_any())
    }
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

    /// Serve one operation from a request object (a dict, or JSON text): the response comes back
    /// as Python objects built directly from the typed response, with no JSON text in between.
    /// Operations this binding does not know by type return the response JSON text instead.
    /// `result_class`, a `dict` subclass, is the class of the outermost dict.
    #[pyo3(signature = (op, request, result_class=None))]
    fn call_object<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        request: &Bound<'py, PyAny>,
        result_class: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = if let Ok(s) = request.cast::<PyString>() {
            s.to_cow()?.into_owned()
        } else if request.is_none() {
            "{}".to_owned()
        } else {
            convert::to_json(request).map_err(|u| {
                let message = format!(
                    "{}; use str, int, bool, None, Decimal, datetime, lists and dicts",
                    u.what
                );
                to_py(py, &Error::invalid_request(u.path, message))
            })?
        };
        self.respond(py, op, &text, result_class)
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

    /// Evaluate every lead of an Arrow table at `now`; see `salesrules.Engine.lead_escalation_table`.
    #[pyo3(signature = (leads, events, now))]
    fn lead_escalation_table<'py>(
        &self,
        py: Python<'py>,
        leads: PyTable,
        events: Option<PyTable>,
        now: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let leads = leads.into_inner();
        let events = events.map(PyTable::into_inner);
        let out = py.detach(|| {
            guarded(|| {
                lead_table::lead_escalation_tables(&self.inner, &leads, events.as_ref(), now)
            })
        });
        let (batch, schema) = out.map_err(|e| to_py(py, &e))?;
        PyTable::try_new(vec![batch], schema)?.into_pyarrow(py)
    }

    /// Check every text of an Arrow table; see `salesrules.Engine.check_text_table`.
    /// Returns the summary table and the findings table.
    #[pyo3(signature = (texts, reference_date=None))]
    fn check_text_table<'py>(
        &self,
        py: Python<'py>,
        texts: PyTable,
        reference_date: Option<&str>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let texts = texts.into_inner();
        let out = py.detach(|| {
            guarded(|| text_table::check_text_tables(&self.inner, &texts, reference_date))
        });
        let ((summary, summary_schema), (findings, findings_schema)) =
            out.map_err(|e| to_py(py, &e))?;
        Ok((
            PyTable::try_new(vec![summary], summary_schema)?.into_pyarrow(py)?,
            PyTable::try_new(vec![findings], findings_schema)?.into_pyarrow(py)?,
        ))
    }
}
