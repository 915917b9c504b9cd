//! Workloads for every operation of the contract ([`salesrules::contract::OPERATIONS`]), built
//! from the sample month of `salesrules-examples` at a chosen size, and run through the typed
//! [`Engine`] methods; plus one golden request per operation for the generic JSON
//! [`Engine::call`].
//!
//! The `operations` bench times them; the tests below check that every operation in
//! `OPERATIONS` has both a typed workload and a JSON request, and that every workload runs
//! without an error, so a new operation without a bench fails `cargo test -p salesrules-benches`.

use salesrules::appeal::{AppealRequest, ResolveAppealRequest};
use salesrules::attribution::AttributeRequest;
use salesrules::audit::{
    AuditAppendRequest, AuditEntry, AuditEvent, AuditVerifyRequest, ChainHead,
};
use salesrules::{Engine, Error, Model, Policy};
use salesrules_examples::sample::daily::{self as daily_sample, Format};
use salesrules_examples::sample::governance as governance_sample;
use salesrules_examples::sample::{Month, Rng, Size, STANDARD_SEED};
use salesrules_examples::transparency::MonthRun;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The sizes benchmarked: a label and the number of deals of the sample month (1 %, 10 % and
/// 100 % of the standard month of 2,000 deals; leads, work orders and customers scale with it).
pub const SCALES: [(&str, usize); 3] = [("1pct", 20), ("10pct", 200), ("100pct", 2_000)];

/// Cases per invariant of the fairness audit at a size (its work does not depend on the month).
pub fn budget(deals: usize) -> u32 {
    match deals {
        0..=20 => 10,
        21..=200 => 50,
        _ => 200,
    }
}

/// The month of one scale (standard seed).
pub fn month(deals: usize) -> Month {
    Month::generate(STANDARD_SEED, Size::deals(deals))
}

type JobFn = Box<dyn Fn() -> Result<usize, Error> + Send + Sync>;

/// The work of a workload: `calls` engine calls per run.
struct Job {
    calls: usize,
    f: JobFn,
}

/// One benchmarked unit of work: an operation (a variant of it, e.g. a model or a calendar)
/// over `elements` items of the month.
pub struct Workload {
    /// The operation's name in the contract.
    pub op: &'static str,
    /// The variant (`default` when the operation has only one).
    pub variant: String,
    /// Items processed by one run (deals, leads, texts, rows, …), for `Throughput::Elements`.
    pub elements: u64,
    /// What the items are, for the README table.
    pub unit: &'static str,
    /// Engine calls made by one run (1 when the whole month goes in one request).
    pub calls: usize,
    job: JobFn,
}

impl std::fmt::Debug for Workload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workload")
            .field("op", &self.op)
            .field("variant", &self.variant)
            .field("elements", &self.elements)
            .field("unit", &self.unit)
            .field("calls", &self.calls)
            .finish_non_exhaustive()
    }
}

impl Workload {
    /// Run the work once; the number of engine calls made. Stops at the first call that
    /// fails (the bench checks every workload once before timing it).
    pub fn run(&self) -> Result<usize, Error> {
        (self.job)()
    }
}

fn bad(path: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid_request(path, e.to_string())
}

/// A typed request from its JSON form.
fn typed<R: DeserializeOwned>(what: &str, v: Value) -> Result<R, Error> {
    serde_json::from_value(v).map_err(|e| bad(what, e))
}

fn typed_all<R: DeserializeOwned>(what: &str, vs: Vec<Value>) -> Result<Vec<R>, Error> {
    vs.into_iter().map(|v| typed(what, v)).collect()
}

/// A job that calls `f` on every request in turn.
fn each<R, T, F>(engine: &Arc<Engine>, requests: Vec<R>, f: F) -> Job
where
    R: Send + Sync + 'static,
    F: Fn(&Engine, &R) -> Result<T, Error> + Send + Sync + 'static,
{
    let engine = Arc::clone(engine);
    Job {
        calls: requests.len(),
        f: Box::new(move || {
            for r in &requests {
                black_box(f(&engine, black_box(r))?);
            }
            Ok(requests.len())
        }),
    }
}

struct Builder {
    out: Vec<Workload>,
}

impl Builder {
    fn add(
        &mut self,
        op: &'static str,
        variant: &str,
        elements: usize,
        unit: &'static str,
        job: Job,
    ) {
        self.out.push(Workload {
            op,
            variant: variant.to_string(),
            elements: elements.max(1) as u64,
            unit,
            calls: job.calls,
            job: job.f,
        });
    }
}

/// The engine with both lead rules and the work-order window on the `cn_mainland` business
/// calendar (the "with calendars" variant of the escalation operations).
pub fn calendar_engine() -> Result<Engine, Error> {
    Policy::from_json(
        r#"{"escalation": {
            "lead": {"rules": [
                {"id": "first_contact", "until": "first_contact", "after": "4h",
                 "action": "remind_supervisor", "calendar": "cn_mainland"},
                {"id": "status_update", "until": "status_update", "after": "24h",
                 "action": "reassign", "calendar": "cn_mainland"}]},
            "work_order": {"answer_within": "2h", "calendar": "cn_mainland"}}}"#,
    )
    .and_then(Engine::new)
}

/// Every operation's workloads on `month` (`budget` scales the fairness audit's cases).
pub fn workloads(month: &Month, budget: u32) -> Result<Vec<Workload>, Error> {
    let engine = Arc::new(Engine::default());
    let calendar = Arc::new(calendar_engine()?);
    let mut b = Builder { out: Vec::new() };
    let requests = month.attribute_requests();
    let deals = requests.len();

    let owners: Vec<&str> = month.deals.iter().map(|d| d.owner.as_str()).collect();
    attribution(&mut b, &engine, &requests, &owners)?;
    escalation(&mut b, &engine, &calendar, month)?;
    semantic(&mut b, &engine, month)?;
    governance(&mut b, &engine, month)?;
    daily(&mut b, &engine, month)?;
    analytics(&mut b, &engine, month)?;

    // Reports over the month's deals.
    let heatmaps: Vec<Value> = requests
        .iter()
        .map(|r| {
            json!({"subject": r.deal.id, "contacts": r.contacts, "touches": r.touches,
                   "by": "week", "as_of": r.deal.closed_at, "svg": true})
        })
        .collect();
    b.add(
        "trace_heatmap",
        "default",
        deals,
        "deals",
        each(
            &engine,
            typed_all("heatmap", heatmaps)?,
            Engine::trace_heatmap,
        ),
    );
    let run = MonthRun::attribute(&engine, month)?;
    let report = run.report_request();
    b.add(
        "transparency_report",
        "default",
        deals,
        "deals",
        each(&engine, vec![report], Engine::transparency_report),
    );

    // The policy document (typed: the engine's policy serialised, as the `policy` call does).
    b.add(
        "policy",
        "serialise",
        1,
        "documents",
        each(&engine, vec![()], |e: &Engine, _: &()| {
            serde_json::to_string(e.policy()).map_err(|err| bad("policy", err))
        }),
    );
    let fairness: Value = json!({"seed": 1, "budget": budget});
    b.add(
        "audit_policy_fairness",
        "default",
        budget as usize,
        "cases per invariant",
        each(
            &engine,
            vec![typed("audit_policy_fairness", fairness)?],
            Engine::audit_policy_fairness,
        ),
    );
    Ok(b.out)
}

fn attribution(
    b: &mut Builder,
    engine: &Arc<Engine>,
    requests: &[AttributeRequest],
    owners: &[&str],
) -> Result<(), Error> {
    let deals = requests.len();
    for model in Model::ALL {
        let rs: Vec<AttributeRequest> = requests
            .iter()
            .map(|r| AttributeRequest {
                model: Some(model),
                ..r.clone()
            })
            .collect();
        b.add(
            "attribute",
            model.as_str(),
            deals,
            "deals",
            each(engine, rs, Engine::attribute),
        );
    }
    let influencers: Vec<Value> = requests
        .iter()
        .map(|r| {
            json!({"contacts": r.contacts, "touches": r.touches, "relations": r.relations,
                   "top": 5, "as_of": r.deal.closed_at})
        })
        .collect();
    b.add(
        "key_influencers",
        "default",
        deals,
        "deals",
        each(
            engine,
            typed_all("key_influencers", influencers)?,
            Engine::key_influencers,
        ),
    );
    // Would the deal's last rep be locked at close?
    let status: Vec<Value> = requests
        .iter()
        .map(|r| {
            let touches: Vec<Value> = r
                .touches
                .iter()
                .filter(|t| t.at <= r.deal.closed_at)
                .map(|t| json!({"rep": t.rep, "at": t.at}))
                .collect();
            let rep = r.touches.last().map(|t| t.rep.clone());
            json!({"customer_id": r.deal.customer_id, "touches": touches,
                   "handovers": r.handovers, "now": r.deal.closed_at, "rep": rep})
        })
        .collect();
    b.add(
        "handover_status",
        "default",
        deals,
        "deals",
        each(
            engine,
            typed_all("handover_status", status)?,
            Engine::handover_status,
        ),
    );
    // One appeal per deal: against the lock where the deal has one (accepted), else against the
    // share of the deal's owner (rejected).
    let mut filings = Vec::with_capacity(deals);
    let mut resolutions = Vec::with_capacity(deals);
    for (r, owner) in requests.iter().zip(owners) {
        let original = engine.attribute(r)?;
        let (against, rep, decision) = match original.locked.first() {
            Some(l) => ("lock", l.rep.clone(), "accepted"),
            None => ("share", owner.to_string(), "rejected"),
        };
        let filed_at = r.deal.closed_at.plus_seconds(2 * 86_400);
        let decided_at = r.deal.closed_at.plus_seconds(5 * 86_400);
        let filing = json!({
            "deal_id": r.deal.id, "rep": rep, "against": against,
            "reason": "the previous rep introduced me at the quarterly review",
            "evidence": [{"kind": "meeting_minutes", "reference": "quarterly review minutes, item 4"}],
            "filed_at": filed_at,
        });
        filings.push(json!({"appeal": filing}));
        resolutions.push(json!({
            "appeal": filing,
            "resolution": {"decision": decision, "by": "sales committee", "at": decided_at,
                           "note": "minutes checked"},
            "attribution": r,
        }));
    }
    let filings: Vec<AppealRequest> = typed_all("appeal", filings)?;
    let resolutions: Vec<ResolveAppealRequest> = typed_all("resolve_appeal", resolutions)?;
    b.add(
        "appeal",
        "default",
        deals,
        "appeals",
        each(engine, filings, Engine::appeal),
    );
    b.add(
        "resolve_appeal",
        "default",
        deals,
        "appeals",
        each(engine, resolutions, Engine::resolve_appeal),
    );
    Ok(())
}

fn escalation(
    b: &mut Builder,
    engine: &Arc<Engine>,
    calendar: &Arc<Engine>,
    month: &Month,
) -> Result<(), Error> {
    let leads = month.leads.len();
    let orders = month.work_orders.len();
    let lead_requests: Vec<Value> = month
        .leads
        .iter()
        .map(|l| {
            let mut lead = json!(l.lead);
            lead["profile"] = json!({"company": l.company, "source": l.source});
            json!({"lead": lead, "now": month.ends_at})
        })
        .collect();
    let order_requests: Vec<Value> = month
        .work_orders
        .iter()
        .map(|w| json!({"order": w.order, "now": month.ends_at}))
        .collect();
    for (variant, e) in [("wall_clock", engine), ("cn_mainland_calendar", calendar)] {
        b.add(
            "lead_escalation",
            variant,
            leads,
            "leads",
            each(
                e,
                typed_all("lead_escalation", lead_requests.clone())?,
                Engine::lead_escalation,
            ),
        );
        b.add(
            "work_order_escalation",
            variant,
            orders,
            "work orders",
            each(
                e,
                typed_all("work_order_escalation", order_requests.clone())?,
                Engine::work_order_escalation,
            ),
        );
    }
    let region: BTreeMap<&str, &str> = month
        .teams
        .iter()
        .map(|t| (t.id.as_str(), t.region.as_str()))
        .collect();
    let generate: Vec<Value> = month
        .leads
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let date: String = l.lead.assigned_at.to_string().chars().take(10).collect();
            json!({"prefix": "L", "date": date,
                   "region": region.get(l.team.as_str()).copied().unwrap_or("SH"),
                   "sequence": i % 999 + 1})
        })
        .collect();
    b.add(
        "generate_tracking_code",
        "default",
        leads,
        "codes",
        each(
            engine,
            typed_all("generate_tracking_code", generate)?,
            Engine::generate_tracking_code,
        ),
    );
    let parse: Vec<Value> = month
        .leads
        .iter()
        .map(|l| json!({"code": l.lead.id}))
        .collect();
    b.add(
        "parse_tracking_code",
        "default",
        leads,
        "codes",
        each(
            engine,
            typed_all("parse_tracking_code", parse)?,
            Engine::parse_tracking_code,
        ),
    );
    let health_leads: Vec<Value> = month
        .leads
        .iter()
        .map(|l| {
            json!({"id": l.lead.id, "team": l.team, "assigned_at": l.lead.assigned_at,
                   "events": l.lead.events})
        })
        .collect();
    let health = json!({"month": month.period, "as_of": month.ends_at, "leads": health_leads});
    b.add(
        "lead_health_report",
        "default",
        leads,
        "leads",
        each(
            engine,
            vec![typed("lead_health_report", health)?],
            Engine::lead_health_report,
        ),
    );
    Ok(())
}

fn semantic(b: &mut Builder, engine: &Arc<Engine>, month: &Month) -> Result<(), Error> {
    let orders = month.work_orders.len();
    let day = |w: &salesrules_examples::sample::WorkOrderRecord| -> String {
        w.order.submitted_at.to_string().chars().take(10).collect()
    };
    let texts: Vec<Value> = month
        .work_orders
        .iter()
        .map(|w| json!({"text": w.text, "reference_date": day(w)}))
        .collect();
    b.add(
        "check_text",
        "default",
        orders,
        "texts",
        each(engine, typed_all("check_text", texts)?, Engine::check_text),
    );
    let validate: Vec<_> = month
        .work_orders
        .iter()
        .map(salesrules_examples::work_orders::request)
        .collect();
    b.add(
        "validate_work_order",
        "default",
        orders,
        "work orders",
        each(engine, validate, Engine::validate_work_order),
    );
    let mails: Vec<Value> = month
        .work_orders
        .iter()
        .map(|w| json!({"subject": format!("工单 {} / work order", w.order.id), "body": w.text}))
        .collect();
    b.add(
        "triage_email",
        "default",
        orders,
        "mails",
        each(
            engine,
            typed_all("triage_email", mails)?,
            Engine::triage_email,
        ),
    );
    Ok(())
}

/// A mainland mobile number of the right shape, derived from `i`.
fn phone(i: usize) -> String {
    format!("138{:08}", (i as u64).wrapping_mul(7_919) % 100_000_000)
}

fn governance(b: &mut Builder, engine: &Arc<Engine>, month: &Month) -> Result<(), Error> {
    let customers = month.customers.len();
    // mask_record: one CRM record per customer, viewed from a public network.
    let records: Vec<Value> = month
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let contact = c.contacts.first().map(|p| p.id.clone()).unwrap_or_default();
            json!({
                "fields": {
                    "name": c.name, "contact": contact, "phone": phone(i),
                    "email": format!("buyer{i}@example.com"),
                    "bank_account": format!("6222 0210 {:04} {:04} 123", i % 10_000, (i * 31) % 10_000),
                    "notes": format!("owner {} · deliver 20 units by 2026-03-05, call {}", c.owner, phone(i + 1)),
                },
                "context": {"network": "public"},
            })
        })
        .collect();
    b.add(
        "mask_record",
        "default",
        customers,
        "records",
        each(
            engine,
            typed_all("mask_record", records)?,
            Engine::mask_record,
        ),
    );
    // audit_append / audit_verify: one `view` of the customer by the deal's owner per deal.
    let mut events: Vec<Value> = month
        .deals
        .iter()
        .map(|d| {
            json!({"actor": d.owner, "action": "view",
                   "customer_id": d.deal.customer_id, "fields": ["phone", "email"],
                   "at": d.deal.closed_at.to_string()})
        })
        .collect();
    events.sort_by(|a, b| a["at"].as_str().cmp(&b["at"].as_str()));
    let entries: Vec<AuditEvent> = typed_all("audit event", events)?;
    let append = |engine: &Engine, entries: &[AuditEvent]| -> Result<Vec<AuditEntry>, Error> {
        let mut chain: Vec<AuditEntry> = Vec::with_capacity(entries.len());
        for entry in entries {
            let request = AuditAppendRequest {
                head: chain.last().map(|h| ChainHead {
                    seq: h.seq,
                    hash: h.hash.clone(),
                }),
                entry: entry.clone(),
            };
            chain.push(engine.audit_append(black_box(&request))?.entry);
        }
        Ok(chain)
    };
    let chain = append(engine, &entries)?;
    let n = entries.len();
    b.add(
        "audit_append",
        "chain",
        n,
        "entries",
        Job {
            calls: n,
            f: Box::new({
                let engine = Arc::clone(engine);
                move || append(&engine, &entries).map(|c| c.len())
            }),
        },
    );
    b.add(
        "audit_verify",
        "default",
        n,
        "entries",
        each(
            engine,
            vec![AuditVerifyRequest { chain, after: None }],
            Engine::audit_verify,
        ),
    );
    // merge_offline: the owner edited the record offline while the back office changed it.
    let merges: Vec<Value> = month
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let base = json!({"name": c.name, "owner": c.owner, "phone": phone(i), "grade": "B"});
            let mut local = base.clone();
            local["phone"] = json!(phone(i + 7));
            local["grade"] = json!(if i % 3 == 0 { "A" } else { "B" });
            let mut remote = base.clone();
            remote["owner"] = json!("rep-000");
            if i % 3 == 0 {
                remote["grade"] = json!("C");
            }
            json!({"record_id": c.id, "base": {"fields": base},
                   "local": {"fields": local}, "remote": {"fields": remote}})
        })
        .collect();
    b.add(
        "merge_offline",
        "default",
        customers,
        "records",
        each(
            engine,
            typed_all("merge_offline", merges)?,
            Engine::merge_offline,
        ),
    );
    // cache_plan: every customer with the month's touches on it as accesses.
    let mut accesses: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for d in &month.deals {
        if let Some(c) = d.deal.customer_id.as_deref() {
            accesses
                .entry(c)
                .or_default()
                .extend(d.touches.iter().map(|t| json!(t.at)));
        }
    }
    let cached: Vec<Value> = month
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({"id": c.id, "record_bytes": 2_000 + 300 * c.contacts.len(),
                   "accesses": accesses.get(c.id.as_str()).cloned().unwrap_or_default(),
                   "attachments": [{"id": format!("{}-contract.pdf", c.id), "bytes": 200_000 + (i % 7) * 50_000}]})
        })
        .collect();
    let plan = json!({"as_of": month.ends_at, "customers": cached});
    b.add(
        "cache_plan",
        "default",
        customers,
        "customers",
        each(engine, vec![typed("cache_plan", plan)?], Engine::cache_plan),
    );
    // churn_risk and service_events on the sample's governance data.
    let sample = governance_sample::generate(month);
    let churn = json!({"customers": sample.signals, "limit": 8});
    b.add(
        "churn_risk",
        "default",
        customers,
        "customers",
        each(
            engine,
            vec![typed("churn_risk", churn)?],
            Engine::churn_risk,
        ),
    );
    let accounts: Vec<Value> = month
        .customers
        .iter()
        .map(|c| {
            let supervisor = month.team(&c.team).map(|t| t.supervisor.clone());
            json!({"customer_id": c.id, "owner": c.owner,
                   "escalate_to": supervisor.into_iter().collect::<Vec<_>>()})
        })
        .collect();
    let service = json!({"accounts": accounts, "complaints": sample.complaints});
    b.add(
        "service_events",
        "default",
        customers,
        "accounts",
        each(
            engine,
            vec![typed("service_events", service)?],
            Engine::service_events,
        ),
    );
    Ok(())
}

fn daily(b: &mut Builder, engine: &Arc<Engine>, month: &Month) -> Result<(), Error> {
    // The daily sample is one file per team for the whole month (120 reps at every size): keep
    // the same share of its rows and reps as the month's share of the standard 2,000 deals.
    let share = |n: usize| (n * month.deals.len()).div_ceil(2_000).clamp(1, n.max(1));
    let sample = daily_sample::generate(month);
    let mut sheets = Vec::new();
    let mut rows = 0;
    for f in &sample.files {
        let bytes = f.bytes().map_err(|e| bad("daily file", e))?;
        let parsed = match f.format {
            Format::Xlsx => salesrules::daily_report::sheets_from_xlsx(&f.name, &bytes)?,
            Format::Csv => salesrules::daily_report::sheets_from_csv(&f.name, &bytes)?,
        };
        for mut s in parsed {
            let keep = share(s.rows.len().saturating_sub(1)) + 1;
            s.rows.truncate(keep);
            rows += keep - 1;
            sheets.push(s);
        }
    }
    let import = salesrules::daily_report::ImportDailyReportsRequest {
        sheets,
        master_data: BTreeMap::from([
            ("customers".to_string(), sample.customers.clone()),
            ("reps".to_string(), sample.reps.clone()),
        ]),
    };
    b.add(
        "import_daily_reports",
        "default",
        rows,
        "rows",
        each(engine, vec![import], Engine::import_daily_reports),
    );
    let roster: Vec<_> = sample
        .roster
        .iter()
        .take(share(sample.roster.len()))
        .cloned()
        .collect();
    let submissions: Vec<_> = sample
        .submissions
        .iter()
        .filter(|s| roster.iter().any(|r| r.rep == s.rep))
        .cloned()
        .collect();
    let n = submissions.len();
    let progress = salesrules::daily_report::DailyReportProgressRequest {
        month: month.period.clone(),
        as_of: month.ends_at,
        roster,
        submissions,
        reminder_date: Some(format!("{}-31", month.period)),
    };
    b.add(
        "daily_report_progress",
        "default",
        n,
        "submissions",
        each(engine, vec![progress], Engine::daily_report_progress),
    );
    // rebate: one dealer per customer, volumes around the targets' tier boundaries.
    let dealers: Vec<Value> = month
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut rng = Rng::derive(month.seed, "bench-rebate", i as u64);
            let target = 200_000 + rng.below(30) * 100_000;
            let volume = target * (60 + rng.below(90)) / 100;
            let flags: Vec<&str> = if rng.chance(50) {
                vec!["price_violation"]
            } else {
                vec![]
            };
            json!({"dealer": format!("DL-{}", c.id), "quarter": "2026-Q1",
                   "volume": format!("{volume}.00"), "target": format!("{target}.00"),
                   "collection_rate": format!("0.{}", 70 + rng.below(30)),
                   "marketing_spend": format!("{}.00", rng.below(40_000)),
                   "compliance_flags": flags})
        })
        .collect();
    let n = dealers.len();
    b.add(
        "rebate",
        "default",
        n,
        "dealers",
        each(engine, typed_all("rebate", dealers)?, Engine::rebate),
    );
    Ok(())
}

fn analytics(b: &mut Builder, engine: &Arc<Engine>, month: &Month) -> Result<(), Error> {
    let cny: Vec<_> = month
        .deals
        .iter()
        .filter(|d| d.deal.currency == "CNY")
        .collect();
    // markov_attribution: the busiest team's CNY deals as converted journeys, as the month job
    // does (the whole month's reps exceed `analytics.markov.max_reps`).
    let mut per_team: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &cny {
        *per_team.entry(d.team.as_str()).or_default() += 1;
    }
    let busiest = per_team
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(t, _)| t.to_string())
        .unwrap_or_default();
    let journeys: Vec<Value> = cny
        .iter()
        .filter(|d| d.team == busiest)
        .map(|d| {
            let touches: Vec<Value> = d
                .touches
                .iter()
                .filter(|t| t.at <= d.deal.closed_at)
                .map(|t| json!({"rep": t.rep, "at": t.at}))
                .collect();
            json!({"deal_id": d.deal.id, "converted": true, "amount": d.deal.amount,
                   "touches": touches})
        })
        .collect();
    let journey_count = journeys.len();
    let markov = json!({"currency": "CNY", "journeys": journeys});
    b.add(
        "markov_attribution",
        "busiest_team",
        journey_count,
        "journeys",
        each(
            engine,
            vec![typed("markov_attribution", markov)?],
            Engine::markov_attribution,
        ),
    );
    // drill_down: every CNY deal, team → owner, by contract value.
    let facts: Vec<Value> = cny
        .iter()
        .map(|d| {
            json!({"id": d.deal.id, "dims": {"team": d.team, "owner": d.owner},
                   "contract_value": d.deal.amount})
        })
        .collect();
    let n = facts.len();
    let drill = json!({"currency": "CNY", "levels": ["team", "owner"],
                       "basis": "contract_value", "facts": facts});
    b.add(
        "drill_down",
        "default",
        n,
        "facts",
        each(
            engine,
            vec![typed("drill_down", drill)?],
            Engine::drill_down,
        ),
    );
    // detect_anomalies: one renewal-rate reading per customer with its service signals.
    let readings: Vec<Value> = month
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut rng = Rng::derive(month.seed, "bench-anomalies", i as u64);
            json!({"metric": "renewal_rate", "scope": c.id,
                   "value": format!("0.{:02}", 50 + rng.below(50)),
                   "signals": {
                       "service_ticket_growth_3m": format!("0.{:02}", rng.below(60)),
                       "key_contact_changes": rng.below(3).to_string(),
                       "contract_revision_frequency": rng.below(4).to_string()}})
        })
        .collect();
    let n = readings.len();
    let anomalies = json!({"metrics": readings});
    b.add(
        "detect_anomalies",
        "default",
        n,
        "readings",
        each(
            engine,
            vec![typed("detect_anomalies", anomalies)?],
            Engine::detect_anomalies,
        ),
    );
    // compare_periods: per-customer deal counts, touches and CNY value, first half of the month
    // against the second.
    let mid = month.starts_at.unix_seconds() + 15 * 86_400;
    let mut halves: [BTreeMap<String, Value>; 2] = [BTreeMap::new(), BTreeMap::new()];
    let mut money: [BTreeMap<String, Value>; 2] = [BTreeMap::new(), BTreeMap::new()];
    let mut counts: BTreeMap<(usize, String), (u64, u64)> = BTreeMap::new();
    let mut value: BTreeMap<(usize, String), i128> = BTreeMap::new();
    for d in &month.deals {
        let half = usize::from(d.deal.closed_at.unix_seconds() >= mid);
        let c = d.deal.customer_id.clone().unwrap_or_default();
        let e = counts.entry((half, c.clone())).or_default();
        e.0 += 1;
        e.1 += d.touches.len() as u64;
        if d.deal.currency == "CNY" {
            let cents = d
                .deal
                .amount
                .to_string()
                .replace('.', "")
                .parse::<i128>()
                .unwrap_or(0);
            *value.entry((half, c)).or_default() += cents;
        }
    }
    for ((half, c), (n, t)) in counts {
        if let Some(h) = halves.get_mut(half) {
            h.insert(format!("deals.{c}"), json!(n.to_string()));
            h.insert(format!("touches.{c}"), json!(t.to_string()));
        }
    }
    for ((half, c), cents) in value {
        if let Some(m) = money.get_mut(half) {
            m.insert(
                format!("value.{c}"),
                json!({"contract_value": format!("{}.{:02}", cents / 100, cents % 100)}),
            );
        }
    }
    let [first, second] = halves;
    let [first_money, second_money] = money;
    let fields = first.len() + second.len() + first_money.len() + second_money.len();
    let compare = json!({
        "previous": {"label": "1-15", "fields": first, "money": first_money},
        "current": {"label": "16-31", "fields": second, "money": second_money},
        "currency": "CNY", "basis": "contract_value",
    });
    b.add(
        "compare_periods",
        "default",
        fields,
        "fields",
        each(
            engine,
            vec![typed("compare_periods", compare)?],
            Engine::compare_periods,
        ),
    );
    // match_leads: the month's leads against the customers of the busiest owner's deals.
    let region: BTreeMap<&str, &str> = month
        .teams
        .iter()
        .map(|t| (t.id.as_str(), t.region.as_str()))
        .collect();
    const INDUSTRIES: [&str; 5] = ["auto", "retail", "energy", "telecom", "healthcare"];
    let features = |stream: &str, i: usize, team: &str, source: &str| {
        let mut rng = Rng::derive(month.seed, stream, i as u64);
        json!({"industry": INDUSTRIES.get(rng.index(INDUSTRIES.len())).copied().unwrap_or("auto"),
               "region": region.get(team).copied().unwrap_or("SH"),
               "employees": 50 + rng.below(2_000), "source": source})
    };
    let mut by_owner: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &month.deals {
        *by_owner.entry(d.owner.as_str()).or_default() += 1;
    }
    let rep = by_owner
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(r, _)| r.to_string())
        .unwrap_or_default();
    let won: Vec<Value> = month
        .deals
        .iter()
        .enumerate()
        .filter(|(_, d)| d.owner == rep)
        .map(|(i, d)| {
            json!({"id": d.deal.id, "features": features("bench-won", i, &d.team, "referral")})
        })
        .collect();
    let leads: Vec<Value> = month
        .leads
        .iter()
        .enumerate()
        .map(|(i, l)| json!({"id": l.lead.id, "features": features("bench-lead", i, &l.team, &l.source)}))
        .collect();
    let n = leads.len();
    let matching = json!({"rep": rep, "won": won, "leads": leads});
    b.add(
        "match_leads",
        "default",
        n,
        "leads",
        each(
            engine,
            vec![typed("match_leads", matching)?],
            Engine::match_leads,
        ),
    );
    Ok(())
}

/// One request per operation for the JSON [`Engine::call`]: the first golden case of the
/// operation (in path order) that expects a response, with the engine of its policy. `policy`
/// has no such case (its golden cases are the malformed ones), so it gets `{}`.
#[derive(Debug)]
pub struct JsonCall {
    /// The operation.
    pub op: String,
    /// The golden file the request comes from.
    pub source: PathBuf,
    /// The engine of the case's policy (default when the case has none).
    pub engine: Engine,
    /// The request text.
    pub request: String,
}

fn golden_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            golden_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

/// The repository's `golden/` folder.
pub fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden")
}

/// The first successful golden request of every operation that has one (and `{}` for `policy`).
pub fn json_calls() -> Result<Vec<JsonCall>, Error> {
    let mut files = Vec::new();
    golden_files(&golden_dir(), &mut files);
    let mut out: Vec<JsonCall> = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|e| bad("golden", e))?;
        let case: Value = serde_json::from_str(&text).map_err(|e| bad("golden", e))?;
        let Some(op) = case["op"].as_str() else {
            continue;
        };
        if case["expect"].get("response").is_none() || out.iter().any(|c| c.op == op) {
            continue;
        }
        let engine = match case.get("policy") {
            None | Some(Value::Null) => Engine::default(),
            Some(p) => Engine::new(Policy::from_json(&p.to_string())?)?,
        };
        out.push(JsonCall {
            op: op.to_string(),
            source: path,
            engine,
            request: case["request"].to_string(),
        });
    }
    if !out.iter().any(|c| c.op == "policy") {
        out.push(JsonCall {
            op: "policy".into(),
            source: PathBuf::new(),
            engine: Engine::default(),
            request: "{}".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use salesrules::contract::OPERATIONS;
    use std::collections::BTreeSet;

    #[test]
    fn every_operation_has_a_typed_workload_and_each_runs_without_error() {
        let workloads = workloads(&month(20), 5).unwrap_or_else(|e| unreachable!("{e}"));
        let benched: BTreeSet<&str> = workloads.iter().map(|w| w.op).collect();
        let listed: BTreeSet<&str> = OPERATIONS.iter().copied().collect();
        assert_eq!(
            benched, listed,
            "every operation in OPERATIONS needs a workload in benches/src/ops.rs"
        );
        let failed: Vec<String> = workloads
            .iter()
            .filter_map(|w| match w.run() {
                Ok(calls) if calls >= 1 && w.elements >= 1 => None,
                Ok(_) => Some(format!("{} {}: no call", w.op, w.variant)),
                Err(e) => Some(format!("{} {}: {e}", w.op, w.variant)),
            })
            .collect();
        assert!(failed.is_empty(), "{failed:#?}");
        // Both calendar variants of the escalations, and every attribution model.
        for op in ["lead_escalation", "work_order_escalation"] {
            let variants: BTreeSet<&str> = workloads
                .iter()
                .filter(|w| w.op == op)
                .map(|w| w.variant.as_str())
                .collect();
            assert_eq!(
                variants,
                BTreeSet::from(["cn_mainland_calendar", "wall_clock"])
            );
        }
        let models = workloads.iter().filter(|w| w.op == "attribute").count();
        assert_eq!(models, Model::ALL.len());
    }

    #[test]
    fn every_operation_has_a_json_call_that_succeeds() {
        let calls = json_calls().unwrap_or_else(|e| unreachable!("{e}"));
        let called: BTreeSet<&str> = calls.iter().map(|c| c.op.as_str()).collect();
        let listed: BTreeSet<&str> = OPERATIONS.iter().copied().collect();
        assert_eq!(called, listed);
        for c in &calls {
            let answer = c.engine.call(&c.op, &c.request);
            assert!(
                answer.is_ok(),
                "{} ({}): {answer:?}",
                c.op,
                c.source.display()
            );
        }
    }

    #[test]
    fn workloads_scale_with_the_month() {
        let small = workloads(&month(20), 5).unwrap_or_else(|e| unreachable!("{e}"));
        let large = workloads(&month(200), 50).unwrap_or_else(|e| unreachable!("{e}"));
        let failed: Vec<String> = large
            .iter()
            .filter_map(|w| {
                w.run()
                    .err()
                    .map(|e| format!("{} {}: {e}", w.op, w.variant))
            })
            .collect();
        assert!(failed.is_empty(), "{failed:#?}");
        let elements =
            |ws: &[Workload], op: &str| ws.iter().find(|w| w.op == op).map_or(0, |w| w.elements);
        for op in [
            "attribute",
            "lead_escalation",
            "import_daily_reports",
            "cache_plan",
        ] {
            assert!(
                elements(&large, op) > elements(&small, op),
                "{op}: {} vs {}",
                elements(&large, op),
                elements(&small, op)
            );
        }
    }
}
