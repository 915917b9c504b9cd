//! The month job and its HTML report: balanced figures, the top-20 section in the right order,
//! well-formed self-contained HTML, escaping, and the real binary end to end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::Decimal;
use salesrules::Engine;
use salesrules_examples::report::{escape, Report};
use salesrules_examples::sample::{Month, Size, STANDARD_SEED};
use salesrules_examples::transparency::{batch_totals, html, same_totals, MonthRun};
use std::process::Command;

const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];

/// A tiny tag scanner: every non-void element closes, in order. Returns the first problem.
fn check_balanced(doc: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = doc;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let close = rest.find('>').ok_or("unclosed '<'")?;
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if tag.contains('<') {
            return Err(format!("'<' inside a tag: {tag:?}"));
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            return Err(format!("bad tag {tag:?}"));
        }
        if tag.starts_with('/') {
            match stack.pop() {
                Some(top) if top == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            if name == "style" {
                let end = rest.find("</style>").ok_or("unclosed <style>")?;
                rest = &rest[end + "</style>".len()..];
                continue;
            }
            stack.push(name);
        }
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed: {stack:?}"))
    }
}

#[test]
fn tag_scanner_catches_broken_html() {
    assert!(check_balanced("<p><b>x</b></p><br>").is_ok());
    assert!(check_balanced("<p><b>x</p></b>").is_err());
    assert!(check_balanced("<div><p>x</p>").is_err());
    assert!(check_balanced("<p>a < b</p>").is_err());
}

fn report_for(month: &Month) -> (String, MonthRun<'_>) {
    let engine = Engine::default();
    let run = MonthRun::attribute(&engine, month).unwrap();
    let balance = run.balance();
    let mut report = Report::new("test");
    for s in html::sections(&engine, &run, &balance).unwrap() {
        report.section(s);
    }
    (report.render(), run)
}

fn deal_ids_in_order(doc: &str, marker: &str) -> Vec<String> {
    doc.match_indices(marker)
        .map(|(i, _)| {
            let rest = &doc[i + marker.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn month_balances_and_the_batch_path_agrees() {
    let month = Month::generate(STANDARD_SEED, Size::month());
    let engine = Engine::default();
    let run = MonthRun::attribute(&engine, &month).unwrap();
    let balance = run.balance();
    assert_eq!(balance.checked, 2_000);
    assert!(balance.ok(), "{:?}", balance.failures);
    // Independent sum: credits + locked + unassigned over all deals equal the requests' amounts.
    let mut booked = std::collections::BTreeMap::<String, Decimal>::new();
    for r in &run.requests {
        *booked.entry(r.deal.currency.clone()).or_default() += r.deal.amount.decimal();
    }
    let mut paid = run.unassigned().unwrap();
    for (c, a) in run.locked().unwrap() {
        *paid.entry(c).or_default() += a;
    }
    assert!(
        run.locked().unwrap()["CNY"] > Decimal::ZERO,
        "silent gaps lock shares"
    );
    for m in run.rep_totals().unwrap().values() {
        for (c, a) in m {
            *paid.entry(c.clone()).or_default() += a;
        }
    }
    assert_eq!(booked, paid);
    assert!(
        run.unassigned().unwrap()["CNY"] > Decimal::ZERO,
        "touchless deals stay unassigned"
    );
    let batch = batch_totals(&engine, &run.requests).unwrap();
    assert!(same_totals(
        &batch,
        &run.rep_totals().unwrap(),
        &run.unassigned().unwrap()
    ));
    // The comparison is not vacuous: a changed total is noticed.
    let mut reps = run.rep_totals().unwrap();
    *reps.values_mut().next().unwrap().get_mut("CNY").unwrap() += Decimal::new(1, 2);
    assert!(!same_totals(&batch, &reps, &run.unassigned().unwrap()));
}

#[test]
fn report_lists_the_20_largest_cny_deals_in_order_with_their_logic_chain() {
    let month = Month::generate(11, Size::deals(400));
    let (doc, _) = report_for(&month);
    assert!(doc.contains("<section id=\"top-deals\">"));
    let shown = deal_ids_in_order(&doc, "<article class=\"deal\" id=\"deal-");
    let mut cny: Vec<(Decimal, &str)> = month
        .deals
        .iter()
        .filter(|d| d.deal.currency == "CNY")
        .map(|d| (d.deal.amount.decimal(), d.deal.id.as_str()))
        .collect();
    cny.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    // Anchors are lower-cased ids.
    let expected: Vec<String> = cny
        .iter()
        .take(20)
        .map(|x| x.1.to_ascii_lowercase())
        .collect();
    assert_eq!(shown, expected);
    let top = &doc[doc.find("<section id=\"top-deals\">").unwrap()..];
    assert_eq!(top.matches("<h4>Logic chain</h4>").count(), 20);
    assert_eq!(top.matches("<table class=\"split\">").count(), 20);
    assert_eq!(top.matches("<details>").count(), 20);
    assert!(top.matches("<table class=\"rules\">").count() >= 19);
    assert!(top.contains("no rounding needed") || top.contains("leftover unit"));
}

#[test]
fn report_is_well_formed_and_self_contained() {
    let month = Month::generate(5, Size::deals(300));
    let (doc, _) = report_for(&month);
    check_balanced(&doc).unwrap();
    assert!(doc.starts_with("<!DOCTYPE html>"));
    for banned in [
        "http://", "https://", "<script", "src=", "<link", "@import", "url(",
    ] {
        assert!(!doc.contains(banned), "report contains {banned:?}");
    }
    for id in ["summary", "teams", "reps", "models", "top-deals", "locks"] {
        assert!(
            doc.contains(&format!("<section id=\"{id}\">")),
            "missing section {id}"
        );
        assert!(
            doc.contains(&format!("href=\"#{id}\"")),
            "missing nav link {id}"
        );
    }
    assert!(doc.contains("credits + locked + unassigned = amount for all 300 deals ✓"));
    // Every rep is in the per-rep table.
    let reps = &doc
        [doc.find("<section id=\"reps\">").unwrap()..doc.find("<section id=\"teams\">").unwrap()];
    assert!(month
        .reps
        .iter()
        .all(|r| reps.contains(&format!("{} {}", r.id, escape(&r.name)))));
}

#[test]
fn report_escapes_what_it_shows() {
    let mut month = Month::generate(5, Size::deals(120));
    let (_, run) = report_for(&month);
    let largest = run.largest("CNY", 1)[0];
    let customer = month.deals[largest].deal.customer_id.clone().unwrap();
    let hostile = "<script>alert('x')</script> & \"Partners\"";
    month
        .customers
        .iter_mut()
        .find(|c| c.id == customer)
        .unwrap()
        .name = hostile.into();
    month.reps[0].name = "<b>boss</b>".into();
    let (doc, _) = report_for(&month);
    assert!(!doc.contains("<script>") && !doc.contains("<b>boss"));
    assert!(doc.contains(&escape(hostile)));
    assert!(doc.contains("&lt;b&gt;boss&lt;/b&gt;"));
    check_balanced(&doc).unwrap();
}

#[test]
fn same_month_gives_the_same_report() {
    let month = Month::generate(8, Size::deals(150));
    assert_eq!(report_for(&month).0, report_for(&month).0);
}

#[test]
fn month_job_runs_end_to_end_and_writes_the_report() {
    let dir = std::env::temp_dir().join(format!("salesrules-month-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("report.html");
    let result = Command::new(env!("CARGO_BIN_EXE_month"))
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(stdout.contains("credits + locked + unassigned = amount for all 2,000 deals ✓"));
    assert!(stdout.contains("same per-rep and unassigned totals ✓"));
    assert!(stdout.contains(&Engine::default().fingerprint().to_string()));
    let doc = std::fs::read_to_string(&out).unwrap();
    check_balanced(&doc).unwrap();
    assert!(doc.contains("Top 20 deals by amount (CNY)"));
    assert_eq!(
        doc.matches("<article class=\"deal\" id=\"deal-").count(),
        20
    );
    std::fs::remove_dir_all(&dir).ok();
}
