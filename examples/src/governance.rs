//! The month's governance checks (SPEC 2H), through the JSON contract as a CRM would call them:
//! the customers most at risk of churning (`churn_risk`), the revisit tasks the service desk's
//! complaints created (`service_events`), and the month's audit log of operations on customer
//! data, chained with `audit_append` and checked with `audit_verify` — once as written, and once
//! with one entry altered, to show that tampering is caught.

use crate::report::{escape, Section};
use crate::sample::governance::{self, GovernanceSample};
use crate::sample::Month;
use salesrules::{Engine, Error};
use serde_json::{json, Value};
use std::fmt::Write as _;

/// Customers shown in the churn list.
pub const CHURN_LIST: usize = 8;

/// The answers the section shows.
#[derive(Debug, Clone, PartialEq)]
pub struct GovernanceRun {
    /// The `churn_risk` response for the riskiest customers.
    pub churn: Value,
    /// The `service_events` response.
    pub service: Value,
    /// Entries in the month's audit chain.
    pub audit_entries: usize,
    /// `audit_verify` of the chain as written.
    pub audit: Value,
    /// `audit_verify` of the chain with one entry's actor altered.
    pub tampered: Value,
    /// The index altered in the tampered copy.
    pub tampered_index: usize,
}

fn call(engine: &Engine, op: &str, request: &Value) -> Result<Value, Error> {
    let text = engine.call(op, &request.to_string())?;
    serde_json::from_str(&text).map_err(|e| Error::invalid_request("", e.to_string()))
}

/// Run the month's governance checks.
pub fn run(engine: &Engine, month: &Month) -> Result<GovernanceRun, Error> {
    let sample: GovernanceSample = governance::generate(month);
    let churn = call(
        engine,
        "churn_risk",
        &json!({"customers": sample.signals, "limit": CHURN_LIST}),
    )?;
    let accounts: Vec<Value> = month
        .customers
        .iter()
        .map(|c| {
            let supervisor = month
                .teams
                .iter()
                .find(|t| t.id == c.team)
                .map(|t| t.supervisor.clone());
            json!({"customer_id": c.id, "owner": c.owner, "escalate_to": supervisor.into_iter().collect::<Vec<_>>()})
        })
        .collect();
    let service = call(
        engine,
        "service_events",
        &json!({"accounts": accounts, "complaints": sample.complaints}),
    )?;
    let mut chain: Vec<Value> = Vec::with_capacity(sample.audit_events.len());
    for event in &sample.audit_events {
        let head = chain
            .last()
            .map(|h| json!({"seq": h["seq"], "hash": h["hash"]}))
            .unwrap_or(Value::Null);
        let out = call(
            engine,
            "audit_append",
            &json!({"head": head, "entry": event}),
        )?;
        chain.push(out["entry"].clone());
    }
    let audit = call(engine, "audit_verify", &json!({"chain": chain}))?;
    let tampered_index = chain.len() / 2;
    let mut altered = chain.clone();
    if let Some(entry) = altered.get_mut(tampered_index) {
        entry["actor"] = json!("someone-else");
    }
    let tampered = call(engine, "audit_verify", &json!({"chain": altered}))?;
    Ok(GovernanceRun {
        churn,
        service,
        audit_entries: chain.len(),
        audit,
        tampered,
        tampered_index,
    })
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

fn top_signals(c: &Value) -> String {
    c["top_signals"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|t| {
            format!(
                "{} {} (+{})",
                s(&t["signal"]),
                s(&t["value"]),
                s(&t["contribution"])
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn audit_line(run: &GovernanceRun) -> String {
    let ok = run.audit["ok"] == true;
    let b = &run.tampered["first_broken"];
    format!(
        "audit chain of {} entries: {}; with entry {} altered: first broken link at entry {} ({}) {}",
        run.audit_entries,
        if ok { "intact ✓" } else { "BROKEN ✗" },
        run.tampered_index,
        s(&b["index"]),
        s(&b["field"]),
        if b["index"] == json!(run.tampered_index) { "✓" } else { "✗" },
    )
}

/// The printed summary: the churn list, the revisit tasks and the audit-chain check.
pub fn text(run: &GovernanceRun) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Churn risk: the {} riskiest of {} customers",
        CHURN_LIST,
        s(&run.churn["scored"])
    );
    for c in run.churn["customers"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
    {
        let _ = writeln!(
            out,
            "  {:<8} {} {:<6} {}",
            s(&c["customer_id"]),
            s(&c["score"]),
            s(&c["level"]),
            top_signals(c)
        );
    }
    let tasks = run.service["tasks"].as_array().map_or(0, Vec::len);
    let _ = writeln!(
        out,
        "Complaints → revisit tasks: {tasks} tasks for account owners, {} escalated for repeated complaints",
        s(&run.service["escalated"])
    );
    let _ = writeln!(out, "{}", audit_line(run));
    out
}

/// The report section.
pub fn section(run: &GovernanceRun) -> Section {
    let mut h = String::new();
    h.push_str(
        "<p>Churn risk from the host's signals (<code>churn_risk</code>: weighted mean of each \
         signal's position in its policy range, exact decimals, top contributing signals), the \
         revisit tasks the month's complaints created (<code>service_events</code>), and the \
         month's audit log of operations on customer data, SHA-256 hash-chained with \
         <code>audit_append</code> and checked with <code>audit_verify</code>.</p>\n",
    );
    h.push_str(
        "<table><thead><tr><th>customer</th><th class=\"num\">score</th><th>level</th>\
         <th>top signals (value, contribution)</th></tr></thead>\n<tbody>\n",
    );
    for c in run.churn["customers"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
    {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(&s(&c["customer_id"])),
            escape(&s(&c["score"])),
            escape(&s(&c["level"])),
            escape(&top_signals(c)),
        );
    }
    h.push_str("</tbody></table>\n");
    let tasks = run.service["tasks"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let _ = writeln!(
        h,
        "<p>{} complaints became revisit tasks for the account owners; {} escalated to the team \
         supervisor for repeated complaints.</p>",
        tasks.len(),
        escape(&s(&run.service["escalated"]))
    );
    let _ = writeln!(h, "<p>{}</p>", escape(&audit_line(run)));
    Section::new("governance", "Churn risk, complaints and audit chain", h)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::sample::Size;

    #[test]
    fn small_month_has_an_intact_chain_and_catches_the_altered_entry() {
        let engine = Engine::default();
        let month = Month::generate(7, Size::deals(20));
        let run = run(&engine, &month).unwrap();
        assert_eq!(run.audit["ok"], true);
        assert_eq!(run.audit_entries, governance::AUDIT_EVENTS as usize);
        assert_eq!(run.tampered["ok"], false);
        assert_eq!(
            run.tampered["first_broken"]["index"],
            json!(run.tampered_index)
        );
        let listed = run.churn["customers"].as_array().unwrap();
        assert_eq!(listed.len(), CHURN_LIST.min(month.customers.len()));
        let scores: Vec<&str> = listed
            .iter()
            .map(|c| c["score"].as_str().unwrap())
            .collect();
        let mut sorted = scores.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(scores, sorted);
        assert!(section(&run).body.contains("intact ✓"));
    }
}
