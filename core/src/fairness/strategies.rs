//! Proptest strategies (cargo feature `proptest`) for realistic deals, contacts, touches,
//! handovers and whole months, parameterised by a policy: contact roles and touch kinds are
//! drawn from the policy (biased towards the ones its rules count). They generate the same
//! [`Case`] type as the audit's seeded generator, and shrink structurally (fewer touches,
//! handovers and contacts, smaller amounts).
//!
//! ```
//! use proptest::prelude::*;
//! use salesrules::fairness::{checks, strategies};
//! use salesrules::{Engine, Policy};
//! let policy = Policy::default();
//! let engine = Engine::new(policy.clone()).unwrap();
//! let mut runner = proptest::test_runner::TestRunner::deterministic();
//! runner.run(&strategies::deal(&policy), |case| {
//!     let req = case.request(&policy, None);
//!     checks::exact_sums(&engine, &req).map_err(|c| TestCaseError::fail(c.to_string()))
//! }).unwrap();
//! ```

use super::generate::rule_indices;
use super::generate::{Case, CaseHandover, CaseTouch, CURRENCIES, DAY, REPS};
use crate::policy::Policy;
use proptest::prelude::*;

/// Amounts in minor units: small ones, one-unit ones and large ones (up to 10^16 − 1).
pub fn amount_minor() -> impl Strategy<Value = u128> {
    prop_oneof![
        3 => 0u128..10_000,
        1 => Just(1u128),
        3 => 10_000u128..100_000_000_000,
        2 => 1_000_000_000_000u128..=9_999_999_999_999_999,
    ]
}

/// Seconds before close: mostly whole days within 40 days (ties are common), some long ago
/// (silent periods), a few after close (ignored).
pub fn before_close() -> impl Strategy<Value = i64> {
    prop_oneof![
        15 => (0i64..40).prop_map(|d| d * DAY),
        3 => (40i64..120).prop_map(|d| d * DAY),
        1 => (1i64..960).prop_map(|h| h * 3_600),
        1 => (1i64..6).prop_map(|h| -h * 3_600),
    ]
}

/// Role indices of contacts, biased towards the roles the policy's rules count.
pub fn contact(policy: &Policy) -> BoxedStrategy<usize> {
    let counted: Vec<usize> = rule_indices(policy)
        .into_iter()
        .flat_map(|(r, _)| r)
        .collect();
    let all = policy.roles.len().max(1);
    if counted.is_empty() {
        (0..all).boxed()
    } else {
        prop_oneof![3 => prop::sample::select(counted), 1 => 0..all].boxed()
    }
}

/// One touch on one of `contacts` contacts, kinds biased towards the ones the rules count.
pub fn touch(policy: &Policy, contacts: usize) -> BoxedStrategy<CaseTouch> {
    let counted: Vec<usize> = rule_indices(policy)
        .into_iter()
        .flat_map(|(_, k)| k)
        .collect();
    let all = policy.touch_kinds.len().max(1);
    let kind = if counted.is_empty() {
        (0..all).boxed()
    } else {
        prop_oneof![3 => prop::sample::select(counted), 1 => 0..all].boxed()
    };
    (
        0..REPS.len(),
        0..contacts.max(1),
        kind,
        before_close(),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(rep, contact, kind, before_close, opportunity)| CaseTouch {
                rep,
                contact,
                kind,
                before_close,
                opportunity,
            },
        )
        .boxed()
}

/// A handover between two different reps (the same rep twice is dropped by [`deal`]).
pub fn handover() -> impl Strategy<Value = CaseHandover> {
    (0..REPS.len(), 0..REPS.len(), -3i64..40).prop_map(|(from, to, d)| CaseHandover {
        from,
        to,
        before_close: d * DAY,
    })
}

/// A whole deal for `policy`: 1 to 4 contacts, up to 24 touches, up to 2 handovers.
pub fn deal(policy: &Policy) -> BoxedStrategy<Case> {
    let policy = policy.clone();
    (
        amount_minor(),
        prop_oneof![4 => Just(0usize), 1 => Just(1usize), 1 => Just(2usize)],
        prop::collection::vec(contact(&policy), 1..5),
    )
        .prop_flat_map(move |(amount_minor, currency, contacts)| {
            let n = contacts.len();
            (
                prop::collection::vec(touch(&policy, n), 0..25),
                prop::collection::vec(handover(), 0..3),
            )
                .prop_map(move |(touches, handovers)| Case {
                    amount_minor,
                    currency: currency.min(CURRENCIES.len() - 1),
                    contacts: contacts.clone(),
                    touches,
                    handovers: handovers.into_iter().filter(|h| h.from != h.to).collect(),
                })
        })
        .boxed()
}

/// A month of 1 to `max_deals` deals for `policy`.
pub fn month(policy: &Policy, max_deals: usize) -> BoxedStrategy<Vec<Case>> {
    prop::collection::vec(deal(policy), 1..max_deals.max(1) + 1).boxed()
}
