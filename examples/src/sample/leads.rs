//! Leads with their response events, and work orders with structured fields and free text.

use super::clock::{business_hours, compact_date, instant, DAY, HOUR};
use super::names::{
    CONCRETE_EN, CONCRETE_ZH, DEMANDS, FEASIBILITY, IMPACT_SCOPES, LEAD_SOURCES, LEGAL_RISK,
    NEGATED_EN, NEGATED_ZH, OVERSEAS, SATISFIED_EN, SATISFIED_ZH, VAGUE_EN, VAGUE_ZH,
};
use super::org::{company_name, Org};
use super::{
    Customer, Lead, LeadEvent, LeadEventKind, LeadRecord, Rng, WorkOrder, WorkOrderRecord,
    WorkOrderResponse,
};
use std::collections::BTreeMap;

/// How fast a lead's owner first reached out, in the mix seen in the field (SPEC 2C: 38% of
/// leads untouched after 48 h in the worst teams).
const FIRST_CONTACT: [((i64, i64), u32); 5] = [
    ((10 * 60, 4 * HOUR), 45),
    ((4 * HOUR, 24 * HOUR), 20),
    ((24 * HOUR, 48 * HOUR), 12),
    ((48 * HOUR, 7 * DAY), 10),
    ((i64::MAX, i64::MAX), 13),
];

/// Leads assigned in the month, sorted by assignment time, with tracking codes
/// `L-YYYYMMDD-<region><seq>`. Events after the month's end are not known yet and are left out.
pub fn leads(seed: u64, org: &Org, n: usize, month: (i64, i64)) -> Vec<LeadRecord> {
    let mut out: Vec<(i64, String, LeadRecord)> = (0..n)
        .filter_map(|i| {
            let mut rng = Rng::derive(seed, "lead", i as u64);
            let team = org.draw_team(&mut rng)?;
            // Some workload skew: the two most loaded teams answer slower.
            let slow = matches!(team.id.as_str(), "northeast" | "southwest");
            let owner = rng.pick(&org.sellers(&team.id)).copied()?;
            let assigned = month.0 + rng.range(0, month.1 - month.0 - 3 * HOUR);
            let mut events = Vec::new();
            let (lo, hi) = *rng.weighted(
                &FIRST_CONTACT.map(|(d, w)| (d, if slow && d.0 >= 24 * HOUR { w * 2 } else { w })),
            )?;
            let mut contacted = None;
            if lo != i64::MAX {
                let at = assigned + rng.range(lo, hi);
                let rep = if lo >= 24 * HOUR && rng.chance(300) {
                    &owner.backup
                } else {
                    &owner.id
                };
                events.push(LeadEvent {
                    kind: LeadEventKind::FirstContact,
                    at: instant(at),
                    rep: rep.clone(),
                });
                contacted = Some((at, rep.clone()));
            }
            // Most contacted leads get a status update; a few get one without a logged contact.
            let update = match &contacted {
                Some((at, rep)) if rng.chance(700) => {
                    Some((at + rng.range(2 * HOUR, 5 * DAY), rep.clone()))
                }
                None if rng.chance(80) => {
                    Some((assigned + rng.range(HOUR, 3 * DAY), owner.id.clone()))
                }
                _ => None,
            };
            if let Some((at, rep)) = update {
                events.push(LeadEvent {
                    kind: LeadEventKind::StatusUpdate,
                    at: instant(at),
                    rep,
                });
            }
            events.retain(|e| e.at.unix_seconds() < month.1);
            let record = LeadRecord {
                team: team.id.clone(),
                company: company_name(&mut rng, team.id == OVERSEAS),
                source: rng.pick(&LEAD_SOURCES).copied().unwrap_or("website").into(),
                lead: Lead {
                    id: String::new(),
                    owner: owner.id.clone(),
                    backup: owner.backup.clone(),
                    supervisor: team.supervisor.clone(),
                    assigned_at: instant(assigned),
                    events,
                    profile: None,
                },
            };
            Some((assigned, team.region.clone(), record))
        })
        .collect();
    out.sort_by(|a, b| (a.0, &a.2.lead.owner).cmp(&(b.0, &b.2.lead.owner)));
    let mut seq: BTreeMap<(String, String), u32> = BTreeMap::new();
    out.into_iter()
        .map(|(at, region, mut r)| {
            let day = compact_date(at);
            let n = seq.entry((day.clone(), region.clone())).or_insert(0);
            *n += 1;
            r.lead.id = format!("L-{day}-{region}{n:03}");
            r
        })
        .collect()
}

/// Work orders submitted in business hours, sorted by submission time.
pub fn work_orders(
    seed: u64,
    org: &Org,
    customers: &[Customer],
    n: usize,
    month: (i64, i64),
) -> Vec<WorkOrderRecord> {
    let mut out: Vec<(i64, String, WorkOrderRecord)> = (0..n)
        .filter_map(|i| {
            let mut rng = Rng::derive(seed, "work_order", i as u64);
            let customer = rng.pick(customers)?;
            let team = org.teams.iter().find(|t| t.id == customer.team)?;
            let rep = rng.pick(&team.members)?.clone();
            let days = (month.1 - month.0) / DAY;
            let submitted =
                business_hours(month.0 + rng.range(0, days - 1) * DAY, rng.range(0, 599));
            let (demand, head) = *rng.pick(&DEMANDS)?;
            let english = customer.currency != "CNY" || rng.chance(250);
            let (text, verdict) = text(&mut rng, english);
            let mut record = WorkOrderRecord {
                team: team.id.clone(),
                submitted_by: rep,
                customer_id: Some(customer.id.clone()),
                demand_type: Some(demand.into()),
                impact_scope: rng.pick(&IMPACT_SCOPES).map(|s| (*s).into()),
                technical_feasibility: rng.pick(&FEASIBILITY).map(|s| (*s).into()),
                legal_risk: rng.pick(&LEGAL_RISK).map(|s| (*s).into()),
                expected_close: Some(instant(submitted + rng.range(2, 30) * DAY)),
                related_orders: (0..rng.range(0, 2))
                    .map(|_| format!("SO-2025-{:05}", rng.range(1, 99_999)))
                    .collect(),
                text,
                intended_verdict: verdict.into(),
                order: WorkOrder {
                    id: String::new(),
                    submitted_at: instant(submitted),
                    assignee: head.into(),
                    escalate_to: "vp-operations".into(),
                    responses: responses(&mut rng, head, submitted, month.1),
                },
            };
            leave_a_field_empty(&mut rng, &mut record);
            Some((submitted, team.region.clone(), record))
        })
        .collect();
    out.sort_by(|a, b| (a.0, &a.2.submitted_by).cmp(&(b.0, &b.2.submitted_by)));
    let mut seq: BTreeMap<(String, String), u32> = BTreeMap::new();
    out.into_iter()
        .map(|(at, region, mut r)| {
            let day = compact_date(at);
            let n = seq.entry((day.clone(), region.clone())).or_insert(0);
            *n += 1;
            r.order.id = format!("W-{day}-{region}{n:03}");
            r
        })
        .collect()
}

/// One order in eight misses one of its seven required fields, as forms do in the field.
fn leave_a_field_empty(rng: &mut Rng, r: &mut WorkOrderRecord) {
    if !rng.chance(125) {
        return;
    }
    match rng.below(6) {
        0 => r.customer_id = None,
        1 => r.demand_type = None,
        2 => r.impact_scope = None,
        3 => r.technical_feasibility = None,
        4 => r.legal_risk = None,
        _ => r.expected_close = None,
    }
}

/// The department head's answers: on time, late, a clarification round, or silence.
fn responses(rng: &mut Rng, head: &str, submitted: i64, month_end: i64) -> Vec<WorkOrderResponse> {
    let answer = |decision: &str, at: i64, reason: Option<&str>| WorkOrderResponse {
        decision: decision.into(),
        at: instant(at),
        by: head.into(),
        reason: reason.map(str::to_string),
    };
    let quick = submitted + rng.range(10 * 60, 2 * HOUR - 60);
    let mut out = match rng.below(100) {
        0..=39 => vec![answer("accept", quick, None)],
        40..=54 => vec![
            answer(
                "clarify",
                quick,
                Some("请补充具体交期和数量 / please state the date and quantity"),
            ),
            answer("accept", quick + rng.range(HOUR, 2 * DAY), None),
        ],
        55..=62 => vec![answer("clarify", quick, Some("需求不明确，请说明验收标准"))],
        63..=72 => vec![answer(
            "reject",
            quick,
            Some(
                *rng.pick(&[
                    "库存不足，无法满足交期",
                    "price below the approved floor",
                    "定制需求超出产线能力",
                ])
                .unwrap_or(&"capacity"),
            ),
        )],
        73..=87 => vec![answer(
            "accept",
            submitted + rng.range(2 * HOUR + 60, 30 * HOUR),
            None,
        )],
        _ => Vec::new(),
    };
    out.retain(|r| r.at.unix_seconds() < month_end);
    out
}

fn fill(rng: &mut Rng, template: &str) -> String {
    template
        .replace("{d2}", &rng.range(0, 8).to_string())
        .replace("{dd}", &format!("{:02}", rng.range(3, 28)))
        .replace("{d}", &rng.range(3, 28).to_string())
        .replace("{n}", &(rng.range(1, 60) * 10).to_string())
        .replace(
            "{h}",
            &rng.pick(&[24, 48, 72]).copied().unwrap_or(72).to_string(),
        )
}

/// Free text and the verdict the generator intends: vague demands need clarification; concrete
/// ones, vague words with a deadline in the same clause, and negated urgency are fine.
fn text(rng: &mut Rng, english: bool) -> (String, &'static str) {
    let kind = rng.below(100);
    let pick = |rng: &mut Rng, zh: &[&str], en: &[&str]| -> String {
        let list = if english { en } else { zh };
        let t = rng.pick(list).copied().unwrap_or("");
        fill(rng, t)
    };
    match kind {
        0..=39 => (pick(rng, &VAGUE_ZH, &VAGUE_EN), "needs_clarification"),
        40..=74 => (pick(rng, &CONCRETE_ZH, &CONCRETE_EN), "ok"),
        75..=89 => (pick(rng, &SATISFIED_ZH, &SATISFIED_EN), "ok"),
        _ => (pick(rng, &NEGATED_ZH, &NEGATED_EN), "ok"),
    }
}
