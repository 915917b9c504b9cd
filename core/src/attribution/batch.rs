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

/// Most parts (the deal's reps plus the unassigned part) of the stack-array fast path.
const FAST_PARTS: usize = 32;

/// Most rules of the fast path: a rep's counts are `FAST_RULES` 16-bit lanes of a `u128`, then
/// one lane for all the rep's counted touches.
const FAST_RULES: usize = 7;

/// Most touches of a deal on the fast path, so that no 16-bit lane can overflow.
const FAST_TOUCHES: usize = u16::MAX as usize;

/// What the role-weighted fast path reads from the engine, compiled once per batch.
struct Fast {
    /// `inc[role * kinds + kind]`: a 1 in the lane of every rule the pair qualifies for, and in
    /// the last lane (the touch count).
    inc: Vec<u128>,
    roles: usize,
    kinds: u16,
    rules: usize,
    rule_weights: [u64; FAST_RULES],
    min_counts: [u64; FAST_RULES],
    unassigned: bool,
    /// The silent period in seconds (positive).
    silent: u64,
}

impl Fast {
    /// The fast path's tables, or `None` when the policy needs the general path (more than
    /// [`FAST_RULES`] rules, weights past 64 bits, more than 65,535 kinds, a rule met by zero
    /// touches, no silent period).
    fn new(c: &CompiledAttribution, roles: usize, kinds: usize, silent: i64) -> Option<Fast> {
        let rules = c.rule_count();
        let silent = u64::try_from(silent).ok().filter(|s| *s > 0)?;
        let kinds16 = u16::try_from(kinds).ok()?;
        if rules > FAST_RULES || c.min_counts.len() != rules {
            return None;
        }
        let mut rule_weights = [0u64; FAST_RULES];
        let mut min_counts = [0u64; FAST_RULES];
        for (k, (w, m)) in c.rule_weights.iter().zip(&c.min_counts).enumerate() {
            *rule_weights.get_mut(k)? = u64::try_from(*w).ok()?;
            // A rule met by zero touches has no per-touch split: leave it to the general path.
            *min_counts.get_mut(k)? = u64::from(*m).checked_sub(1)?.saturating_add(1);
        }
        let touch_lane = 1u128 << (16 * FAST_RULES);
        let mut inc = Vec::with_capacity(roles * kinds);
        for role in 0..roles {
            for kind in 0..kinds {
                let mask = c.mask(role, kind);
                let lanes = (0..rules)
                    .filter(|k| mask >> k & 1 == 1)
                    .fold(touch_lane, |acc, k| acc | 1u128 << (16 * k));
                inc.push(lanes);
            }
        }
        Some(Fast {
            inc,
            roles,
            kinds: kinds16,
            rules,
            rule_weights,
            min_counts,
            unassigned: c.unmet == crate::policy::UnmetRules::Unassigned,
            silent,
        })
    }
}

/// Lane `k` of a rep's packed counts.
#[inline]
fn lane(counts: u128, k: usize) -> u64 {
    (counts >> (16 * k)) as u64 & 0xFFFF
}

/// A paid line of the fast path: `weight / denominator` of the deal (reduced to lowest terms,
/// as the general path's `Fraction::new` reduces it).
fn line(
    deal: usize,
    rep: Option<u32>,
    amount_minor: u128,
    weight: u64,
    denominator: u64,
) -> BatchCredit {
    let g = crate::money::gcd(u128::from(weight), u128::from(denominator)).max(1) as u64;
    BatchCredit {
        deal: deal as u32,
        rep,
        amount_minor,
        locked: false,
        share_num: u128::from(weight / g),
        share_den: u128::from(denominator / g),
    }
}

/// Largest-remainder allocation of `total` over `weights` (summing to `denominator > 0`, with
/// `total × denominator` in u64) into `shares`: the same split as `money::allocate_into`
/// (floors, then one unit each to the largest remainders, ties to the lower index).
fn allocate_u64(total: u64, denominator: u64, weights: &[u64], shares: &mut [u64; FAST_PARTS]) {
    let mut rems = [0u64; FAST_PARTS];
    let mut assigned = 0u64;
    for ((w, s), r) in weights.iter().zip(shares.iter_mut()).zip(rems.iter_mut()) {
        let p = total * w;
        *s = p / denominator;
        *r = p % denominator;
        assigned += *s;
    }
    // Each floor loses less than one unit, so fewer units are left than there are parts.
    for _ in 0..total - assigned {
        let mut best: Option<(usize, u64)> = None;
        for (i, r) in rems.iter().take(weights.len()).enumerate() {
            // Real remainders are below the denominator, so u64::MAX marks a taken part.
            if *r != u64::MAX && best.is_none_or(|(_, b)| *r > b) {
                best = Some((i, *r));
            }
        }
        let Some((b, _)) = best else {
            return;
        };
        if let (Some(s), Some(r)) = (shares.get_mut(b), rems.get_mut(b)) {
            *s += 1;
            *r = u64::MAX;
        }
    }
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
    general_only: bool,
}

impl BatchRunner {
    /// A runner with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// A runner that never takes the role-weighted fast path: the general path only. Its
    /// output is the reference the fast path is tested against (and what the benches compare).
    pub fn general_only() -> Self {
        BatchRunner {
            general_only: true,
            ..Self::default()
        }
    }

    /// Attribute every deal of the batch, appending credits (and unassigned parts) to `out`.
    /// Lines are in deal order, then rep id order, then the unassigned part. On an error, `out`
    /// holds the lines of the deals before the failing one.
    ///
    /// ```
    /// use salesrules::attribution::batch::{BatchDeal, BatchRunner, BatchTouch};
    /// use salesrules::{Engine, Model};
    ///
    /// let engine = Engine::default();
    /// let cfo = engine.role_index("cfo").unwrap() as u16;
    /// let signoff = engine.kind_index("signoff").unwrap() as u16;
    /// let touch = |rep, at| BatchTouch { rep, contact: 0, role: cfo, kind: signoff, at, opportunity: false };
    /// let touches = [touch(0, 100), touch(1, 200), touch(1, 300)];
    /// let deals = [BatchDeal { amount_minor: 100, closed_at: 1_000, touch_start: 0, touch_len: 3,
    ///                          handover_start: 0, handover_len: 0 }];
    /// let mut out = Vec::new();
    /// BatchRunner::new().run(&engine, Model::RoleWeighted, &deals, &touches, &[], &mut out)?;
    /// // One sign-off for rep 0, two for rep 1: 100 minor units split 33 / 67.
    /// let split: Vec<_> = out.iter().map(|c| (c.rep, c.amount_minor)).collect();
    /// assert_eq!(split, [(Some(0), 33), (Some(1), 67)]);
    /// # Ok::<(), salesrules::Error>(())
    /// ```
    pub fn run(
        &mut self,
        engine: &Engine,
        model: Model,
        deals: &[BatchDeal],
        touches: &[BatchTouch],
        handovers: &[BatchHandover],
        out: &mut Vec<BatchCredit>,
    ) -> Result<()> {
        self.run_from(engine, model, deals, 0, touches, handovers, out)
    }

    /// [`BatchRunner::run`] over `deals`, the deal at position 0 being deal `first` of the
    /// whole batch (for its lines and error paths).
    #[allow(clippy::too_many_arguments)]
    fn run_from(
        &mut self,
        engine: &Engine,
        model: Model,
        deals: &[BatchDeal],
        first: usize,
        touches: &[BatchTouch],
        handovers: &[BatchHandover],
        out: &mut Vec<BatchCredit>,
    ) -> Result<()> {
        let roles = engine.policy().roles.len();
        let kinds = engine.policy().touch_kinds.len();
        let limit = engine.policy().limits.max_touches_per_deal;
        let c = engine.attribution();
        let fast =
            if !self.general_only && model == Model::RoleWeighted && c.fallback == Model::Linear {
                Fast::new(
                    c,
                    roles,
                    kinds,
                    engine.policy().handover.silent_period.seconds(),
                )
            } else {
                None
            };
        for (i, deal) in deals.iter().enumerate() {
            let d = first + i;
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
            if let Some(f) = &fast {
                if Self::role_weighted_fast(f, d, deal, ts, start, out)? {
                    continue;
                }
            }
            self.deal(engine, model, deal, ts, roles, kinds, start)?;
            self.finish(engine, d, deal, hs, out);
        }
        Ok(())
    }

    /// The role-weighted fast path (linear fallback) for the common deal: touches in time order
    /// with no silent period (so no lock can apply), fewer than [`FAST_PARTS`] reps, and exact
    /// shares whose money arithmetic fits in 64 bits. One pass adds each touch's packed rule
    /// lanes to its rep's counts (no per-touch records), the reps are ordered on the stack, and
    /// the money is allocated in `u64`. Returns `false`, having written nothing, when the deal is
    /// not such a deal; the general path then takes it and gives the same lines (and the same
    /// errors: a touch with bad ids is reported here only when every earlier one was checked).
    fn role_weighted_fast(
        f: &Fast,
        d: usize,
        deal: &BatchDeal,
        ts: &[BatchTouch],
        start: usize,
        out: &mut Vec<BatchCredit>,
    ) -> Result<bool> {
        if ts.len() > FAST_TOUCHES {
            return Ok(false);
        }
        let mut reps = [0u32; FAST_PARTS];
        let mut counts = [0u128; FAST_PARTS];
        let mut n = 0usize;
        let mut previous: Option<i64> = None;
        for t in ts {
            if usize::from(t.role) >= f.roles || t.kind >= f.kinds {
                // Every earlier touch passed: this is the first bad one, as `check_ids` finds.
                return check_ids(ts, f.roles, usize::from(f.kinds), start).map(|()| false);
            }
            if t.at > deal.closed_at {
                continue;
            }
            // In time order with every gap shorter than the silent period: no lock is possible.
            if let Some(p) = previous {
                // With `at ≥ p` the exact gap fits in u64, which is what the wrapping gives.
                if t.at < p || t.at.wrapping_sub(p) as u64 >= f.silent {
                    return Ok(false);
                }
            }
            previous = Some(t.at);
            let pair = usize::from(t.role) * usize::from(f.kinds) + usize::from(t.kind);
            let inc = f.inc.get(pair).copied().unwrap_or(0);
            let known = reps.get(..n).unwrap_or_default();
            let slot = match known.iter().position(|r| *r == t.rep) {
                Some(slot) => slot,
                None => {
                    let Some(r) = reps.get_mut(n) else {
                        return Ok(false); // too many reps for the stack arrays
                    };
                    *r = t.rep;
                    n += 1;
                    n - 1
                }
            };
            if let Some(c) = counts.get_mut(slot) {
                // At most 65,535 touches: no lane carries into the next.
                *c = c.wrapping_add(inc);
            }
        }
        if n >= FAST_PARTS {
            return Ok(false); // no room for the unassigned part
        }
        if n == 0 {
            // No touch at or before close: everything is unassigned.
            out.push(line(d, None, deal.amount_minor, 1, 1));
            return Ok(true);
        }
        // The deal's reps in rep-id order (rounding ties go to the lower rep id).
        let mut order = [(0u32, 0u128); FAST_PARTS];
        let order = order.get_mut(..n).unwrap_or_default();
        for (o, (rep, c)) in order.iter_mut().zip(reps.iter().zip(&counts)) {
            *o = (*rep, *c);
        }
        if !order.windows(2).all(|w| w.first() < w.get(1)) {
            // Rep ids are distinct, so the counts never decide the order.
            order.sort_unstable_by_key(|o| o.0);
        }
        // Lanes never carry: the sum's lane k is rule k's qualifying touches, all reps.
        let totals = order.iter().fold(0u128, |s, o| s.wrapping_add(o.1));
        // Integer weights per rep (then unassigned) over their sum, as `weights_from_counts`
        // computes them, in u64; any overflow hands the deal to the checked u128 path.
        let mut weights = [0u64; FAST_PARTS];
        let mut unassigned = 0u64;
        let met = |k: usize| {
            let total = lane(totals, k);
            total > 0 && f.min_counts.get(k).is_some_and(|m| total >= *m)
        };
        // L = lcm of the met rules' totals, so every rule's split is an integer over L.
        let mut lcm: u64 = 1;
        let mut any_met = false;
        for k in (0..f.rules).filter(|k| met(*k)) {
            let total = lane(totals, k);
            any_met = true;
            let g = crate::money::gcd(u128::from(lcm), u128::from(total)) as u64;
            let Some(l) = (lcm / g.max(1)).checked_mul(total) else {
                return Ok(false);
            };
            lcm = l;
        }
        if any_met {
            let mut unmet_weight: u64 = 0;
            for (k, w) in f.rule_weights.iter().take(f.rules).enumerate() {
                if !met(k) {
                    let Some(u) = unmet_weight.checked_add(*w) else {
                        return Ok(false);
                    };
                    unmet_weight = u;
                    continue;
                }
                let Some(per_touch) = w.checked_mul(lcm / lane(totals, k).max(1)) else {
                    return Ok(false);
                };
                for (dst, (_, c)) in weights.iter_mut().zip(order.iter()) {
                    let add = per_touch.checked_mul(lane(*c, k));
                    let Some(sum) = add.and_then(|a| dst.checked_add(a)) else {
                        return Ok(false);
                    };
                    *dst = sum;
                }
            }
            if f.unassigned {
                let Some(u) = unmet_weight.checked_mul(lcm) else {
                    return Ok(false);
                };
                unassigned = u;
            }
        } else {
            // No rule met: the linear fallback, one unit per counted touch.
            for (dst, (_, c)) in weights.iter_mut().zip(order.iter()) {
                *dst = lane(*c, FAST_RULES);
            }
        }
        if let Some(u) = weights.get_mut(n) {
            *u = unassigned;
        }
        let parts = weights.get(..=n).unwrap_or_default();
        let Some(denominator) = parts.iter().try_fold(0u64, |s, w| s.checked_add(*w)) else {
            return Ok(false);
        };
        if denominator == 0 {
            // Every weight is zero: the whole deal is unassigned.
            out.push(line(d, None, deal.amount_minor, 1, 1));
            return Ok(true);
        }
        // amount × denominator fits, so every amount × weight does.
        let Some(amount) = u64::try_from(deal.amount_minor)
            .ok()
            .filter(|a| a.checked_mul(denominator).is_some())
        else {
            return Ok(false);
        };
        let mut shares = [0u64; FAST_PARTS];
        if n == 1 && unassigned == 0 {
            // One rep takes everything: nothing to divide.
            if let Some(s) = shares.first_mut() {
                *s = amount;
            }
        } else {
            allocate_u64(amount, denominator, parts, &mut shares);
        }
        for ((w, share), (rep, _)) in weights.iter().zip(&shares).zip(order.iter()) {
            if *w != 0 {
                out.push(line(d, Some(*rep), u128::from(*share), *w, denominator));
            }
        }
        if unassigned != 0 {
            let share = shares.get(n).copied().unwrap_or(0);
            out.push(line(d, None, u128::from(share), unassigned, denominator));
        }
        Ok(true)
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

/// Deals per task of [`BatchRunner::run_parallel`].
#[cfg(feature = "parallel")]
pub const PARALLEL_CHUNK_DEALS: usize = 2_048;

#[cfg(feature = "parallel")]
impl BatchRunner {
    /// [`BatchRunner::run`] on every core (feature `parallel`): the deals are cut into chunks
    /// of [`PARALLEL_CHUNK_DEALS`], each attributed by its own runner on rayon's pool, and the
    /// lines joined in deal order. `out` ends up exactly as after the sequential run, also on
    /// an error (the lines of the deals before the first failing deal, then that deal's error).
    /// Runs in the calling rayon pool, so `ThreadPool::install` chooses the thread count.
    ///
    /// ```
    /// use salesrules::attribution::batch::{BatchDeal, BatchRunner, BatchTouch};
    /// use salesrules::{Engine, Model};
    ///
    /// let engine = Engine::default();
    /// let touches: Vec<BatchTouch> = (0..3)
    ///     .map(|i| BatchTouch { rep: i, contact: 0, role: 0, kind: 0, at: 100 + i64::from(i), opportunity: false })
    ///     .collect();
    /// let deals = vec![BatchDeal { amount_minor: 1_000, closed_at: 1_000, touch_start: 0, touch_len: 3,
    ///                              handover_start: 0, handover_len: 0 }; 5_000];
    /// let (mut one, mut all) = (Vec::new(), Vec::new());
    /// BatchRunner::new().run(&engine, Model::Linear, &deals, &touches, &[], &mut one)?;
    /// BatchRunner::new().run_parallel(&engine, Model::Linear, &deals, &touches, &[], &mut all)?;
    /// assert_eq!(one, all);
    /// # Ok::<(), salesrules::Error>(())
    /// ```
    pub fn run_parallel(
        &self,
        engine: &Engine,
        model: Model,
        deals: &[BatchDeal],
        touches: &[BatchTouch],
        handovers: &[BatchHandover],
        out: &mut Vec<BatchCredit>,
    ) -> Result<()> {
        self.run_parallel_in_chunks(
            engine,
            model,
            deals,
            touches,
            handovers,
            PARALLEL_CHUNK_DEALS,
            out,
        )
    }

    /// [`BatchRunner::run_parallel`] with `chunk` deals per task (at least 1).
    #[allow(clippy::too_many_arguments)]
    pub fn run_parallel_in_chunks(
        &self,
        engine: &Engine,
        model: Model,
        deals: &[BatchDeal],
        touches: &[BatchTouch],
        handovers: &[BatchHandover],
        chunk: usize,
        out: &mut Vec<BatchCredit>,
    ) -> Result<()> {
        use rayon::prelude::*;
        let chunk = chunk.max(1);
        let general_only = self.general_only;
        let parts: Vec<(Vec<BatchCredit>, Result<()>)> = deals
            .par_chunks(chunk)
            .enumerate()
            .map_init(
                || BatchRunner {
                    general_only,
                    ..BatchRunner::default()
                },
                |runner, (i, part)| {
                    let mut lines = Vec::with_capacity(part.len() * 5);
                    let result = runner.run_from(
                        engine,
                        model,
                        part,
                        i * chunk,
                        touches,
                        handovers,
                        &mut lines,
                    );
                    (lines, result)
                },
            )
            .collect();
        for (lines, result) in parts {
            out.extend_from_slice(&lines);
            result?;
        }
        Ok(())
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
