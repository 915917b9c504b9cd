//! A deterministic synthetic month of a sales organisation: teams, reps, customers with their
//! decision-makers, 2,000 deals with ~40,000 touches, silent gaps with and without handover
//! confirmations, leads with response events, and work orders with free text.
//!
//! ```
//! use salesrules_examples::sample::{Month, Size};
//! let a = Month::generate(7, Size::deals(20));
//! let b = Month::generate(7, Size::deals(20));
//! assert_eq!(a, b);
//! assert_eq!(a.attribute_requests().len(), 20);
//! ```
//!
//! Everything is drawn from a seeded SplitMix64 with integer arithmetic only, so a seed gives
//! byte-identical JSON on every platform.

mod clock;
pub mod daily;
mod deals;
pub mod governance;
mod leads;
mod names;
mod org;
mod rng;

pub use clock::{rfc3339, shanghai};
pub use rng::Rng;

use salesrules::attribution::{AttributeRequest, Contact, Deal, Handover, Relation, Touch};
use salesrules::time::Instant;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The seed of the standard month that the month job and the `sample` tool use by default.
pub const STANDARD_SEED: u64 = 20_260_301;

/// How big a month to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Size {
    /// Sales reps (spread over the 8 teams; at least 2 per team).
    pub reps: usize,
    /// Deals closed in the month.
    pub deals: usize,
    /// Average touches per deal (each deal gets this ± 8).
    pub touches_per_deal: usize,
    /// Leads assigned in the month.
    pub leads: usize,
    /// Work orders submitted in the month.
    pub work_orders: usize,
}

impl Size {
    /// The standard month: 120 reps in 8 teams, 2,000 deals, ≈40,000 touches, 800 leads,
    /// 300 work orders.
    pub const fn month() -> Size {
        Size {
            reps: 120,
            deals: 2_000,
            touches_per_deal: 20,
            leads: 800,
            work_orders: 300,
        }
    }

    /// A month with `n` deals (≈20 touches each), for benchmarks; leads and work orders scale
    /// with the deals, the organisation stays at 120 reps.
    pub const fn deals(n: usize) -> Size {
        Size {
            deals: n,
            leads: n * 2 / 5,
            work_orders: n * 3 / 20,
            ..Size::month()
        }
    }
}

impl Default for Size {
    fn default() -> Self {
        Size::month()
    }
}

/// A sales team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    /// Team id, e.g. `east`.
    pub id: String,
    /// English name.
    pub name: String,
    /// Chinese name.
    pub name_zh: String,
    /// Region code used in tracking codes, e.g. `SH`.
    pub region: String,
    /// Rep id of the team's supervisor (销售主管), who also sells.
    pub supervisor: String,
    /// Rep ids of the members, supervisor included.
    pub members: Vec<String>,
}

/// A sales rep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rep {
    /// Rep id, e.g. `rep-017`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Team id.
    pub team: String,
    /// `supervisor`, `account_manager` or `presales` (solution engineer who runs demos).
    pub position: String,
    /// Backup rep (same team), who takes over reassigned leads.
    pub backup: String,
}

/// A customer with its decision-makers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    /// Customer id, e.g. `C-0042`.
    pub id: String,
    /// Company name.
    pub name: String,
    /// Team that owns the account.
    pub team: String,
    /// Current account owner (rep id).
    pub owner: String,
    /// Currency the customer buys in.
    pub currency: String,
    /// Contacts with roles (3–6).
    pub contacts: Vec<Contact>,
    /// `reports_to` and `influences` relations between the contacts.
    pub relations: Vec<Relation>,
}

/// A silent period in a deal's history, as the generator made it (ground truth for tests).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SilentGap {
    /// Rep of the last touch before the gap.
    pub previous_rep: String,
    /// Rep who picked the account up after the gap.
    pub new_rep: String,
    /// Last touch before the gap.
    pub from: Instant,
    /// First touch after the gap.
    pub to: Instant,
    /// `confirmed` (handover before close), `late` (handover after close) or `none`.
    pub handover: String,
}

/// A deal closed in the month, with the touches on its customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealRecord {
    /// The deal as the engine sees it.
    pub deal: Deal,
    /// Team that booked the deal.
    pub team: String,
    /// Rep who owns the deal in the CRM.
    pub owner: String,
    /// Touches on the customer's contacts.
    pub touches: Vec<Touch>,
    /// Handover confirmations on the customer.
    pub handovers: Vec<Handover>,
    /// The silent gap in the history, if the generator made one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub silent_gap: Option<SilentGap>,
}

/// Leads and their events are the `lead_escalation` contract's own types, so the sample month
/// feeds the engine without a second copy of their shape.
pub use salesrules::escalation::lead::{Lead, LeadEvent};
pub use salesrules::escalation::policy::LeadEventKind;

/// A lead with the context a report needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadRecord {
    /// Team id.
    pub team: String,
    /// Prospect company name.
    pub company: String,
    /// Where it came from.
    pub source: String,
    /// The lead.
    pub lead: Lead,
}

/// A department head's answer to a work order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkOrderResponse {
    /// `accept`, `clarify` or `reject`.
    pub decision: String,
    /// When.
    pub at: Instant,
    /// Who.
    pub by: String,
    /// Reason (rejections and clarification requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A work order in the shape of the `work_order_escalation` contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkOrder {
    /// Tracking code, e.g. `W-20260305-SH012`.
    pub id: String,
    /// When sales submitted it.
    pub submitted_at: Instant,
    /// Receiving department head.
    pub assignee: String,
    /// Who it escalates to.
    pub escalate_to: String,
    /// Answers, in time order.
    pub responses: Vec<WorkOrderResponse>,
}

/// A work order with its seven structured fields (SPEC 2D; some left empty, as in the field)
/// and the sales rep's free text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkOrderRecord {
    /// Team of the submitting rep.
    pub team: String,
    /// Submitting rep.
    pub submitted_by: String,
    /// Customer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// `delivery`, `price`, `customization` or `after_sales`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand_type: Option<String>,
    /// `single_order`, `whole_category` or `long_term_cooperation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_scope: Option<String>,
    /// Sales' estimate: `feasible`, `needs_evaluation`, `not_feasible`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical_feasibility: Option<String>,
    /// `low`, `medium`, `high`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_risk: Option<String>,
    /// Expected close time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_close: Option<Instant>,
    /// Related historical order ids.
    pub related_orders: Vec<String>,
    /// Free text (Chinese or English).
    pub text: String,
    /// What the generator meant the text to be: `ok` or `needs_clarification`.
    pub intended_verdict: String,
    /// The order.
    pub order: WorkOrder,
}

/// A synthetic month of a sales organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Month {
    /// The seed it was generated from.
    pub seed: u64,
    /// The size it was generated with.
    pub size: Size,
    /// `2026-03`.
    pub period: String,
    /// `Asia/Shanghai`.
    pub time_zone: String,
    /// First instant of the month.
    pub starts_at: Instant,
    /// First instant after the month ("now" for month-end reports).
    pub ends_at: Instant,
    /// Teams.
    pub teams: Vec<Team>,
    /// Reps, by id.
    pub reps: Vec<Rep>,
    /// Customers, by id.
    pub customers: Vec<Customer>,
    /// Deals closed in the month, by id.
    pub deals: Vec<DealRecord>,
    /// Leads assigned in the month, by assignment time.
    pub leads: Vec<LeadRecord>,
    /// Work orders submitted in the month, by submission time.
    pub work_orders: Vec<WorkOrderRecord>,
}

/// The month the generator writes: March 2026 in Shanghai.
const YEAR: i64 = 2026;
const MONTH: i64 = 3;

impl Month {
    /// Generate a month from a seed. Same seed and size ⇒ identical month.
    pub fn generate(seed: u64, size: Size) -> Month {
        let starts = clock::shanghai(YEAR, MONTH, 1, 0, 0);
        let ends = clock::shanghai(YEAR, MONTH + 1, 1, 0, 0);
        let org = org::organisation(seed, size.reps);
        let customers = org::customers(seed, &org, customer_count(size.deals));
        let deals = deals::deals(seed, &org, &customers, size, (starts, ends));
        let leads = leads::leads(seed, &org, size.leads, (starts, ends));
        let work_orders =
            leads::work_orders(seed, &org, &customers, size.work_orders, (starts, ends));
        Month {
            seed,
            size,
            period: format!("{YEAR:04}-{MONTH:02}"),
            time_zone: "Asia/Shanghai".into(),
            starts_at: clock::instant(starts),
            ends_at: clock::instant(ends),
            teams: org.teams,
            reps: org.reps,
            customers,
            deals,
            leads,
            work_orders,
        }
    }

    /// One `attribute` request per deal (role-weighted by default), in deal order.
    pub fn attribute_requests(&self) -> Vec<AttributeRequest> {
        let customers: HashMap<&str, &Customer> =
            self.customers.iter().map(|c| (c.id.as_str(), c)).collect();
        self.deals
            .iter()
            .map(|d| {
                let customer = d
                    .deal
                    .customer_id
                    .as_deref()
                    .and_then(|id| customers.get(id));
                AttributeRequest {
                    deal: d.deal.clone(),
                    contacts: customer.map(|c| c.contacts.clone()).unwrap_or_default(),
                    touches: d.touches.clone(),
                    handovers: d.handovers.clone(),
                    relations: customer.map(|c| c.relations.clone()).unwrap_or_default(),
                    model: None,
                    explain: true,
                    lock_releases: Vec::new(),
                }
            })
            .collect()
    }

    /// Number of touches over all deals.
    pub fn touch_count(&self) -> usize {
        self.deals.iter().map(|d| d.touches.len()).sum()
    }

    /// The rep with this id.
    pub fn rep(&self, id: &str) -> Option<&Rep> {
        self.reps
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .and_then(|i| self.reps.get(i))
    }

    /// The customer with this id.
    pub fn customer(&self, id: &str) -> Option<&Customer> {
        self.customers
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
            .and_then(|i| self.customers.get(i))
    }

    /// The team with this id.
    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }
}

/// Most customers close one deal a month; about one in five closes a second one.
fn customer_count(deals: usize) -> usize {
    (deals * 4).div_ceil(5).max(1)
}
