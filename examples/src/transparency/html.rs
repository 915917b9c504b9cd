//! The month's transparency report as HTML sections for [`crate::report::Report`]: the core's
//! `transparency_report` does the deals, reps, locks and appeals; this module adds what only
//! the sample month knows (teams) and the model comparison.

use super::{
    all_models, currencies, grouped, grouped_str, minute, percent, reps_in, Balance, MonthRun,
    PerCurrency,
};
use crate::report::{escape, Cell, Section, Table};
use salesrules::attribution::{AttributeRequest, AttributeResponse};
use salesrules::{Engine, Error, Model};
use std::fmt::Write as _;

fn money(totals: &PerCurrency, currency: &str) -> Cell {
    Cell::num(
        totals
            .get(currency)
            .map_or_else(|| "–".to_string(), grouped),
    )
}

fn rep_label(run: &MonthRun<'_>, rep: &str) -> String {
    match run.month.rep(rep) {
        Some(r) => format!("{} {}", r.id, r.name),
        None => rep.to_string(),
    }
}

fn team_name(run: &MonthRun<'_>, team: &str) -> String {
    run.month
        .team(team)
        .map_or_else(|| team.to_string(), |t| format!("{} {}", t.name, t.name_zh))
}

/// Credits per team (team of the credited rep), per currency.
pub fn teams(run: &MonthRun<'_>) -> Result<Section, Error> {
    let totals = run.team_totals()?;
    let curs = currencies(totals.values());
    let mut headers = vec![
        "Team".to_string(),
        "Supervisor".into(),
        "Reps#".into(),
        "Deals booked#".into(),
    ];
    headers.extend(curs.iter().map(|c| format!("{c} credited#")));
    let mut t = Table::with_headers(headers);
    for team in &run.month.teams {
        let booked = run.month.deals.iter().filter(|d| d.team == team.id).count();
        let mut cells = vec![
            Cell::text(team_name(run, &team.id)),
            Cell::text(rep_label(run, &team.supervisor)),
            Cell::num(team.members.len().to_string()),
            Cell::num(booked.to_string()),
        ];
        let empty = PerCurrency::new();
        let amounts = totals.get(&team.id).unwrap_or(&empty);
        cells.extend(curs.iter().map(|c| money(amounts, c)));
        t.row(cells);
    }
    let body = format!(
        "<p class=\"note\">A team's credit is the sum of its reps' credits, wherever the deal was booked.</p>\n{}",
        t.html()
    );
    Ok(Section::new("teams", "Credits per team", body))
}

fn deal_heading(run: &MonthRun<'_>, i: usize, rank: Option<usize>) -> String {
    let (Some(req), Some(rec)) = (run.requests.get(i), run.record(i)) else {
        return String::new();
    };
    let customer = req
        .deal
        .customer_id
        .as_deref()
        .and_then(|c| run.month.customer(c))
        .map_or_else(String::new, |c| format!(" · {}", c.name));
    let rank = rank.map_or_else(String::new, |r| format!("#{r} "));
    format!(
        "<h3>{}{} · {} {}{}</h3>\n<p class=\"meta\">closed {} · booked by {} ({}) · {} touches, {} contacts</p>\n",
        escape(&rank),
        escape(&req.deal.id),
        escape(&req.deal.currency),
        escape(&grouped(&req.deal.amount.decimal())),
        escape(&customer),
        escape(&minute(&req.deal.closed_at.to_string())),
        escape(&rep_label(run, &rec.owner)),
        escape(&team_name(run, &rec.team)),
        req.touches.len(),
        req.contacts.len()
    )
}

/// Three deals under all seven models, side by side.
pub fn model_comparison(engine: &Engine, run: &MonthRun<'_>) -> Result<Section, Error> {
    let mut body = String::from(
        "<p class=\"note\">The same touches credited by each model the engine offers. Role-weighted is \
         the policy's model; the others are for comparison. Each cell is the rep's share and amount.</p>\n",
    );
    for (i, why) in run.interesting() {
        let Some(req) = run.requests.get(i) else {
            continue;
        };
        let responses = all_models(engine, req)?;
        body.push_str("<article class=\"deal\">\n");
        body.push_str(&deal_heading(run, i, None));
        let _ = writeln!(
            body,
            "<p class=\"note\">Why this deal: {}</p>",
            escape(&why)
        );
        body.push_str(&comparison_table(run, req, &responses).html());
        body.push_str("\n</article>\n");
    }
    Ok(Section::new("models", "Model comparison", body))
}

fn comparison_table(
    run: &MonthRun<'_>,
    req: &AttributeRequest,
    responses: &[AttributeResponse],
) -> Table {
    let mut headers = vec!["Rep".to_string(), "Touches#".into()];
    headers.extend(Model::ALL.iter().map(|m| format!("{}#", m.as_str())));
    let mut t = Table::with_headers(headers);
    let cell = |share: &str, amount: &str| {
        Cell::Html(format!(
            "<div class=\"num\">{}<br><span class=\"sub\">{}</span></div>",
            escape(&percent(share)),
            escape(&grouped_str(amount))
        ))
    };
    for rep in reps_in(responses) {
        let touches = req
            .touches
            .iter()
            .filter(|x| x.rep == rep && x.at <= req.deal.closed_at)
            .count();
        let mut cells = vec![
            Cell::text(rep_label(run, &rep)),
            Cell::num(touches.to_string()),
        ];
        for r in responses {
            cells.push(match r.credits.iter().find(|c| c.rep == rep) {
                Some(c) => cell(&c.share, &c.amount),
                None => Cell::num("–"),
            });
        }
        t.row(cells);
    }
    let mut cells = vec![Cell::text("unassigned"), Cell::num("")];
    cells.extend(
        responses
            .iter()
            .map(|r| cell(&r.unassigned.share, &r.unassigned.amount)),
    );
    t.row(cells);
    t
}

/// The attribution sections of the month report, in reading order: the core's
/// `transparency_report` (month totals, the top 20 CNY deals, per-rep totals, locks and
/// appeals) with the month's team totals and the model comparison added around it.
pub fn sections(
    engine: &Engine,
    run: &MonthRun<'_>,
    balance: &Balance,
) -> Result<Vec<Section>, Error> {
    let report = engine.transparency_report(&run.report_request())?;
    let mut out = Vec::new();
    for s in salesrules::report::html::sections(&report) {
        let after_reps = s.id == "reps";
        out.push(s);
        if after_reps {
            out.push(teams(run)?);
        }
    }
    if !balance.ok() {
        out.push(Section::new(
            "balance",
            "Deals that do not balance",
            format!(
                "<p class=\"check fail\">{} of {} deals: {}</p>",
                balance.failures.len(),
                balance.checked,
                escape(&balance.failures.join(", "))
            ),
        ));
    }
    out.push(model_comparison(engine, run)?);
    Ok(out)
}
