//! The transparency report's HTML and the trace heatmap's SVG are well-formed (any XML parser
//! reads them), self-contained (nothing fetched: no remote `src`/`href`, no `@import`, no
//! remote `url(`, no scripts) and escape hostile names everywhere; and every deal in the report
//! balances: credits + locked + unassigned = amount.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::Reader;
use rust_decimal::Decimal;
use salesrules::report::transparency::SplitKind;
use salesrules::report::{TraceHeatmapRequest, TransparencyReportRequest};
use salesrules::Engine;
use serde_json::json;
use std::str::FromStr;

const HOSTILE: &str = "<script>alert('x')</script>&\"";

/// A small month: a role-weighted deal, a fallback deal, a locked deal with an open appeal and
/// a USD deal; rep, contact, customer and deal names carry `name` where given.
fn month(name: &str) -> TransparencyReportRequest {
    let t = |rep: &str, contact: &str, kind: &str, at: &str| {
        json!({"rep": rep, "contact": contact, "kind": kind, "at": at, "stage": name,
               "signals": {"proposal_downloaded": true, "video_completion": "0.75"}})
    };
    serde_json::from_value(json!({
        "period": name,
        "deals": [
            {"deal": {"id": format!("D-1 {name}"), "customer_id": name, "amount": "100000.00",
                      "currency": "CNY", "closed_at": "2026-03-31T18:00:00+08:00"},
             "contacts": [{"id": "P1", "role": "technical_director", "name": name},
                          {"id": name, "role": "procurement_director"},
                          {"id": "P3", "role": "cfo"}],
             "touches": [t("alice", "P1", "demo", "2026-03-02T10:00:00+08:00"),
                         t("alice", "P1", "demo", "2026-03-03T10:00:00+08:00"),
                         t(name, name, "email", "2026-03-04T10:00:00+08:00"),
                         t(name, name, "email", "2026-03-05T10:00:00+08:00"),
                         t(name, name, "email", "2026-03-06T10:00:00+08:00"),
                         t("bob", "P3", "signoff", "2026-03-30T10:00:00+08:00")]},
            {"deal": {"id": "D-2", "amount": "33333.33", "currency": "CNY",
                      "closed_at": "2026-03-20T18:00:00+08:00"},
             "contacts": [{"id": "Q1", "role": "user"}],
             "touches": [t("alice", "Q1", "call", "2026-03-01T10:00:00+08:00"),
                         t("bob", "Q1", "visit", "2026-03-05T10:00:00+08:00"),
                         t("bob", "Q1", "call", "2026-03-06T10:00:00+08:00")]},
            {"deal": {"id": "D-3", "customer_id": "C-3", "amount": "50000.01", "currency": "CNY",
                      "closed_at": "2026-03-25T18:00:00+08:00"},
             "contacts": [{"id": "R1", "role": "technical_director"}, {"id": "R2", "role": "cfo"}],
             "touches": [t("erin", "R1", "demo", "2026-01-05T10:00:00+08:00"),
                         t("erin", "R1", "demo", "2026-01-06T10:00:00+08:00"),
                         t("frank", "R2", "signoff", "2026-03-20T10:00:00+08:00")]},
            {"deal": {"id": "D-4", "amount": "900.00", "currency": "USD",
                      "closed_at": "2026-03-10T18:00:00+08:00"},
             "contacts": [{"id": "S1", "role": "cfo"}],
             "touches": [t("bob", "S1", "signoff", "2026-03-09T10:00:00+08:00")]}
        ],
        "appeals": [{"appeal": {"deal_id": "D-3", "rep": "frank", "against": "lock",
                                "reason": name, "evidence": [{"kind": "system_log", "reference": name}],
                                "filed_at": "2026-03-27T10:00:00+08:00"}}],
        "reps": [{"id": "alice", "name": name, "team": name}, {"id": name, "name": name},
                 {"id": "zoe", "name": "Zoe"}],
        "customers": [{"id": name, "name": name}],
        "top": 20
    }))
    .unwrap()
}

/// Parse `doc` as XML and check that it is self-contained; returns the element count.
fn assert_well_formed_and_self_contained(doc: &str) -> usize {
    let mut reader = Reader::from_str(doc);
    reader.config_mut().check_end_names = true;
    let mut elements = 0;
    let mut in_style = false;
    let mut depth: i64 = 0;
    loop {
        let event = reader.read_event().unwrap_or_else(|e| {
            panic!("not well-formed at byte {}: {e}", reader.buffer_position())
        });
        match event {
            Event::Start(e) | Event::Empty(e) => {
                elements += 1;
                let opens =
                    doc.as_bytes().get(reader.buffer_position() as usize - 2) != Some(&b'/');
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                assert!(
                    ![
                        "script",
                        "link",
                        "img",
                        "iframe",
                        "object",
                        "embed",
                        "image",
                        "use",
                        "foreignObject"
                    ]
                    .contains(&name.as_str()),
                    "element <{name}> may load or run something"
                );
                for a in e.attributes() {
                    let a = a.expect("well-formed attribute");
                    let key = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("attribute value unescapes");
                    assert!(!key.starts_with("on"), "event handler attribute {key}");
                    if key == "src" || key == "href" || key.ends_with(":href") {
                        assert!(
                            value.starts_with('#'),
                            "{key}={value:?} is not a local anchor"
                        );
                    }
                    if key == "style" {
                        assert!(!value.contains("url("), "inline style fetches: {value}");
                    }
                }
                in_style = name == "style" && opens;
                if opens {
                    depth += 1;
                }
            }
            Event::End(_) => {
                in_style = false;
                depth -= 1;
            }
            Event::Text(t) if in_style => {
                let css = t.decode().unwrap();
                assert!(!css.contains("@import"), "the style sheet imports");
                assert!(!css.contains("url("), "the style sheet fetches a url(");
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8(<[u8] as AsRef<[u8]>>::as_ref(&r).to_vec()).unwrap();
                assert!(
                    r.is_char_ref() || ["amp", "lt", "gt", "quot", "apos"].contains(&name.as_str()),
                    "entity &{name}; is not defined in XML"
                );
            }
            Event::Eof => {
                assert_eq!(depth, 0, "unclosed elements at the end");
                break;
            }
            _ => {}
        }
    }
    elements
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn report_html_is_well_formed_self_contained_and_escapes_hostile_names() {
    let report = Engine::default()
        .transparency_report(&month(HOSTILE))
        .unwrap();
    let html = report.html.as_deref().unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Four deals ⇒ four articles, each with a split bar, a details fold and a heatmap SVG.
    assert!(assert_well_formed_and_self_contained(html) > 200);
    assert_eq!(
        html.matches("<article").count(),
        3,
        "three CNY deals are ranked"
    );
    assert_eq!(html.matches("<details>").count(), 3);
    assert!(
        !html.contains("<script"),
        "a hostile name reached the markup unescaped"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"));
    let markdown = report.markdown.as_deref().unwrap();
    assert!(!markdown.contains("<script>"));
    assert!(markdown.contains("\\<script\\>"));
}

#[test]
fn every_deal_in_the_report_balances_and_its_split_is_whole() {
    let report = Engine::default()
        .transparency_report(&month("Ann"))
        .unwrap();
    assert!(report.balanced);
    assert_eq!(report.top_deals.len(), 3);
    assert_eq!(report.ranked_currency.as_deref(), Some("CNY"));
    for d in &report.top_deals {
        let a = &d.attribution;
        let parts: Decimal = a.credits.iter().map(|c| dec(&c.amount)).sum::<Decimal>()
            + a.locked.iter().map(|l| dec(&l.amount)).sum::<Decimal>()
            + dec(&a.unassigned.amount);
        assert_eq!(parts, dec(&d.amount), "deal {}", d.deal_id);
        let split: Decimal = d.split.iter().map(|s| dec(&s.amount)).sum();
        assert_eq!(split, dec(&d.amount), "split of {}", d.deal_id);
        assert!(!d.headline.is_empty());
    }
    // Largest first; D-3's frank is locked (open appeal) and named on the lock.
    let ids: Vec<&str> = report
        .top_deals
        .iter()
        .map(|d| d.deal_id.as_str())
        .collect();
    assert_eq!(ids, ["D-1 Ann", "D-3", "D-2"]);
    let d3 = &report.top_deals[1];
    assert!(d3
        .split
        .iter()
        .any(|s| s.kind == SplitKind::Locked && s.rep.as_deref() == Some("frank")));
    assert_eq!(report.locks.len(), 1);
    assert!(report.locks[0]
        .appeal
        .as_deref()
        .unwrap()
        .ends_with("(open)"));
    assert_eq!(report.appeals[0].appeal.status, "open");
    // A rep of the directory with nothing this month is still listed, with nothing.
    let zoe = report.reps.iter().find(|r| r.rep == "zoe").unwrap();
    assert!(zoe.deals == 0 && zoe.credited.is_empty() && zoe.locked.is_empty());
    assert_eq!(report.top_deals[0].customer_name.as_deref(), Some("Ann"));
    // Month totals per currency balance too, and are never mixed.
    for s in &report.summary {
        assert_eq!(
            dec(&s.credited) + dec(&s.locked) + dec(&s.unassigned),
            dec(&s.booked)
        );
    }
    assert_eq!(
        report
            .summary
            .iter()
            .map(|s| s.currency.as_str())
            .collect::<Vec<_>>(),
        ["CNY", "USD"]
    );
    assert_eq!(report.summary[0].booked, "183333.34");
    // The one-line split of D-1 says who got what and why.
    assert_eq!(
        report.top_deals[0].headline,
        "Ann 40%: 2 demos with the technical director; Ann 35%: 3 emails with the procurement director; bob 25%: 1 sign-off with the CFO"
    );
}

#[test]
fn formats_not_asked_for_are_omitted_and_output_is_deterministic() {
    let engine = Engine::default();
    let mut req = month("Ann");
    req.formats = vec![];
    let data = engine.transparency_report(&req).unwrap();
    assert!(data.html.is_none() && data.markdown.is_none());
    let full = engine.transparency_report(&month("Ann")).unwrap();
    let again = engine.transparency_report(&month("Ann")).unwrap();
    assert_eq!(full.html, again.html);
    assert_eq!(full.markdown, again.markdown);
    // Input order of deals does not change the report.
    let mut reversed = month("Ann");
    reversed.deals.reverse();
    assert_eq!(
        engine.transparency_report(&reversed).unwrap().html,
        full.html
    );
}

#[test]
fn heatmap_svg_is_standalone_well_formed_and_escaped() {
    let req = month(HOSTILE);
    let deal = &req.deals[0];
    let heatmap = Engine::default()
        .trace_heatmap(&TraceHeatmapRequest {
            subject: Some(HOSTILE.into()),
            contacts: deal.contacts.clone(),
            touches: deal.touches.clone(),
            by: Default::default(),
            as_of: None,
            reps: req.reps.clone(),
            svg: true,
        })
        .unwrap();
    let svg = heatmap.svg.unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(assert_well_formed_and_self_contained(&svg) > 10);
    assert!(!svg.contains("<script"));
    // Every touch is counted once: cell counts add up to the touches.
    assert_eq!(
        heatmap
            .cells
            .iter()
            .map(|c| c.touches as usize)
            .sum::<usize>(),
        deal.touches.len()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any name, however hostile, leaves the report well-formed and self-contained.
    #[test]
    fn any_name_keeps_the_report_well_formed(name in "[a-zA-Z<>&\"'/=:()#|*_ \\u{4e00}-\\u{4e0f}\\u{0}-\\u{1f}]{1,16}") {
        prop_assume!(!name.trim().is_empty());
        let report = Engine::default().transparency_report(&month(&name));
        // Names that are not valid ids for the engine are refused with an error, never rendered raw.
        if let Ok(report) = report {
            let html = report.html.unwrap();
            assert_well_formed_and_self_contained(&html);
            prop_assert!(!html.contains("<script"));
            prop_assert!(report.balanced);
        }
    }
}
