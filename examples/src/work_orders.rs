//! Work-order clarity for the month job: every sample work order goes through
//! `validate_work_order` (the seven required fields, plus `check_text` on its free text); the
//! report lists the flagged ones with their vague terms marked.

use crate::report::{escape, Cell, Section, Table};
use crate::sample::{Month, WorkOrderRecord};
use salesrules::semantic::{
    VagueFinding, ValidateWorkOrderRequest, ValidateWorkOrderResponse, Verdict,
};
use salesrules::{Engine, Error};
use serde_json::{json, Map, Value};

/// Rows shown in the report (the summary counts all).
const SHOWN: usize = 60;

/// The validation of one sample work order.
#[derive(Debug, Clone)]
pub struct CheckedOrder<'m> {
    /// The sample record.
    pub record: &'m WorkOrderRecord,
    /// The engine's answer.
    pub answer: ValidateWorkOrderResponse,
}

impl CheckedOrder<'_> {
    /// Missing or wrong fields, or free text that needs clarification.
    pub fn flagged(&self) -> bool {
        !self.answer.valid || self.answer.verdict == Verdict::NeedsClarification
    }
}

/// The `validate_work_order` request of a sample record (free text as `description`; relative
/// deadlines resolve against the submission day).
pub fn request(r: &WorkOrderRecord) -> ValidateWorkOrderRequest {
    let mut order = Map::new();
    let mut put = |k: &str, v: Value| {
        order.insert(k.to_string(), v);
    };
    put("customer_id", json!(r.customer_id));
    put("demand_type", json!(r.demand_type));
    put("impact_scope", json!(r.impact_scope));
    put("technical_feasibility", json!(r.technical_feasibility));
    put("legal_risk", json!(r.legal_risk));
    put("submitted_at", json!(r.order.submitted_at.to_string()));
    put(
        "expected_close",
        json!(r.expected_close.map(|t| t.to_string())),
    );
    put("related_orders", json!(r.related_orders));
    put("description", json!(r.text));
    let day: String = r.order.submitted_at.to_string().chars().take(10).collect();
    ValidateWorkOrderRequest {
        work_order: order,
        reference_date: Some(day),
    }
}

/// Validate every work order of the month.
pub fn check_all<'m>(engine: &Engine, month: &'m Month) -> Result<Vec<CheckedOrder<'m>>, Error> {
    month
        .work_orders
        .iter()
        .map(|record| {
            Ok(CheckedOrder {
                record,
                answer: engine.validate_work_order(&request(record))?,
            })
        })
        .collect()
}

/// Counts for the terminal summary: (orders, missing/wrong fields, vague text, verdict agrees
/// with what the generator meant).
pub fn counts(checked: &[CheckedOrder<'_>]) -> (usize, usize, usize, usize) {
    let invalid = checked.iter().filter(|c| !c.answer.valid).count();
    let vague = checked
        .iter()
        .filter(|c| c.answer.verdict == Verdict::NeedsClarification)
        .count();
    let agree = checked
        .iter()
        .filter(|c| {
            let meant = c.record.intended_verdict == "needs_clarification";
            meant == (c.answer.verdict == Verdict::NeedsClarification)
        })
        .count();
    (checked.len(), invalid, vague, agree)
}

/// The text with every vague term that needs clarification in `<mark>`, HTML-escaped.
pub fn highlight(text: &str, vague: &[VagueFinding]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for v in vague.iter().filter(|v| v.needs_clarification) {
        let (Some(before), Some(term)) = (
            text.get(at..v.span.byte_start),
            text.get(v.span.byte_start..v.span.byte_end),
        ) else {
            continue;
        };
        out.push_str(&escape(before));
        out.push_str(&format!(
            "<mark title=\"{}\">{}</mark>",
            escape(&v.category),
            escape(term)
        ));
        at = v.span.byte_end;
    }
    out.push_str(&escape(text.get(at..).unwrap_or_default()));
    out
}

/// The report section: counts, then the flagged orders with fields and marked text.
pub fn section(checked: &[CheckedOrder<'_>]) -> Section {
    let (total, invalid, vague, agree) = counts(checked);
    let mut table = Table::new(&["Work order", "Rep", "Field problems", "Free text"]);
    for c in checked.iter().filter(|c| c.flagged()).take(SHOWN) {
        let problems: Vec<String> = c
            .answer
            .errors
            .iter()
            .map(|e| format!("{} ({})", e.path.trim_start_matches("work_order."), e.code))
            .collect();
        let vague: Vec<VagueFinding> = c
            .answer
            .findings
            .iter()
            .flat_map(|f| f.check.vague.iter().cloned())
            .collect();
        table.row(vec![
            Cell::text(c.record.order.id.clone()),
            Cell::text(c.record.submitted_by.clone()),
            Cell::text(problems.join(", ")),
            Cell::Html(highlight(&c.record.text, &vague)),
        ]);
    }
    let flagged = checked.iter().filter(|c| c.flagged()).count();
    let body = format!(
        "<p>{total} work orders checked with <code>validate_work_order</code>: {invalid} miss or \
         mistype a required field, {vague} have free text with a vague demand and no concrete \
         deadline or quantity in the same sentence (marked below). The check agrees with the \
         sample generator's intent on {agree} of {total}.</p>\
         <p>Showing {} of {flagged} flagged orders.</p>{}",
        flagged.min(SHOWN),
        table.html()
    );
    Section::new("work-orders", "Work-order clarity", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_marks_and_escapes() {
        let engine = Engine::default();
        let text = "<b>请尽快</b> & ASAP";
        let out = engine
            .check_text(&salesrules::semantic::CheckTextRequest {
                text: text.into(),
                reference_date: None,
            })
            .map(|r| highlight(text, &r.vague))
            .unwrap_or_default();
        assert_eq!(
            out,
            "&lt;b&gt;请<mark title=\"urgency\">尽快</mark>&lt;/b&gt; &amp; <mark title=\"urgency\">ASAP</mark>"
        );
    }
}
