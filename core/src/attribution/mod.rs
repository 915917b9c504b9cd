//! Deal attribution: the role-weighted model of SPEC 2A and the classic comparison models,
//! with exact shares, largest-remainder cents and an explanation a rep can read.

pub mod batch;
pub mod decay;
mod explain;
pub mod kernel;
mod locks;
pub mod shapley;
mod types;

use types::TouchFields;
pub use types::*;

use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::money::{allocate_into, format_minor, Fraction};
use crate::policy::Model;
use kernel::{weigh, Basis, KTouch, Scratch};
use std::collections::HashMap;

/// A request checked against the policy and interned for the kernel.
pub(crate) struct Prepared<'a> {
    /// Distinct reps of the considered touches, sorted by id.
    pub reps: Vec<&'a str>,
    /// Considered touches (at or before close), sorted by time, rep id, contact id.
    pub touches: Vec<KTouch>,
    /// For each considered touch, its index in the request.
    pub source: Vec<usize>,
    /// Touches after close.
    pub ignored: usize,
    /// Deal amount in minor units.
    pub total_minor: u128,
    /// Decimals of the currency.
    pub minor_units: u32,
}

/// A considered touch with its sort key: time, rep, contact, opportunity, kind, stage, input
/// position. Reps and contacts are ranks in id order, so comparing them compares the ids.
struct SortRow<'a> {
    nanos: i128,
    rep: u32,
    contact: u32,
    kind: &'a str,
    stage: Option<&'a str>,
    index: usize,
    touch: KTouch,
}

impl SortRow<'_> {
    /// Time, then rep id, then contact id, then opportunity-stage touches first (the same
    /// order as the batch path), then kind and stage so that even the explanation never
    /// depends on input order; the input position makes the order total.
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        (self.nanos, self.rep, self.contact, !self.touch.opportunity)
            .cmp(&(
                other.nanos,
                other.rep,
                other.contact,
                !other.touch.opportunity,
            ))
            .then_with(|| self.kind.cmp(other.kind))
            .then_with(|| self.stage.cmp(&other.stage))
            .then_with(|| self.index.cmp(&other.index))
    }
}

/// Contact id → (rank of the id among the contact ids, role index): a list scan for the
/// few contacts of a deal, a map for many.
enum ContactLookup<'a> {
    /// Sorted by id: the position is the rank.
    Few(Vec<(&'a str, usize)>),
    Many(HashMap<&'a str, (u32, usize)>),
}

impl<'a> ContactLookup<'a> {
    fn new(map: &HashMap<&'a str, (usize, usize)>) -> Self {
        let mut list: Vec<(&'a str, usize)> = map.iter().map(|(id, (_, r))| (*id, *r)).collect();
        list.sort_unstable();
        if list.len() <= 16 {
            return ContactLookup::Few(list);
        }
        ContactLookup::Many(
            list.into_iter()
                .enumerate()
                .map(|(rank, (id, role))| (id, (rank as u32, role)))
                .collect(),
        )
    }

    fn get(&self, id: &str) -> Option<(u32, usize)> {
        match self {
            ContactLookup::Few(list) => list
                .iter()
                .position(|(c, _)| *c == id)
                .and_then(|rank| Some((rank as u32, list.get(rank)?.1))),
            ContactLookup::Many(map) => map.get(id).copied(),
        }
    }
}

/// The distinct reps of a deal in id order, and each row's rep rank among them.
fn intern_reps<'a>(row_reps: &[&'a str]) -> (Vec<&'a str>, Vec<u32>) {
    // A deal has a handful of reps: collect them by list scan, then sort the few.
    let mut reps: Vec<&'a str> = Vec::with_capacity(8);
    for rep in row_reps {
        if reps.len() > 32 {
            reps = row_reps.to_vec();
            reps.sort_unstable();
            reps.dedup();
            break;
        }
        if !reps.contains(rep) {
            reps.push(rep);
        }
    }
    reps.sort_unstable();
    let ranks = row_reps
        .iter()
        .map(|rep| reps.binary_search(rep).map_or(0, |r| r as u32))
        .collect();
    (reps, ranks)
}

/// Check the request against the policy and intern it. Every problem names its path.
pub(crate) fn prepare<'a>(engine: &Engine, req: &'a AttributeRequest) -> Result<Prepared<'a>> {
    prepare_with(engine, req, &req.touches)
}

/// [`prepare`] with the touches given apart from the rest of the request (the JSON path
/// borrows them from the request text; `req.touches` is not read).
pub(crate) fn prepare_with<'a, T: TouchFields>(
    engine: &Engine,
    req: &'a AttributeRequest,
    touches: &'a [T],
) -> Result<Prepared<'a>> {
    let policy = engine.policy();
    let deal = &req.deal;
    if deal.id.trim().is_empty() {
        return Err(Error::invalid_request("deal.id", "must not be empty"));
    }
    let minor_units = policy.minor_units(&deal.currency).ok_or_else(|| {
        Error::invalid_request(
            "deal.currency",
            crate::money::MoneyError::UnknownCurrency(deal.currency.clone()).to_string(),
        )
    })?;
    let total_minor = deal
        .amount
        .to_minor(&deal.currency, minor_units)
        .map_err(|e| Error::invalid_request("deal.amount", e.to_string()))?;
    let limits = &policy.limits;
    if touches.len() > limits.max_touches_per_deal {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            "touches",
            format!(
                "{} touches exceed the policy limit of {} per deal (limits.max_touches_per_deal)",
                touches.len(),
                limits.max_touches_per_deal
            ),
        ));
    }
    let contact_map = crate::graph::index_contacts(engine, &req.contacts)?;
    crate::graph::check_relations(engine, &contact_map, &req.relations)?;
    check_handovers(req)?;
    let contacts = ContactLookup::new(&contact_map);

    let mut rows: Vec<SortRow<'a>> = Vec::with_capacity(touches.len());
    let mut row_reps: Vec<&'a str> = Vec::with_capacity(touches.len());
    let mut ignored = 0;
    let closed = deal.closed_at;
    let opportunity_stage = policy.attribution.w_shaped.opportunity_stage.as_str();
    for (i, t) in touches.iter().enumerate() {
        let at = |f: &str| format!("touches[{i}].{f}");
        if t.rep().trim().is_empty() {
            return Err(Error::invalid_request(at("rep"), "must not be empty"));
        }
        let (contact, role) = contacts.get(t.contact()).ok_or_else(|| {
            Error::invalid_request(
                at("contact"),
                format!(
                    "unknown contact {:?}; every touch's contact must be listed in contacts",
                    t.contact()
                ),
            )
        })?;
        let kind = engine.kind_index(t.kind()).ok_or_else(|| {
            Error::invalid_request(
                at("kind"),
                format!(
                    "unknown touch kind {:?}; the policy's touch_kinds are {}",
                    t.kind(),
                    policy.touch_kinds.join(", ")
                ),
            )
        })?;
        if let Some(v) = t.signals().and_then(|s| s.video_completion) {
            if v < rust_decimal::Decimal::ZERO || v > rust_decimal::Decimal::ONE {
                return Err(Error::invalid_request(
                    at("signals.video_completion"),
                    format!("must be between 0 and 1, got {v}"),
                ));
            }
        }
        let when = t.at();
        if when > closed {
            ignored += 1;
            continue;
        }
        let stage = t.stage();
        row_reps.push(t.rep());
        rows.push(SortRow {
            nanos: when.unix_nanos(),
            rep: 0,
            contact,
            kind: t.kind(),
            stage,
            index: i,
            touch: KTouch {
                rep: 0,
                mask: engine.attribution().mask(role, kind),
                at: when.unix_seconds(),
                contact: 0,
                opportunity: stage == Some(opportunity_stage),
            },
        });
    }
    let (reps, ranks) = intern_reps(&row_reps);
    for (row, rank) in rows.iter_mut().zip(ranks) {
        row.rep = rank;
        row.touch.rep = rank;
    }
    // Sort positions, not the rows. The order is total (the input position breaks the last
    // ties), so an unstable sort gives the one answer; CRM exports are often in time order.
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    let row = |i: &u32| rows.get(*i as usize);
    let cmp = |a: &u32, b: &u32| match (row(a), row(b)) {
        (Some(x), Some(y)) => x.order(y),
        _ => a.cmp(b),
    };
    if !order.is_sorted_by(|a, b| cmp(a, b).is_le()) {
        order.sort_unstable_by(cmp);
    }
    let mut touches = Vec::with_capacity(rows.len());
    let mut source = Vec::with_capacity(rows.len());
    for r in order.iter().filter_map(row) {
        touches.push(r.touch);
        source.push(r.index);
    }
    Ok(Prepared {
        reps,
        touches,
        source,
        ignored,
        total_minor,
        minor_units,
    })
}

fn check_handovers(req: &AttributeRequest) -> Result<()> {
    for (i, h) in req.handovers.iter().enumerate() {
        for (field, v) in [("from", &h.from), ("to", &h.to)] {
            if v.trim().is_empty() {
                return Err(Error::invalid_request(
                    format!("handovers[{i}].{field}"),
                    "must not be empty",
                ));
            }
        }
        if h.from == h.to {
            return Err(Error::invalid_request(
                format!("handovers[{i}].to"),
                "a handover goes from one rep to another; from and to are the same",
            ));
        }
    }
    Ok(())
}

/// Attribute one deal. Called by [`Engine::attribute`].
pub(crate) fn attribute(engine: &Engine, req: &AttributeRequest) -> Result<AttributeResponse> {
    attribute_with(engine, req, &req.touches)
}

/// Attribute one deal read from JSON text, borrowing the touches' strings from the text.
/// `None` when the text does not read as a request; the caller then reads it the usual way,
/// which names the offending field.
pub(crate) fn attribute_json(engine: &Engine, json: &str) -> Option<Result<AttributeResponse>> {
    let request: types::AttributeRequestRef<'_> = serde_json::from_str(json).ok()?;
    let (request, touches) = request.split();
    Some(attribute_with(engine, &request, &touches))
}

/// [`attribute`] with the touches given apart from the rest of the request (`req.touches`
/// is not read; the silent-period locks read only the deal, handovers and lock releases).
fn attribute_with<T: TouchFields>(
    engine: &Engine,
    req: &AttributeRequest,
    touches: &[T],
) -> Result<AttributeResponse> {
    let prepared = prepare_with(engine, req, touches)?;
    let model = req
        .model
        .unwrap_or(engine.policy().attribution.default_model);
    let mut scratch = Scratch::default();
    let reps = prepared.reps.len();
    let basis = weigh(
        engine.attribution(),
        model,
        &prepared.touches,
        reps,
        &mut scratch,
    )?;
    scratch.out.resize(reps + 1, 0);
    scratch.rems.resize(reps + 1, 0);
    allocate_into(
        prepared.total_minor,
        &scratch.weights,
        &mut scratch.out,
        &mut scratch.rems,
    );
    let denominator: u128 = scratch.weights.iter().sum();
    let places = engine.policy().attribution.share_display_places;
    let mu = prepared.minor_units;
    // Locks move allocated units: from a new rep to `locked` (or to the previous rep).
    let (gaps, mut decisions) = locks::decide(engine, req, &prepared);
    for d in &mut decisions {
        d.has_share = scratch.weights.get(d.rep as usize).is_some_and(|w| *w > 0);
    }
    let mut paid_w: Vec<u128> = scratch.weights.iter().take(reps).copied().collect();
    let mut paid: Vec<u128> = scratch.out.iter().take(reps).copied().collect();
    let mut locked = Vec::new();
    for d in &decisions {
        let r = d.rep as usize;
        let (w, amount) = (
            paid_w.get(r).copied().unwrap_or(0),
            paid.get(r).copied().unwrap_or(0),
        );
        match d.outcome {
            locks::Outcome::Locked if w > 0 => {
                let share = Fraction::new(w, denominator);
                let (rep, previous) = (
                    prepared.reps.get(r).copied().unwrap_or(""),
                    prepared
                        .reps
                        .get(d.gap.previous_rep as usize)
                        .copied()
                        .unwrap_or(""),
                );
                let day = |t: i64| locks::date(t, req.deal.closed_at);
                locked.push(Locked {
                    rep: rep.to_string(),
                    share: share.to_decimal_string(places),
                    share_exact: share.to_string(),
                    amount: format_minor(amount, mu),
                    reason: format!(
                        "silent period {} to {} with no handover from {previous} to {rep} dated at or before close",
                        day(d.gap.after),
                        day(d.gap.before)
                    ),
                });
            }
            locks::Outcome::ToPrevious if w > 0 => {
                let p = d.gap.previous_rep as usize;
                if let (Some(pw), Some(pa)) = (paid_w.get_mut(p), paid.get_mut(p)) {
                    *pw += w;
                    *pa += amount;
                }
            }
            _ => continue,
        }
        if let (Some(pw), Some(pa)) = (paid_w.get_mut(r), paid.get_mut(r)) {
            *pw = 0;
            *pa = 0;
        }
    }
    let credits = prepared
        .reps
        .iter()
        .zip(paid_w.iter().zip(&paid))
        .filter(|(_, (w, _))| **w > 0)
        .map(|(rep, (w, out))| {
            let share = Fraction::new(*w, denominator);
            Credit {
                rep: rep.to_string(),
                share: share.to_decimal_string(places),
                share_exact: share.to_string(),
                amount: format_minor(*out, mu),
            }
        })
        .collect();
    let unassigned_share =
        Fraction::new(scratch.weights.get(reps).copied().unwrap_or(0), denominator);
    let unassigned = Unassigned {
        share: unassigned_share.to_decimal_string(places),
        share_exact: unassigned_share.to_string(),
        amount: format_minor(scratch.out.get(reps).copied().unwrap_or(0), mu),
    };
    let explanation = if req.explain {
        let mut steps = explain::explain(engine, req, touches, &prepared, model, basis, &scratch);
        steps.extend(locks::explain(engine, req, &prepared, &gaps, &decisions));
        steps
    } else {
        Vec::new()
    };
    Ok(AttributeResponse {
        deal_id: req.deal.id.clone(),
        policy_fingerprint: engine.fingerprint().to_string(),
        model,
        currency: req.deal.currency.clone(),
        amount: format_minor(prepared.total_minor, mu),
        credits,
        locked,
        unassigned,
        explanation,
    })
}

/// The applied model behind a basis, for display.
pub(crate) fn basis_model(b: Basis) -> Option<Model> {
    match b {
        Basis::Model(m) | Basis::Fallback(m) => Some(m),
        _ => None,
    }
}
