//! The month's transparency report as HTML sections for [`crate::report::Report`].

use super::{
    all_models, currencies, grouped, grouped_count, grouped_str, key_influencers, minute, percent,
    reps_in, Balance, MonthRun, PerCurrency,
};
use crate::report::{escape, Cell, Section, Table};
use salesrules::attribution::{AttributeRequest, AttributeResponse, Step};
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

/// Booked, credited, locked and unassigned per currency, and the balance check.
pub fn summary(run: &MonthRun<'_>, balance: &Balance) -> Result<Section, Error> {
    let booked = run.booked()?;
    let credited: PerCurrency =
        run.rep_totals()?
            .values()
            .fold(PerCurrency::new(), |mut acc, m| {
                for (c, a) in m {
                    *acc.entry(c.clone()).or_default() += a;
                }
                acc
            });
    let (locked, unassigned) = (run.locked()?, run.unassigned()?);
    let mut t = Table::new(&[
        "Currency",
        "Deals#",
        "Booked#",
        "Credited to reps#",
        "Locked#",
        "Unassigned#",
    ]);
    for cur in currencies([&booked]) {
        let deals = run.responses.iter().filter(|r| r.currency == cur).count();
        t.row(vec![
            Cell::text(cur.clone()),
            Cell::num(deals.to_string()),
            money(&booked, &cur),
            money(&credited, &cur),
            Cell::num(locked.get(&cur).map_or_else(|| "0".into(), grouped)),
            money(&unassigned, &cur),
        ]);
    }
    let check = if balance.ok() {
        format!(
            "<p class=\"check\">credits + locked + unassigned = amount for all {} deals ✓</p>",
            grouped_count(balance.checked)
        )
    } else {
        format!(
            "<p class=\"check fail\">{} of {} deals do not balance: {}</p>",
            balance.failures.len(),
            balance.checked,
            escape(&balance.failures.join(", "))
        )
    };
    let body = format!(
        "<p class=\"note\">Every deal is attributed with the role-weighted model. Amounts are exact \
         decimals in each deal's own currency; currencies are never added together or converted.</p>\n{}\n{check}",
        t.html()
    );
    Ok(Section::new("summary", "Month totals", body))
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

/// Every rep's credits per currency, ranked by CNY credit.
pub fn reps(run: &MonthRun<'_>) -> Result<Section, Error> {
    let totals = run.rep_totals()?;
    let counts = run.rep_deal_counts();
    let curs = currencies(totals.values());
    let mut rows: Vec<&crate::sample::Rep> = run.month.reps.iter().collect();
    let cny = |id: &str| {
        totals
            .get(id)
            .and_then(|m| m.get("CNY"))
            .copied()
            .unwrap_or_default()
    };
    rows.sort_by(|a, b| cny(&b.id).cmp(&cny(&a.id)).then(a.id.cmp(&b.id)));
    let mut headers = vec![
        "#".to_string(),
        "Rep".into(),
        "Team".into(),
        "Deals credited#".into(),
    ];
    headers.extend(curs.iter().map(|c| format!("{c}#")));
    let mut t = Table::with_headers(headers);
    let empty = PerCurrency::new();
    for (k, rep) in rows.iter().enumerate() {
        let amounts = totals.get(&rep.id).unwrap_or(&empty);
        let mut cells = vec![
            Cell::num((k + 1).to_string()),
            Cell::text(format!("{} {}", rep.id, rep.name)),
            Cell::text(team_name(run, &rep.team)),
            Cell::num(counts.get(&rep.id).copied().unwrap_or(0).to_string()),
        ];
        cells.extend(curs.iter().map(|c| money(amounts, c)));
        t.row(cells);
    }
    let body = format!(
        "<p class=\"note\">{} reps, ranked by CNY credit (then rep id). A rep's total in one currency is \
         never combined with another currency.</p>\n<div class=\"scroll\">{}</div>",
        grouped_count(rows.len()),
        t.html()
    );
    Ok(Section::new("reps", "Credits per rep", body))
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

fn credits_table(run: &MonthRun<'_>, resp: &AttributeResponse) -> Table {
    let mut t = Table::new(&["Rep", "Share#", "Exact share#", "Amount#"]).class("credits");
    for c in &resp.credits {
        t.row(vec![
            Cell::text(rep_label(run, &c.rep)),
            Cell::num(percent(&c.share)),
            Cell::num(c.share_exact.clone()),
            Cell::num(grouped_str(&c.amount)),
        ]);
    }
    for l in &resp.locked {
        t.row(vec![
            Cell::Html(format!(
                "{} <span class=\"sub\">locked: {}</span>",
                escape(&rep_label(run, &l.rep)),
                escape(&l.reason)
            )),
            Cell::num(percent(&l.share)),
            Cell::num(l.share_exact.clone()),
            Cell::num(grouped_str(&l.amount)),
        ]);
    }
    t.row(vec![
        Cell::text("unassigned"),
        Cell::num(percent(&resp.unassigned.share)),
        Cell::num(resp.unassigned.share_exact.clone()),
        Cell::num(grouped_str(&resp.unassigned.amount)),
    ]);
    t.foot(vec![
        Cell::text("deal amount"),
        Cell::num("100%"),
        Cell::num("1"),
        Cell::num(format!("{} {}", resp.currency, grouped_str(&resp.amount))),
    ]);
    t
}

fn rules_table(engine: &Engine, resp: &AttributeResponse) -> Table {
    let mut t = Table::new(&[
        "Rule",
        "Met",
        "Qualifying / needed#",
        "By rep",
        "Weight#",
        "Effective weight#",
    ])
    .class("rules");
    let policy = &engine.policy().attribution.rules;
    for s in &resp.explanation {
        let Step::Rule {
            rule,
            met,
            min_count,
            qualifying_total,
            qualifying,
            weight,
            effective_weight,
            ..
        } = s
        else {
            continue;
        };
        let description = policy
            .iter()
            .find(|r| &r.id == rule)
            .map_or("", |r| r.description.as_str());
        let by_rep = qualifying
            .iter()
            .map(|q| format!("{} × {}", q.rep, q.count))
            .collect::<Vec<_>>()
            .join(", ");
        t.row(vec![
            Cell::Html(format!(
                "{}<br><span class=\"sub\">{}</span>",
                escape(rule),
                escape(description)
            )),
            Cell::Html(if *met {
                "<span class=\"badge yes\">met</span>".into()
            } else {
                "<span class=\"badge no\">not met</span>".into()
            }),
            Cell::num(format!("{qualifying_total} / {min_count}")),
            Cell::text(if by_rep.is_empty() {
                "–".into()
            } else {
                by_rep
            }),
            Cell::num(weight.clone()),
            Cell::num(effective_weight.clone()),
        ]);
    }
    t
}

fn chain(resp: &AttributeResponse) -> String {
    let mut h = String::from("<ol class=\"chain\">\n");
    for s in &resp.explanation {
        let _ = writeln!(h, "<li>{}</li>", escape(step_text(s)));
    }
    h.push_str("</ol>");
    h
}

/// The human text of an explanation step.
pub fn step_text(s: &Step) -> &str {
    s.text()
}

/// The `n` largest CNY deals, each with its logic chain, credits and rules.
pub fn top_deals(engine: &Engine, run: &MonthRun<'_>, n: usize) -> Section {
    let top = run.largest("CNY", n);
    let cny_deals = run.responses.iter().filter(|r| r.currency == "CNY").count();
    let mut body = format!(
        "<p class=\"note\">The {} largest of the month's {} CNY deals (of {} deals in all), by contract \
         amount. Deals in other currencies are not converted, so they are not ranked against CNY. \
         Each deal shows the engine's logic chain, the resulting credits, and the rule table.</p>\n",
        top.len(),
        grouped_count(cny_deals),
        grouped_count(run.responses.len())
    );
    for (rank, i) in top.iter().enumerate() {
        let Some(resp) = run.responses.get(*i) else {
            continue;
        };
        let rules = rules_table(engine, resp);
        let rules_html = if rules.is_empty() {
            String::new()
        } else {
            format!("<div><h4>Rules</h4>{}</div>", rules.html())
        };
        let _ = write!(
            body,
            "<article class=\"deal\" id=\"deal-{}\">\n{}<h4>Logic chain</h4>\n{}\n<div class=\"cols\">\n<div><h4>Credits</h4>{}</div>\n{}\n</div>\n</article>\n",
            escape(&resp.deal_id),
            deal_heading(run, *i, Some(rank + 1)),
            chain(resp),
            credits_table(run, resp).html(),
            rules_html
        );
    }
    Section::new(
        "top-deals",
        format!("Top {} deals by amount (CNY)", top.len()),
        body,
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

/// The most influential contacts of the largest CNY deal.
pub fn influencers(engine: &Engine, run: &MonthRun<'_>) -> Result<Option<Section>, Error> {
    let Some(i) = run.largest("CNY", 1).first().copied() else {
        return Ok(None);
    };
    let Some(req) = run.requests.get(i) else {
        return Ok(None);
    };
    let answer = key_influencers(engine, req, 6)?;
    let mut t = Table::new(&["Rank#", "Contact", "Role", "Score#", "Why"]);
    for inf in &answer.influencers {
        let name = req
            .contacts
            .iter()
            .find(|c| c.id == inf.contact)
            .and_then(|c| c.name.clone())
            .unwrap_or_default();
        t.row(vec![
            Cell::num(inf.rank.to_string()),
            Cell::text(format!("{} {}", inf.contact, name)),
            Cell::text(inf.role.clone()),
            Cell::num(inf.score.clone()),
            Cell::text(inf.reasons.join("; ")),
        ]);
    }
    let body = format!(
        "{}<p class=\"note\">The engine ranks the customer's contacts by weighted PageRank over \
         their reporting lines, influence relations and the touches they received.</p>\n{}",
        deal_heading(run, i, None),
        t.html()
    );
    Ok(Some(Section::new(
        "influencers",
        "Key influencers of the largest deal",
        body,
    )))
}

/// The attribution sections of the month report, in reading order: totals, teams, reps, the
/// model comparison, key influencers and the top 20 deals.
pub fn sections(
    engine: &Engine,
    run: &MonthRun<'_>,
    balance: &Balance,
) -> Result<Vec<Section>, Error> {
    let mut out = vec![
        summary(run, balance)?,
        teams(run)?,
        reps(run)?,
        model_comparison(engine, run)?,
    ];
    out.extend(influencers(engine, run)?);
    out.push(top_deals(engine, run, 20));
    Ok(out)
}
