//! The attribution kernel: exact integer weights per rep for every model.
//!
//! One implementation serves the JSON path and the flat batch path. Touches arrive already
//! interned (`rep` is the rep's index in id order, `mask` the set of rules the touch qualifies
//! for) and, for the positional models, sorted by time, then rep id, then contact id. The
//! kernel writes one integer numerator per rep, plus one for "unassigned", over their sum as
//! the common denominator; the money allocation then happens in minor units.

use super::decay::decay_weight_q63;
use crate::error::{Error, ErrorCode, Result};
use crate::money::gcd;
use crate::policy::{weight_units, Model, Policy, UnmetRules};

/// A touch as the kernel sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KTouch {
    /// Index of the rep among the deal's reps, in rep-id order.
    pub rep: u32,
    /// Bit `k` set when the touch qualifies for rule `k`.
    pub mask: u64,
    /// Unix seconds.
    pub at: i64,
    /// Contact id, ordered like contact names (breaks time ties after the rep).
    pub contact: u32,
    /// The touch is in the opportunity stage (W-shaped).
    pub opportunity: bool,
}

/// The policy's attribution settings, compiled to integers and bitmasks once.
#[derive(Debug, Clone)]
pub struct CompiledAttribution {
    pub(crate) rule_weights: Vec<u128>,
    pub(crate) min_counts: Vec<u32>,
    /// `qualify[role * n_kinds + kind]` = bitmask of the rules a touch qualifies for.
    pub(crate) qualify: Vec<u64>,
    pub(crate) n_kinds: usize,
    pub(crate) unmet: UnmetRules,
    pub(crate) fallback: Model,
    pub(crate) half_life: u64,
    pub(crate) u_first: u128,
    pub(crate) u_last: u128,
    pub(crate) u_middle: u128,
    pub(crate) w_first: u128,
    pub(crate) w_opp: u128,
    pub(crate) w_last: u128,
    pub(crate) w_rest: u128,
    pub(crate) shapley_exact_max: u32,
    pub(crate) shapley_samples: u32,
    pub(crate) shapley_seed: u64,
}

const ONE: u128 = 1_000_000_000;

impl CompiledAttribution {
    /// Compile a validated policy.
    pub fn new(policy: &Policy) -> Self {
        let a = &policy.attribution;
        let n_kinds = policy.touch_kinds.len();
        let mut qualify = vec![0u64; policy.roles.len() * n_kinds];
        for (k, rule) in a.rules.iter().enumerate() {
            for role in &rule.roles {
                for kind in &rule.kinds {
                    let (Some(r), Some(t)) = (
                        policy.roles.iter().position(|x| x == role),
                        policy.touch_kinds.iter().position(|x| x == kind),
                    ) else {
                        continue;
                    };
                    if let Some(slot) = qualify.get_mut(r * n_kinds + t) {
                        *slot |= 1u64 << k;
                    }
                }
            }
        }
        let u_first = weight_units(a.u_shaped.first);
        let u_last = weight_units(a.u_shaped.last);
        let w = &a.w_shaped;
        let (w_first, w_opp, w_last) = (
            weight_units(w.first),
            weight_units(w.opportunity),
            weight_units(w.last),
        );
        // Weights are exact integers over 10^9; dividing them all by their common divisor
        // keeps the ratios exact and the numbers small (0.40/0.35/0.25 become 8/7/5), so the
        // money arithmetic stays in 64 bits for ordinary amounts.
        let rule_weights: Vec<u128> = a.rules.iter().map(|r| weight_units(r.weight)).collect();
        let common = rule_weights.iter().fold(0u128, |g, w| gcd(g, *w)).max(1);
        CompiledAttribution {
            rule_weights: rule_weights.iter().map(|w| w / common).collect(),
            min_counts: a.rules.iter().map(|r| r.min_count).collect(),
            qualify,
            n_kinds,
            unmet: a.unmet_rules,
            fallback: a.fallback_model,
            half_life: u64::try_from(a.time_decay_half_life.seconds())
                .unwrap_or(1)
                .max(1),
            u_first,
            u_last,
            u_middle: ONE.saturating_sub(u_first + u_last),
            w_first,
            w_opp,
            w_last,
            w_rest: ONE.saturating_sub(w_first + w_opp + w_last),
            shapley_exact_max: policy.analytics.shapley.exact_max_players,
            shapley_samples: policy.analytics.shapley.samples,
            shapley_seed: policy.analytics.shapley.seed,
        }
    }

    /// Rule bitmask for a (role index, kind index) pair.
    #[inline]
    pub fn mask(&self, role: usize, kind: usize) -> u64 {
        self.qualify
            .get(role * self.n_kinds + kind)
            .copied()
            .unwrap_or(0)
    }

    /// Number of rules.
    pub fn rule_count(&self) -> usize {
        self.rule_weights.len()
    }
}

/// Reusable buffers, so the hot path does not allocate per deal.
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    /// `counts[r * rules + k]`: qualifying touches of rep `r` for rule `k`.
    pub counts: Vec<u32>,
    /// Qualifying touches per rule, all reps.
    pub totals: Vec<u32>,
    /// Numerators per rep, then one for unassigned.
    pub weights: Vec<u128>,
    /// Allocated minor units, same layout as `weights`.
    pub out: Vec<u128>,
    /// Remainders (allocation scratch).
    pub rems: Vec<u128>,
    /// Per met rule, the Shapley solution (the `shapley` model only).
    pub shapley: Vec<super::shapley::ShapleyRule>,
}

/// How the weights were obtained, for the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The requested model applied.
    Model(Model),
    /// `role_weighted` met no rule; the fallback model applied.
    Fallback(Model),
    /// No touch at or before close: everything is unassigned.
    NoTouches,
    /// Every weight is zero (e.g. every met rule weighs 0): everything is unassigned.
    ZeroWeights,
}

fn overflow() -> Error {
    Error::new(
        ErrorCode::ArithmeticOverflow,
        "",
        "the exact shares of this deal do not fit in 128-bit integers (too many rules with \
         co-prime touch counts); reduce the number of rules or touches",
    )
}

/// Compute integer weights into `scratch.weights[..=reps]` (index `reps` is unassigned).
pub fn weigh(
    c: &CompiledAttribution,
    model: Model,
    touches: &[KTouch],
    reps: usize,
    s: &mut Scratch,
) -> Result<Basis> {
    s.weights.clear();
    s.weights.resize(reps + 1, 0);
    if touches.is_empty() {
        if let Some(u) = s.weights.get_mut(reps) {
            *u = 1;
        }
        return Ok(Basis::NoTouches);
    }
    let basis = match model {
        Model::RoleWeighted => role_weighted(c, touches, reps, s)?,
        Model::Shapley => {
            super::shapley::count(c, touches, reps, s);
            if super::shapley::weights(c, reps, s)? {
                Basis::Model(Model::Shapley)
            } else {
                positional(c, c.fallback, touches, s);
                Basis::Fallback(c.fallback)
            }
        }
        other => {
            positional(c, other, touches, s);
            Basis::Model(other)
        }
    };
    if s.weights.iter().all(|w| *w == 0) {
        if let Some(u) = s.weights.get_mut(reps) {
            *u = 1;
        }
        return Ok(Basis::ZeroWeights);
    }
    Ok(basis)
}

fn role_weighted(
    c: &CompiledAttribution,
    touches: &[KTouch],
    reps: usize,
    s: &mut Scratch,
) -> Result<Basis> {
    super::shapley::count(c, touches, reps, s);
    if weights_from_counts(c, reps, s)? {
        return Ok(Basis::Model(Model::RoleWeighted));
    }
    positional(c, c.fallback, touches, s);
    Ok(Basis::Fallback(c.fallback))
}

/// Rule weights from qualifying-touch counts: `s.counts[r * rules + k]` (reps in id order)
/// and `s.totals[k]`. Writes `s.weights[..=reps]` and returns `false` when no rule is met
/// (the caller then applies the fallback model).
pub fn weights_from_counts(c: &CompiledAttribution, reps: usize, s: &mut Scratch) -> Result<bool> {
    let rules = c.rule_count();
    // L = lcm of the met rules' totals, so every rule's split is an integer over L.
    let mut lcm: u128 = 1;
    let mut any_met = false;
    for (k, total) in s.totals.iter().enumerate() {
        if is_met(c, k, *total) {
            any_met = true;
            let t = u128::from(*total);
            lcm = (lcm / gcd(lcm, t)).checked_mul(t).ok_or_else(overflow)?;
        }
    }
    if !any_met {
        return Ok(false);
    }
    s.weights.clear();
    s.weights.resize(reps + 1, 0);
    let mut unmet_weight: u128 = 0;
    for (k, w) in c.rule_weights.iter().enumerate() {
        let total = s.totals.get(k).copied().unwrap_or(0);
        if !is_met(c, k, total) {
            unmet_weight += *w;
            continue;
        }
        let per_touch = w
            .checked_mul(lcm / u128::from(total))
            .ok_or_else(overflow)?;
        for (r, dst) in s.weights.iter_mut().take(reps).enumerate() {
            let n = s.counts.get(r * rules + k).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            let add = per_touch.checked_mul(u128::from(n)).ok_or_else(overflow)?;
            *dst = dst.checked_add(add).ok_or_else(overflow)?;
        }
    }
    if c.unmet == UnmetRules::Unassigned {
        let u = unmet_weight.checked_mul(lcm).ok_or_else(overflow)?;
        if let Some(slot) = s.weights.get_mut(reps) {
            *slot = u;
        }
    }
    Ok(true)
}

#[inline]
fn is_met(c: &CompiledAttribution, k: usize, total: u32) -> bool {
    c.min_counts.get(k).is_some_and(|m| total >= *m)
}

/// Per-touch weight of a positional model, for touch `i` of `n` (sorted).
pub fn touch_weight(
    c: &CompiledAttribution,
    model: Model,
    touches: &[KTouch],
    i: usize,
    opp: usize,
) -> u128 {
    let n = touches.len();
    let last = n - 1;
    match model {
        Model::RoleWeighted | Model::Linear | Model::Shapley => 1,
        Model::FirstTouch => u128::from(i == 0),
        Model::LastTouch => u128::from(i == last),
        Model::TimeDecay => {
            let t_last = touches.get(last).map_or(0, |t| t.at);
            let t_i = touches.get(i).map_or(0, |t| t.at);
            let dt = u64::try_from(t_last.saturating_sub(t_i)).unwrap_or(0);
            decay_weight_q63(dt, c.half_life)
        }
        Model::UShaped => match n {
            1 | 2 => 1,
            _ => {
                let middle = (n - 2) as u128;
                if i == 0 {
                    c.u_first * middle
                } else if i == last {
                    c.u_last * middle
                } else {
                    c.u_middle
                }
            }
        },
        Model::WShaped => match n {
            1 | 2 => 1,
            _ => {
                let keys = [0, opp, last];
                let rest = n - keys_distinct(opp, last);
                let scale = rest.max(1) as u128;
                let mut w = 0;
                if i == 0 {
                    w += c.w_first * scale;
                }
                if i == opp {
                    w += c.w_opp * scale;
                }
                if i == last {
                    w += c.w_last * scale;
                }
                if !keys.contains(&i) {
                    w += c.w_rest;
                }
                w
            }
        },
    }
}

fn keys_distinct(opp: usize, last: usize) -> usize {
    1 + usize::from(opp != 0 && opp != last) + usize::from(last != 0)
}

/// Index of the W-shaped opportunity touch: the first touch of the opportunity stage, else the
/// median touch (lower median).
pub fn opportunity_index(touches: &[KTouch]) -> usize {
    touches
        .iter()
        .position(|t| t.opportunity)
        .unwrap_or(touches.len().saturating_sub(1) / 2)
}

fn positional(c: &CompiledAttribution, model: Model, touches: &[KTouch], s: &mut Scratch) {
    let opp = if model == Model::WShaped {
        opportunity_index(touches)
    } else {
        0
    };
    for i in 0..touches.len() {
        let w = touch_weight(c, model, touches, i, opp);
        if let Some(t) = touches.get(i) {
            if let Some(dst) = s.weights.get_mut(t.rep as usize) {
                *dst += w;
            }
        }
    }
}
