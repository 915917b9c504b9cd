//! The JSON contract (SPEC section 4): operation names → typed requests and responses.
//! Every binding calls [`Engine::call`]; nothing else crosses a language boundary.

use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::policy::{clean_serde_message, Policy};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The operations served by [`Engine::call`], in a stable order.
pub const OPERATIONS: &[&str] = &[
    "attribute",
    "key_influencers",
    "handover_status",
    "appeal",
    "resolve_appeal",
    "lead_escalation",
    "work_order_escalation",
    "generate_tracking_code",
    "parse_tracking_code",
    "lead_health_report",
    "check_text",
    "validate_work_order",
    "triage_email",
    "mask_record",
    "audit_append",
    "audit_verify",
    "merge_offline",
    "cache_plan",
    "churn_risk",
    "service_events",
    "import_daily_reports",
    "daily_report_progress",
    "rebate",
    "trace_heatmap",
    "transparency_report",
    "markov_attribution",
    "detect_anomalies",
    "compare_periods",
    "match_leads",
    "drill_down",
    "policy",
    "audit_policy_fairness",
];

/// The library version (same in every binding).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The default policy as pretty JSON, for users to start from.
pub fn default_policy_json() -> String {
    Policy::default().to_json_pretty()
}

/// Parse a request with the JSON path of any error (`touches[3].at`).
///
/// Valid requests take the plain serde_json path; only a request that fails is parsed again
/// with path tracking, so the common case does not pay for error reporting.
pub fn parse_request<T: DeserializeOwned>(json: &str) -> Result<T> {
    // serde's derived structs also accept a JSON array (fields by position): `[]` would pass
    // as a request whose fields are all optional. The contract takes objects only.
    if json.trim_start().starts_with('[') {
        return Err(Error::invalid_request(
            "",
            "the request must be a JSON object, not an array",
        ));
    }
    if let Ok(value) = serde_json::from_str::<T>(json) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        Error::invalid_request(path, clean_serde_message(e.inner()))
    })?;
    de.end()
        .map_err(|_| Error::invalid_request("", "trailing characters after the JSON request"))?;
    Ok(value)
}

fn respond<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| {
        Error::new(
            ErrorCode::InvalidRequest,
            "",
            format!("response not serialisable: {e}"),
        )
    })
}

impl Engine {
    /// Serve one operation: `op` names it, `request_json` is its request; the answer is the
    /// response JSON. Errors carry a stable code, the path of the offending field and a message.
    ///
    /// ```
    /// use salesrules::Engine;
    /// let err = Engine::default().call("attribute", r#"{"deal": {"id": "D", "amount": 5}}"#).unwrap_err();
    /// assert_eq!(err.code(), "invalid_request");
    /// assert_eq!(err.path(), "deal.amount");
    /// ```
    pub fn call(&self, op: &str, request_json: &str) -> Result<String> {
        let max = self.policy().limits.max_request_bytes;
        if request_json.len() > max {
            return Err(Error::new(
                ErrorCode::LimitExceeded,
                "",
                format!(
                    "request of {} bytes exceeds limits.max_request_bytes ({max})",
                    request_json.len()
                ),
            ));
        }
        match op {
            "attribute" => {
                // Touches borrow their strings from the text; a request that does not read
                // that way is read again as usual, which names the offending field.
                let fast = if request_json.trim_start().starts_with('[') {
                    None
                } else {
                    crate::attribution::attribute_json(self, request_json)
                };
                match fast {
                    Some(response) => respond(&response?),
                    None => respond(&self.attribute(&parse_request(request_json)?)?),
                }
            }
            "key_influencers" => respond(&self.key_influencers(&parse_request(request_json)?)?),
            "handover_status" => respond(&self.handover_status(&parse_request(request_json)?)?),
            "appeal" => respond(&self.appeal(&parse_request(request_json)?)?),
            "resolve_appeal" => respond(&self.resolve_appeal(&parse_request(request_json)?)?),
            "lead_escalation" => respond(&self.lead_escalation(&parse_request(request_json)?)?),
            "work_order_escalation" => {
                respond(&self.work_order_escalation(&parse_request(request_json)?)?)
            }
            "generate_tracking_code" => {
                respond(&self.generate_tracking_code(&parse_request(request_json)?)?)
            }
            "parse_tracking_code" => {
                respond(&self.parse_tracking_code(&parse_request(request_json)?)?)
            }
            "lead_health_report" => {
                respond(&self.lead_health_report(&parse_request(request_json)?)?)
            }
            "check_text" => respond(&self.check_text(&parse_request(request_json)?)?),
            "validate_work_order" => {
                respond(&self.validate_work_order(&parse_request(request_json)?)?)
            }
            "triage_email" => respond(&self.triage_email(&parse_request(request_json)?)?),
            "mask_record" => respond(&self.mask_record(&parse_request(request_json)?)?),
            "audit_append" => respond(&self.audit_append(&parse_request(request_json)?)?),
            "audit_verify" => respond(&self.audit_verify(&parse_request(request_json)?)?),
            "merge_offline" => respond(&self.merge_offline(&parse_request(request_json)?)?),
            "cache_plan" => respond(&self.cache_plan(&parse_request(request_json)?)?),
            "churn_risk" => respond(&self.churn_risk(&parse_request(request_json)?)?),
            "service_events" => respond(&self.service_events(&parse_request(request_json)?)?),
            "audit_policy_fairness" => {
                respond(&self.audit_policy_fairness(&parse_request(request_json)?)?)
            }
            "import_daily_reports" => {
                respond(&self.import_daily_reports(&parse_request(request_json)?)?)
            }
            "daily_report_progress" => {
                respond(&self.daily_report_progress(&parse_request(request_json)?)?)
            }
            "rebate" => respond(&self.rebate(&parse_request(request_json)?)?),
            "trace_heatmap" => respond(&self.trace_heatmap(&parse_request(request_json)?)?),
            "transparency_report" => {
                respond(&self.transparency_report(&parse_request(request_json)?)?)
            }
            "markov_attribution" => {
                respond(&self.markov_attribution(&parse_request(request_json)?)?)
            }
            "detect_anomalies" => respond(&self.detect_anomalies(&parse_request(request_json)?)?),
            "compare_periods" => respond(&self.compare_periods(&parse_request(request_json)?)?),
            "match_leads" => respond(&self.match_leads(&parse_request(request_json)?)?),
            "drill_down" => respond(&self.drill_down(&parse_request(request_json)?)?),
            "policy" => {
                let _: serde_json::Map<String, serde_json::Value> = parse_request(request_json)?;
                respond(self.policy())
            }
            _ => Err(Error::new(
                ErrorCode::UnknownOperation,
                "",
                format!(
                    "unknown operation {:?}; the operations are {}",
                    op.chars().take(64).collect::<String>(),
                    OPERATIONS.join(", ")
                ),
            )),
        }
    }
}
