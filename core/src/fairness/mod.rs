//! Fairness toolkit (SPEC section I): invariant checkers, a deterministic case generator with
//! a greedy shrinker, and the `audit_policy_fairness` operation, so that a bonus committee
//! can prove that *its own* policy pays fairly — or see the smallest deal where it does not.
//!
//! * [`checks`]: one function per invariant, over an [`Engine`] and an
//!   [`AttributeRequest`], returning a [`Counterexample`] that explains itself.
//! * [`generate`]: seeded, policy-parameterised deals ([`Case`]) and [`shrink`].
//! * `strategies` (cargo feature `proptest`): proptest strategies for the same cases.
//! * [`audit_policy_fairness`]: every invariant on `budget` generated cases, deterministic
//!   per seed, with the shrunk counterexample of each failure.
//!
//! Which invariants hold depends on the model and the policy. Under the default policy
//! (`role_weighted`, `unmet_rules = "redistribute"`) every invariant holds except
//! `strong_monotonicity`: a touch that completes a second rule also unlocks a colleague's
//! credit there (see the fairness notes of [`crate::policy`]).

pub mod checks;
pub mod generate;
pub mod policy;
#[cfg(feature = "proptest")]
pub mod strategies;

use crate::attribution::{AttributeRequest, AttributeResponse};
use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::policy::{Model, Policy, UnmetRules};
pub use generate::{shrink, Case, CaseHandover, CaseTouch, SplitMix64, REPS};
pub use policy::FairnessPolicy;
use serde::{Deserialize, Serialize};

/// A fairness invariant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Invariant {
    /// Credits + locked + unassigned = amount, to the minor unit.
    ExactSums,
    /// No amount or share is negative.
    NoNegativeCredit,
    /// Input order never changes the result.
    OrderIndependence,
    /// Identical histories get identical credit.
    Symmetry,
    /// A rep with no touch on a met rule gets nothing (role_weighted).
    NullPlayer,
    /// One more touch (on a met rule, for role_weighted) never lowers the toucher's share.
    Monotonicity,
    /// One more rule-qualifying touch never lowers the toucher's share (role_weighted).
    StrongMonotonicity,
    /// Scaling the amount scales every amount and keeps every share.
    Scaling,
    /// Splitting a deal in two pays every rep the same total (within rounding).
    Additivity,
    /// The only touch of a deal gets the whole deal.
    SingleTouchGetsAll,
    /// Releasing a lock moves exactly the held-back money to the released rep.
    LocksNeverLeak,
    /// No lock without a real silence (7 days) before the rep's first touch.
    LocksFollowSilence,
    /// No touch is counted by two met rules (role_weighted).
    EachTouchCountsOnce,
    /// Every rep who touched the customer gets a positive share (linear, time_decay).
    ContributorsPaid,
}

impl Invariant {
    /// Every invariant, in report order.
    pub const ALL: [Invariant; 14] = [
        Invariant::ExactSums,
        Invariant::NoNegativeCredit,
        Invariant::OrderIndependence,
        Invariant::Symmetry,
        Invariant::NullPlayer,
        Invariant::Monotonicity,
        Invariant::StrongMonotonicity,
        Invariant::Scaling,
        Invariant::Additivity,
        Invariant::SingleTouchGetsAll,
        Invariant::LocksNeverLeak,
        Invariant::LocksFollowSilence,
        Invariant::EachTouchCountsOnce,
        Invariant::ContributorsPaid,
    ];

    /// The snake_case name used in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Invariant::ExactSums => "exact_sums",
            Invariant::NoNegativeCredit => "no_negative_credit",
            Invariant::OrderIndependence => "order_independence",
            Invariant::Symmetry => "symmetry",
            Invariant::NullPlayer => "null_player",
            Invariant::Monotonicity => "monotonicity",
            Invariant::StrongMonotonicity => "strong_monotonicity",
            Invariant::Scaling => "scaling",
            Invariant::Additivity => "additivity",
            Invariant::SingleTouchGetsAll => "single_touch_gets_all",
            Invariant::LocksNeverLeak => "locks_never_leak",
            Invariant::LocksFollowSilence => "locks_follow_silence",
            Invariant::EachTouchCountsOnce => "each_touch_counts_once",
            Invariant::ContributorsPaid => "contributors_paid",
        }
    }

    /// The claim, in the field's words.
    pub const fn claim(self) -> &'static str {
        match self {
            Invariant::ExactSums => "credits + locked + unassigned add up to the deal amount, to the cent",
            Invariant::NoNegativeCredit => "nobody is ever given a negative amount or share",
            Invariant::OrderIndependence => "the order of touches, contacts and handovers never changes the result",
            Invariant::Symmetry => "two reps with identical histories get identical credit",
            Invariant::NullPlayer => "a rep with no touch on a met rule gets nothing",
            Invariant::Monotonicity => "one more touch (on an already met rule) never lowers the toucher's share",
            Invariant::StrongMonotonicity => "one more touch that counts for any rule never lowers the toucher's share",
            Invariant::Scaling => "a k times larger deal pays everyone k times as much, with the same shares",
            Invariant::Additivity => "splitting a deal in two pays every rep the same total, within rounding",
            Invariant::SingleTouchGetsAll => "the only touch of a deal earns the whole deal",
            Invariant::LocksNeverLeak => "releasing a lock pays the released rep exactly what was held back, and nobody else changes",
            Invariant::LocksFollowSilence => "nobody is locked unless the customer was silent for at least 7 days before they joined",
            Invariant::EachTouchCountsOnce => "no touch is counted by two met rules, so no touch is paid twice",
            Invariant::ContributorsPaid => "every rep who touched the customer before close gets a positive share",
        }
    }

    /// Why the invariant does not apply to `model` under `policy`, or `None` when it does.
    pub fn not_applicable(self, model: Model, _policy: &Policy) -> Option<&'static str> {
        let positional = matches!(
            model,
            Model::FirstTouch | Model::LastTouch | Model::UShaped | Model::WShaped
        );
        match self {
            Invariant::Symmetry if positional => Some(
                "positional models pay touches by position and break exact time ties by rep id",
            ),
            Invariant::Monotonicity if positional => {
                Some("positional models pay by position: a later touch moves the last-touch credit")
            }
            Invariant::NullPlayer
            | Invariant::StrongMonotonicity
            | Invariant::EachTouchCountsOnce
                if model != Model::RoleWeighted =>
            {
                Some("only role_weighted has rules")
            }
            Invariant::ContributorsPaid if !matches!(model, Model::Linear | Model::TimeDecay) => {
                Some("only linear and time_decay pay every touch by design")
            }
            _ => None,
        }
    }
}

/// A failed invariant: the case, the variant it was compared with, the responses compared,
/// and a sentence saying what is unfair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counterexample {
    /// The invariant that failed.
    pub invariant: Invariant,
    /// What went wrong, in words.
    pub text: String,
    /// The `attribute` request of the case.
    pub request: Box<AttributeRequest>,
    /// The request it was compared with (shuffled, scaled, one touch more, …), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<Box<AttributeRequest>>,
    /// The responses compared, in the order the text mentions them.
    pub responses: Vec<AttributeResponse>,
}

impl std::fmt::Display for Counterexample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} fails: {}", self.invariant.as_str(), self.text)
    }
}

/// Parameters drawn once per generated case (kept fixed while the case shrinks).
#[derive(Debug, Clone, Copy)]
struct Params {
    rep_a: usize,
    rep_b: usize,
    rule: usize,
    k: u128,
    split_permille: u128,
    shuffle_seed: u64,
}

impl Params {
    fn draw(rng: &mut SplitMix64, rules: usize) -> Params {
        let rep_a = rng.index(3);
        let rep_b = (rep_a + 1 + rng.index(REPS.len() - 1)) % REPS.len();
        Params {
            rep_a,
            rep_b,
            rule: rng.index(rules.max(1)),
            k: u128::from(2 + rng.below(998)),
            split_permille: u128::from(rng.below(1_001)),
            shuffle_seed: rng.next_u64(),
        }
    }
}

fn rep_name(i: usize) -> &'static str {
    REPS.get(i).copied().unwrap_or("alice")
}

/// Check one invariant on one attribute request, with the parameters the checker needs.
fn check(
    invariant: Invariant,
    engine: &Engine,
    request: &AttributeRequest,
    p: Params,
) -> std::result::Result<(), Counterexample> {
    use checks::*;
    let (a, b) = (rep_name(p.rep_a), rep_name(p.rep_b));
    match invariant {
        Invariant::ExactSums => exact_sums(engine, request),
        Invariant::NoNegativeCredit => no_negative_credit(engine, request),
        Invariant::OrderIndependence => order_independence(engine, request, p.shuffle_seed),
        Invariant::Symmetry => symmetry(engine, request, a, b),
        Invariant::NullPlayer => null_player(engine, request),
        Invariant::Monotonicity => monotonicity(engine, request, a, p.rule),
        Invariant::StrongMonotonicity => {
            // Search where it matters: every rep of the deal, and the unmet rule closest to
            // its threshold (one more touch may complete it).
            let mut reps: Vec<&str> = request.touches.iter().map(|t| t.rep.as_str()).collect();
            reps.sort_unstable();
            reps.dedup();
            let rules = engine.policy().attribution.rules.iter();
            let rule = checks::rule_counts(engine, request)
                .iter()
                .zip(rules)
                .enumerate()
                .filter(|(_, ((_, met), _))| !met)
                .max_by_key(|(j, ((count, _), r))| {
                    // Fewest missing touches first, then the drawn rule.
                    (
                        std::cmp::Reverse(u64::from(r.min_count).saturating_sub(*count)),
                        *j == p.rule,
                    )
                })
                .map_or(p.rule, |(j, _)| j);
            if reps.is_empty() {
                reps.push(a);
            }
            reps.into_iter()
                .try_for_each(|rep| strong_monotonicity(engine, request, rep, rule))
        }
        Invariant::Scaling => scaling(engine, request, p.k),
        Invariant::Additivity => {
            let units = engine
                .policy()
                .minor_units(&request.deal.currency)
                .unwrap_or(2);
            let total = request
                .deal
                .amount
                .to_minor(&request.deal.currency, units)
                .unwrap_or(0);
            additivity(engine, request, total / 1_000 * p.split_permille)
        }
        Invariant::SingleTouchGetsAll => single_touch_gets_all(engine, request),
        Invariant::LocksNeverLeak => locks_never_leak(engine, request),
        Invariant::LocksFollowSilence => locks_follow_silence(engine, request),
        Invariant::EachTouchCountsOnce => each_touch_counts_once(engine, request),
        Invariant::ContributorsPaid => contributors_paid(engine, request),
    }
}

/// Check every applicable invariant on one request (for a month: call it per deal). Returns
/// every counterexample found; empty when the request is fair by every invariant.
///
/// `seed` draws the checkers' parameters (the shuffle, the scale factor, the reps compared).
pub fn check_all(engine: &Engine, request: &AttributeRequest, seed: u64) -> Vec<Counterexample> {
    let model = request
        .model
        .unwrap_or(engine.policy().attribution.default_model);
    let mut rng = SplitMix64::new(seed);
    let p = Params::draw(&mut rng, engine.policy().attribution.rules.len());
    Invariant::ALL
        .iter()
        .filter(|inv| inv.not_applicable(model, engine.policy()).is_none())
        .filter_map(|inv| check(*inv, engine, request, p).err())
        .collect()
}

/// Request of `audit_policy_fairness`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditPolicyFairnessRequest {
    /// The policy to audit; the engine's own when absent. Validated like `Engine::new`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Box<Policy>>,
    /// The model to audit; the policy's `default_model` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Model>,
    /// Seed of the generated cases (default 0). Same seed, same report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Generated cases per invariant (default `fairness.default_budget`, at most
    /// `fairness.max_budget` of the engine's policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<u32>,
}

/// `holds`, `fails` or `not_applicable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No counterexample in the budget.
    Holds,
    /// A counterexample was found (and shrunk).
    Fails,
    /// The invariant does not apply to this model.
    NotApplicable,
}

/// One invariant's line of the audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvariantReport {
    /// The invariant.
    pub invariant: Invariant,
    /// What it claims.
    pub claim: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Cases tried (up to and including the first failure).
    pub cases: u32,
    /// Why it does not apply (`not_applicable` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Checks spent shrinking the counterexample (`fails` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shrink_steps: Option<u32>,
    /// The shrunk counterexample (`fails` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterexample: Option<Counterexample>,
}

/// Response of `audit_policy_fairness`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPolicyFairnessResponse {
    /// Fingerprint of the audited policy.
    pub policy_fingerprint: String,
    /// The model audited.
    pub model: Model,
    /// The seed used.
    pub seed: u64,
    /// Cases per invariant.
    pub budget: u32,
    /// Invariants that hold.
    pub holds: u32,
    /// Invariants that fail.
    pub fails: u32,
    /// Invariants that do not apply.
    pub not_applicable: u32,
    /// One line per invariant, in [`Invariant::ALL`] order.
    pub invariants: Vec<InvariantReport>,
}

/// Most checks spent shrinking one counterexample.
pub const MAX_SHRINK_STEPS: usize = 400;

/// Audit the fairness of a policy (see [`Engine::audit_policy_fairness`]).
pub fn audit_policy_fairness(
    engine: &Engine,
    request: &AuditPolicyFairnessRequest,
) -> Result<AuditPolicyFairnessResponse> {
    let limits = &engine.policy().fairness;
    let budget = request.budget.unwrap_or(limits.default_budget);
    if budget == 0 {
        return Err(Error::invalid_request(
            "budget",
            "must be at least 1 case per invariant, got 0",
        ));
    }
    if budget > limits.max_budget {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            "budget",
            format!(
                "budget {budget} exceeds fairness.max_budget ({}); ask for fewer cases",
                limits.max_budget
            ),
        ));
    }
    let audited = match &request.policy {
        Some(p) => Engine::new(p.as_ref().clone()).map_err(|e| e.within("policy"))?,
        None => engine.clone(),
    };
    let policy = audited.policy();
    let model = request.model.unwrap_or(policy.attribution.default_model);
    if model == Model::RoleWeighted && policy.attribution.rules.is_empty() {
        return Err(Error::invalid_request(
            "model",
            "the policy has no attribution rules, so role_weighted cannot be audited; name \
             another model",
        ));
    }
    let seed = request.seed.unwrap_or(0);
    let mut invariants = Vec::with_capacity(Invariant::ALL.len());
    for (index, inv) in Invariant::ALL.iter().enumerate() {
        invariants.push(audit_one(&audited, *inv, index as u64, model, seed, budget));
    }
    let count = |v: Verdict| invariants.iter().filter(|r| r.verdict == v).count() as u32;
    Ok(AuditPolicyFairnessResponse {
        policy_fingerprint: audited.fingerprint().to_string(),
        model,
        seed,
        budget,
        holds: count(Verdict::Holds),
        fails: count(Verdict::Fails),
        not_applicable: count(Verdict::NotApplicable),
        invariants,
    })
}

fn audit_one(
    engine: &Engine,
    inv: Invariant,
    index: u64,
    model: Model,
    seed: u64,
    budget: u32,
) -> InvariantReport {
    let policy = engine.policy();
    let mut report = InvariantReport {
        invariant: inv,
        claim: inv.claim().to_string(),
        verdict: Verdict::Holds,
        cases: 0,
        reason: None,
        shrink_steps: None,
        counterexample: None,
    };
    if let Some(reason) = inv.not_applicable(model, policy) {
        report.verdict = Verdict::NotApplicable;
        report.reason = Some(reason.to_string());
        return report;
    }
    let rules = policy.attribution.rules.len();
    for i in 0..budget {
        let mut rng = SplitMix64::new(generate::mix_seed(&[seed, index, u64::from(i)]));
        let case = Case::generate(policy, &mut rng);
        let p = Params::draw(&mut rng, rules);
        report.cases = i + 1;
        let fails = |c: &Case| check(inv, engine, &c.request(policy, Some(model)), p).is_err();
        if fails(&case) {
            let (small, steps) = shrink(case, MAX_SHRINK_STEPS, fails);
            report.verdict = Verdict::Fails;
            report.shrink_steps = Some(steps as u32);
            report.counterexample =
                check(inv, engine, &small.request(policy, Some(model)), p).err();
            return report;
        }
    }
    report
}

/// Which invariants the default policy's documentation claims for `role_weighted` under
/// `unmet_rules`: all of them except `strong_monotonicity` under `redistribute`.
pub fn documented_to_hold(invariant: Invariant, unmet_rules: UnmetRules) -> bool {
    !(invariant == Invariant::StrongMonotonicity && unmet_rules == UnmetRules::Redistribute)
}

impl Engine {
    /// Audit a policy's fairness (typed form of `audit_policy_fairness`): every invariant on
    /// `budget` generated deals, deterministic per seed, with the shrunk counterexample of
    /// each failure.
    ///
    /// ```
    /// use salesrules::Engine;
    /// let report = Engine::default().call("audit_policy_fairness", r#"{"seed": 1, "budget": 40}"#).unwrap();
    /// let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    /// let verdict = |name: &str| report["invariants"].as_array().unwrap().iter()
    ///     .find(|r| r["invariant"] == name).unwrap()["verdict"].clone();
    /// assert_eq!(verdict("exact_sums"), "holds");
    /// // Under `redistribute`, a touch completing a second rule can lower the toucher's share.
    /// assert_eq!(verdict("strong_monotonicity"), "fails");
    /// ```
    pub fn audit_policy_fairness(
        &self,
        request: &AuditPolicyFairnessRequest,
    ) -> Result<AuditPolicyFairnessResponse> {
        audit_policy_fairness(self, request)
    }
}
