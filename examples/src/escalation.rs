//! The month's lead escalations and lead-response health, per team: every sample lead is
//! evaluated with `lead_escalation` at the month's end, and the whole month goes through
//! `lead_health_report`, both through the JSON contract as a CRM would call them.

use crate::report::{escape, Section};
use crate::sample::Month;
use salesrules::{Engine, Error};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Escalation counts of one team.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamEscalations {
    /// Leads evaluated.
    pub leads: usize,
    /// Leads with a `remind_supervisor` due by the month's end.
    pub reminded: usize,
    /// Leads reassigned at least once by the month's end.
    pub reassigned: usize,
    /// All actions due by the month's end (each fires once, by id).
    pub actions: usize,
    /// Leads whose timers were all met.
    pub met: usize,
}

/// The month's escalation section: counts per team and the health report as the engine gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalationRun {
    /// Per team id.
    pub teams: BTreeMap<String, TeamEscalations>,
    /// The `lead_health_report` response.
    pub health: Value,
}

fn call(engine: &Engine, op: &str, request: &Value) -> Result<Value, Error> {
    let text = engine.call(op, &request.to_string())?;
    serde_json::from_str(&text).map_err(|e| Error::invalid_request("", e.to_string()))
}

/// Evaluate every lead of the month at its end, and the month's health report.
pub fn run(engine: &Engine, month: &Month) -> Result<EscalationRun, Error> {
    let mut teams: BTreeMap<String, TeamEscalations> = BTreeMap::new();
    let mut health_leads = Vec::with_capacity(month.leads.len());
    for record in &month.leads {
        let mut lead = serde_json::to_value(&record.lead)
            .map_err(|e| Error::invalid_request("lead", e.to_string()))?;
        lead["profile"] = json!({"company": record.company, "source": record.source});
        let answer = call(
            engine,
            "lead_escalation",
            &json!({"lead": lead, "now": month.ends_at}),
        )?;
        let team = teams.entry(record.team.clone()).or_default();
        team.leads += 1;
        let actions = answer["actions"].as_array().map_or(&[][..], Vec::as_slice);
        let any = |kind: &str| usize::from(actions.iter().any(|a| a["kind"] == kind));
        team.reminded += any("remind_supervisor");
        team.reassigned += any("reassign");
        team.actions += actions.len();
        team.met += usize::from(answer["state"] == "met");
        health_leads.push(json!({
            "id": record.lead.id, "team": record.team,
            "assigned_at": record.lead.assigned_at, "events": record.lead.events,
        }));
    }
    let health = call(
        engine,
        "lead_health_report",
        &json!({"month": month.period, "as_of": month.ends_at, "leads": health_leads}),
    )?;
    Ok(EscalationRun { teams, health })
}

static NULL: Value = Value::Null;

fn team_lines(run: &EscalationRun) -> Vec<(&str, &TeamEscalations, &Value)> {
    let health = run.health["teams"].as_array();
    run.teams
        .iter()
        .map(|(id, t)| {
            let h = health
                .and_then(|v| v.iter().find(|h| h["team"] == id.as_str()))
                .unwrap_or(&NULL);
            (id.as_str(), t, h)
        })
        .collect()
}

fn text_of(v: &Value) -> String {
    v.as_str().map_or_else(|| "–".to_string(), str::to_string)
}

/// The terminal table; colours as ANSI escapes when `ansi`.
pub fn text(run: &EscalationRun, ansi: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  {:<12} {:>6} {:>8} {:>10} {:>7} {:>5} {:>10} {:>8} {:>7}  colour",
        "team", "leads", "reminded", "reassigned", "actions", "met", "≤48h", "pending", "rate"
    );
    for (id, t, h) in team_lines(run) {
        let colour = text_of(&h["colour"]);
        let shown = match (ansi, colour.as_str()) {
            (true, "green") => format!("\x1b[32m{colour}\x1b[0m"),
            (true, "yellow") => format!("\x1b[33m{colour}\x1b[0m"),
            (true, "red") => format!("\x1b[31m{colour}\x1b[0m"),
            _ => colour,
        };
        let _ = writeln!(
            out,
            "  {:<12} {:>6} {:>8} {:>10} {:>7} {:>5} {:>10} {:>8} {:>7}  {shown}",
            id,
            t.leads,
            t.reminded,
            t.reassigned,
            t.actions,
            t.met,
            format!(
                "{}/{}",
                h["within_window"].as_u64().unwrap_or(0),
                h["leads"].as_u64().unwrap_or(0)
            ),
            h["pending"].as_u64().unwrap_or(0),
            text_of(&h["rate"]),
        );
    }
    let total = &run.health["total"];
    let _ = writeln!(
        out,
        "  all teams: {} of {} decided leads first contacted within 48 h ({}, exact {})",
        total["within_window"].as_u64().unwrap_or(0),
        total["leads"].as_u64().unwrap_or(0) - total["pending"].as_u64().unwrap_or(0),
        text_of(&total["rate"]),
        text_of(&total["rate_exact"]),
    );
    out
}

/// The report section: one coloured row per team, then each red team's slowest leads.
pub fn section(run: &EscalationRun) -> Section {
    let mut h = String::new();
    h.push_str(
        "<p>Every lead of the month evaluated at the month's end with <code>lead_escalation</code> \
         (defaults: remind the supervisor after 4 h without first contact, reassign after 24 h \
         without a status update, the clock restarting for each new owner; the sample data has \
         no events by new owners, so reassigned leads run down the whole chain), and the month's <code>lead_health_report</code>: the share of \
         leads first contacted within 48 h, green ≥ 90 %, yellow ≥ 70 %, else red. Leads still \
         inside their 48 h at the month's end are pending and not counted.</p>\n",
    );
    h.push_str(
        "<table><thead><tr><th>team</th><th class=\"num\">leads</th>\
         <th class=\"num\">reminded</th><th class=\"num\">reassigned</th>\
         <th class=\"num\">actions</th>\
         <th class=\"num\">met</th><th class=\"num\">≤ 48 h</th><th class=\"num\">pending</th>\
         <th class=\"num\">rate</th><th>exact</th><th>colour</th></tr></thead>\n<tbody>\n",
    );
    for (id, t, hl) in team_lines(run) {
        let colour = text_of(&hl["colour"]);
        let bg = match colour.as_str() {
            "green" => "#d8f0d8",
            "yellow" => "#fbefc4",
            "red" => "#f6d0d0",
            _ => "transparent",
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>\
             <td style=\"background:{bg}\">{}</td></tr>",
            escape(id),
            t.leads,
            t.reminded,
            t.reassigned,
            t.actions,
            t.met,
            hl["within_window"].as_u64().unwrap_or(0),
            hl["pending"].as_u64().unwrap_or(0),
            escape(&text_of(&hl["rate"])),
            escape(&text_of(&hl["rate_exact"])),
            escape(&colour),
        );
    }
    h.push_str("</tbody></table>\n");
    for (id, _, hl) in team_lines(run) {
        if hl["colour"] != "red" {
            continue;
        }
        let slow = hl["slowest"].as_array().map_or(&[][..], Vec::as_slice);
        let _ = write!(h, "<p>Slowest leads of {}:", escape(id));
        for s in slow {
            let contact = s["first_contact_at"]
                .as_str()
                .map_or("never contacted".to_string(), |c| format!("contacted {c}"));
            let _ = write!(
                h,
                " {} (waited {}, {});",
                escape(&text_of(&s["id"])),
                escape(&text_of(&s["waited"])),
                escape(&contact)
            );
        }
        h.push_str("</p>\n");
    }
    Section::new("lead-escalation", "Lead escalation and response health", h)
}
