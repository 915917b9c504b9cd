//! The sample month generator: deterministic, the requested sizes, realistic shapes, and every
//! request accepted by the engine.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use salesrules::escalation::lead::LeadEscalationRequest;
use salesrules::{Engine, Model};
use salesrules_examples::sample::{LeadEventKind, Month, Size, STANDARD_SEED};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

fn standard() -> &'static Month {
    static MONTH: OnceLock<Month> = OnceLock::new();
    MONTH.get_or_init(|| Month::generate(STANDARD_SEED, Size::month()))
}

fn json(m: &Month) -> String {
    serde_json::to_string(m).unwrap()
}

#[test]
fn same_seed_gives_identical_json() {
    let again = Month::generate(STANDARD_SEED, Size::month());
    assert_eq!(json(standard()), json(&again));
    let small = |seed| json(&Month::generate(seed, Size::deals(50)));
    assert_eq!(small(9), small(9));
}

#[test]
fn different_seeds_give_different_months() {
    let a = Month::generate(1, Size::deals(100));
    let b = Month::generate(2, Size::deals(100));
    assert_ne!(json(&a), json(&b));
    assert_ne!(a.deals[0].deal.amount, b.deals[0].deal.amount);
    assert_ne!(a.reps[0].name, b.reps[0].name);
}

#[test]
fn standard_month_has_the_requested_sizes() {
    let m = standard();
    assert_eq!(m.teams.len(), 8);
    assert_eq!(m.reps.len(), 120);
    assert_eq!(m.deals.len(), 2_000);
    let touches = m.touch_count();
    assert!((38_000..=42_000).contains(&touches), "{touches} touches");
    assert_eq!(m.leads.len(), 800);
    assert_eq!(m.work_orders.len(), 300);
    let members: usize = m.teams.iter().map(|t| t.members.len()).sum();
    assert_eq!(members, 120);
    let sizes: BTreeSet<usize> = m.teams.iter().map(|t| t.members.len()).collect();
    assert!(sizes.len() > 1, "teams should differ in size");
}

#[test]
fn benchmark_sizes_scale_with_deals() {
    let m = Month::generate(3, Size::deals(500));
    assert_eq!(m.deals.len(), 500);
    assert_eq!(m.reps.len(), 120);
    let per_deal = m.touch_count() as f64 / 500.0;
    assert!(
        (18.0..=22.0).contains(&per_deal),
        "{per_deal} touches per deal"
    );
    let m = Month::generate(
        3,
        Size {
            touches_per_deal: 40,
            ..Size::deals(100)
        },
    );
    let per_deal = m.touch_count() as f64 / 100.0;
    assert!(
        (36.0..=44.0).contains(&per_deal),
        "{per_deal} touches per deal"
    );
}

#[test]
fn organisation_has_supervisors_and_backups_within_teams() {
    let m = standard();
    let ids: BTreeSet<&str> = m.reps.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 120);
    for r in &m.reps {
        assert!(r.id.len() == 7 && r.id.starts_with("rep-"), "{}", r.id);
        assert_ne!(r.backup, r.id);
        assert_eq!(
            m.rep(&r.backup).unwrap().team,
            r.team,
            "backup of {} in another team",
            r.id
        );
        assert!(!r.name.is_empty());
    }
    for t in &m.teams {
        assert!(t.members.contains(&t.supervisor));
        assert_eq!(m.rep(&t.supervisor).unwrap().position, "supervisor");
        assert!(t.members.iter().all(|id| m.rep(id).unwrap().team == t.id));
    }
}

#[test]
fn deals_close_in_march_2026_in_shanghai_time_with_realistic_amounts() {
    let m = standard();
    let (start, end) = (m.starts_at.unix_seconds(), m.ends_at.unix_seconds());
    assert_eq!(m.starts_at.to_string(), "2026-03-01T00:00:00+08:00");
    let mut currencies: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &m.deals {
        let at = d.deal.closed_at;
        assert!(
            (start..end).contains(&at.unix_seconds()),
            "{} closes {at}",
            d.deal.id
        );
        assert_eq!(at.offset_seconds(), 8 * 3600);
        assert!(at.to_string().starts_with("2026-03-"));
        *currencies.entry(d.deal.currency.as_str()).or_default() += 1;
        if d.deal.currency == "CNY" {
            let a = d.deal.amount.decimal();
            assert!(
                a >= 5_000.into() && a <= 5_000_000.into(),
                "{} CNY {a}",
                d.deal.id
            );
        }
        assert!(d.touches.iter().all(|t| t.at.offset_seconds() == 8 * 3600));
    }
    let cny = currencies["CNY"];
    assert!(cny > 1_600, "CNY should dominate: {currencies:?}");
    assert!(
        currencies["USD"] > 20 && currencies["JPY"] > 10,
        "{currencies:?}"
    );
    let amounts: BTreeSet<String> = m.deals.iter().map(|d| d.deal.amount.to_string()).collect();
    assert!(amounts.len() > 1_500, "amounts should spread");
}

#[test]
fn customers_have_three_to_six_contacts_with_roles_and_relations() {
    let m = standard();
    let roles: BTreeSet<&str> = salesrules::policy::DEFAULT_ROLES.into();
    let mut with_relations = 0;
    for c in &m.customers {
        assert!(
            (3..=6).contains(&c.contacts.len()),
            "{}: {}",
            c.id,
            c.contacts.len()
        );
        assert!(c.contacts.iter().all(|p| roles.contains(p.role.as_str())));
        with_relations += usize::from(!c.relations.is_empty());
    }
    assert!(with_relations * 10 > m.customers.len() * 8);
    let has = |role: &str| {
        m.customers
            .iter()
            .filter(|c| c.contacts.iter().any(|p| p.role == role))
            .count()
    };
    assert!(has("technical_director") * 10 > m.customers.len() * 6);
    assert!(has("cfo") * 10 > m.customers.len() * 5);
}

#[test]
fn touches_follow_the_field_patterns() {
    let m = standard();
    let reqs = m.attribute_requests();
    let mut kinds: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut stages = BTreeSet::new();
    for r in &reqs {
        let role = |id: &str| r.contacts.iter().find(|c| c.id == id).unwrap().role.clone();
        for t in &r.touches {
            *kinds.entry((role(&t.contact), t.kind.clone())).or_default() += 1;
            if let Some(s) = &t.stage {
                stages.insert(s.clone());
            }
        }
    }
    let k = |role: &str, kind: &str| {
        kinds
            .get(&(role.to_string(), kind.to_string()))
            .copied()
            .unwrap_or(0)
    };
    assert!(k("technical_director", "demo") > 2_000);
    assert!(k("procurement_director", "email") > 3_000);
    assert!(k("cfo", "signoff") > 800);
    assert_eq!(k("user", "signoff") + k("procurement_director", "demo"), 0);
    assert_eq!(
        stages,
        ["lead", "negotiation", "opportunity"]
            .map(String::from)
            .into()
    );
    // Sign-offs come near the end: in the last tenth of the deal's history.
    for r in &reqs {
        let first = r.touches.iter().map(|t| t.at.unix_seconds()).min();
        for t in r.touches.iter().filter(|t| t.kind == "signoff") {
            let (first, close) = (first.unwrap(), r.deal.closed_at.unix_seconds());
            assert!(
                t.at.unix_seconds() >= close - (close - first) / 10 - 86_400,
                "{}",
                r.deal.id
            );
        }
    }
}

#[test]
fn silent_gaps_are_real_and_some_have_handovers() {
    let m = standard();
    let gaps: Vec<_> = m.deals.iter().filter(|d| d.silent_gap.is_some()).collect();
    assert!(gaps.len() > 100, "{} gaps", gaps.len());
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &gaps {
        let g = d.silent_gap.as_ref().unwrap();
        *by_kind.entry(g.handover.as_str()).or_default() += 1;
        assert!(
            g.to.unix_seconds() - g.from.unix_seconds() >= 30 * 86_400,
            "{}",
            d.deal.id
        );
        // Nobody touched the customer during the gap.
        assert!(
            !d.touches.iter().any(|t| t.at > g.from && t.at < g.to),
            "{}",
            d.deal.id
        );
        assert!(d
            .touches
            .iter()
            .filter(|t| t.at <= g.from)
            .all(|t| t.rep == g.previous_rep));
        assert_ne!(g.previous_rep, g.new_rep);
        match g.handover.as_str() {
            "none" => assert!(d.handovers.is_empty()),
            kind => {
                let h = &d.handovers[0];
                assert_eq!(
                    (h.from.as_str(), h.to.as_str()),
                    (g.previous_rep.as_str(), g.new_rep.as_str())
                );
                assert_eq!(
                    h.at <= d.deal.closed_at,
                    kind == "confirmed",
                    "{}",
                    d.deal.id
                );
            }
        }
    }
    assert!(
        by_kind["confirmed"] > 30 && by_kind["none"] > 30 && by_kind["late"] > 5,
        "{by_kind:?}"
    );
    assert!(m
        .deals
        .iter()
        .filter(|d| d.silent_gap.is_none())
        .all(|d| d.handovers.is_empty()));
}

#[test]
fn leads_carry_owner_backup_supervisor_and_response_events() {
    let m = standard();
    let engine = Engine::default();
    let mut never = 0;
    let mut slow = 0;
    let ids: BTreeSet<&str> = m.leads.iter().map(|l| l.lead.id.as_str()).collect();
    assert_eq!(ids.len(), m.leads.len(), "lead ids are unique");
    for r in &m.leads {
        let l = &r.lead;
        assert!(l.id.starts_with("L-202603") && l.id.len() == 16, "{}", l.id);
        let owner = m.rep(&l.owner).unwrap();
        assert_eq!(owner.backup, l.backup);
        assert_eq!(m.team(&owner.team).unwrap().supervisor, l.supervisor);
        assert!(l
            .events
            .iter()
            .all(|e| e.at >= l.assigned_at && e.at < m.ends_at));
        match l
            .events
            .iter()
            .find(|e| e.kind == LeadEventKind::FirstContact)
        {
            None => never += 1,
            Some(e) if e.at.unix_seconds() - l.assigned_at.unix_seconds() > 48 * 3600 => slow += 1,
            Some(_) => {}
        }
        // Events are the contract's own type, so the engine accepts every sample lead.
        let request = LeadEscalationRequest {
            lead: l.clone(),
            now: m.ends_at,
        };
        assert!(engine.lead_escalation(&request).is_ok(), "{}", l.id);
    }
    assert!(never > 50 && slow > 30, "never {never}, slow {slow}");
}

#[test]
fn work_orders_mix_vague_and_concrete_text_in_both_languages() {
    let m = standard();
    let texts: Vec<&str> = m.work_orders.iter().map(|w| w.text.as_str()).collect();
    let chinese = texts
        .iter()
        .filter(|t| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
        .count();
    assert!(chinese > 100 && chinese < 280, "{chinese} Chinese texts");
    assert!(texts.iter().any(|t| t.contains("尽快")));
    assert!(texts
        .iter()
        .any(|t| t.contains("faster") || t.contains("ASAP")));
    let vague = m
        .work_orders
        .iter()
        .filter(|w| w.intended_verdict == "needs_clarification")
        .count();
    assert!(vague > 60 && vague < 200, "{vague}");
    assert!(m
        .work_orders
        .iter()
        .any(|w| w.demand_type.is_none() || w.customer_id.is_none()));
    for w in &m.work_orders {
        assert!(w.order.id.starts_with("W-202603"));
        assert!(w
            .order
            .responses
            .iter()
            .all(|r| r.at > w.order.submitted_at));
        assert!(w
            .order
            .responses
            .iter()
            .filter(|r| r.decision == "reject")
            .all(|r| r.reason.is_some()));
    }
}

#[test]
fn every_generated_request_is_accepted_by_the_engine() {
    let engine = Engine::default();
    let reqs = standard().attribute_requests();
    assert_eq!(reqs.len(), 2_000);
    for r in &reqs {
        let out = engine
            .attribute(r)
            .unwrap_or_else(|e| panic!("{}: {e}", r.deal.id));
        assert_eq!(out.deal_id, r.deal.id);
    }
    // Every model, and the JSON contract, on a spread of deals.
    for r in reqs.iter().step_by(97) {
        for m in Model::ALL {
            let mut r = r.clone();
            r.model = Some(m);
            engine
                .attribute(&r)
                .unwrap_or_else(|e| panic!("{} {}: {e}", r.deal.id, m.as_str()));
        }
        let text = serde_json::to_string(r).unwrap();
        engine
            .call("attribute", &text)
            .unwrap_or_else(|e| panic!("{}: {e}", r.deal.id));
    }
}

#[test]
fn rules_are_met_in_a_realistic_mix() {
    use salesrules::attribution::Step;
    let engine = Engine::default();
    let mut met: BTreeMap<String, usize> = BTreeMap::new();
    let mut fallback = 0;
    for r in standard().attribute_requests() {
        let out = engine.attribute(&r).unwrap();
        for s in &out.explanation {
            match s {
                Step::Rule {
                    rule, met: true, ..
                } => *met.entry(rule.clone()).or_default() += 1,
                Step::Fallback { .. } => fallback += 1,
                _ => {}
            }
        }
    }
    assert_eq!(met.len(), 3, "{met:?}");
    assert!(met.values().all(|n| (500..1_700).contains(n)), "{met:?}");
    assert!((50..600).contains(&fallback), "{fallback} fallbacks");
}

#[test]
fn month_json_round_trips() {
    let m = Month::generate(21, Size::deals(60));
    let back: Month = serde_json::from_str(&json(&m)).unwrap();
    assert_eq!(back, m);
    assert_eq!(json(&back), json(&m));
}

#[test]
fn sample_tool_writes_the_month_as_json_files() {
    use salesrules::attribution::AttributeRequest;
    let dir = std::env::temp_dir().join(format!("salesrules-sample-{}", std::process::id()));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_sample"))
        .args([dir.to_str().unwrap(), "--seed", "77", "--deals", "40"])
        .status()
        .unwrap();
    assert!(status.success());
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let month = Month::generate(77, Size::deals(40));
    let requests: Vec<AttributeRequest> =
        serde_json::from_str(&read("attribute_requests.json")).unwrap();
    assert_eq!(requests, month.attribute_requests());
    let deals: serde_json::Value = serde_json::from_str(&read("deals.json")).unwrap();
    assert_eq!(deals, serde_json::to_value(&month.deals).unwrap());
    for name in [
        "month.json",
        "teams.json",
        "reps.json",
        "customers.json",
        "leads.json",
        "work_orders.json",
    ] {
        let v: serde_json::Value = serde_json::from_str(&read(name)).unwrap();
        assert!(!v.is_null(), "{name}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
