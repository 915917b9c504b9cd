//! `markov_attribution`: the data-driven removal-effect model of SPEC 2A, over many deals.
//!
//! A removal effect needs many journeys, so it is its own operation rather than a `model` of
//! `attribute` (one deal's journey alone would make every rep on it indispensable). The request
//! carries many deals' touches with their outcome; the response gives each rep's removal effect
//! and each converted deal's exact-cent split.
//!
//! **Chain (order 1).** Each journey is the deal's touches sorted by time, then rep id (input
//! order never matters), read as `start → rep₁ → … → repₙ → conversion | null`. Transition
//! probabilities are the observed counts over each state's outgoing count.
//!
//! **Conversion probability.** `P` is the probability of absorption in `conversion` from
//! `start`. It is solved **exactly** in big rationals: for every transient state `i`,
//! `out_i·x_i − Σ_j n_ij·x_j = n_i,conversion` (integer counts), by Gauss–Jordan elimination.
//! States that cannot reach `conversion` are set to 0 first, so the system left is always
//! non-singular: no NaN, no division by zero, and no rounding that could break symmetry.
//!
//! **Removal effect** of rep `r`: `RE_r = (P − P₋ᵣ) / P`, where `P₋ᵣ` is the conversion
//! probability when every transition into `r` goes to `null`. Removing a state can only lower
//! the absorption probability, so `0 ≤ RE_r ≤ 1` holds exactly; the result is clamped to that
//! range anyway as a guard, and `P = 0` (no conversion at all) gives 0 for everyone.
//!
//! **Credits.** A converted deal's amount is split among the distinct reps of its journey in
//! proportion to their removal effects. The exact shares are rounded down to 24 decimal places
//! as integer weights (equal effects give equal weights) and allocated in minor units by largest
//! remainder, ties to the lower rep id, so credits plus unassigned always sum to the amount.
//! A converted deal without touches, or whose reps all have zero effect, stays unassigned.

use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::money::{allocate, format_minor, Amount};
use crate::time::Instant;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One touch of a journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneyTouch {
    /// Rep id.
    pub rep: String,
    /// When it happened.
    pub at: Instant,
}

/// One deal's journey and outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    /// Deal id, unique in the request.
    pub deal_id: String,
    /// Whether the deal was won.
    pub converted: bool,
    /// Amount of a converted deal (required when `converted`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// The reps' touches, in any order.
    #[serde(default)]
    pub touches: Vec<JourneyTouch>,
}

/// Request of `markov_attribution`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkovRequest {
    /// Currency of every amount.
    pub currency: String,
    /// The journeys the chain is learned from (converted and not).
    pub journeys: Vec<Journey>,
}

/// A rep's removal effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovalEffect {
    /// Rep id.
    pub rep: String,
    /// Touches by the rep over all journeys.
    pub touches: usize,
    /// Journeys the rep appears in.
    pub journeys: usize,
    /// Conversion probability with the rep removed, rounded for display.
    pub conversion_probability_without: String,
    /// `(P − P₋ᵣ) / P`, rounded for display.
    pub removal_effect: String,
    /// The same, exact.
    pub removal_effect_exact: String,
}

/// A rep's credit on one converted deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkovCredit {
    /// Rep id.
    pub rep: String,
    /// Share of the deal (this rep's removal effect over the sum of the journey's reps'),
    /// rounded for display; the exact effects are in `reps`.
    pub share: String,
    /// Amount, exact to the minor unit.
    pub amount: String,
}

/// One converted deal's split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkovDeal {
    /// Deal id.
    pub deal_id: String,
    /// Deal amount.
    pub amount: String,
    /// Credits, by rep id.
    pub credits: Vec<MarkovCredit>,
    /// Amount nobody is credited with.
    pub unassigned: String,
    /// Why.
    pub text: String,
}

/// An observed transition count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// `start` or a rep id.
    pub from: String,
    /// A rep id, `conversion` or `null`.
    pub to: String,
    /// Times observed.
    pub count: u64,
}

/// Response of `markov_attribution`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkovResponse {
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
    /// Currency.
    pub currency: String,
    /// `markov`, order 1.
    pub model: String,
    /// Journeys read.
    pub journeys: usize,
    /// Converted journeys.
    pub conversions: usize,
    /// Conversion probability from `start`, rounded for display.
    pub conversion_probability: String,
    /// The same, exact.
    pub conversion_probability_exact: String,
    /// Removal effects, by rep id (exact fractions can be long: they are exact).
    pub reps: Vec<RemovalEffect>,
    /// Converted deals and their credits, by deal id.
    pub deals: Vec<MarkovDeal>,
    /// Deals that did not convert (no credit), by id.
    pub not_converted: Vec<String>,
    /// Observed transitions, by (from, to).
    pub transitions: Vec<Transition>,
    /// How it was computed, in words.
    pub explanation: Vec<String>,
}

const CONVERSION: usize = usize::MAX;
const NULL: usize = usize::MAX - 1;

/// Exact decimal rendering, rounded half away from zero (display only).
pub(crate) fn ratio_string(q: &BigRational, places: u32) -> String {
    let scale = BigInt::from(10u32).pow(places);
    let neg = q.is_negative();
    let q = q.abs();
    let n = q.numer() * &scale * 2 + q.denom();
    let d = q.denom() * 2;
    let v: BigInt = n / d;
    let neg = neg && !v.is_zero();
    let digits = v.to_string();
    let p = places as usize;
    let padded = format!("{digits:0>width$}", width = p + 1);
    let (int, frac) = padded.split_at(padded.len() - p);
    let frac = frac.trim_end_matches('0');
    let sign = if neg { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

fn exact_string(q: &BigRational) -> String {
    format!("{}/{}", q.numer(), q.denom())
}

struct Chain {
    /// Rep ids, sorted; state `i + 1` is rep `i`, state 0 is start.
    reps: Vec<String>,
    /// `counts[(from, to)]`; `to` may be CONVERSION or NULL.
    counts: BTreeMap<(usize, usize), u64>,
    /// Outgoing count per transient state.
    out: Vec<u64>,
}

impl Chain {
    /// The conversion probability from `start`, and for every rep the probability with that
    /// rep removed (every transition into it sent to `null`). Exact.
    ///
    /// One Gauss–Jordan elimination of `[A | I | b]` gives `x = A⁻¹b` and `A⁻¹`; removing
    /// state `r` pins `x_r = 0`, and by the Sherman–Morrison identity the pinned solution is
    /// `x − (x_r / (A⁻¹)_rr) · A⁻¹e_r`, so `P₋ᵣ = x_start − x_r · (A⁻¹)_start,r / (A⁻¹)_rr`.
    /// `A` is a non-singular M-matrix once the states that cannot reach conversion are set
    /// aside, so `(A⁻¹)_rr > 0`.
    fn solve_all(&self) -> Result<(BigRational, Vec<BigRational>)> {
        let n = self.out.len();
        let reps = n.saturating_sub(1);
        // Which states can reach conversion?
        let mut reach = vec![false; n];
        let mut changed = true;
        while changed {
            changed = false;
            for (&(from, to), &c) in &self.counts {
                if c == 0 || reach.get(from).copied().unwrap_or(true) {
                    continue;
                }
                let ok = to == CONVERSION || (to != NULL && reach.get(to).copied() == Some(true));
                if ok {
                    if let Some(x) = reach.get_mut(from) {
                        *x = true;
                        changed = true;
                    }
                }
            }
        }
        if !reach.first().copied().unwrap_or(false) {
            return Ok((BigRational::zero(), vec![BigRational::zero(); reps]));
        }
        // Unknowns: the reaching states, in state order (start first).
        let vars: Vec<usize> = (0..n).filter(|s| reach.get(*s) == Some(&true)).collect();
        let col: BTreeMap<usize, usize> = vars.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        let m = vars.len();
        let width = 2 * m + 1;
        let mut a = vec![vec![BigRational::zero(); width]; m];
        for (row, s) in vars.iter().enumerate() {
            let Some(r) = a.get_mut(row) else { continue };
            if let Some(x) = r.get_mut(row) {
                *x =
                    BigRational::from_integer(BigInt::from(self.out.get(*s).copied().unwrap_or(0)));
            }
            if let Some(x) = r.get_mut(m + row) {
                *x = BigRational::one();
            }
            for (&(_, to), &c) in self.counts.range((*s, 0)..=(*s, usize::MAX)) {
                let cnt = BigRational::from_integer(BigInt::from(c));
                if to == CONVERSION {
                    if let Some(x) = r.get_mut(2 * m) {
                        *x += cnt;
                    }
                } else if let Some(j) = col.get(&to) {
                    if let Some(x) = r.get_mut(*j) {
                        *x -= cnt;
                    }
                }
            }
        }
        solve(&mut a, m)?;
        let at = |i: usize, j: usize| {
            a.get(i)
                .and_then(|r| r.get(j))
                .cloned()
                .unwrap_or_else(BigRational::zero)
        };
        let p = at(0, 2 * m);
        let mut without = Vec::with_capacity(reps);
        for s in 1..n {
            let Some(j) = col.get(&s).copied() else {
                without.push(p.clone());
                continue;
            };
            let inv_jj = at(j, m + j);
            if inv_jj.is_zero() {
                return Err(singular());
            }
            let pw = &p - at(j, 2 * m) * at(0, m + j) / inv_jj;
            without.push(pw.clamp(BigRational::zero(), p.clone()));
        }
        Ok((p, without))
    }
}

fn singular() -> Error {
    Error::new(
        ErrorCode::Internal,
        "",
        "the absorbing chain's system is singular although every state reaches conversion; \
         please report this request",
    )
}

/// Gauss–Jordan elimination in place on the augmented `m × (m+1)` matrix.
fn solve(a: &mut [Vec<BigRational>], m: usize) -> Result<()> {
    for c in 0..m {
        let p = (c..m)
            .find(|r| {
                a.get(*r)
                    .and_then(|row| row.get(c))
                    .is_some_and(|x| !x.is_zero())
            })
            .ok_or_else(singular)?;
        a.swap(c, p);
        let pivot_row = a.get(c).cloned().ok_or_else(singular)?;
        let pv = pivot_row.get(c).cloned().ok_or_else(singular)?;
        let pivot_row: Vec<BigRational> = pivot_row.iter().map(|x| x / &pv).collect();
        for (r, row) in a.iter_mut().enumerate() {
            if r == c {
                row.clone_from(&pivot_row);
                continue;
            }
            let f = row.get(c).cloned().unwrap_or_else(BigRational::zero);
            if f.is_zero() {
                continue;
            }
            for (x, y) in row.iter_mut().zip(&pivot_row) {
                if !y.is_zero() {
                    *x -= &f * y;
                }
            }
        }
    }
    Ok(())
}

/// Serve `markov_attribution`. Called by [`Engine::markov_attribution`].
pub(crate) fn markov_attribution(engine: &Engine, req: &MarkovRequest) -> Result<MarkovResponse> {
    let policy = engine.policy();
    let settings = &policy.analytics.markov;
    let minor_units = policy.minor_units(&req.currency).ok_or_else(|| {
        Error::invalid_request(
            "currency",
            crate::money::MoneyError::UnknownCurrency(req.currency.clone()).to_string(),
        )
    })?;
    if req.journeys.len() > settings.max_journeys {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            "journeys",
            format!(
                "{} journeys exceed analytics.markov.max_journeys ({})",
                req.journeys.len(),
                settings.max_journeys
            ),
        ));
    }
    // Validate, and sort every journey's touches by time, then rep id.
    let mut ids = BTreeSet::new();
    let mut rep_set = BTreeSet::new();
    let mut paths: Vec<(usize, Vec<&str>, u128)> = Vec::with_capacity(req.journeys.len());
    for (i, j) in req.journeys.iter().enumerate() {
        let at = |f: &str| format!("journeys[{i}].{f}");
        if j.deal_id.trim().is_empty() {
            return Err(Error::invalid_request(at("deal_id"), "must not be empty"));
        }
        if !ids.insert(j.deal_id.as_str()) {
            return Err(Error::invalid_request(
                at("deal_id"),
                format!(
                    "duplicate deal id {:?}; each journey is one deal",
                    j.deal_id
                ),
            ));
        }
        let minor =
            match (j.converted, &j.amount) {
                (true, None) => return Err(Error::invalid_request(
                    at("amount"),
                    "a converted journey needs its amount, a decimal string such as \"1000.00\"",
                )),
                (_, Some(a)) => a
                    .to_minor(&req.currency, minor_units)
                    .map_err(|e| Error::invalid_request(at("amount"), e.to_string()))?,
                (false, None) => 0,
            };
        let mut ts: Vec<(i128, &str)> = Vec::with_capacity(j.touches.len());
        for (k, t) in j.touches.iter().enumerate() {
            if t.rep.trim().is_empty() {
                return Err(Error::invalid_request(
                    at(&format!("touches[{k}].rep")),
                    "must not be empty",
                ));
            }
            rep_set.insert(t.rep.as_str());
            ts.push((t.at.unix_nanos(), t.rep.as_str()));
        }
        ts.sort_unstable();
        paths.push((i, ts.into_iter().map(|x| x.1).collect(), minor));
    }
    if rep_set.len() > settings.max_reps {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            "journeys",
            format!(
                "{} distinct reps exceed analytics.markov.max_reps ({})",
                rep_set.len(),
                settings.max_reps
            ),
        ));
    }
    let reps: Vec<String> = rep_set.iter().map(|r| r.to_string()).collect();
    let state: BTreeMap<&str, usize> = rep_set
        .iter()
        .enumerate()
        .map(|(i, r)| (*r, i + 1))
        .collect();
    let mut counts: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    let mut touches_per = vec![0usize; reps.len()];
    let mut journeys_per = vec![0usize; reps.len()];
    for (i, path, _) in &paths {
        let converted = req.journeys.get(*i).is_some_and(|j| j.converted);
        let mut prev = 0usize;
        let mut seen = BTreeSet::new();
        for rep in path {
            let s = state.get(rep).copied().unwrap_or(0);
            *counts.entry((prev, s)).or_insert(0) += 1;
            if let Some(x) = touches_per.get_mut(s - 1) {
                *x += 1;
            }
            if seen.insert(s) {
                if let Some(x) = journeys_per.get_mut(s - 1) {
                    *x += 1;
                }
            }
            prev = s;
        }
        let end = if converted { CONVERSION } else { NULL };
        *counts.entry((prev, end)).or_insert(0) += 1;
    }
    let mut out = vec![0u64; reps.len() + 1];
    for (&(from, _), &c) in &counts {
        if let Some(x) = out.get_mut(from) {
            *x += c;
        }
    }
    let chain = Chain { reps, counts, out };
    let (p, all_without) = chain.solve_all()?;
    let mut effects = Vec::with_capacity(chain.reps.len());
    let mut rep_lines = Vec::with_capacity(chain.reps.len());
    for (r, rep) in chain.reps.iter().enumerate() {
        let without = all_without.get(r).cloned().unwrap_or_else(|| p.clone());
        let re = if p.is_zero() {
            BigRational::zero()
        } else {
            ((&p - &without) / &p).clamp(BigRational::zero(), BigRational::one())
        };
        rep_lines.push(RemovalEffect {
            rep: rep.clone(),
            touches: touches_per.get(r).copied().unwrap_or(0),
            journeys: journeys_per.get(r).copied().unwrap_or(0),
            conversion_probability_without: ratio_string(&without, 10),
            removal_effect: ratio_string(&re, 10),
            removal_effect_exact: exact_string(&re),
        });
        effects.push(re);
    }
    let scale = BigInt::from(10u32).pow(24);
    let mut deals = Vec::new();
    let mut not_converted = Vec::new();
    for (i, path, minor) in &paths {
        let Some(j) = req.journeys.get(*i) else {
            continue;
        };
        if !j.converted {
            not_converted.push(j.deal_id.clone());
            continue;
        }
        let distinct: BTreeSet<usize> = path.iter().filter_map(|r| state.get(r).copied()).collect();
        let members: Vec<(usize, &BigRational)> = distinct
            .iter()
            .filter_map(|s| effects.get(s - 1).map(|e| (*s - 1, e)))
            .collect();
        let sum: BigRational = members.iter().map(|(_, e)| (*e).clone()).sum();
        let mut weights: Vec<u128> = Vec::with_capacity(members.len() + 1);
        let mut shares = Vec::with_capacity(members.len());
        for (_, e) in &members {
            let share = if sum.is_zero() {
                BigRational::zero()
            } else {
                (*e).clone() / &sum
            };
            let w = (share.numer() * &scale / share.denom())
                .to_u128()
                .unwrap_or(0);
            weights.push(w);
            shares.push(share);
        }
        let all_zero = weights.iter().all(|w| *w == 0);
        weights.push(u128::from(all_zero));
        let parts = allocate(*minor, &weights);
        let credits: Vec<MarkovCredit> = members
            .iter()
            .zip(&shares)
            .zip(&parts)
            .filter(|((_, s), _)| !s.is_zero())
            .map(|(((r, _), s), a)| MarkovCredit {
                rep: chain.reps.get(*r).cloned().unwrap_or_default(),
                share: ratio_string(s, 10),
                amount: format_minor(*a, minor_units),
            })
            .collect();
        let unassigned = parts.last().copied().unwrap_or(0);
        let text = if path.is_empty() {
            "converted without any touch: the whole amount is unassigned".to_string()
        } else if all_zero {
            "no rep on this journey has a removal effect: the whole amount is unassigned"
                .to_string()
        } else {
            format!(
                "split over {} in proportion to their removal effects ({})",
                credits
                    .iter()
                    .map(|c| c.rep.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                members
                    .iter()
                    .map(|(r, e)| format!(
                        "{} {}",
                        chain.reps.get(*r).map_or("", String::as_str),
                        ratio_string(e, 4)
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        deals.push(MarkovDeal {
            deal_id: j.deal_id.clone(),
            amount: format_minor(*minor, minor_units),
            credits,
            unassigned: format_minor(unassigned, minor_units),
            text,
        });
    }
    deals.sort_by(|a, b| a.deal_id.cmp(&b.deal_id));
    not_converted.sort();
    let name = |s: usize| match s {
        0 => "start".to_string(),
        CONVERSION => "conversion".to_string(),
        NULL => "null".to_string(),
        s => chain.reps.get(s - 1).cloned().unwrap_or_default(),
    };
    let mut transitions: Vec<Transition> = chain
        .counts
        .iter()
        .map(|(&(f, t), &c)| Transition {
            from: name(f),
            to: name(t),
            count: c,
        })
        .collect();
    transitions.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
    let conversions = deals.len();
    let explanation = vec![
        format!(
            "order-1 Markov chain learned from {} journey(s), {} converted: start → reps (touches by time, then rep id) → conversion | null",
            paths.len(),
            conversions
        ),
        format!(
            "conversion probability from start, solved exactly as an absorbing chain: {} ≈ {}",
            exact_string(&p),
            ratio_string(&p, 6)
        ),
        "removal effect of a rep = (P − P without the rep) / P, where removing a rep sends every transition into it to null; it lies in [0, 1], never negative".to_string(),
        "each converted deal is split over its journey's reps in proportion to their removal effects, allocated in minor units by largest remainder (ties: lower rep id)".to_string(),
    ];
    Ok(MarkovResponse {
        policy_fingerprint: engine.fingerprint().to_string(),
        currency: req.currency.clone(),
        model: "markov".into(),
        journeys: paths.len(),
        conversions,
        conversion_probability: ratio_string(&p, 10),
        conversion_probability_exact: exact_string(&p),
        reps: rep_lines,
        deals,
        not_converted,
        transitions,
        explanation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> BigRational {
        BigRational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn decimal_rendering_rounds_half_up() {
        assert_eq!(ratio_string(&q(2, 3), 4), "0.6667");
        assert_eq!(ratio_string(&q(1, 2), 4), "0.5");
        assert_eq!(ratio_string(&q(1, 1), 4), "1");
        assert_eq!(ratio_string(&q(0, 1), 4), "0");
    }

    #[test]
    fn singular_system_is_an_error_not_nan() {
        let mut a = vec![vec![q(0, 1), q(1, 1)]];
        assert!(solve(&mut a, 1).is_err());
    }
}
