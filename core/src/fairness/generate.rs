//! Deterministic generation of realistic deals for a policy, and greedy shrinking.
//!
//! Nothing here depends on proptest: a seeded [`SplitMix64`] draws [`Case`]s whose contact
//! roles and touch kinds come from the policy (biased towards the ones its rules count), so
//! that `audit_policy_fairness` runs in every binding with the default build. The same
//! [`Case`] type is what the optional proptest strategies generate.

use crate::attribution::{AttributeRequest, Contact, Deal, Handover, Touch};
use crate::money::Amount;
use crate::policy::{Model, Policy};
use crate::time::Instant;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The reps of generated cases, in rep-id order.
pub const REPS: [&str; 5] = ["alice", "bob", "carol", "dave", "erin"];
/// Close of every generated deal: 2026-03-31T18:00:00+08:00.
pub const CLOSE_UNIX: i64 = 1_774_951_200;
/// UTC offset of generated timestamps (+08:00).
pub const OFFSET_SECONDS: i32 = 8 * 3_600;
/// One day in seconds.
pub const DAY: i64 = 86_400;
/// Currencies of generated deals, with their minor units.
pub const CURRENCIES: [(&str, u32); 3] = [("CNY", 2), ("JPY", 0), ("KWD", 3)];
/// The largest amount generated, in minor units (scaling checks multiply it further).
pub const MAX_AMOUNT_MINOR: u128 = 9_999_999_999_999;

/// A small, fast, seeded generator (Steele, Lea and Flood's SplitMix64). Same seed, same stream
/// on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Multiply-shift: unbiased enough for test generation and identical everywhere.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// An index in `0..n` (0 when `n` is 0).
    pub fn index(&mut self, n: usize) -> usize {
        usize::try_from(self.below(n as u64)).unwrap_or(0)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A number in `lo..hi` (lo when the range is empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = hi.abs_diff(lo);
        lo.saturating_add_unsigned(self.below(span))
    }
}

/// Mix several numbers into one seed (so that every invariant and case gets its own stream).
pub fn mix_seed(parts: &[u64]) -> u64 {
    let mut rng = SplitMix64::new(0x5EED_FA1E);
    let mut out = rng.next_u64();
    for p in parts {
        rng = SplitMix64::new(out ^ *p);
        out = rng.next_u64();
    }
    out
}

/// The amount shrinking prefers (100.00 in a two-decimal currency).
pub const READABLE_AMOUNT: u128 = 10_000;

/// One generated touch, by indices into [`REPS`], the case's contacts and the policy's kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseTouch {
    /// Rep index into [`REPS`].
    pub rep: usize,
    /// Contact index into [`Case::contacts`].
    pub contact: usize,
    /// Kind index into the policy's `touch_kinds`.
    pub kind: usize,
    /// Seconds before close (negative: after close, so the touch is ignored).
    pub before_close: i64,
    /// The touch is of the `opportunity` stage.
    pub opportunity: bool,
}

/// One generated handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseHandover {
    /// Previous rep (index into [`REPS`]).
    pub from: usize,
    /// New rep (index into [`REPS`]).
    pub to: usize,
    /// Seconds before close (negative: after close, so it releases nothing).
    pub before_close: i64,
}

/// A generated deal in index form: cheap to mutate and shrink, turned into an
/// [`AttributeRequest`] by [`Case::request`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Amount in minor units of the currency.
    pub amount_minor: u128,
    /// Index into [`CURRENCIES`].
    pub currency: usize,
    /// Role index (into the policy's `roles`) of each contact; contact `i` is `P{i}`.
    pub contacts: Vec<usize>,
    /// Touches.
    pub touches: Vec<CaseTouch>,
    /// Handover confirmations.
    pub handovers: Vec<CaseHandover>,
}

/// Role and kind indices that the policy's rules count, `(roles, kinds)` per rule.
pub fn rule_indices(policy: &Policy) -> Vec<(Vec<usize>, Vec<usize>)> {
    let find = |names: &[String], n: &String| names.iter().position(|x| x == n);
    policy
        .attribution
        .rules
        .iter()
        .map(|r| {
            (
                r.roles
                    .iter()
                    .filter_map(|n| find(&policy.roles, n))
                    .collect(),
                r.kinds
                    .iter()
                    .filter_map(|n| find(&policy.touch_kinds, n))
                    .collect(),
            )
        })
        .collect()
}

fn pick<T: Copy>(rng: &mut SplitMix64, items: &[T]) -> Option<T> {
    items.get(rng.index(items.len())).copied()
}

fn pick_ref<'a, T>(rng: &mut SplitMix64, items: &'a [T]) -> Option<&'a T> {
    items.get(rng.index(items.len()))
}

/// A generated amount in minor units: small ones, one-unit ones and large ones.
pub fn gen_amount(rng: &mut SplitMix64) -> u128 {
    match rng.below(9) {
        0..=2 => u128::from(rng.below(10_000)),
        3 => 1,
        4..=6 => u128::from(10_000 + rng.below(100_000_000_000 - 10_000)),
        _ => u128::from(1_000_000_000_000 + rng.below(9_000_000_000_000)),
    }
}

fn gen_before_close(rng: &mut SplitMix64) -> i64 {
    match rng.below(20) {
        // Coarse days make exact time ties common.
        0..=14 => rng.range(0, 40) * DAY,
        // Long ago: silent periods and locks.
        15..=17 => rng.range(40, 120) * DAY,
        // Odd hours.
        18 => rng.range(1, 24 * 40) * 3_600,
        // After close: ignored.
        _ => -rng.range(1, 6) * 3_600,
    }
}

impl Case {
    /// Draw a realistic deal for `policy`: 1 to 4 contacts, up to 16 touches, up to 2
    /// handovers, roles and kinds biased towards the ones the policy's rules count.
    pub fn generate(policy: &Policy, rng: &mut SplitMix64) -> Case {
        let rules = rule_indices(policy);
        let roles = policy.roles.len();
        let kinds = policy.touch_kinds.len();
        let contacts: Vec<usize> = (0..1 + rng.index(4))
            .map(|_| {
                let rule_role = if rng.chance(75) {
                    pick_ref(rng, &rules).and_then(|(rs, _)| pick(rng, rs))
                } else {
                    None
                };
                rule_role.unwrap_or_else(|| rng.index(roles))
            })
            .collect();
        let n_touches = match rng.below(10) {
            0 => 0,
            1..=2 => 1 + rng.index(3),
            _ => 2 + rng.index(15),
        };
        // Reps cluster: most deals are worked by two or three people.
        let team = 2 + rng.index(REPS.len() - 1);
        let touches = (0..n_touches)
            .map(|_| {
                let contact = rng.index(contacts.len());
                let role = contacts.get(contact).copied().unwrap_or(0);
                let counted: Vec<&Vec<usize>> = rules
                    .iter()
                    .filter(|(rs, _)| rs.contains(&role))
                    .map(|(_, ks)| ks)
                    .collect();
                let kind = if rng.chance(75) {
                    pick(rng, &counted).and_then(|ks| pick(rng, ks))
                } else {
                    None
                };
                CaseTouch {
                    rep: rng.index(team),
                    contact,
                    kind: kind.unwrap_or_else(|| rng.index(kinds)),
                    before_close: gen_before_close(rng),
                    opportunity: rng.chance(20),
                }
            })
            .collect();
        let handovers = (0..rng.index(3))
            .filter_map(|_| {
                let from = rng.index(team);
                let to = rng.index(team);
                let before_close = rng.range(-3, 40) * DAY;
                (from != to).then_some(CaseHandover {
                    from,
                    to,
                    before_close,
                })
            })
            .collect();
        Case {
            amount_minor: gen_amount(rng),
            currency: match rng.below(6) {
                0 => 1,
                1 => 2,
                _ => 0,
            },
            contacts,
            touches,
            handovers,
        }
    }

    /// The currency code and its minor units.
    pub fn currency(&self) -> (&'static str, u32) {
        CURRENCIES.get(self.currency).copied().unwrap_or(("CNY", 2))
    }

    /// The case as an `attribute` request for `policy` (explanations off; `model` when given).
    pub fn request(&self, policy: &Policy, model: Option<Model>) -> AttributeRequest {
        let at = |before: i64| {
            Instant::from_unix(CLOSE_UNIX.saturating_sub(before), OFFSET_SECONDS)
                .or_else(|| Instant::from_unix(CLOSE_UNIX, OFFSET_SECONDS))
        };
        let name = |names: &[String], i: usize| names.get(i).cloned().unwrap_or_default();
        let rep = |i: usize| REPS.get(i).copied().unwrap_or("alice").to_string();
        let (currency, builtin_units) = self.currency();
        // A policy may redefine a currency's minor units: amounts follow the policy.
        let units = policy.minor_units(currency).unwrap_or(builtin_units);
        let amount = i128::try_from(self.amount_minor)
            .ok()
            .and_then(|m| Amount::new(Decimal::from_i128_with_scale(m, units)).ok())
            .unwrap_or_default();
        let closed_at = at(0);
        AttributeRequest {
            deal: Deal {
                id: "D-1".into(),
                customer_id: None,
                amount,
                currency: currency.into(),
                closed_at: closed_at.unwrap_or_else(fallback_instant),
            },
            contacts: self
                .contacts
                .iter()
                .enumerate()
                .map(|(i, r)| Contact {
                    id: format!("P{i}"),
                    role: name(&policy.roles, *r),
                    name: None,
                })
                .collect(),
            touches: self
                .touches
                .iter()
                .map(|t| Touch {
                    rep: rep(t.rep),
                    contact: format!("P{}", t.contact),
                    kind: name(&policy.touch_kinds, t.kind),
                    at: at(t.before_close).unwrap_or_else(fallback_instant),
                    stage: t.opportunity.then(|| "opportunity".to_string()),
                    signals: None,
                })
                .collect(),
            handovers: self
                .handovers
                .iter()
                .map(|h| Handover {
                    from: rep(h.from),
                    to: rep(h.to),
                    at: at(h.before_close).unwrap_or_else(fallback_instant),
                    evidence: Some("minutes-1".into()),
                })
                .collect(),
            relations: Vec::new(),
            model,
            explain: false,
            lock_releases: Vec::new(),
        }
    }

    /// Smaller variants of the case, simplest first: fewer handovers, touches and contacts,
    /// a smaller amount, earlier-rounded times. Used by the greedy shrinker.
    pub fn shrink_candidates(&self) -> Vec<Case> {
        let mut out = Vec::new();
        for i in 0..self.handovers.len() {
            let mut c = self.clone();
            c.handovers.remove(i);
            out.push(c);
        }
        if self.touches.len() > 1 {
            // Halves first, then single touches.
            let half = self.touches.len() / 2;
            let mut c = self.clone();
            c.touches.truncate(half);
            out.push(c);
            let mut c = self.clone();
            c.touches.drain(..half);
            out.push(c);
        }
        for i in 0..self.touches.len() {
            let mut c = self.clone();
            c.touches.remove(i);
            out.push(c);
        }
        for i in 0..self.contacts.len() {
            if self.touches.iter().any(|t| t.contact == i) || self.contacts.len() == 1 {
                continue;
            }
            let mut c = self.clone();
            c.contacts.remove(i);
            for t in &mut c.touches {
                if t.contact > i {
                    t.contact -= 1;
                }
            }
            out.push(c);
        }
        if self.currency != 0 {
            let (_, from) = self.currency();
            let mut c = self.clone();
            c.currency = 0;
            c.amount_minor = rescale(self.amount_minor, from, 2);
            out.push(c);
        }
        // Readable amounts first (10,000.00 and 100.00 in a two-decimal currency); tiny ones
        // only when a readable one does not fail.
        let mut targets = Vec::new();
        if self.amount_minor > 1_000_000 {
            targets.push(1_000_000u128);
        }
        if self.amount_minor != READABLE_AMOUNT {
            targets.push(READABLE_AMOUNT);
        }
        if self.amount_minor < READABLE_AMOUNT {
            targets.extend([100u128, 1].into_iter().filter(|t| *t < self.amount_minor));
        }
        for target in targets {
            let mut c = self.clone();
            c.amount_minor = target;
            out.push(c);
        }
        for (i, t) in self.touches.iter().enumerate() {
            if t.opportunity {
                let mut c = self.clone();
                if let Some(x) = c.touches.get_mut(i) {
                    x.opportunity = false;
                }
                out.push(c);
            }
            if t.before_close > 0 && t.before_close % DAY != 0 {
                let mut c = self.clone();
                if let Some(x) = c.touches.get_mut(i) {
                    x.before_close = (t.before_close / DAY).max(1) * DAY;
                }
                out.push(c);
            }
        }
        // Bring long-ago touches close to the deal (drops incidental silent periods).
        if self.touches.iter().any(|t| t.before_close > 7 * DAY) {
            let mut c = self.clone();
            for (i, t) in c.touches.iter_mut().enumerate() {
                if t.before_close > 0 {
                    t.before_close = t.before_close.min(DAY * (i as i64 + 1));
                }
            }
            out.push(c);
        }
        // Rename reps towards alice, bob... (fewer distinct names to read).
        let mut used: Vec<usize> = self.touches.iter().map(|t| t.rep).collect();
        used.sort_unstable();
        used.dedup();
        for (want, have) in used.iter().enumerate() {
            if want < *have && !used.contains(&want) {
                let mut c = self.clone();
                for t in &mut c.touches {
                    if t.rep == *have {
                        t.rep = want;
                    }
                }
                for h in &mut c.handovers {
                    if h.from == *have {
                        h.from = want;
                    }
                    if h.to == *have {
                        h.to = want;
                    }
                }
                c.handovers.retain(|h| h.from != h.to);
                out.push(c);
            }
        }
        out
    }

    /// A rough size, used to prefer smaller counterexamples.
    pub fn size(&self) -> u128 {
        (self.touches.len() as u128 * 1_000_000
            + self.handovers.len() as u128 * 100_000
            + self.contacts.len() as u128 * 10_000)
            .saturating_add(self.amount_minor.min(9_999))
    }
}

fn rescale(minor: u128, from: u32, to: u32) -> u128 {
    if from >= to {
        minor / 10u128.pow(from - to)
    } else {
        minor.saturating_mul(10u128.pow(to - from))
    }
}

fn fallback_instant() -> Instant {
    Instant::from_timestamp(jiff::Timestamp::UNIX_EPOCH, 0)
}

/// Shrink `case` greedily: take the first smaller candidate that still `fails`, repeat, for at
/// most `max_steps` evaluations of `fails`. Returns the smallest failing case found and the
/// number of evaluations used.
pub fn shrink(case: Case, max_steps: usize, mut fails: impl FnMut(&Case) -> bool) -> (Case, usize) {
    let mut best = case;
    let mut steps = 0usize;
    'outer: loop {
        for candidate in best.shrink_candidates() {
            if steps >= max_steps {
                break 'outer;
            }
            steps += 1;
            if fails(&candidate) {
                best = candidate;
                continue 'outer;
            }
        }
        break;
    }
    (best, steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_deterministic_and_known() {
        // Reference values of SplitMix64 seeded with 0.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        let a: Vec<u64> = (0..5).map(|_| r.below(10)).collect();
        let mut r2 = SplitMix64::new(0);
        r2.next_u64();
        r2.next_u64();
        let b: Vec<u64> = (0..5).map(|_| r2.below(10)).collect();
        assert_eq!(a, b);
        assert!(a.iter().all(|x| *x < 10));
    }

    #[test]
    fn generated_cases_are_valid_requests_for_the_policy() {
        let policy = Policy::default();
        let engine = crate::Engine::default();
        let mut rng = SplitMix64::new(7);
        for _ in 0..200 {
            let case = Case::generate(&policy, &mut rng);
            assert!(!case.contacts.is_empty());
            let req = case.request(&policy, None);
            engine.attribute(&req).unwrap();
            for c in case.shrink_candidates() {
                engine.attribute(&c.request(&policy, None)).unwrap();
            }
        }
    }

    #[test]
    fn shrinking_finds_a_minimal_case() {
        let policy = Policy::default();
        let mut rng = SplitMix64::new(3);
        let case = loop {
            let c = Case::generate(&policy, &mut rng);
            if c.touches.len() > 5 {
                break c;
            }
        };
        let (small, steps) = shrink(case, 1_000, |c| !c.touches.is_empty());
        assert_eq!(small.touches.len(), 1);
        assert!(small.handovers.is_empty());
        assert_eq!(small.amount_minor, READABLE_AMOUNT);
        assert!(steps > 0);
    }
}
