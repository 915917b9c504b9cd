//! `validate_work_order`: the seven required fields of SPEC 2D, every problem reported
//! together with its path, and the semantic check of every free-text field.

use crate::engine::Engine;
use crate::error::Result;
use crate::semantic::check::{parse_reference, CheckTextResponse};
use crate::semantic::{check_text, CheckTextRequest, Verdict};
use crate::time::Instant;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What the customer asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DemandType {
    /// Delivery date or logistics.
    Delivery,
    /// Price or terms.
    Price,
    /// A customised product.
    Customization,
    /// After-sales service.
    AfterSales,
}

/// How far the demand reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImpactScope {
    /// One order.
    SingleOrder,
    /// A whole product category.
    WholeCategory,
    /// The long-term cooperation with the customer.
    LongTermCooperation,
}

/// Sales' estimate of technical feasibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feasibility {
    /// Can be done as asked.
    Feasible,
    /// Engineering must evaluate.
    NeedsEvaluation,
    /// Cannot be done as asked.
    NotFeasible,
}

/// Legal risk level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalRisk {
    /// Standard terms.
    Low,
    /// Needs a legal look.
    Medium,
    /// Needs legal sign-off.
    High,
}

/// A valid work order, typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkOrder {
    /// Customer id.
    pub customer_id: String,
    /// Demand type.
    pub demand_type: DemandType,
    /// Impact scope.
    pub impact_scope: ImpactScope,
    /// Technical feasibility (sales' estimate).
    pub technical_feasibility: Feasibility,
    /// Legal risk level.
    pub legal_risk: LegalRisk,
    /// When sales submitted it.
    pub submitted_at: Instant,
    /// Expected close time, after submission.
    pub expected_close: Instant,
    /// Related historical order ids.
    pub related_orders: Vec<String>,
}

/// Request of `validate_work_order`. The order is read field by field, so that every problem
/// is reported at once rather than the first only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateWorkOrderRequest {
    /// The work order: the seven required fields, `submitted_at`, and free text in
    /// `description`, `customer_request` and `notes`.
    pub work_order: Map<String, Value>,
    /// Date against which relative deadlines in the free text are resolved.
    #[serde(default)]
    pub reference_date: Option<String>,
}

/// One problem with a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkOrderError {
    /// JSON path, e.g. `work_order.demand_type`.
    pub path: String,
    /// `missing`, `wrong_type`, `unknown_value`, `empty`, `not_after_submission`, `unknown_field`.
    pub code: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// The semantic check of one free-text field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkOrderFinding {
    /// JSON path of the field, e.g. `work_order.description`.
    pub path: String,
    /// The check (as `check_text` answers it, without the fingerprint).
    #[serde(flatten)]
    pub check: FieldCheck,
}

/// `check_text` findings of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldCheck {
    /// `ok` or `needs_clarification`.
    pub verdict: Verdict,
    /// Vague terms.
    pub vague: Vec<crate::semantic::VagueFinding>,
    /// Deadlines.
    pub deadlines: Vec<crate::semantic::DeadlineFinding>,
    /// Quantities.
    pub quantities: Vec<crate::semantic::QuantityFinding>,
}

/// Response of `validate_work_order`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidateWorkOrderResponse {
    /// No field error (free-text findings do not make an order invalid).
    pub valid: bool,
    /// `ok` when no free-text field needs clarification.
    pub verdict: Verdict,
    /// Every field problem, in field order.
    pub errors: Vec<WorkOrderError>,
    /// The semantic check of every free-text field present.
    pub findings: Vec<WorkOrderFinding>,
    /// The typed order, when valid.
    pub work_order: Option<WorkOrder>,
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
}

/// Free-text fields checked by `check_text`.
pub const FREE_TEXT_FIELDS: [&str; 3] = ["description", "customer_request", "notes"];
const STRUCTURED: [&str; 8] = [
    "customer_id",
    "demand_type",
    "impact_scope",
    "technical_feasibility",
    "legal_risk",
    "submitted_at",
    "expected_close",
    "related_orders",
];

struct Reader<'a> {
    order: &'a Map<String, Value>,
    errors: Vec<WorkOrderError>,
}

impl Reader<'_> {
    fn error(&mut self, field: &str, code: &str, message: String) {
        self.errors.push(WorkOrderError {
            path: format!("work_order.{field}"),
            code: code.into(),
            message,
        });
    }

    fn present(&mut self, field: &str) -> Option<&Value> {
        let order = self.order;
        match order.get(field) {
            None | Some(Value::Null) => {
                self.error(field, "missing", format!("{field} is required"));
                None
            }
            Some(v) => Some(v),
        }
    }

    fn text(&mut self, field: &str) -> Option<String> {
        match self.present(field)? {
            Value::String(s) if s.trim().is_empty() => {
                self.error(field, "empty", format!("{field} must not be blank"));
                None
            }
            Value::String(s) => Some(s.clone()),
            _ => {
                self.error(field, "wrong_type", format!("{field} must be a string"));
                None
            }
        }
    }

    fn choice<T: DeserializeOwned>(&mut self, field: &str, allowed: &str) -> Option<T> {
        let value = self.present(field)?.clone();
        if !value.is_string() {
            self.error(
                field,
                "wrong_type",
                format!("{field} must be one of {allowed}"),
            );
            return None;
        }
        match serde_json::from_value(value.clone()) {
            Ok(v) => Some(v),
            Err(_) => {
                self.error(
                    field,
                    "unknown_value",
                    format!("{field} must be one of {allowed}, got {value}"),
                );
                None
            }
        }
    }

    fn instant(&mut self, field: &str) -> Option<Instant> {
        let s = self.text(field)?;
        match s.parse::<Instant>() {
            Ok(t) => Some(t),
            Err(_) => {
                self.error(
                    field,
                    "wrong_type",
                    format!("{field} must be an RFC 3339 time with offset, got {s:?}"),
                );
                None
            }
        }
    }

    fn order_ids(&mut self, field: &str) -> Option<Vec<String>> {
        let order = self.order;
        let items = match order.get(field) {
            None | Some(Value::Null) => {
                self.error(
                    field,
                    "missing",
                    format!("{field} is required (use [] for none)"),
                );
                return None;
            }
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.error(
                    field,
                    "wrong_type",
                    format!("{field} must be a list of order ids"),
                );
                return None;
            }
        };
        let mut ids = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str().filter(|s| !s.trim().is_empty()) {
                Some(s) => ids.push(s.to_string()),
                None => self.error(
                    &format!("{field}[{i}]"),
                    "wrong_type",
                    "order ids are non-blank strings".into(),
                ),
            }
        }
        (ids.len() == items.len()).then_some(ids)
    }
}

/// Typed form of the `validate_work_order` operation.
pub fn validate_work_order(
    engine: &Engine,
    request: &ValidateWorkOrderRequest,
) -> Result<ValidateWorkOrderResponse> {
    parse_reference(request.reference_date.as_deref(), "reference_date")?;
    let mut r = Reader {
        order: &request.work_order,
        errors: Vec::new(),
    };
    let customer_id = r.text("customer_id");
    let demand_type = r.choice("demand_type", "delivery, price, customization, after_sales");
    let impact_scope = r.choice(
        "impact_scope",
        "single_order, whole_category, long_term_cooperation",
    );
    let technical_feasibility = r.choice(
        "technical_feasibility",
        "feasible, needs_evaluation, not_feasible",
    );
    let legal_risk = r.choice("legal_risk", "low, medium, high");
    let submitted_at = r.instant("submitted_at");
    let expected_close = r.instant("expected_close");
    let related_orders = r.order_ids("related_orders");
    if let (Some(s), Some(e)) = (&submitted_at, &expected_close) {
        if e <= s {
            r.error(
                "expected_close",
                "not_after_submission",
                format!("expected_close ({e}) must be after submitted_at ({s})"),
            );
        }
    }
    let mut findings = Vec::new();
    for field in FREE_TEXT_FIELDS {
        match request.work_order.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::String(text)) => {
                super::within_text_limit(engine, text, &format!("work_order.{field}"))?;
                let CheckTextResponse {
                    verdict,
                    vague,
                    deadlines,
                    quantities,
                    ..
                } = check_text(
                    engine,
                    &CheckTextRequest {
                        text: text.clone(),
                        reference_date: request.reference_date.clone(),
                    },
                )?;
                findings.push(WorkOrderFinding {
                    path: format!("work_order.{field}"),
                    check: FieldCheck {
                        verdict,
                        vague,
                        deadlines,
                        quantities,
                    },
                });
            }
            Some(_) => r.error(field, "wrong_type", format!("{field} must be a string")),
        }
    }
    for key in request.work_order.keys() {
        if !STRUCTURED.contains(&key.as_str()) && !FREE_TEXT_FIELDS.contains(&key.as_str()) {
            r.error(
                key,
                "unknown_field",
                format!(
                    "unknown field; the fields are {}, {}",
                    STRUCTURED.join(", "),
                    FREE_TEXT_FIELDS.join(", ")
                ),
            );
        }
    }
    let errors = r.errors;
    let work_order = match (
        customer_id,
        demand_type,
        impact_scope,
        technical_feasibility,
        legal_risk,
        submitted_at,
        expected_close,
        related_orders,
    ) {
        (Some(c), Some(d), Some(i), Some(t), Some(l), Some(s), Some(e), Some(o))
            if errors.is_empty() =>
        {
            Some(WorkOrder {
                customer_id: c,
                demand_type: d,
                impact_scope: i,
                technical_feasibility: t,
                legal_risk: l,
                submitted_at: s,
                expected_close: e,
                related_orders: o,
            })
        }
        _ => None,
    };
    let verdict = if findings
        .iter()
        .any(|f| f.check.verdict == Verdict::NeedsClarification)
    {
        Verdict::NeedsClarification
    } else {
        Verdict::Ok
    };
    Ok(ValidateWorkOrderResponse {
        valid: errors.is_empty(),
        verdict,
        errors,
        findings,
        work_order,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}
