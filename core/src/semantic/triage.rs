//! `triage_email`: keywords of the policy (`报价`, `合同`, `样品`, "quote"…) in a customer e-mail
//! become to-dos with the policy's priority. Keywords match as substrings after NFKC
//! normalisation, ASCII case-insensitive (`请确认合同范本` holds `合同`).

use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::semantic::lexicon::Priority;
use crate::semantic::text::{normalize, Span, Units};
use serde::{Deserialize, Serialize};

/// Request of `triage_email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriageEmailRequest {
    /// The subject line.
    #[serde(default)]
    pub subject: String,
    /// The body.
    #[serde(default)]
    pub body: String,
}

/// One keyword occurrence that triggered a to-do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trigger {
    /// The keyword of the policy.
    pub keyword: String,
    /// `subject` or `body`.
    pub field: String,
    /// The text as written.
    pub text: String,
    /// Where it is, in that field.
    #[serde(flatten)]
    pub span: Span,
}

/// A to-do created from the e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Todo {
    /// The to-do kind, e.g. `prepare_quote`.
    pub todo: String,
    /// Its priority (the highest of its keywords).
    pub priority: Priority,
    /// Every keyword occurrence behind it, subject first, in text order.
    pub triggers: Vec<Trigger>,
}

/// Response of `triage_email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriageEmailResponse {
    /// To-dos by priority (high first), then by first appearance.
    pub todos: Vec<Todo>,
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
}

/// Typed form of the `triage_email` operation.
pub fn triage_email(engine: &Engine, request: &TriageEmailRequest) -> Result<TriageEmailResponse> {
    let compiled = engine.semantic();
    let ac = compiled
        .triage
        .as_ref()
        .map_err(|e| Error::new(ErrorCode::Internal, "", format!("triage automaton: {e}")))?;
    let mut todos: Vec<(usize, Todo)> = Vec::new();
    let mut order = 0usize;
    for (field, text) in [("subject", &request.subject), ("body", &request.body)] {
        super::within_text_limit(engine, text, field)?;
        let norm = normalize(text);
        let hits: Vec<(usize, usize, usize)> = ac
            .find_iter(norm.text.as_ref())
            .map(|m| {
                let (a, b) = norm.range_to_original(m.start(), m.end());
                (m.pattern().as_usize(), a, b)
            })
            .collect();
        let mut units = Units::new(text);
        for &(_, a, b) in &hits {
            units.want(a);
            units.want(b);
        }
        units.resolve();
        for (pattern, a, b) in hits {
            let Some(keyword) = compiled.triage_keywords.get(pattern) else {
                continue;
            };
            let trigger = Trigger {
                keyword: keyword.keyword.clone(),
                field: field.into(),
                text: text.get(a..b).unwrap_or_default().to_string(),
                span: units.span(a, b),
            };
            match todos.iter_mut().find(|(_, t)| t.todo == keyword.todo) {
                Some((_, todo)) => {
                    todo.priority = todo.priority.min(keyword.priority);
                    todo.triggers.push(trigger);
                }
                None => {
                    todos.push((
                        order,
                        Todo {
                            todo: keyword.todo.clone(),
                            priority: keyword.priority,
                            triggers: vec![trigger],
                        },
                    ));
                    order += 1;
                }
            }
        }
    }
    todos.sort_by_key(|(first, t)| (t.priority, *first));
    Ok(TriageEmailResponse {
        todos: todos.into_iter().map(|(_, t)| t).collect(),
        policy_fingerprint: engine.fingerprint().to_string(),
    })
}
