//! The month's transparency report (SPEC 2A): every deal attributed, the top N by amount with
//! the full logic chain, a one-line "who got what and why" per rep, key influencers and the
//! trace heatmap; per-rep totals; every lock with its appeal. Returned as data, and on request
//! as Markdown and self-contained HTML.
//!
//! Amounts are never converted between currencies: totals are per currency, and the top list
//! ranks the deals of one currency (the request's `currency`, else the currency with the most
//! deals, ties by code).

use super::heatmap::{self, HeatmapAxis, TraceHeatmapResponse};
use super::markup::percent;
use super::{CustomerInfo, RepInfo};
use crate::appeal::{AppealFiling, AppealRecord, AppealTarget, Change, Decision, Resolution};
use crate::attribution::{AttributeRequest, AttributeResponse, LockRelease, Step};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::graph::{Influencer, KeyInfluencersRequest};
use crate::time::Instant;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// A rendering of the report besides the JSON data (always returned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained HTML document (inline CSS and SVG, no scripts, nothing fetched).
    Html,
}

/// An appeal to show in the report: open (no resolution) or decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportAppeal {
    /// The appeal as filed.
    pub appeal: AppealFiling,
    /// The decision, once made; a decided appeal re-runs the deal's attribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
}

/// Request of the `transparency_report` operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransparencyReportRequest {
    /// The period's label, e.g. `2026-03` (shown as given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The month's deals, each as an `attribute` request (explanations are always produced).
    pub deals: Vec<AttributeRequest>,
    /// Appeals against locks or shares of these deals, open or decided, in filing order.
    #[serde(default)]
    pub appeals: Vec<ReportAppeal>,
    /// Display names and teams of reps (optional); every rep listed here is in the per-rep
    /// totals, even with nothing credited.
    #[serde(default)]
    pub reps: Vec<RepInfo>,
    /// Display names of customers (optional).
    #[serde(default)]
    pub customers: Vec<CustomerInfo>,
    /// How many deals to show in full (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<usize>,
    /// The currency whose deals are ranked; default: the currency with the most deals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Key influencers per top deal (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub influencers: Option<usize>,
    /// Heatmap columns of the top deals: `stage` (default) or `week`.
    #[serde(default)]
    pub heatmap_by: HeatmapAxis,
    /// Renderings wanted besides the data (default: markdown and html).
    #[serde(default = "all_formats")]
    pub formats: Vec<ReportFormat>,
}

fn all_formats() -> Vec<ReportFormat> {
    vec![ReportFormat::Markdown, ReportFormat::Html]
}

/// Totals of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencySummary {
    /// Currency code.
    pub currency: String,
    /// Deals in this currency.
    pub deals: usize,
    /// Sum of deal amounts.
    pub booked: String,
    /// Paid to reps.
    pub credited: String,
    /// Held back by locks.
    pub locked: String,
    /// Credited to nobody.
    pub unassigned: String,
}

/// An amount in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencyAmount {
    /// Currency code.
    pub currency: String,
    /// Amount.
    pub amount: String,
}

/// A rep's month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepTotal {
    /// Rep id.
    pub rep: String,
    /// Display name, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Team, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Deals with a paid credit.
    pub deals: usize,
    /// Paid credits per currency.
    pub credited: Vec<CurrencyAmount>,
    /// Locked shares per currency.
    pub locked: Vec<CurrencyAmount>,
}

/// One part of a deal's split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitKind {
    /// Paid to the rep.
    Credit,
    /// Held back by a silent-period lock.
    Locked,
    /// Credited to nobody.
    Unassigned,
}

/// One line of "who got what and why".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitLine {
    /// Credit, locked or unassigned.
    pub kind: SplitKind,
    /// Rep id (absent for the unassigned part).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rep: Option<String>,
    /// Who, for display: the rep's name when given, else the id; `unassigned`.
    pub label: String,
    /// Share, rounded for display.
    pub share: String,
    /// Exact share.
    pub share_exact: String,
    /// Amount.
    pub amount: String,
    /// Why, in the field's words.
    pub why: String,
}

/// A top deal in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealReport {
    /// Rank by amount, 1 = largest.
    pub rank: usize,
    /// Deal id.
    pub deal_id: String,
    /// Customer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Customer name, when given in `customers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    /// Currency.
    pub currency: String,
    /// Deal amount.
    pub amount: String,
    /// Close.
    pub closed_at: Instant,
    /// Touches at or before close.
    pub touches: usize,
    /// The split in one sentence: who got what and why.
    pub headline: String,
    /// The rules that were not met and where their weight went (absent when all were met).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_not_met: Option<String>,
    /// The split, part by part: credits (largest first), locks, then the unassigned part when
    /// not zero.
    pub split: Vec<SplitLine>,
    /// Appeals on this deal (ids), in filing order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub appeals: Vec<String>,
    /// The effective attribution with its full explanation (after decided appeals).
    pub attribution: AttributeResponse,
    /// The most influential contacts at close.
    pub key_influencers: Vec<Influencer>,
    /// Touch density and content quality per rep.
    pub heatmap: TraceHeatmapResponse,
}

/// A locked share of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockEntry {
    /// Deal id.
    pub deal_id: String,
    /// Rep id.
    pub rep: String,
    /// Currency.
    pub currency: String,
    /// Amount held back.
    pub amount: String,
    /// Share, rounded for display.
    pub share: String,
    /// Why.
    pub reason: String,
    /// The appeal against it, if one is open or was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<String>,
}

/// An appeal and what it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealOutcome {
    /// The appeal, with its status and resolution.
    pub appeal: AppealRecord,
    /// Reps whose money changed (decided appeals).
    pub changes: Vec<Change>,
}

/// Response of the `transparency_report` operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransparencyReportResponse {
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
    /// The period's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The currency whose deals are ranked (absent when there are no deals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranked_currency: Option<String>,
    /// Deals in the report.
    pub deals: usize,
    /// Totals per currency, by code.
    pub summary: Vec<CurrencySummary>,
    /// Every deal satisfies credits + locked + unassigned = amount.
    pub balanced: bool,
    /// Per-rep totals, by rep id: every rep with a credit or a lock, and every rep in `reps`.
    pub reps: Vec<RepTotal>,
    /// The top deals by amount, largest first (ties by deal id).
    pub top_deals: Vec<DealReport>,
    /// Every locked share, by currency, amount (largest first) and deal id.
    pub locks: Vec<LockEntry>,
    /// Every appeal, in request order.
    pub appeals: Vec<AppealOutcome>,
    /// The Markdown rendering, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
    /// The HTML rendering, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
}

/// The default number of top deals.
pub const DEFAULT_TOP: usize = 20;
/// The default number of key influencers per top deal.
pub const DEFAULT_INFLUENCERS: usize = 3;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

type Totals = BTreeMap<String, Decimal>;

/// `*total += amount`, or an error when a month's total leaves the decimal range.
fn add(total: &mut Decimal, amount: Decimal) -> Result<()> {
    *total = total.checked_add(amount).ok_or_else(|| {
        Error::new(
            crate::error::ErrorCode::ArithmeticOverflow,
            "deals",
            "the month's total in one currency exceeds the exact decimal range; report fewer or smaller deals at once",
        )
    })?;
    Ok(())
}

/// An exact total in the currency's minor unit: `0.00`, `1500` (JPY).
fn money(engine: &Engine, currency: &str, amount: Decimal) -> String {
    let mut d = amount;
    if let Some(units) = engine.policy().minor_units(currency) {
        d.rescale(units);
    }
    d.to_string()
}

fn amounts(engine: &Engine, t: &Totals) -> Vec<CurrencyAmount> {
    t.iter()
        .filter(|(_, a)| !a.is_zero())
        .map(|(c, a)| CurrencyAmount {
            currency: c.clone(),
            amount: money(engine, c, *a),
        })
        .collect()
}

/// An appeal as a deal sees it: (appeal id, appellant, status).
type AppealTag = (String, String, String);

/// Apply the decided appeals of each deal in order; return the effective requests, the
/// outcomes and the appeal ids per deal.
fn apply_appeals(
    engine: &Engine,
    req: &TransparencyReportRequest,
    deals: &mut [AttributeRequest],
    index: &BTreeMap<&str, usize>,
) -> Result<(Vec<AppealOutcome>, Vec<Vec<AppealTag>>)> {
    let mut outcomes = Vec::with_capacity(req.appeals.len());
    let mut per_deal: Vec<Vec<AppealTag>> = vec![Vec::new(); deals.len()];
    for (i, a) in req.appeals.iter().enumerate() {
        let at = format!("appeals[{i}]");
        let d = *index.get(a.appeal.deal_id.as_str()).ok_or_else(|| {
            Error::invalid_request(
                format!("{at}.appeal.deal_id"),
                format!(
                    "unknown deal {:?}; an appeal must name one of the report's deals",
                    a.appeal.deal_id
                ),
            )
        })?;
        let Some(deal) = deals.get_mut(d) else {
            continue;
        };
        let outcome = match &a.resolution {
            None => {
                let filed = engine
                    .appeal(&crate::appeal::AppealRequest {
                        appeal: a.appeal.clone(),
                    })
                    .map_err(|e| e.within(&at))?;
                AppealOutcome {
                    appeal: filed.appeal,
                    changes: Vec::new(),
                }
            }
            Some(resolution) => {
                let resolved = engine
                    .resolve_appeal(&crate::appeal::ResolveAppealRequest {
                        appeal: a.appeal.clone(),
                        resolution: resolution.clone(),
                        attribution: deal.clone(),
                    })
                    .map_err(|e| {
                        // The attribution is the report's deal, not a field of the appeal.
                        let path = e.path().to_string();
                        match path.strip_prefix("attribution") {
                            Some(rest) => Error::new(
                                e.kind(),
                                format!("deals[{d}]{rest}"),
                                e.message().to_string(),
                            ),
                            None => e.within(&at),
                        }
                    })?;
                if resolution.decision == Decision::Accepted {
                    match a.appeal.against {
                        AppealTarget::Lock => deal.lock_releases.push(LockRelease {
                            rep: a.appeal.rep.clone(),
                            appeal_id: resolved.appeal.id.clone(),
                        }),
                        AppealTarget::Share => deal
                            .touches
                            .extend(resolution.accepted_touches.iter().cloned()),
                    }
                }
                AppealOutcome {
                    appeal: resolved.appeal,
                    changes: resolved.changes,
                }
            }
        };
        if let Some(list) = per_deal.get_mut(d) {
            list.push((
                outcome.appeal.id.clone(),
                outcome.appeal.filing.rep.clone(),
                outcome.appeal.status.clone(),
            ));
        }
        outcomes.push(outcome);
    }
    Ok((outcomes, per_deal))
}

/// Serve `transparency_report`. Called by [`Engine::transparency_report`].
pub(crate) fn transparency_report(
    engine: &Engine,
    req: &TransparencyReportRequest,
) -> Result<TransparencyReportResponse> {
    let policy = engine.policy();
    if let Some(c) = &req.currency {
        if policy.minor_units(c).is_none() {
            return Err(Error::invalid_request(
                "currency",
                format!("unknown currency {c:?}; give an ISO 4217 code the policy knows"),
            ));
        }
    }
    for (i, r) in req.reps.iter().enumerate() {
        if r.id.trim().is_empty() {
            return Err(Error::invalid_request(
                format!("reps[{i}].id"),
                "must not be empty",
            ));
        }
    }
    for (i, c) in req.customers.iter().enumerate() {
        if c.id.trim().is_empty() {
            return Err(Error::invalid_request(
                format!("customers[{i}].id"),
                "must not be empty",
            ));
        }
    }
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, d) in req.deals.iter().enumerate() {
        if index.insert(d.deal.id.as_str(), i).is_some() {
            return Err(Error::invalid_request(
                format!("deals[{i}].deal.id"),
                format!("duplicate deal id {:?}; deal ids must be unique", d.deal.id),
            ));
        }
    }
    let mut deals: Vec<AttributeRequest> = req.deals.clone();
    for d in &mut deals {
        d.explain = true;
    }
    let (appeals, appeal_ids) = apply_appeals(engine, req, &mut deals, &index)?;
    let responses = deals
        .iter()
        .enumerate()
        .map(|(i, d)| {
            engine
                .attribute(d)
                .map_err(|e| e.within(&format!("deals[{i}]")))
        })
        .collect::<Result<Vec<_>>>()?;

    // Totals per currency and per rep.
    let mut per_currency: BTreeMap<String, (usize, [Decimal; 4])> = BTreeMap::new();
    let mut rep_credit: BTreeMap<String, Totals> = BTreeMap::new();
    let mut rep_locked: BTreeMap<String, Totals> = BTreeMap::new();
    let mut rep_deals: BTreeMap<String, usize> = BTreeMap::new();
    let mut balanced = true;
    let mut locks = Vec::new();
    for (d, r) in responses.iter().enumerate() {
        let entry = per_currency.entry(r.currency.clone()).or_default();
        entry.0 += 1;
        let amount = dec(&r.amount);
        // Parts of one deal never exceed its amount; month totals can, so they are checked.
        let credited: Decimal = r.credits.iter().map(|c| dec(&c.amount)).sum();
        let locked: Decimal = r.locked.iter().map(|l| dec(&l.amount)).sum();
        let unassigned = dec(&r.unassigned.amount);
        balanced &= credited + locked + unassigned == amount;
        for (slot, v) in entry
            .1
            .iter_mut()
            .zip([amount, credited, locked, unassigned])
        {
            add(slot, v)?;
        }
        for c in &r.credits {
            add(
                rep_credit
                    .entry(c.rep.clone())
                    .or_default()
                    .entry(r.currency.clone())
                    .or_default(),
                dec(&c.amount),
            )?;
            *rep_deals.entry(c.rep.clone()).or_default() += 1;
        }
        for l in &r.locked {
            add(
                rep_locked
                    .entry(l.rep.clone())
                    .or_default()
                    .entry(r.currency.clone())
                    .or_default(),
                dec(&l.amount),
            )?;
            let appeal = appeal_ids
                .get(d)
                .and_then(|v| v.iter().rev().find(|(_, rep, _)| *rep == l.rep))
                .map(|(id, _, status)| format!("{id} ({status})"));
            locks.push(LockEntry {
                deal_id: r.deal_id.clone(),
                rep: l.rep.clone(),
                currency: r.currency.clone(),
                amount: l.amount.clone(),
                share: l.share.clone(),
                reason: l.reason.clone(),
                appeal,
            });
        }
    }
    locks.sort_by(|a, b| {
        (
            &a.currency,
            std::cmp::Reverse(dec(&a.amount)),
            &a.deal_id,
            &a.rep,
        )
            .cmp(&(
                &b.currency,
                std::cmp::Reverse(dec(&b.amount)),
                &b.deal_id,
                &b.rep,
            ))
    });
    let summary = per_currency
        .iter()
        .map(|(c, (n, [b, cr, l, u]))| CurrencySummary {
            currency: c.clone(),
            deals: *n,
            booked: money(engine, c, *b),
            credited: money(engine, c, *cr),
            locked: money(engine, c, *l),
            unassigned: money(engine, c, *u),
        })
        .collect();
    let info: BTreeMap<&str, &RepInfo> = req.reps.iter().map(|r| (r.id.as_str(), r)).collect();
    let rep_ids: BTreeSet<&String> = rep_credit
        .keys()
        .chain(rep_locked.keys())
        .chain(req.reps.iter().map(|r| &r.id))
        .collect();
    let empty = Totals::new();
    let reps = rep_ids
        .into_iter()
        .map(|rep| {
            let i = info.get(rep.as_str());
            RepTotal {
                rep: rep.clone(),
                name: i.and_then(|x| x.name.clone()),
                team: i.and_then(|x| x.team.clone()),
                deals: rep_deals.get(rep).copied().unwrap_or(0),
                credited: amounts(engine, rep_credit.get(rep).unwrap_or(&empty)),
                locked: amounts(engine, rep_locked.get(rep).unwrap_or(&empty)),
            }
        })
        .collect();

    // The top deals of the ranked currency.
    let ranked_currency = req.currency.clone().or_else(|| {
        per_currency
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(a.0)))
            .map(|(c, _)| c.clone())
    });
    let mut order: Vec<(Decimal, &str, usize)> = responses
        .iter()
        .enumerate()
        .filter(|(_, r)| ranked_currency.as_deref() == Some(r.currency.as_str()))
        .map(|(i, r)| (dec(&r.amount), r.deal_id.as_str(), i))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let top = req.top.unwrap_or(DEFAULT_TOP);
    let mut top_deals = Vec::with_capacity(top.min(order.len()));
    for (rank, (_, _, i)) in order.into_iter().take(top).enumerate() {
        let (Some(request), Some(response)) = (deals.get(i), responses.get(i)) else {
            continue;
        };
        let ids = appeal_ids
            .get(i)
            .map(|v| v.iter().map(|(id, _, _)| id.clone()).collect())
            .unwrap_or_default();
        top_deals.push(deal_report(
            engine,
            req,
            rank + 1,
            request,
            response.clone(),
            ids,
        )?);
    }
    let mut out = TransparencyReportResponse {
        policy_fingerprint: engine.fingerprint().to_string(),
        period: req.period.clone(),
        ranked_currency,
        deals: responses.len(),
        summary,
        balanced,
        reps,
        top_deals,
        locks,
        appeals,
        markdown: None,
        html: None,
    };
    if req.formats.contains(&ReportFormat::Markdown) {
        out.markdown = Some(super::markdown::render(&out));
    }
    if req.formats.contains(&ReportFormat::Html) {
        out.html = Some(super::html::render(&out));
    }
    Ok(out)
}

fn deal_report(
    engine: &Engine,
    req: &TransparencyReportRequest,
    rank: usize,
    request: &AttributeRequest,
    attribution: AttributeResponse,
    appeals: Vec<String>,
) -> Result<DealReport> {
    let influencers = engine
        .key_influencers(&KeyInfluencersRequest {
            contacts: request.contacts.clone(),
            touches: request.touches.clone(),
            relations: request.relations.clone(),
            top: Some(req.influencers.unwrap_or(DEFAULT_INFLUENCERS)),
            as_of: Some(request.deal.closed_at),
        })?
        .influencers;
    let roles: BTreeMap<String, String> = request
        .contacts
        .iter()
        .map(|c| (c.id.clone(), c.role.clone()))
        .collect();
    let heatmap = heatmap::build(
        engine,
        &request.touches,
        &roles,
        req.heatmap_by,
        Some(request.deal.closed_at),
        false,
        &req.reps,
        None,
    );
    let split = split_lines(engine, &req.reps, &attribution);
    let rules_not_met = rules_not_met(&attribution);
    let headline = split
        .iter()
        .map(|s| format!("{} {}: {}", s.label, percent(&s.share), s.why))
        .collect::<Vec<_>>()
        .join("; ");
    Ok(DealReport {
        rank,
        deal_id: attribution.deal_id.clone(),
        customer_id: request.deal.customer_id.clone(),
        customer_name: request.deal.customer_id.as_deref().and_then(|id| {
            req.customers
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.name.clone())
        }),
        currency: attribution.currency.clone(),
        amount: attribution.amount.clone(),
        closed_at: request.deal.closed_at,
        touches: heatmap.touches,
        headline,
        rules_not_met,
        split,
        appeals,
        attribution,
        key_influencers: influencers,
        heatmap,
    })
}

/// "Not met: technical_deep_exchange (1 of 2); its weight went to the met rules."
fn rules_not_met(r: &AttributeResponse) -> Option<String> {
    let unmet: Vec<String> = r
        .explanation
        .iter()
        .filter_map(|s| match s {
            Step::Rule {
                rule,
                met: false,
                qualifying_total,
                min_count,
                ..
            } => Some(format!("{rule} ({qualifying_total} of {min_count})")),
            _ => None,
        })
        .collect();
    if unmet.is_empty() {
        return None;
    }
    let fallback = r.explanation.iter().find_map(|s| match s {
        Step::Fallback { model, .. } => Some(*model),
        _ => None,
    });
    let policy = r.explanation.iter().find_map(|s| match s {
        Step::UnmetRules { policy, .. } => Some(*policy),
        _ => None,
    });
    let (its, list) = (
        if unmet.len() == 1 { "its" } else { "their" },
        unmet.join(", "),
    );
    Some(match (fallback, policy) {
        (Some(m), _) => format!(
            "No rule met: {list}; the {} fallback split the deal by touches.",
            m.as_str()
        ),
        (None, Some(crate::policy::UnmetRules::Unassigned)) => {
            format!("Not met: {list}; {its} weight stays unassigned.")
        }
        (None, _) => format!("Not met: {list}; {its} weight went to the met rules."),
    })
}

/// `2 demos`, `1 email`, `1 sign-off`: a count with a touch kind, in words.
fn counted(n: u32, kind: &str) -> String {
    let word = match kind {
        "signoff" => "sign-off",
        "wechat" => "WeChat message",
        other => other,
    };
    match n {
        1 => format!("1 {word}"),
        _ if word.ends_with("ch") || word.ends_with('s') => format!("{n} {word}es"),
        _ => format!("{n} {word}s"),
    }
}

/// How a rep is named in a split: the display name when known, else the id.
fn split_label(reps: &[RepInfo], id: &str) -> String {
    reps.iter()
        .find(|r| r.id == id)
        .and_then(|r| r.name.clone())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| id.to_string())
}

/// `technical director`, `procurement director or CFO`.
fn roles_words(roles: &[String]) -> String {
    roles
        .iter()
        .map(|r| match r.as_str() {
            "cfo" | "cto" | "ceo" => r.to_uppercase(),
            _ => r.replace('_', " "),
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Why each rep got their part, from the explanation steps and the policy's rules.
fn split_lines(engine: &Engine, reps: &[RepInfo], r: &AttributeResponse) -> Vec<SplitLine> {
    let rules = &engine.policy().attribution.rules;
    let qualifying = |rule: &str, rep: &str| -> u32 {
        r.explanation
            .iter()
            .find_map(|s| match s {
                Step::Rule {
                    rule: id,
                    qualifying,
                    ..
                } if id == rule => qualifying.iter().find(|q| q.rep == rep).map(|q| q.count),
                _ => None,
            })
            .unwrap_or(0)
    };
    let touches_of = |rep: &str| -> u32 {
        r.explanation
            .iter()
            .find_map(|s| match s {
                Step::Positional {
                    touches_per_rep, ..
                } => touches_per_rep
                    .iter()
                    .find(|q| q.rep == rep)
                    .map(|q| q.count),
                _ => None,
            })
            .unwrap_or(0)
    };
    let lock_note = |rep: &str| -> Option<String> {
        r.explanation.iter().find_map(|s| match s {
            Step::Lock {
                rep: who,
                outcome,
                appeal_id,
                previous_rep,
                ..
            } if who == rep => match outcome.as_str() {
                "released_by_handover" => Some(format!("handover from {previous_rep} confirmed")),
                "released_by_appeal" => Some(format!(
                    "lock released by appeal {}",
                    appeal_id.as_deref().unwrap_or("")
                )),
                _ => None,
            },
            _ => None,
        })
    };
    let why = |rep: &str| -> String {
        let parts = r.explanation.iter().find_map(|s| match s {
            Step::RepShare {
                rep: who, parts, ..
            } if who == rep => Some(parts),
            _ => None,
        });
        let mut reasons: Vec<String> = parts
            .map(|parts| {
                parts
                    .iter()
                    .map(|p| match rules.iter().find(|x| x.id == p.source) {
                        Some(rule) => {
                            let n = qualifying(&rule.id, rep);
                            let kind = if rule.kinds.len() == 1 {
                                rule.kinds.first().cloned().unwrap_or_default()
                            } else {
                                format!("{} touch", rule.kinds.join("/"))
                            };
                            format!(
                                "{} with the {}",
                                counted(n, &kind),
                                roles_words(&rule.roles)
                            )
                        }
                        None => format!(
                            "{} by the {} model{}",
                            counted(touches_of(rep), "touch"),
                            p.source,
                            if r.explanation
                                .iter()
                                .any(|s| matches!(s, Step::Fallback { .. }))
                            {
                                " (no rule met)"
                            } else {
                                ""
                            }
                        ),
                    })
                    .collect()
            })
            .unwrap_or_default();
        reasons.extend(lock_note(rep));
        reasons.join("; ")
    };
    let mut lines: Vec<SplitLine> = r
        .credits
        .iter()
        .map(|c| SplitLine {
            kind: SplitKind::Credit,
            rep: Some(c.rep.clone()),
            label: split_label(reps, &c.rep),
            share: c.share.clone(),
            share_exact: c.share_exact.clone(),
            amount: c.amount.clone(),
            why: why(&c.rep),
        })
        .collect();
    // Largest part first (ties by rep id): the split reads like a ranking.
    lines.sort_by(|a, b| dec(&b.amount).cmp(&dec(&a.amount)).then(a.rep.cmp(&b.rep)));
    // "locked: no handover from rep-051 after 73 silent days" (the full reason is in the
    // lock list and the logic chain).
    let short_reason = |rep: &str| -> Option<String> {
        let previous = r.explanation.iter().find_map(|s| match s {
            Step::Lock {
                rep: who,
                previous_rep,
                ..
            } if who == rep => Some(previous_rep.as_str()),
            _ => None,
        })?;
        let days = r.explanation.iter().find_map(|s| match s {
            Step::SilentPeriod {
                previous_rep, days, ..
            } if previous_rep == previous => Some(*days),
            _ => None,
        })?;
        Some(format!(
            "no handover from {} after {days} silent days",
            split_label(reps, previous)
        ))
    };
    lines.extend(r.locked.iter().map(|l| {
        let earned = why(&l.rep);
        let reason = short_reason(&l.rep).unwrap_or_else(|| l.reason.clone());
        SplitLine {
            kind: SplitKind::Locked,
            rep: Some(l.rep.clone()),
            label: split_label(reps, &l.rep),
            share: l.share.clone(),
            share_exact: l.share_exact.clone(),
            amount: l.amount.clone(),
            why: if earned.is_empty() {
                format!("locked: {reason}")
            } else {
                format!("{earned}; locked: {reason}")
            },
        }
    }));
    if r.unassigned.share_exact != "0/1" {
        let why = r
            .explanation
            .iter()
            .find_map(|s| match s {
                Step::AllUnassigned { text } => Some(text.clone()),
                Step::UnmetRules { unmet_weight, .. } => Some(format!(
                    "weight {unmet_weight} of rules nobody met stays unassigned"
                )),
                _ => None,
            })
            .unwrap_or_else(|| "no rep earned this part".into());
        lines.push(SplitLine {
            kind: SplitKind::Unassigned,
            rep: None,
            label: "unassigned".into(),
            share: r.unassigned.share.clone(),
            share_exact: r.unassigned.share_exact.clone(),
            amount: r.unassigned.amount.clone(),
            why,
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_totals_beyond_the_decimal_range_are_an_error_not_a_panic() {
        // 80,000 deals of 10^24 yen would get here; the sum is checked, never wrapped or panicked.
        let mut total = Decimal::MAX - Decimal::ONE;
        assert!(add(&mut total, Decimal::ONE).is_ok());
        let err = add(&mut total, Decimal::ONE).unwrap_err();
        assert_eq!(err.code(), "arithmetic_overflow");
        assert_eq!(total, Decimal::MAX);
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(counted(1, "demo"), "1 demo");
        assert_eq!(counted(2, "signoff"), "2 sign-offs");
        assert_eq!(counted(3, "touch"), "3 touches");
        assert_eq!(
            roles_words(&["cfo".into(), "technical_director".into()]),
            "CFO or technical director"
        );
    }
}
