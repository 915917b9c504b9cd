//! Regressions found by the malformed-input corpus (`golden/malformed/`, issue "Reliability").
#![allow(clippy::unwrap_used, clippy::expect_used)]

use salesrules::{Engine, Policy};

#[test]
fn an_array_request_is_rejected_even_when_every_field_is_optional() {
    // serde's derived structs accept arrays by position; `[]` used to pass as an empty e-mail.
    let err = Engine::default().call("triage_email", "[]").unwrap_err();
    assert_eq!((err.code(), err.path()), ("invalid_request", ""));
    let err = Engine::default()
        .call("parse_tracking_code", r#" ["L-20260223-SH087"]"#)
        .unwrap_err();
    assert_eq!((err.code(), err.path()), ("invalid_request", ""));
}

#[test]
fn an_array_policy_document_is_rejected_not_read_as_the_default() {
    let err = Policy::from_json("[]").unwrap_err();
    assert_eq!((err.code(), err.path()), ("invalid_policy", ""));
    assert!(Policy::from_json("{}").is_ok());
}

#[test]
fn a_lead_listed_twice_in_the_health_report_is_rejected() {
    let lead = r#"{"id": "L-1", "team": "east", "assigned_at": "2026-02-02T09:00:00+08:00"}"#;
    let request = format!(
        r#"{{"month": "2026-02", "as_of": "2026-03-01T00:00:00+08:00", "leads": [{lead}, {lead}]}}"#
    );
    let err = Engine::default()
        .call("lead_health_report", &request)
        .unwrap_err();
    assert_eq!((err.code(), err.path()), ("invalid_request", "leads[1].id"));
}

fn resolve_request(contact_of_accepted: &str, second_contact_id: &str) -> String {
    format!(
        r#"{{"appeal": {{"against": "share", "deal_id": "D-7", "evidence": [{{"kind": "system_log", "reference": "log-1"}}],
             "filed_at": "2026-04-02T09:00:00+08:00", "reason": "demos not logged", "rep": "carol"}},
           "attribution": {{"contacts": [{{"id": "TD", "role": "technical_director"}}, {{"id": "{second_contact_id}", "role": "cfo"}}],
             "deal": {{"amount": "130000.00", "closed_at": "2026-03-31T18:00:00+08:00", "currency": "CNY", "id": "D-7"}},
             "touches": [{{"at": "2026-03-01T10:00:00+08:00", "contact": "TD", "kind": "demo", "rep": "alice"}}]}},
           "resolution": {{"accepted_touches": [{{"at": "2026-03-12T10:00:00+08:00", "contact": "{contact_of_accepted}", "kind": "demo", "rep": "carol"}}],
             "at": "2026-04-05T15:00:00+08:00", "by": "committee", "decision": "accepted"}}}}"#
    )
}

#[test]
fn resolve_appeal_names_the_accepted_touch_not_its_index_in_the_rerun() {
    let engine = Engine::default();
    assert!(engine
        .call("resolve_appeal", &resolve_request("TD", "CFO"))
        .is_ok());
    let err = engine
        .call("resolve_appeal", &resolve_request("NOPE", "CFO"))
        .unwrap_err();
    assert_eq!(
        (err.code(), err.path()),
        ("invalid_request", "resolution.accepted_touches[0].contact")
    );
}

#[test]
fn resolve_appeal_prefixes_attribution_errors_with_attribution() {
    let err = Engine::default()
        .call("resolve_appeal", &resolve_request("TD", "TD"))
        .unwrap_err();
    assert_eq!(
        (err.code(), err.path()),
        ("invalid_request", "attribution.contacts[1].id")
    );
}
