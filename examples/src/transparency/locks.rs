//! The locks-and-appeals section of the month report: every deal with a silent-period lock,
//! the reason, and one appeal worked end to end through `appeal` and `resolve_appeal`.

use super::MonthRun;
use crate::report::{escape, Cell, Section, Table};
use salesrules::appeal::{
    AppealFiling, AppealRequest, AppealTarget, Decision, Evidence, EvidenceKind, Resolution,
    ResolveAppealRequest, ResolveAppealResponse,
};
use salesrules::{Engine, Error};
use std::fmt::Write;

/// Deals with locked shares, largest locked amount first (within each currency's own figures).
fn locked_rows(run: &MonthRun<'_>) -> Vec<(usize, String, String, String, String)> {
    let mut rows: Vec<(usize, String, String, String, String)> = run
        .responses
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.locked.iter().map(move |l| {
                (
                    i,
                    r.deal_id.clone(),
                    l.rep.clone(),
                    format!("{} {}", r.currency, l.amount),
                    l.reason.clone(),
                )
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        let amount = |s: &str| {
            s.split(' ')
                .nth(1)
                .and_then(|x| x.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        amount(&b.3).total_cmp(&amount(&a.3)).then(a.1.cmp(&b.1))
    });
    rows
}

/// File and accept an appeal against the largest lock, as a committee would.
pub fn sample_appeal(
    engine: &Engine,
    run: &MonthRun<'_>,
) -> Result<Option<ResolveAppealResponse>, Error> {
    let Some((i, deal_id, rep, _, _)) = locked_rows(run).into_iter().next() else {
        return Ok(None);
    };
    let Some(request) = run.requests.get(i) else {
        return Ok(None);
    };
    let closed = request.deal.closed_at;
    let filed_at = closed.plus_seconds(2 * 86_400).unwrap_or(closed);
    let filing = AppealFiling {
        deal_id,
        rep,
        against: AppealTarget::Lock,
        reason:
            "the previous rep introduced me at the quarterly review; the handover was never logged"
                .into(),
        evidence: vec![
            Evidence {
                kind: EvidenceKind::MeetingMinutes,
                reference: "quarterly review minutes, item 4".into(),
            },
            Evidence {
                kind: EvidenceKind::SystemLog,
                reference: "crm-audit-20260402-117".into(),
            },
        ],
        filed_at,
    };
    engine.appeal(&AppealRequest {
        appeal: filing.clone(),
    })?;
    let resolution = Resolution {
        decision: Decision::Accepted,
        by: "sales committee".into(),
        at: filed_at.plus_seconds(3 * 86_400).unwrap_or(filed_at),
        note: "minutes confirm the introduction".into(),
        accepted_touches: Vec::new(),
    };
    engine
        .resolve_appeal(&ResolveAppealRequest {
            appeal: filing,
            resolution,
            attribution: request.clone(),
        })
        .map(Some)
}

/// One line for the terminal summary.
pub fn summary_line(run: &MonthRun<'_>) -> String {
    let rows = locked_rows(run);
    let deals: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    format!("silent-period locks: {} locked share(s) on {} deal(s), held back until a handover or an accepted appeal", rows.len(), deals.len())
}

/// The report section.
pub fn section(engine: &Engine, run: &MonthRun<'_>) -> Result<Section, Error> {
    let rows = locked_rows(run);
    let mut body = String::new();
    let _ = write!(
        body,
        "<p>A rep whose first touch on a customer comes after {} without any touch is a new rep; without a handover \
         confirmation from the previous rep, dated before close, their share is <b>locked</b>: held back, paid to nobody, \
         until a handover or an accepted appeal releases it. {} locked share(s) this month.</p>",
        escape(&engine.policy().handover.silent_period.to_string()),
        rows.len()
    );
    let mut table = Table::new(&["deal", "rep", "locked", "why"]);
    for (_, deal, rep, amount, reason) in rows.iter().take(20) {
        table.row(vec![
            Cell::text(deal),
            Cell::text(rep),
            Cell::num(amount),
            Cell::text(reason),
        ]);
    }
    body.push_str(&table.html());
    if rows.len() > 20 {
        let _ = write!(body, "<p>… and {} more.</p>", rows.len() - 20);
    }
    if let Some(a) = sample_appeal(engine, run)? {
        let _ = write!(
            body,
            "<h3>Appeal {} · {}</h3><ol>",
            escape(&a.appeal.id),
            escape(&a.appeal.status)
        );
        for e in &a.audit_trail {
            let _ = write!(
                body,
                "<li>{} — {}</li>",
                escape(&e.at.to_string()),
                escape(&e.text)
            );
        }
        body.push_str("</ol>");
        let mut changes = Table::new(&[
            "rep",
            "credit before",
            "credit after",
            "locked before",
            "locked after",
        ]);
        for c in &a.changes {
            changes.row(vec![
                Cell::text(&c.rep),
                Cell::num(&c.credit_before),
                Cell::num(&c.credit_after),
                Cell::num(&c.locked_before),
                Cell::num(&c.locked_after),
            ]);
        }
        body.push_str(&changes.html());
    }
    Ok(Section::new(
        "locks",
        "Silent-period locks and appeals",
        body,
    ))
}
