//! The flat batch path: many deals in two arrays, the policy compiled once, no allocation per
//! deal. This is the path for a month of deals (and for the Arrow paths of the bindings).
//!
//! Reps, roles, kinds and contacts are integer ids. Rep ids must be numbered in the order of
//! the rep names (use [`DealBatch::from_requests`] or [`intern_sorted`]), because rounding ties
//! go to the lower rep id and results must not depend on how ids were handed out.

use super::kernel::{weigh, weights_from_counts, CompiledAttribution, KTouch, Scratch};
use super::AttributeRequest;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::money::{allocate_into, MAX_MINOR_UNITS};
use crate::policy::Model;

/// A deal of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchDeal {
    /// Amount in minor units of the deal's currency.
    pub amount_minor: u128,
    /// Close time, Unix seconds; later touches are ignored.
    pub closed_at: i64,
    /// First touch of the deal in the touch array.
    pub touch_start: u32,
    /// Number of touches of the deal.
    pub touch_len: u32,
    /// First handover of the deal in the handover array.
    pub handover_start: u32,
    /// Number of handovers of the deal.
    pub handover_len: u32,
}

/// A handover confirmation of a batch (rep ids as in the touches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchHandover {
    /// The previous rep.
    pub from: u32,
    /// The new rep.
    pub to: u32,
    /// When it was confirmed, Unix seconds.
    pub at: i64,
}

/// A touch of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchTouch {
    /// Rep id (ids ordered like rep names).
    pub rep: u32,
    /// Contact id (ids ordered like contact names), for time ties.
    pub contact: u32,
    /// Index of the contact's role in the policy's `roles`.
    pub role: u16,
    /// Index of the kind in the policy's `touch_kinds`.
    pub kind: u16,
    /// Unix seconds.
    pub at: i64,
    /// In the opportunity stage (W-shaped).
    pub opportunity: bool,
}

/// One line of output: a rep's credit on a deal, or the unassigned part (`rep == None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchCredit {
    /// Index of the deal in the batch.
    pub deal: u32,
    /// Rep id, or `None` for the unassigned part.
    pub rep: Option<u32>,
    /// Amount in minor units.
    pub amount_minor: u128,
    /// The rep's share is held back by a silent-period lock (not paid).
    pub locked: bool,
    /// Numerator of the exact share of the deal, in lowest terms (as `share_exact` prints it).
    pub share_num: u128,
    /// Denominator of the exact share of the deal, in lowest terms (never zero).
    pub share_den: u128,
}

/// Deals and touches in flat arrays, with the rep and contact names behind the ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DealBatch {
    /// Deals.
    pub deals: Vec<BatchDeal>,
    /// Touches of all deals, each deal's touches contiguous.
    pub touches: Vec<BatchTouch>,
    /// Handovers of all deals, each deal's handovers contiguous.
    pub handovers: Vec<BatchHandover>,
    /// Rep names, sorted; a rep id indexes this list.
    pub reps: Vec<String>,
    /// Contact names, sorted.
    pub contacts: Vec<String>,
}

/// Sort and dedupe names; the position of a name is its id.
pub fn intern_sorted<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = names.into_iter().map(str::to_string).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn id_of(names: &[String], name: &str) -> u32 {
    names
        .binary_search_by(|n| n.as_str().cmp(name))
        .map(|i| i as u32)
        .unwrap_or(u32::MAX)
}

impl DealBatch {
    /// Build a batch from typed requests, checking each like the JSON path does.
    pub fn from_requests(engine: &Engine, requests: &[AttributeRequest]) -> Result<DealBatch> {
        let reps = intern_sorted(
            requests
                .iter()
                .flat_map(|r| r.touches.iter().map(|t| t.rep.as_str())),
        );
        let contacts = intern_sorted(
            requests
                .iter()
                .flat_map(|r| r.contacts.iter().map(|c| c.id.as_str())),
        );
        let mut batch = DealBatch {
            reps,
            contacts,
            ..DealBatch::default()
        };
        for (d, req) in requests.iter().enumerate() {
            let p = super::prepare(engine, req).map_err(|e| e.within(&format!("[{d}]")))?;
            let start = batch.touches.len() as u32;
            let role_of = |id: &str| {
                req.contacts
                    .iter()
                    .find(|c| c.id == id)
                    .and_then(|c| engine.role_index(&c.role))
                    .unwrap_or(0) as u16
            };
            for t in &req.touches {
                batch.touches.push(BatchTouch {
                    rep: id_of(&batch.reps, &t.rep),
                    contact: id_of(&batch.contacts, &t.contact),
                    role: role_of(&t.contact),
                    kind: engine.kind_index(&t.kind).unwrap_or(0) as u16,
                    at: t.at.unix_seconds(),
                    opportunity: t.stage.as_deref()
                        == Some(
                            engine
                                .policy()
                                .attribution
                                .w_shaped
                                .opportunity_stage
                                .as_str(),
                        ),
                });
            }
            let handover_start = batch.handovers.len() as u32;
            for h in &req.handovers {
                batch.handovers.push(BatchHandover {
                    from: id_of(&batch.reps, &h.from),
                    to: id_of(&batch.reps, &h.to),
                    at: h.at.unix_seconds(),
                });
            }
            batch.deals.push(BatchDeal {
                amount_minor: p.total_minor,
                closed_at: req.deal.closed_at.unix_seconds(),
                touch_start: start,
                touch_len: req.touches.len() as u32,
                handover_start,
                handover_len: req.handovers.len() as u32,
            });
        }
        Ok(batch)
    }
}

/// Every touch's role and kind must index the policy's lists.
fn check_ids(ts: &[BatchTouch], roles: usize, kinds: usize, start: usize) -> Result<()> {
    match ts
        .iter()
        .position(|t| usize::from(t.role) >= roles || usize::from(t.kind) >= kinds)
    {
        Some(i) => Err(Error::invalid_request(
            format!("touches[{}]", start + i),
            "role or kind index outside the policy's lists",
        )),
        None => Ok(()),
    }
}

/// The slot of `rep` among the deal's reps (in order of appearance), and whether it is new.
#[inline]
fn slot_of(reps: &mut Vec<u32>, rep: u32) -> (usize, bool) {
    match reps.iter().position(|r| *r == rep) {
        Some(slot) => (slot, false),
        None => {
            reps.push(rep);
            (reps.len() - 1, true)
        }
    }
}

/// Order the deal's slots by rep id: `slot_order` lists slots in rep-id order and `rank` maps a
/// slot to its position there. Returns `false` (and leaves both alone) when the slots are
/// already in order, the common case.
fn rank_slots(reps: &[u32], slot_order: &mut Vec<u32>, rank: &mut Vec<u32>) -> bool {
    if reps.windows(2).all(|w| w.first() < w.get(1)) {
        return false;
    }
    slot_order.clear();
    slot_order.extend(0..reps.len() as u32);
    slot_order.sort_unstable_by_key(|s| reps.get(*s as usize).copied().unwrap_or(u32::MAX));
    rank.clear();
    rank.resize(reps.len(), 0);
    for (position, slot) in slot_order.iter().enumerate() {
        if let Some(r) = rank.get_mut(*slot as usize) {
            *r = position as u32;
        }
    }
    true
}

/// Reusable state of the batch path: one per thread.
#[derive(Debug, Default, Clone)]
pub struct BatchRunner {
    scratch: Scratch,
    ktouches: Vec<KTouch>,
    reps: Vec<u32>,
    slot_order: Vec<u32>,
    rank: Vec<u32>,
    touch_counts: Vec<u32>,
    permuted: Vec<u32>,
    timeline: Vec<(i64, u32)>,
    locked: Vec<bool>,
    gaps: Vec<crate::handover::Gap>,
    news: Vec<crate::handover::NewRep>,
    seen: Vec<bool>,
}

impl BatchRunner {
    /// A runner with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Attribute every deal of the batch, appending credits (and unassigned parts) to `out`.
    /// Lines are in deal order, then rep id order, then the unassigned part.
    pub fn run(
        &mut self,
        engine: &Engine,
        model: Model,
        deals: &[BatchDeal],
        touches: &[BatchTouch],
        handovers: &[BatchHandover],
        out: &mut Vec<BatchCredit>,
    ) -> Result<()> {
        let roles = engine.policy().roles.len();
        let kinds = engine.policy().touch_kinds.len();
        let limit = engine.policy().limits.max_touches_per_deal;
        for (d, deal) in deals.iter().enumerate() {
            let start = deal.touch_start as usize;
            let end = start + deal.touch_len as usize;
            let ts = touches.get(start..end).ok_or_else(|| {
                Error::invalid_request(
                    format!("deals[{d}].touch_len"),
                    "touch range is outside the touch array",
                )
            })?;
            if ts.len() > limit {
                return Err(Error::new(
                    crate::error::ErrorCode::LimitExceeded,
                    format!("deals[{d}].touch_len"),
                    format!(
                        "{} touches exceed limits.max_touches_per_deal ({limit})",
                        ts.len()
                    ),
                ));
            }
            if deal.amount_minor > MAX_MINOR_UNITS {
                return Err(Error::invalid_request(
                    format!("deals[{d}].amount_minor"),
                    "amount too large",
                ));
            }
            let hs_start = deal.handover_start as usize;
            let hs = handovers
                .get(hs_start..hs_start + deal.handover_len as usize)
                .ok_or_else(|| {
                    Error::invalid_request(
                        format!("deals[{d}].handover_len"),
                        "handover range is outside the handover array",
                    )
                })?;
            self.deal(engine, model, deal, ts, roles, kinds, start)?;
            self.finish(engine, d, deal, hs, out);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn deal(
        &mut self,
        engine: &Engine,
        model: Model,
        deal: &BatchDeal,
        ts: &[BatchTouch],
        roles: usize,
        kinds: usize,
        start: usize,
    ) -> Result<()> {
        let c = engine.attribution();
        if model == Model::RoleWeighted && c.fallback == Model::Linear {
            return self.role_weighted_deal(c, deal, ts, roles, kinds, start);
        }
        // One pass: check ids, give each rep a slot in order of appearance, intern touches.
        self.reps.clear();
        self.ktouches.clear();
        check_ids(ts, roles, kinds, start)?;
        for t in ts {
            if t.at > deal.closed_at {
                continue;
            }
            let (slot, _) = slot_of(&mut self.reps, t.rep);
            self.ktouches.push(KTouch {
                rep: slot as u32,
                mask: c.mask(usize::from(t.role), usize::from(t.kind)),
                at: t.at,
                contact: t.contact,
                opportunity: t.opportunity,
            });
        }
        // Renumber slots in rep-id order: rounding ties go to the lower rep id.
        if rank_slots(&self.reps, &mut self.slot_order, &mut self.rank) {
            for k in &mut self.ktouches {
                k.rep = self.rank.get(k.rep as usize).copied().unwrap_or(0);
            }
            self.reps.sort_unstable();
        }
        if model != Model::RoleWeighted || c.fallback != Model::Linear {
            self.sort_touches();
        }
        let n = self.reps.len();
        weigh(c, model, &self.ktouches, n, &mut self.scratch)?;
        self.timeline.clear();
        self.timeline
            .extend(self.ktouches.iter().map(|k| (k.at, k.rep)));
        Ok(())
    }

    /// Allocate the weights, apply silent-period locks, and write the deal's lines.
    fn finish(
        &mut self,
        engine: &Engine,
        d: usize,
        deal: &BatchDeal,
        handovers: &[BatchHandover],
        out: &mut Vec<BatchCredit>,
    ) {
        let n = self.reps.len();
        let s = &mut self.scratch;
        s.out.resize(n + 1, 0);
        s.rems.resize(n + 1, 0);
        if !allocate_into(deal.amount_minor, &s.weights, &mut s.out, &mut s.rems) {
            // No weight at all: the whole deal is unassigned.
            s.weights.clear();
            s.weights.resize(n + 1, 0);
            if let (Some(w), Some(o)) = (s.weights.get_mut(n), s.out.get_mut(n)) {
                *w = 1;
                *o = deal.amount_minor;
            }
        }
        self.locked.clear();
        self.locked.resize(n, false);
        self.apply_locks(engine, deal, handovers);
        let s = &self.scratch;
        // Locks move weight between reps but never change the total.
        let total: u128 = s.weights.iter().sum();
        for (i, (w, amount)) in s.weights.iter().zip(&s.out).enumerate() {
            if *w == 0 {
                continue;
            }
            let share = crate::money::Fraction::new(*w, total);
            out.push(BatchCredit {
                deal: d as u32,
                rep: self.reps.get(i).copied(),
                amount_minor: *amount,
                locked: self.locked.get(i).copied().unwrap_or(false),
                share_num: share.num,
                share_den: share.den,
            });
        }
    }

    /// Mark new reps after a silent period as locked, or move their share to the previous
    /// rep, exactly as the JSON path does (appeal releases exist only on the JSON path).
    fn apply_locks(&mut self, engine: &Engine, deal: &BatchDeal, handovers: &[BatchHandover]) {
        let policy = &engine.policy().handover;
        let silent = policy.silent_period.seconds();
        // One pass: is the timeline sorted, and is any gap long enough? Most deals have no
        // silent period at all, and CRM exports list touches in time order.
        let mut sorted = true;
        let mut gap = false;
        for w in self.timeline.windows(2) {
            if let [a, b] = w {
                sorted &= a <= b;
                gap |= b.0.saturating_sub(a.0) >= silent;
            }
        }
        if sorted && !gap {
            return;
        }
        if !sorted {
            let (lo, hi) = self
                .timeline
                .iter()
                .fold((i64::MAX, i64::MIN), |(lo, hi), (at, _)| {
                    (lo.min(*at), hi.max(*at))
                });
            if hi.saturating_sub(lo) < silent {
                return;
            }
            self.timeline.sort_unstable();
        }
        let n = self.reps.len();
        crate::handover::new_reps(
            self.timeline.iter().copied(),
            n,
            silent,
            &mut self.gaps,
            &mut self.news,
            &mut self.seen,
        );
        for new in &self.news {
            let (r, p) = (new.rep as usize, new.gap.previous_rep as usize);
            let (Some(rep), Some(prev)) = (self.reps.get(r), self.reps.get(p)) else {
                continue;
            };
            let handed_over = handovers
                .iter()
                .any(|h| h.from == *prev && h.to == *rep && h.at <= deal.closed_at);
            if handed_over {
                continue;
            }
            match policy.locked_share {
                crate::handover::LockedShare::Lock => {
                    if let Some(l) = self.locked.get_mut(r) {
                        *l = true;
                    }
                }
                crate::handover::LockedShare::PreviousRep => {
                    let s = &mut self.scratch;
                    let (w, o) = (
                        s.weights.get(r).copied().unwrap_or(0),
                        s.out.get(r).copied().unwrap_or(0),
                    );
                    if let (Some(pw), Some(po)) = (s.weights.get_mut(p), s.out.get_mut(p)) {
                        *pw += w;
                        *po += o;
                    }
                    if let (Some(rw), Some(ro)) = (s.weights.get_mut(r), s.out.get_mut(r)) {
                        *rw = 0;
                        *ro = 0;
                    }
                }
            }
        }
    }

    /// Role-weighted with the linear fallback, counted in one pass with no per-touch records:
    /// the common case of a monthly batch.
    #[allow(clippy::too_many_arguments)]
    fn role_weighted_deal(
        &mut self,
        c: &CompiledAttribution,
        deal: &BatchDeal,
        ts: &[BatchTouch],
        roles: usize,
        kinds: usize,
        start: usize,
    ) -> Result<()> {
        let rules = c.rule_count();
        let s = &mut self.scratch;
        self.reps.clear();
        self.timeline.clear();
        self.touch_counts.clear();
        s.counts.clear();
        s.totals.clear();
        s.totals.resize(rules, 0);
        check_ids(ts, roles, kinds, start)?;
        for t in ts {
            if t.at > deal.closed_at {
                continue;
            }
            let (slot, new) = slot_of(&mut self.reps, t.rep);
            if new {
                self.touch_counts.push(0);
                s.counts.resize(s.counts.len() + rules, 0);
            }
            if let Some(n) = self.touch_counts.get_mut(slot) {
                *n += 1;
            }
            self.timeline.push((t.at, slot as u32));
            let mut m = c.mask(usize::from(t.role), usize::from(t.kind));
            while m != 0 {
                let k = m.trailing_zeros() as usize;
                m &= m - 1;
                if let Some(n) = s.counts.get_mut(slot * rules + k) {
                    *n += 1;
                }
                if let Some(n) = s.totals.get_mut(k) {
                    *n += 1;
                }
            }
        }
        let n = self.reps.len();
        // Put slots in rep-id order: rounding ties go to the lower rep id.
        if rank_slots(&self.reps, &mut self.slot_order, &mut self.rank) {
            self.permuted.clear();
            for slot in &self.slot_order {
                let row = *slot as usize * rules;
                self.permuted
                    .extend_from_slice(s.counts.get(row..row + rules).unwrap_or(&[]));
            }
            std::mem::swap(&mut s.counts, &mut self.permuted);
            self.permuted.clear();
            for slot in &self.slot_order {
                self.permuted
                    .push(self.touch_counts.get(*slot as usize).copied().unwrap_or(0));
            }
            std::mem::swap(&mut self.touch_counts, &mut self.permuted);
            // The timeline keeps appearance slots: renumber them too.
            for (_, slot) in &mut self.timeline {
                *slot = self.rank.get(*slot as usize).copied().unwrap_or(0);
            }
            self.reps.sort_unstable();
        }
        if n == 0 {
            s.weights.clear();
            s.weights.push(1); // no touch: everything unassigned
        } else if !weights_from_counts(c, n, s)? {
            s.weights.clear();
            s.weights
                .extend(self.touch_counts.iter().map(|x| u128::from(*x)));
            s.weights.push(0);
        }
        Ok(())
    }

    fn sort_touches(&mut self) {
        // Same order as the JSON path: time, rep, contact, opportunity-stage touches first.
        let key = |k: &KTouch| (k.at, k.rep, k.contact, !k.opportunity);
        if !self.ktouches.windows(2).all(|w| match w {
            [a, b] => key(a) <= key(b),
            _ => true,
        }) {
            // What is left tied differs only in rule mask, which no positional model reads.
            self.ktouches.sort_unstable_by_key(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    fn requests(model: Model) -> Vec<AttributeRequest> {
        let deal = |id: &str,
                    amount: &str,
                    cur: &str,
                    touches: serde_json::Value,
                    handovers: serde_json::Value| {
            serde_json::from_value::<AttributeRequest>(serde_json::json!({
                "deal": {"id": id, "amount": amount, "currency": cur, "closed_at": "2026-06-30T00:00:00+00:00"},
                "model": model.as_str(),
                "explain": false,
                "contacts": [{"id": "p1", "role": "cfo"}, {"id": "p2", "role": "technical_director"},
                             {"id": "p3", "role": "user"}],
                "touches": touches,
                "handovers": handovers,
            }))
        };
        let t = |rep: &str, c: &str, kind: &str, at: &str| serde_json::json!({"rep": rep, "contact": c, "kind": kind, "at": at});
        [
            deal("A", "100.00", "CNY", serde_json::json!([
                t("zed", "p1", "demo", "2026-01-01T00:00:00+00:00"),
                t("amy", "p2", "signoff", "2026-01-02T00:00:00+00:00"),
                t("bob", "p3", "call", "2026-01-03T00:00:00+00:00"),
                t("amy", "p1", "email", "2026-01-04T00:00:00+00:00"),
            ]), serde_json::json!([])),
            // Two reps new after a silent period: locked (or to the previous rep).
            deal("B", "1000", "JPY", serde_json::json!([
                t("bob", "p1", "demo", "2026-01-01T00:00:00+00:00"),
                t("cat", "p2", "signoff", "2026-03-01T00:00:00+00:00"),
                t("amy", "p3", "call", "2026-05-01T00:00:00+00:00"),
            ]), serde_json::json!([])),
            deal("C", "1.001", "KWD", serde_json::json!([
                t("bob", "p1", "demo", "2026-01-01T00:00:00+00:00"),
                t("cat", "p2", "signoff", "2026-03-01T00:00:00+00:00"),
            ]), serde_json::json!([{"from": "bob", "to": "cat", "at": "2026-02-01T00:00:00+00:00"}])),
            deal("D", "7.00", "USD", serde_json::json!([]), serde_json::json!([])),
        ]
        .into_iter()
        .filter_map(|r| r.ok())
        .collect()
    }

    #[test]
    fn shares_equal_the_per_deal_share_exact() {
        let to_previous =
            Policy::from_json(r#"{"handover": {"locked_share": "previous_rep"}}"#).unwrap();
        for engine in [Engine::default(), Engine::new(to_previous).unwrap()] {
            for model in Model::ALL {
                let reqs = requests(model);
                assert_eq!(reqs.len(), 4);
                let batch = DealBatch::from_requests(&engine, &reqs).unwrap();
                let mut out = Vec::new();
                BatchRunner::new()
                    .run(
                        &engine,
                        model,
                        &batch.deals,
                        &batch.touches,
                        &batch.handovers,
                        &mut out,
                    )
                    .unwrap();
                for (i, req) in reqs.iter().enumerate() {
                    let resp = engine.attribute(req).unwrap();
                    let mut expected: Vec<(Option<String>, String)> = resp
                        .credits
                        .iter()
                        .map(|c| (Some(c.rep.clone()), c.share_exact.clone()))
                        .chain(
                            resp.locked
                                .iter()
                                .map(|c| (Some(c.rep.clone()), c.share_exact.clone())),
                        )
                        .collect();
                    expected.sort();
                    if resp.unassigned.share_exact != "0/1" {
                        expected.push((None, resp.unassigned.share_exact.clone()));
                    }
                    let got: Vec<(Option<String>, String)> = out
                        .iter()
                        .filter(|c| c.deal as usize == i)
                        .map(|c| {
                            (
                                c.rep.map(|r| batch.reps[r as usize].clone()),
                                format!("{}/{}", c.share_num, c.share_den),
                            )
                        })
                        .collect();
                    assert_eq!(got, expected, "model {model:?}, deal {i}");
                }
            }
        }
    }
}
