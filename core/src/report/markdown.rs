//! The transparency report as GitHub-flavoured Markdown: the same figures as the HTML, with
//! every request-supplied text escaped so that it cannot break a table or inject markup.

use super::markup::{escape_markdown as md, grouped_str, percent, Cell, Table};
use super::transparency::{SplitKind, TransparencyReportResponse};
use std::fmt::Write as _;

/// Render the report.
pub fn render(r: &TransparencyReportResponse) -> String {
    let mut m = String::new();
    let _ = writeln!(
        m,
        "# Sales attribution transparency report{}\n",
        r.period
            .as_deref()
            .map_or_else(String::new, |p| format!(" · {}", md(p)))
    );
    let _ = writeln!(
        m,
        "{} deals · policy `{}`\n",
        r.deals,
        md(&r.policy_fingerprint)
    );
    m.push_str("## Month totals\n\n");
    let mut t = Table::new(&[
        "Currency",
        "Deals#",
        "Booked#",
        "Credited#",
        "Locked#",
        "Unassigned#",
    ]);
    for s in &r.summary {
        t.row(vec![
            Cell::text(&s.currency),
            Cell::num(s.deals.to_string()),
            Cell::num(grouped_str(&s.booked)),
            Cell::num(grouped_str(&s.credited)),
            Cell::num(grouped_str(&s.locked)),
            Cell::num(grouped_str(&s.unassigned)),
        ]);
    }
    m.push_str(&t.markdown());
    let _ = writeln!(
        m,
        "\n{}\n",
        if r.balanced {
            "credits + locked + unassigned = amount for every deal ✓"
        } else {
            "some deals do not balance ✗"
        }
    );
    let currency = r.ranked_currency.as_deref().unwrap_or("");
    let _ = writeln!(
        m,
        "## Top {} deals by amount ({})\n",
        r.top_deals.len(),
        md(currency)
    );
    for d in &r.top_deals {
        let _ = writeln!(
            m,
            "### {}. {}{} · {} {}\n",
            d.rank,
            md(&d.deal_id),
            d.customer_name
                .as_deref()
                .or(d.customer_id.as_deref())
                .map_or_else(String::new, |c| format!(" · {}", md(c))),
            md(&d.currency),
            grouped_str(&d.amount)
        );
        for line in &d.split {
            let _ = writeln!(
                m,
                "- **{} {}** ({}){}: {}",
                md(&line.label),
                percent(&line.share),
                grouped_str(&line.amount),
                if line.kind == SplitKind::Locked {
                    " 🔒 locked"
                } else {
                    ""
                },
                md(&line.why)
            );
        }
        if let Some(note) = &d.rules_not_met {
            let _ = writeln!(m, "- {}", md(note));
        }
        if !d.appeals.is_empty() {
            let _ = writeln!(m, "- appeals: {}", md(&d.appeals.join(", ")));
        }
        m.push_str("\nLogic chain:\n\n");
        for (k, s) in d.attribution.explanation.iter().enumerate() {
            let _ = writeln!(m, "{}. {}", k + 1, md(s.text()));
        }
        if !d.key_influencers.is_empty() {
            let _ = writeln!(
                m,
                "\nKey influencers: {}",
                d.key_influencers
                    .iter()
                    .map(|i| format!("{} ({}, {})", md(&i.contact), md(&i.role), i.score))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        m.push('\n');
    }
    m.push_str("## Credits per rep\n\n");
    let mut t = Table::new(&["Rep", "Team", "Deals#", "Credited#", "Locked#"]);
    let join = |v: &[super::transparency::CurrencyAmount]| {
        v.iter()
            .map(|a| format!("{} {}", a.currency, grouped_str(&a.amount)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for rep in &r.reps {
        t.row(vec![
            Cell::text(match &rep.name {
                Some(n) => format!("{} {n}", rep.rep),
                None => rep.rep.clone(),
            }),
            Cell::text(rep.team.clone().unwrap_or_default()),
            Cell::num(rep.deals.to_string()),
            Cell::num(join(&rep.credited)),
            Cell::num(join(&rep.locked)),
        ]);
    }
    m.push_str(&t.markdown());
    let _ = writeln!(
        m,
        "\n## Silent-period locks and appeals\n\n{} locked share(s).\n",
        r.locks.len()
    );
    if !r.locks.is_empty() {
        let mut t = Table::new(&["Deal", "Rep", "Locked#", "Appeal", "Why"]);
        for l in &r.locks {
            t.row(vec![
                Cell::text(&l.deal_id),
                Cell::text(&l.rep),
                Cell::num(format!("{} {}", l.currency, grouped_str(&l.amount))),
                Cell::text(l.appeal.clone().unwrap_or_else(|| "–".into())),
                Cell::text(&l.reason),
            ]);
        }
        m.push_str(&t.markdown());
        m.push('\n');
    }
    for a in &r.appeals {
        let rec = &a.appeal;
        let _ = writeln!(
            m,
            "- appeal {} by {} on deal {}: **{}**{}",
            md(&rec.id),
            md(&rec.filing.rep),
            md(&rec.filing.deal_id),
            md(&rec.status),
            rec.resolution
                .as_ref()
                .map_or_else(String::new, |res| format!(
                    " (by {}{})",
                    md(&res.by),
                    if res.note.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", md(&res.note))
                    }
                ))
        );
    }
    m
}
