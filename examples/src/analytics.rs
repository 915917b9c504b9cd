//! Dashboard analytics for the month job: the month's CNY deals drilled down team → owner
//! (`drill_down`), and the reps' removal effects over the busiest team's deals
//! (`markov_attribution`).

use crate::report::{escape, Cell, Section, Table};
use crate::sample::Month;
use salesrules::analytics::drill::{DrillDownRequest, Fact};
use salesrules::analytics::markov::{Journey, JourneyTouch, MarkovRequest};
use salesrules::analytics::MoneyBasis;
use salesrules::{Engine, Error};
use std::collections::BTreeMap;

/// Reps shown in the removal-effect table.
const SHOWN: usize = 12;

/// The report section.
pub fn section(engine: &Engine, month: &Month) -> Result<Section, Error> {
    let region: BTreeMap<&str, &str> = month
        .teams
        .iter()
        .map(|t| (t.id.as_str(), t.region.as_str()))
        .collect();
    let cny: Vec<_> = month
        .deals
        .iter()
        .filter(|d| d.deal.currency == "CNY")
        .collect();
    let facts = cny
        .iter()
        .map(|d| Fact {
            id: d.deal.id.clone(),
            dims: BTreeMap::from([
                ("team".to_string(), d.team.clone()),
                ("owner".to_string(), d.owner.clone()),
            ]),
            contract_value: d.deal.amount,
            cost: None,
        })
        .collect();
    let drill = engine.drill_down(&DrillDownRequest {
        currency: "CNY".into(),
        levels: vec!["team".into(), "owner".into()],
        // The sample has no costs, so the dashboard's default after-tax margin cannot apply.
        basis: Some(MoneyBasis::ContractValue),
        facts,
    })?;
    let mut table = Table::new(&[
        "Region",
        "Team",
        "Deals",
        "Contract value (CNY)",
        "Share of total",
        "Top owner (share of team)",
    ]);
    for t in &drill.nodes {
        let top = t
            .children
            .first()
            .map(|o| {
                format!(
                    "{} {} ({})",
                    o.key,
                    o.value,
                    o.share_of_parent.map(|s| s.to_string()).unwrap_or_default()
                )
            })
            .unwrap_or_default();
        table.row(vec![
            Cell::text(region.get(t.key.as_str()).copied().unwrap_or("?")),
            Cell::text(t.key.clone()),
            Cell::num(t.facts.to_string()),
            Cell::num(t.value.to_string()),
            Cell::num(t.share_of_parent.map(|s| s.to_string()).unwrap_or_default()),
            Cell::text(top),
        ]);
    }
    // Removal effects over the busiest team's CNY deals (all won: the effect is the share of
    // the conversion paths that run through the rep).
    let mut per_team: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &cny {
        *per_team.entry(d.team.as_str()).or_default() += 1;
    }
    let busiest = per_team
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(t, _)| t.to_string())
        .unwrap_or_default();
    let journeys = cny
        .iter()
        .filter(|d| d.team == busiest)
        .map(|d| Journey {
            deal_id: d.deal.id.clone(),
            converted: true,
            amount: Some(d.deal.amount),
            touches: d
                .touches
                .iter()
                .filter(|t| t.at <= d.deal.closed_at)
                .map(|t| JourneyTouch {
                    rep: t.rep.clone(),
                    at: t.at,
                })
                .collect(),
        })
        .collect::<Vec<_>>();
    let deals = journeys.len();
    let markov = engine.markov_attribution(&MarkovRequest {
        currency: "CNY".into(),
        journeys,
    });
    let mut effects = Table::new(&["Rep", "Touches", "Deals", "Removal effect"]);
    let markov_text = match markov {
        Ok(m) => {
            let mut reps = m.reps.clone();
            reps.sort_by(|a, b| {
                b.removal_effect
                    .parse::<f64>()
                    .unwrap_or(0.0)
                    .total_cmp(&a.removal_effect.parse::<f64>().unwrap_or(0.0))
                    .then(a.rep.cmp(&b.rep))
            });
            for r in reps.iter().take(SHOWN) {
                effects.row(vec![
                    Cell::text(r.rep.clone()),
                    Cell::num(r.touches.to_string()),
                    Cell::num(r.journeys.to_string()),
                    Cell::num(r.removal_effect.clone()),
                ]);
            }
            format!(
                "<p>Removal effects (<code>markov_attribution</code>, order 1, solved exactly) over the {deals} CNY deals of team {}: the share of conversion paths lost without the rep. Top {SHOWN} of {} reps.</p>{}",
                escape(&busiest),
                m.reps.len(),
                effects.html()
            )
        }
        Err(e) => format!(
            "<p>Removal effects not computed for team {}: {}</p>",
            escape(&busiest),
            escape(&e.to_string())
        ),
    };
    let body = format!(
        "<p>The month's {} CNY deals drilled down team → owner with <code>drill_down</code>, total {} CNY in contract value (the dashboard default, after-tax gross margin, needs costs the sample does not carry).</p>{}{}",
        drill.facts,
        drill.total,
        table.html(),
        markov_text
    );
    Ok(Section::new("analytics", "Dashboard analytics", body))
}
