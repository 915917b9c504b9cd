//! The `shapley` model: the role-weighted rules as a cooperative game among the deal's reps.
//!
//! The coalition value `v(S)` is the total policy weight of the rules that the qualifying
//! touches of the reps in `S` alone would meet: `v(S) = Σ_k w_k · [Σ_{r∈S} c_rk ≥ m_k]`, with
//! `c_rk` rep `r`'s qualifying touches for rule `k` and `m_k` its `min_count`. The game is a
//! sum of one threshold game per rule, so (Shapley values being linear) each rep's value is
//! the sum over the rules of `w_k ×` the rep's Shapley value in that rule's threshold game:
//! the share of the orderings of the rule's qualifying reps in which the rep's touches
//! complete the threshold (the rep is *pivotal*). Reps without a qualifying touch for a rule
//! are null players there and get nothing from it; `v` is monotone, so no value is negative.
//!
//! As in `role_weighted`, unmet rules' weight is redistributed over the met rules (or left
//! unassigned, by policy), and when no rule is met the fallback model applies.
//!
//! A rule with at most `analytics.shapley.exact_max_players` qualifying reps (default 15) is
//! solved exactly over all coalitions: rep `i`'s pivot count is
//! `Σ_{S ∌ i, pivotal} |S|! (n−1−|S|)!` over `n!`, an exact integer fraction. Above that, the
//! rule is solved by Monte-Carlo permutation sampling with `analytics.shapley.samples`
//! permutations and a splitmix64 generator seeded with `analytics.shapley.seed` (mixed with the
//! rule's index): the pivot counts over the number of samples. Either way the shares are exact
//! integer fractions that sum to the rule's weight, so the largest-remainder allocation keeps
//! every cent; the explanation says which method was used, with the samples and the seed.

use super::kernel::{CompiledAttribution, KTouch, Scratch};
use crate::error::{Error, ErrorCode, Result};
use crate::money::gcd;
use crate::policy::UnmetRules;

/// How a rule's Shapley values were obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapleyMethod {
    /// Every coalition enumerated; the denominator is `players!`.
    Exact,
    /// Permutations sampled with a fixed seed; the denominator is the sample count.
    MonteCarlo {
        /// Permutations sampled.
        samples: u32,
        /// The seed (already mixed with the rule index).
        seed: u64,
    },
}

/// The Shapley solution of one met rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapleyRule {
    /// Rule index in the policy.
    pub rule: usize,
    /// How it was solved.
    pub method: ShapleyMethod,
    /// `(rep index, pivot numerator)` for every qualifying rep, in rep-id order.
    pub pivots: Vec<(u32, u128)>,
    /// Denominator of the pivot numerators (they sum to it).
    pub denominator: u128,
}

fn overflow() -> Error {
    Error::new(
        ErrorCode::ArithmeticOverflow,
        "",
        "the exact Shapley shares of this deal do not fit in 128-bit integers; reduce \
         analytics.shapley.samples or the number of rules",
    )
}

/// One step of splitmix64 (Steele, Lea, Flood 2014): a small, well-mixed, seedable generator.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn factorial(n: u32) -> u128 {
    (1..=u128::from(n)).product()
}

/// Exact pivot numerators (over `n!`) of the threshold game `[Σ counts ≥ min]`.
fn exact(counts: &[u64], min: u64) -> Vec<u128> {
    let n = counts.len();
    let fact: Vec<u128> = (0..=n as u32).map(factorial).collect();
    let mut sums = vec![0u64; 1usize << n];
    let mut out = vec![0u128; n];
    for mask in 1usize..(1usize << n) {
        let low = mask.trailing_zeros() as usize;
        let rest = mask & (mask - 1);
        let s = sums.get(rest).copied().unwrap_or(0) + counts.get(low).copied().unwrap_or(0);
        if let Some(slot) = sums.get_mut(mask) {
            *slot = s;
        }
    }
    for (mask, sum) in sums.iter().enumerate() {
        if *sum >= min {
            continue;
        }
        let size = mask.count_ones() as usize;
        let coef = fact.get(size).copied().unwrap_or(0)
            * fact.get(n - 1 - size.min(n - 1)).copied().unwrap_or(0);
        for (i, (c, o)) in counts.iter().zip(out.iter_mut()).enumerate() {
            if mask & (1 << i) == 0 && sum + c >= min {
                *o += coef;
            }
        }
    }
    out
}

/// Monte-Carlo pivot counts (over `samples`) of the threshold game `[Σ counts ≥ min]`.
fn sampled(counts: &[u64], min: u64, samples: u32, seed: u64) -> Vec<u128> {
    let n = counts.len();
    let mut out = vec![0u128; n];
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed;
    for _ in 0..samples {
        for i in (1..n).rev() {
            // Multiply-shift maps 64 random bits onto 0..=i (bias below 2^-40 here).
            let j = ((u128::from(splitmix64(&mut state)) * (i as u128 + 1)) >> 64) as usize;
            order.swap(i, j.min(i));
        }
        let mut sum = 0u64;
        for p in &order {
            sum += counts.get(*p).copied().unwrap_or(0);
            if sum >= min {
                if let Some(o) = out.get_mut(*p) {
                    *o += 1;
                }
                break;
            }
        }
    }
    out
}

/// Shapley weights into `s.weights[..=reps]`, after `s.counts`/`s.totals` were filled by the
/// role-weighted counting. Returns `false` when no rule is met (the caller falls back).
pub(crate) fn weights(c: &CompiledAttribution, reps: usize, s: &mut Scratch) -> Result<bool> {
    let rules = c.rule_count();
    s.shapley.clear();
    for k in 0..rules {
        let total = s.totals.get(k).copied().unwrap_or(0);
        let min = c.min_counts.get(k).copied().unwrap_or(u32::MAX);
        if total < min {
            continue;
        }
        let mut players = Vec::new();
        let mut counts = Vec::new();
        for r in 0..reps {
            let n = s.counts.get(r * rules + k).copied().unwrap_or(0);
            if n > 0 {
                players.push(r as u32);
                counts.push(u64::from(n));
            }
        }
        let (method, numerators, denominator) = if players.len() <= c.shapley_exact_max as usize {
            let d = factorial(players.len() as u32);
            (ShapleyMethod::Exact, exact(&counts, u64::from(min)), d)
        } else {
            let mut mix = c.shapley_seed ^ (k as u64).wrapping_mul(0xD1B5_4A32_D192_ED03);
            let seed = splitmix64(&mut mix);
            (
                ShapleyMethod::MonteCarlo {
                    samples: c.shapley_samples,
                    seed: c.shapley_seed,
                },
                sampled(&counts, u64::from(min), c.shapley_samples, seed),
                u128::from(c.shapley_samples),
            )
        };
        s.shapley.push(ShapleyRule {
            rule: k,
            method,
            pivots: players.into_iter().zip(numerators).collect(),
            denominator,
        });
    }
    if s.shapley.is_empty() {
        return Ok(false);
    }
    let mut common: u128 = 1;
    for r in &s.shapley {
        common = (common / gcd(common, r.denominator))
            .checked_mul(r.denominator)
            .ok_or_else(overflow)?;
    }
    s.weights.clear();
    s.weights.resize(reps + 1, 0);
    for r in &s.shapley {
        let w = c.rule_weights.get(r.rule).copied().unwrap_or(0);
        let scale = w
            .checked_mul(common / r.denominator.max(1))
            .ok_or_else(overflow)?;
        for (rep, p) in &r.pivots {
            let add = scale.checked_mul(*p).ok_or_else(overflow)?;
            if let Some(dst) = s.weights.get_mut(*rep as usize) {
                *dst = dst.checked_add(add).ok_or_else(overflow)?;
            }
        }
    }
    if c.unmet == UnmetRules::Unassigned {
        let mut unmet: u128 = 0;
        for (k, w) in c.rule_weights.iter().enumerate() {
            if !s.shapley.iter().any(|r| r.rule == k) {
                unmet += *w;
            }
        }
        let u = unmet.checked_mul(common).ok_or_else(overflow)?;
        if let Some(slot) = s.weights.get_mut(reps) {
            *slot = u;
        }
    }
    Ok(true)
}

/// Count qualifying touches per rep (`s.counts[rep * rules + k]`) and per rule (`s.totals[k]`):
/// the basis of both `role_weighted` and `shapley`.
pub(crate) fn count(c: &CompiledAttribution, touches: &[KTouch], reps: usize, s: &mut Scratch) {
    let rules = c.rule_count();
    s.counts.clear();
    s.counts.resize(rules * reps, 0);
    s.totals.clear();
    s.totals.resize(rules, 0);
    for t in touches {
        let mut m = t.mask;
        while m != 0 {
            let k = m.trailing_zeros() as usize;
            m &= m - 1;
            if let Some(n) = s.counts.get_mut(t.rep as usize * rules + k) {
                *n += 1;
            }
            if let Some(n) = s.totals.get_mut(k) {
                *n += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_players_one_can_meet_alone() {
        // min 2: alice 3 touches meets alone, bob 1 does not → alice pivotal in both orders.
        assert_eq!(exact(&[3, 1], 2), vec![2, 0]);
        // min 2, one each: whoever comes second is pivotal → 1/2 each.
        assert_eq!(exact(&[1, 1], 2), vec![1, 1]);
    }

    #[test]
    fn three_player_majority_game() {
        // min 3 with counts 2, 1, 1: orderings (6): pivot is the player completing 3.
        // a b c → b; a c b → c; b a c → a; b c a → a; c a b → a; c b a → a → a 4, b 1, c 1.
        assert_eq!(exact(&[2, 1, 1], 3), vec![4, 1, 1]);
    }

    #[test]
    fn exact_numerators_sum_to_n_factorial() {
        let counts = [1, 2, 3, 1, 1, 2, 5, 1];
        let p = exact(&counts, 7);
        assert_eq!(p.iter().sum::<u128>(), factorial(8));
    }

    #[test]
    fn sampling_is_seeded_and_sums_to_samples() {
        let counts = [1, 1, 1, 1];
        let a = sampled(&counts, 2, 1000, 7);
        assert_eq!(a, sampled(&counts, 2, 1000, 7));
        assert_eq!(a.iter().sum::<u128>(), 1000);
        // Each of 4 symmetric players is pivotal about a quarter of the time.
        assert!(a.iter().all(|x| (200..300).contains(x)), "{a:?}");
    }
}
