//! The transparency report as HTML: sections for any [`Report`] (the month job adds its own
//! around them) and a complete self-contained document.
//!
//! Per deal, a manager reads in ten seconds: the amount, a stacked bar of the split, one line
//! per rep saying who got what and why, lock and appeal badges; the logic chain, rules, key
//! influencers and the trace heatmap are folded in a `<details>` below.

use super::heatmap;
use super::markup::{escape, grouped_str, percent, Cell, Report, Section, Table};
use super::transparency::{DealReport, SplitKind, SplitLine, TransparencyReportResponse};
use super::RepInfo;
use crate::attribution::Step;
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::str::FromStr;

/// Colours of the reps in a deal's split, in split order.
const PALETTE: [&str; 8] = [
    "#2563eb", "#059669", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#9333ea", "#0f766e",
];
const LOCKED: &str = "#f59e0b";
const UNASSIGNED: &str = "#cbd5e1";

fn colour(k: usize, line: &SplitLine) -> &'static str {
    match line.kind {
        SplitKind::Credit => PALETTE.get(k % PALETTE.len()).copied().unwrap_or("#2563eb"),
        SplitKind::Locked => LOCKED,
        SplitKind::Unassigned => UNASSIGNED,
    }
}

/// A count with thousands separators: `2,000`.
fn count(n: usize) -> String {
    super::markup::grouped(&Decimal::from(n))
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

fn directory(r: &TransparencyReportResponse) -> Vec<RepInfo> {
    r.reps
        .iter()
        .map(|t| RepInfo {
            id: t.rep.clone(),
            name: t.name.clone(),
            team: t.team.clone(),
        })
        .collect()
}

/// The whole report as one self-contained HTML document.
pub fn render(r: &TransparencyReportResponse) -> String {
    let mut report = Report::new(match &r.period {
        Some(p) => format!("Sales attribution transparency report · {p}"),
        None => "Sales attribution transparency report".to_string(),
    });
    if let Some(p) = &r.period {
        report.fact("Period", p.clone());
    }
    report
        .fact("Deals", count(r.deals))
        .fact("Reps", count(r.reps.len()))
        .fact("Policy fingerprint", r.policy_fingerprint.clone());
    for s in sections(r) {
        report.section(s);
    }
    report.render()
}

/// The report's sections in reading order: month totals, top deals, reps, locks and appeals.
pub fn sections(r: &TransparencyReportResponse) -> Vec<Section> {
    vec![summary(r), top_deals(r), reps(r), locks(r)]
}

fn summary(r: &TransparencyReportResponse) -> Section {
    let mut t = Table::new(&[
        "Currency",
        "Deals#",
        "Booked#",
        "Credited to reps#",
        "Locked#",
        "Unassigned#",
    ]);
    for s in &r.summary {
        t.row(vec![
            Cell::text(&s.currency),
            Cell::num(count(s.deals)),
            Cell::num(grouped_str(&s.booked)),
            Cell::num(grouped_str(&s.credited)),
            Cell::num(grouped_str(&s.locked)),
            Cell::num(grouped_str(&s.unassigned)),
        ]);
    }
    let check = if r.balanced {
        format!(
            "<p class=\"check\">credits + locked + unassigned = amount for all {} deals ✓</p>",
            count(r.deals)
        )
    } else {
        "<p class=\"check fail\">some deals do not balance: credits + locked + unassigned ≠ amount ✗</p>"
            .to_string()
    };
    let body = format!(
        "<p class=\"note\">Every deal is attributed by the engine with its policy. Amounts are exact \
         decimals in each deal's own currency; currencies are never added together or converted.</p>\n\
         <div class=\"wide\">{}</div>\n{check}",
        t.html()
    );
    Section::new("summary", "Month totals", body)
}

/// The stacked bar of a deal's split: one segment per part, widths exact to 0.1 px.
fn split_bar(d: &DealReport) -> String {
    const W: u32 = 760;
    const H: u32 = 28;
    let total = dec(&d.amount);
    let width = Decimal::from(W);
    let mut s = format!(
        "<svg width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" \
         font-family=\"-apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif\" font-size=\"12\" role=\"img\">\
         <title>Split of {}</title><rect width=\"{W}\" height=\"{H}\" rx=\"4\" fill=\"{UNASSIGNED}\"/>",
        escape(&d.deal_id)
    );
    let mut cum = Decimal::ZERO;
    for (k, line) in d.split.iter().enumerate() {
        let x0 = if total.is_zero() {
            Decimal::ZERO
        } else {
            (cum * width / total).round_dp(1)
        };
        cum += dec(&line.amount);
        let x1 = if total.is_zero() {
            Decimal::ZERO
        } else {
            (cum * width / total).round_dp(1)
        };
        let w = x1 - x0;
        if w <= Decimal::ZERO {
            continue;
        }
        let _ = write!(
            s,
            "<g><title>{}</title><rect x=\"{x0}\" y=\"0\" width=\"{w}\" height=\"{H}\" fill=\"{}\"/>",
            escape(&format!(
                "{} {} = {} {}",
                line.label,
                percent(&line.share),
                d.currency,
                grouped_str(&line.amount)
            )),
            colour(k, line)
        );
        // The name when it fits, else the id, else nothing.
        let fits = |t: &str| w >= Decimal::from(heatmap::text_width(t) + 12);
        let text = [
            line.label.as_str(),
            line.rep.as_deref().unwrap_or("unassigned"),
        ]
        .iter()
        .map(|who| format!("{who} {}", percent(&line.share)))
        .find(|t| fits(t));
        if let Some(text) = text {
            let ink = if line.kind == SplitKind::Credit {
                "#ffffff"
            } else {
                "#1f2933"
            };
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"18\" fill=\"{ink}\" font-weight=\"600\">{}</text>",
                x0 + Decimal::from(6),
                escape(&text)
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

fn who_list(d: &DealReport) -> String {
    let mut h = String::from("<ul class=\"who\">\n");
    for (k, line) in d.split.iter().enumerate() {
        let badge = match line.kind {
            SplitKind::Locked => " <span class=\"badge lock\">locked</span>",
            _ => "",
        };
        let _ = writeln!(
            h,
            "<li><span class=\"swatch\" style=\"background:{}\"></span><span class=\"pct\">{}</span>\
             <span class=\"amt\">{}</span><b>{}</b>{}{badge}: {}</li>",
            colour(k, line),
            escape(&percent(&line.share)),
            escape(&grouped_str(&line.amount)),
            escape(&line.label),
            match &line.rep {
                Some(id) if *id != line.label => format!(" <span class=\"sub\">{}</span>", escape(id)),
                _ => String::new(),
            },
            escape(&line.why)
        );
    }
    h.push_str("</ul>");
    h
}

fn rules_table(d: &DealReport) -> Option<Table> {
    let mut t = Table::new(&[
        "Rule",
        "Met",
        "Count / needed#",
        "By rep",
        "Weight#",
        "Effective#",
    ])
    .class("rules");
    for s in &d.attribution.explanation {
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
        let by_rep = qualifying
            .iter()
            .map(|q| format!("{} × {}", q.rep, q.count))
            .collect::<Vec<_>>()
            .join(", ");
        t.row(vec![
            Cell::text(rule),
            Cell::Html(if *met {
                "<span class=\"badge yes\">met</span>".into()
            } else {
                "<span class=\"badge no\">not met</span>".into()
            }),
            Cell::num(format!("{qualifying_total} / {min_count}")),
            Cell::text(if by_rep.is_empty() {
                "–".to_string()
            } else {
                by_rep
            }),
            Cell::num(weight),
            Cell::num(effective_weight),
        ]);
    }
    (!t.is_empty()).then_some(t)
}

fn split_table(d: &DealReport) -> Table {
    let mut t = Table::new(&["Part", "Share#", "Exact share#", "Amount#"]).class("split");
    for line in &d.split {
        let who = match line.kind {
            SplitKind::Locked => format!(
                "{} <span class=\"badge lock\">locked</span>",
                escape(&line.label)
            ),
            _ => escape(&line.label),
        };
        t.row(vec![
            Cell::Html(who),
            Cell::num(percent(&line.share)),
            Cell::num(&line.share_exact),
            Cell::num(grouped_str(&line.amount)),
        ]);
    }
    t.foot(vec![
        Cell::text("deal amount"),
        Cell::num("100%"),
        Cell::num("1"),
        Cell::num(format!("{} {}", d.currency, grouped_str(&d.amount))),
    ]);
    t
}

fn influencers_table(d: &DealReport) -> Table {
    let mut t = Table::new(&["Rank#", "Contact", "Role", "Score#", "Why"]).class("influencers");
    for i in &d.key_influencers {
        t.row(vec![
            Cell::num(i.rank.to_string()),
            Cell::text(&i.contact),
            Cell::text(&i.role),
            Cell::num(&i.score),
            Cell::text(i.reasons.join("; ")),
        ]);
    }
    t
}

fn deal_article(d: &DealReport, reps: &[RepInfo]) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<article class=\"deal\" id=\"deal-{}\">\n<h3>#{} {}{} <span class=\"amount\">{} {}</span></h3>\n",
        super::markup::anchor(&d.deal_id),
        d.rank,
        escape(&d.deal_id),
        match (&d.customer_id, &d.customer_name) {
            (_, Some(name)) => format!(" · {}", escape(name)),
            (Some(id), None) => format!(" · {}", escape(id)),
            (None, None) => String::new(),
        },
        escape(&d.currency),
        escape(&grouped_str(&d.amount))
    );
    let mut badges = String::new();
    if d.split.iter().any(|l| l.kind == SplitKind::Locked) {
        badges.push_str(" <span class=\"badge lock\">lock</span>");
    }
    for a in &d.appeals {
        let _ = write!(
            badges,
            " <span class=\"badge open\">appeal {}</span>",
            escape(a)
        );
    }
    let _ = writeln!(
        h,
        "<p class=\"meta\">closed {} · {} touches{badges}</p>",
        escape(&minute(&d.closed_at.to_string())),
        d.touches
    );
    let _ = writeln!(h, "<div class=\"split\">{}</div>", split_bar(d));
    h.push_str(&who_list(d));
    if let Some(note) = &d.rules_not_met {
        let _ = write!(h, "\n<p class=\"sub\">{}</p>", escape(note));
    }
    h.push_str(
        "\n<details>\n<summary>Logic chain, rules, key influencers and touch heatmap</summary>\n",
    );
    h.push_str("<h4>Logic chain</h4>\n<ol class=\"chain\">\n");
    for s in &d.attribution.explanation {
        let _ = writeln!(h, "<li>{}</li>", escape(s.text()));
    }
    h.push_str("</ol>\n<div class=\"cols\">\n");
    let _ = writeln!(h, "<div><h4>Split</h4>{}</div>", split_table(d).html());
    if let Some(rules) = rules_table(d) {
        let _ = writeln!(h, "<div><h4>Rules</h4>{}</div>", rules.html());
    }
    h.push_str("</div>\n");
    if !d.key_influencers.is_empty() {
        let _ = write!(
            h,
            "<h4>Key influencers at close</h4>\n<div class=\"wide\">{}</div>\n",
            influencers_table(d).html()
        );
    }
    if !d.heatmap.cells.is_empty() {
        let _ = write!(
            h,
            "<h4>Touch heatmap</h4>\n<div class=\"heatmap wide\">{}</div>\n",
            inline(&heatmap::render_svg(&d.heatmap, reps, None))
        );
    }
    h.push_str("</details>\n</article>\n");
    h
}

/// A standalone SVG made inline: HTML puts `<svg>` in the SVG namespace by itself, so the
/// document names no URL at all.
fn inline(svg: &str) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

/// `YYYY-MM-DD HH:MM` of an RFC 3339 string.
fn minute(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t}"),
        _ => rfc3339.to_string(),
    }
}

fn top_deals(r: &TransparencyReportResponse) -> Section {
    let reps = directory(r);
    let currency = r.ranked_currency.as_deref().unwrap_or("");
    let in_currency = r
        .summary
        .iter()
        .find(|s| s.currency == currency)
        .map_or(0, |s| s.deals);
    let mut body = format!(
        "<p class=\"note\">The {} largest of the month's {} {} deals by contract amount (other \
         currencies are not converted, so they are not ranked against {}). Each bar is the deal's \
         split; each line says who got what and why. Open a deal for its full logic chain.</p>\n",
        r.top_deals.len(),
        count(in_currency),
        escape(currency),
        escape(currency)
    );
    for d in &r.top_deals {
        body.push_str(&deal_article(d, &reps));
    }
    Section::new(
        "top-deals",
        format!("Top {} deals by amount ({currency})", r.top_deals.len()),
        body,
    )
}

fn reps(r: &TransparencyReportResponse) -> Section {
    let currencies: Vec<&str> = r.summary.iter().map(|s| s.currency.as_str()).collect();
    let first = r.ranked_currency.as_deref().unwrap_or("");
    let credit = |t: &super::transparency::RepTotal, c: &str| -> Option<Decimal> {
        t.credited
            .iter()
            .find(|a| a.currency == c)
            .map(|a| dec(&a.amount))
    };
    let mut rows: Vec<&super::transparency::RepTotal> = r.reps.iter().collect();
    rows.sort_by(|a, b| {
        credit(b, first)
            .unwrap_or_default()
            .cmp(&credit(a, first).unwrap_or_default())
            .then(a.rep.cmp(&b.rep))
    });
    let mut headers = vec![
        "#".to_string(),
        "Rep".into(),
        "Team".into(),
        "Deals credited#".into(),
    ];
    headers.extend(currencies.iter().map(|c| format!("{c} credited#")));
    let locked_in: Vec<&str> = r
        .summary
        .iter()
        .filter(|s| dec(&s.locked) > Decimal::ZERO)
        .map(|s| s.currency.as_str())
        .collect();
    headers.extend(locked_in.iter().map(|c| format!("{c} locked#")));
    let mut t = Table::with_headers(headers).class("reps");
    for (k, rep) in rows.iter().enumerate() {
        let mut cells = vec![
            Cell::num((k + 1).to_string()),
            Cell::text(heatmap::rep_label(
                &[RepInfo {
                    id: rep.rep.clone(),
                    name: rep.name.clone(),
                    team: None,
                }],
                &rep.rep,
            )),
            Cell::text(rep.team.clone().unwrap_or_default()),
            Cell::num(rep.deals.to_string()),
        ];
        cells.extend(currencies.iter().map(|c| {
            Cell::num(credit(rep, c).map_or_else(|| "–".into(), |a| grouped_str(&a.to_string())))
        }));
        cells.extend(locked_in.iter().map(|c| {
            Cell::num(
                rep.locked
                    .iter()
                    .find(|l| l.currency == *c)
                    .map_or_else(|| "–".into(), |l| grouped_str(&l.amount)),
            )
        }));
        t.row(cells);
    }
    let mut foot = vec![
        Cell::text(""),
        Cell::text("all reps"),
        Cell::text(""),
        Cell::text(""),
    ];
    foot.extend(currencies.iter().map(|c| {
        Cell::num(
            r.summary
                .iter()
                .find(|s| s.currency == *c)
                .map_or_else(String::new, |s| grouped_str(&s.credited)),
        )
    }));
    foot.extend(locked_in.iter().map(|c| {
        Cell::num(
            r.summary
                .iter()
                .find(|s| s.currency == *c)
                .map_or_else(String::new, |s| grouped_str(&s.locked)),
        )
    }));
    t.foot(foot);
    let body = format!(
        "<p class=\"note\">{} reps, ranked by {first} credit (then rep id). \
         A rep's total in one currency is never combined with another currency.</p>\n<div class=\"scroll\">{}</div>",
        count(r.reps.len()),
        t.html()
    );
    Section::new("reps", "Credits per rep", body)
}

fn locks(r: &TransparencyReportResponse) -> Section {
    let reps = directory(r);
    let mut body = format!(
        "<p class=\"note\">A rep whose first touch on a customer comes after a silent period is a new \
         rep; without a handover from the previous rep dated before close, their share is <b>locked</b>: \
         held back, paid to nobody, until a handover or an accepted appeal releases it. {} locked \
         share(s) this month.</p>\n",
        r.locks.len()
    );
    for a in &r.appeals {
        let rec = &a.appeal;
        let _ = write!(
            body,
            "<h3>Appeal {} <span class=\"badge {}\">{}</span></h3>\n<p>{} appealed {} of deal {} on {}: {}</p>\n",
            escape(&rec.id),
            if rec.status == "accepted" {
                "yes"
            } else if rec.status == "rejected" {
                "no"
            } else {
                "open"
            },
            escape(&rec.status),
            escape(&rec.filing.rep),
            match rec.filing.against {
                crate::appeal::AppealTarget::Lock => "the lock on their share",
                crate::appeal::AppealTarget::Share => "their share",
            },
            escape(&rec.filing.deal_id),
            escape(&minute(&rec.filing.filed_at.to_string())),
            escape(&rec.filing.reason)
        );
        if let Some(res) = &rec.resolution {
            let _ = writeln!(
                body,
                "<p class=\"note\">Decided by {} on {}{}</p>",
                escape(&res.by),
                escape(&minute(&res.at.to_string())),
                if res.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", escape(&res.note))
                }
            );
        }
        if !a.changes.is_empty() {
            let mut t = Table::new(&[
                "Rep",
                "Credit before#",
                "Credit after#",
                "Locked before#",
                "Locked after#",
            ]);
            for c in &a.changes {
                t.row(vec![
                    Cell::text(&c.rep),
                    Cell::num(grouped_str(&c.credit_before)),
                    Cell::num(grouped_str(&c.credit_after)),
                    Cell::num(grouped_str(&c.locked_before)),
                    Cell::num(grouped_str(&c.locked_after)),
                ]);
            }
            body.push_str(&t.html());
        }
    }
    if !r.locks.is_empty() {
        body.push_str("<h3>Every locked share, largest first</h3>\n");
        let mut t =
            Table::new(&["Deal", "Rep", "Locked#", "Share#", "Appeal", "Why"]).class("locks");
        for l in &r.locks {
            t.row(vec![
                Cell::text(&l.deal_id),
                Cell::text(heatmap::rep_label(&reps, &l.rep)),
                Cell::num(format!("{} {}", l.currency, grouped_str(&l.amount))),
                Cell::num(percent(&l.share)),
                Cell::text(l.appeal.clone().unwrap_or_else(|| "–".into())),
                Cell::text(&l.reason),
            ]);
        }
        let _ = writeln!(body, "<div class=\"scroll\">{}</div>", t.html());
    }
    Section::new("locks", "Silent-period locks and appeals", body)
}
