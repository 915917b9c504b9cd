//! The month job's terminal summary: plain text tables that line up with Chinese names too.

use super::{
    currencies, grouped, grouped_str, percent, reps_in, BatchTotals, MonthRun, PerCurrency,
};
use salesrules::attribution::{AttributeRequest, AttributeResponse};
use salesrules::graph::KeyInfluencersResponse;
use salesrules::{Error, Model};
use std::fmt::Write as _;

/// Display width of a string in a terminal: CJK and full-width characters take two columns.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// A text table. Columns whose header ends in `#` are right-aligned (the `#` is dropped).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let cols: Vec<(&str, bool)> = headers
        .iter()
        .map(|h| h.strip_suffix('#').map_or((*h, false), |x| (x, true)))
        .collect();
    let mut widths: Vec<usize> = cols.iter().map(|(h, _)| width(h)).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::from("  ");
        for ((cell, w), (_, right)) in cells.iter().zip(&widths).zip(&cols) {
            let pad = " ".repeat(w.saturating_sub(width(cell)));
            if *right {
                let _ = write!(out, "{pad}{cell}  ");
            } else {
                let _ = write!(out, "{cell}{pad}  ");
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(cols.iter().map(|(h, _)| *h).collect());
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    let _ = writeln!(out, "  {}", rule.join("  "));
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

fn amount(m: &PerCurrency, cur: &str) -> String {
    m.get(cur).map_or_else(|| "–".into(), grouped)
}

fn rep_label(run: &MonthRun<'_>, rep: &str) -> String {
    run.month
        .rep(rep)
        .map_or_else(|| rep.to_string(), |r| format!("{} {}", r.id, r.name))
}

/// Booked, credited, locked and unassigned per currency.
pub fn totals(run: &MonthRun<'_>) -> Result<String, Error> {
    let booked = run.booked()?;
    let mut credited = PerCurrency::new();
    for m in run.rep_totals()?.values() {
        for (c, a) in m {
            *credited.entry(c.clone()).or_default() += a;
        }
    }
    let (locked, unassigned) = (run.locked()?, run.unassigned()?);
    let rows: Vec<Vec<String>> = currencies([&booked])
        .iter()
        .map(|c| {
            vec![
                c.clone(),
                run.responses
                    .iter()
                    .filter(|r| &r.currency == c)
                    .count()
                    .to_string(),
                amount(&booked, c),
                amount(&credited, c),
                locked.get(c).map_or_else(|| "0".into(), grouped),
                amount(&unassigned, c),
            ]
        })
        .collect();
    Ok(table(
        &[
            "currency",
            "deals#",
            "booked#",
            "credited#",
            "locked#",
            "unassigned#",
        ],
        &rows,
    ))
}

/// Credits per team and currency.
pub fn teams(run: &MonthRun<'_>) -> Result<String, Error> {
    let totals = run.team_totals()?;
    let curs = currencies(totals.values());
    let empty = PerCurrency::new();
    let rows: Vec<Vec<String>> = run
        .month
        .teams
        .iter()
        .map(|t| {
            let m = totals.get(&t.id).unwrap_or(&empty);
            let mut r = vec![
                format!("{} {}", t.name, t.name_zh),
                t.members.len().to_string(),
            ];
            r.extend(curs.iter().map(|c| amount(m, c)));
            r
        })
        .collect();
    let mut headers = vec!["team".to_string(), "reps#".into()];
    headers.extend(curs.iter().map(|c| format!("{c}#")));
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    Ok(table(&h, &rows))
}

/// The `n` reps with the largest CNY credit, with their other currencies alongside.
pub fn top_reps(run: &MonthRun<'_>, n: usize) -> Result<String, Error> {
    let totals = run.rep_totals()?;
    let counts = run.rep_deal_counts();
    let curs = currencies(totals.values());
    let mut reps: Vec<(&String, &PerCurrency)> = totals.iter().collect();
    let cny = |m: &PerCurrency| m.get("CNY").copied().unwrap_or_default();
    reps.sort_by(|a, b| cny(b.1).cmp(&cny(a.1)).then(a.0.cmp(b.0)));
    let rows: Vec<Vec<String>> = reps
        .iter()
        .take(n)
        .enumerate()
        .map(|(k, (rep, m))| {
            let team = run
                .month
                .rep(rep)
                .and_then(|r| run.month.team(&r.team))
                .map_or("", |t| t.name.as_str());
            let mut r = vec![
                (k + 1).to_string(),
                rep_label(run, rep),
                team.to_string(),
                counts.get(*rep).copied().unwrap_or(0).to_string(),
            ];
            r.extend(curs.iter().map(|c| amount(m, c)));
            r
        })
        .collect();
    let mut headers = vec![
        "#".to_string(),
        "rep".into(),
        "team".into(),
        "deals#".into(),
    ];
    headers.extend(curs.iter().map(|c| format!("{c}#")));
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    Ok(table(&h, &rows))
}

/// One deal's shares under every model.
pub fn models(
    run: &MonthRun<'_>,
    req: &AttributeRequest,
    responses: &[AttributeResponse],
) -> String {
    let mut headers = vec!["rep".to_string()];
    headers.extend(Model::ALL.iter().map(|m| format!("{}#", m.as_str())));
    let share = |r: &AttributeResponse, rep: &str| {
        r.credits
            .iter()
            .find(|c| c.rep == rep)
            .map_or_else(|| "–".into(), |c| percent(&c.share))
    };
    let mut rows: Vec<Vec<String>> = reps_in(responses)
        .iter()
        .map(|rep| {
            let mut r = vec![rep_label(run, rep)];
            r.extend(responses.iter().map(|x| share(x, rep)));
            r
        })
        .collect();
    let mut un = vec!["unassigned".to_string()];
    un.extend(responses.iter().map(|r| percent(&r.unassigned.share)));
    rows.push(un);
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    format!(
        "  {} {} {} · {} touches\n{}",
        req.deal.id,
        req.deal.currency,
        grouped(&req.deal.amount.decimal()),
        req.touches.len(),
        table(&h, &rows)
    )
}

/// A key-influencers answer.
pub fn influencers(req: &AttributeRequest, answer: &KeyInfluencersResponse) -> String {
    let rows: Vec<Vec<String>> = answer
        .influencers
        .iter()
        .map(|i| {
            let name = req
                .contacts
                .iter()
                .find(|c| c.id == i.contact)
                .and_then(|c| c.name.clone())
                .unwrap_or_default();
            vec![
                i.rank.to_string(),
                format!("{} {name}", i.contact),
                i.role.clone(),
                i.score.clone(),
                i.reasons.first().cloned().unwrap_or_default(),
            ]
        })
        .collect();
    table(&["#", "contact", "role", "score#", "top reason"], &rows)
}

/// Whether the batch path agrees with the typed path, in words.
pub fn batch_check(run: &MonthRun<'_>, batch: &BatchTotals) -> Result<(bool, String), Error> {
    let same = super::same_totals(batch, &run.rep_totals()?, &run.unassigned()?);
    let booked = run.booked()?;
    let shown: Vec<String> = currencies([&booked])
        .iter()
        .map(|c| format!("{c} {}", amount(&booked, c)))
        .collect();
    let text = if same {
        format!(
            "batch path (DealBatch + BatchRunner): same per-rep and unassigned totals ✓ ({} lines; booked {})",
            batch.lines,
            shown.join(", ")
        )
    } else {
        format!(
            "batch path (DealBatch + BatchRunner): totals DIFFER from the typed path ✗ ({} lines)",
            batch.lines
        )
    };
    Ok((same, text))
}

/// An amount string with separators, for callers outside this module.
pub fn money(amount: &str) -> String {
    grouped_str(amount)
}
