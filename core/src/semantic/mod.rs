//! Fuzzy-word semantic checks, work-order validation and e-mail triage (SPEC 2D).
//!
//! The text is NFKC-normalised ([`text`]), scanned once by the lexicon automaton ([`scan`]);
//! the costlier steps run only around candidate hits: dictionary segmentation to reject a
//! Chinese term cut out of its neighbours ([`segment`]), negation ([`negation`]), and the
//! deadline ([`deadline`]) and quantity ([`quantity`], [`numerals`]) readers, sentence by
//! sentence ([`check`]). [`work_order`] validates the seven required fields and checks every
//! free-text field; [`triage`] turns e-mail keywords into to-dos.

pub mod check;
mod cursor;
pub mod deadline;
pub mod lexicon;
pub mod negation;
pub mod numerals;
pub mod quantity;
pub mod scan;
pub mod segment;
pub mod text;
pub mod triage;
pub mod work_order;

pub use check::{
    CheckTextRequest, CheckTextResponse, DeadlineFinding, QuantityFinding, VagueFinding, Verdict,
};
pub use lexicon::{Priority, SemanticPolicy, TriageKeyword, VagueCategory};
pub use scan::CompiledSemantic;
pub use text::Span;
pub use triage::{Todo, TriageEmailRequest, TriageEmailResponse};
pub use work_order::{
    ValidateWorkOrderRequest, ValidateWorkOrderResponse, WorkOrder, WorkOrderError,
    WorkOrderFinding,
};

use crate::engine::Engine;
use crate::error::Result;

/// Refuse a text longer than the policy's `limits.max_text_bytes` (`path` names the field).
pub(crate) fn within_text_limit(engine: &Engine, text: &str, path: &str) -> Result<()> {
    let max = engine.policy().limits.max_text_bytes;
    if text.len() > max {
        return Err(crate::error::Error::new(
            crate::error::ErrorCode::LimitExceeded,
            path,
            format!(
                "text of {} bytes exceeds limits.max_text_bytes ({max})",
                text.len()
            ),
        ));
    }
    Ok(())
}

/// Typed form of the `check_text` operation.
pub fn check_text(engine: &Engine, request: &CheckTextRequest) -> Result<CheckTextResponse> {
    within_text_limit(engine, &request.text, "text")?;
    let reference = check::parse_reference(request.reference_date.as_deref(), "reference_date")?;
    let (verdict, vague, deadlines, quantities) =
        engine.semantic().check(&request.text, reference)?;
    Ok(CheckTextResponse {
        verdict,
        vague,
        deadlines,
        quantities,
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}
