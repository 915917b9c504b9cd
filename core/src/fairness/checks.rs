//! Invariant checkers: plain functions over an [`Engine`] and an [`AttributeRequest`] that
//! return a [`Counterexample`] (what was compared, and a sentence saying why it is unfair)
//! instead of `false`. Usable in any test, with or without proptest.
//!
//! A checker whose precondition does not hold for the given request (e.g. monotonicity
//! within a met rule, when no rule is met) passes vacuously.

use super::{Counterexample, Invariant};
use crate::attribution::{AttributeRequest, AttributeResponse, Handover, Step, Touch};
use crate::engine::Engine;
use crate::money::Amount;
use crate::policy::Model;
use crate::time::Instant;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Most minor units two roundings may differ by when a deal is split in two (each of the three
/// results is within one unit of its exact value).
pub const ADDITIVITY_TOLERANCE: u128 = 2;
/// Locks need a silence at least this long (7 days): a customer the team touched within the
/// week is not "silent", so a colleague who joins then is never locked.
pub const MIN_SILENCE_SECONDS: i64 = 7 * 86_400;

type Checked = Result<(), Counterexample>;

/// Run one attribution; an engine error becomes a counterexample (a generated or user-given
/// case the engine refuses cannot be checked, and is worth seeing).
fn run(
    engine: &Engine,
    invariant: Invariant,
    request: &AttributeRequest,
) -> Result<AttributeResponse, Counterexample> {
    engine.attribute(request).map_err(|e| Counterexample {
        invariant,
        text: format!("the engine refused the case: {e}"),
        request: Box::new(request.clone()),
        variant: None,
        responses: Vec::new(),
    })
}

fn fail(
    invariant: Invariant,
    text: String,
    request: &AttributeRequest,
    variant: Option<&AttributeRequest>,
    responses: Vec<AttributeResponse>,
) -> Checked {
    Err(Counterexample {
        invariant,
        text,
        request: Box::new(request.clone()),
        variant: variant.cloned().map(Box::new),
        responses,
    })
}

/// An exact fraction `num/den` parsed from `share_exact` (`"8/13"`, or a whole number).
fn fraction(s: &str) -> Option<(u128, u128)> {
    match s.split_once('/') {
        Some((n, d)) => Some((n.trim().parse().ok()?, d.trim().parse().ok()?)),
        None => Some((s.trim().parse().ok()?, 1)),
    }
    .filter(|(_, d)| *d > 0)
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn add_fractions(a: (u128, u128), b: (u128, u128)) -> Option<(u128, u128)> {
    let g = gcd(a.1, b.1).max(1);
    let den = (a.1 / g).checked_mul(b.1)?;
    let num =
        a.0.checked_mul(b.1 / g)?
            .checked_add(b.0.checked_mul(a.1 / g)?)?;
    let h = gcd(num, den).max(1);
    Some((num / h, den / h))
}

/// Compare `a/b` with `c/d` exactly, without overflow (continued fractions).
fn cmp_fractions(x: (u128, u128), y: (u128, u128)) -> Ordering {
    let (mut a, mut b, mut c, mut d) = (x.0, x.1.max(1), y.0, y.1.max(1));
    let mut flipped = false;
    let result = loop {
        let (qa, qc) = (a / b, c / d);
        if qa != qc {
            break qa.cmp(&qc);
        }
        let (ra, rc) = (a % b, c % d);
        match (ra == 0, rc == 0) {
            (true, true) => break Ordering::Equal,
            (true, false) => break Ordering::Less,
            (false, true) => break Ordering::Greater,
            // ra/b against rc/d is d/rc against b/ra, reversed.
            (false, false) => {
                (a, b, c, d) = (b, ra, d, rc);
                flipped = !flipped;
            }
        }
    };
    if flipped {
        result.reverse()
    } else {
        result
    }
}

fn fmt_fraction(f: (u128, u128)) -> String {
    format!("{}/{}", f.0, f.1)
}

/// A rep's entitlement: paid share plus locked share, exact.
fn entitlement(resp: &AttributeResponse, rep: &str) -> Option<(u128, u128)> {
    let mut total = (0u128, 1u128);
    for s in resp
        .credits
        .iter()
        .filter(|c| c.rep == rep)
        .map(|c| &c.share_exact)
        .chain(
            resp.locked
                .iter()
                .filter(|l| l.rep == rep)
                .map(|l| &l.share_exact),
        )
    {
        total = add_fractions(total, fraction(s)?)?;
    }
    Some(total)
}

fn minor(engine: &Engine, currency: &str, amount: &str) -> Option<u128> {
    let units = engine.policy().minor_units(currency)?;
    amount
        .parse::<Amount>()
        .ok()?
        .to_minor(currency, units)
        .ok()
}

/// Minor units of a rep's paid credit (`credits`) and held-back share (`locked`).
fn rep_minor(engine: &Engine, resp: &AttributeResponse, rep: &str) -> (u128, u128) {
    let sum = |it: &mut dyn Iterator<Item = &String>| {
        it.filter_map(|a| minor(engine, &resp.currency, a))
            .sum::<u128>()
    };
    (
        sum(&mut resp
            .credits
            .iter()
            .filter(|c| c.rep == rep)
            .map(|c| &c.amount)),
        sum(&mut resp
            .locked
            .iter()
            .filter(|c| c.rep == rep)
            .map(|c| &c.amount)),
    )
}

fn reps_of(resp: &AttributeResponse) -> BTreeSet<String> {
    resp.credits
        .iter()
        .map(|c| c.rep.clone())
        .chain(resp.locked.iter().map(|l| l.rep.clone()))
        .collect()
}

fn considered(request: &AttributeRequest) -> impl Iterator<Item = &Touch> {
    request
        .touches
        .iter()
        .filter(|t| t.at <= request.deal.closed_at)
}

fn model_of(engine: &Engine, request: &AttributeRequest) -> Model {
    request
        .model
        .unwrap_or(engine.policy().attribution.default_model)
}

/// Rules (by index) each considered touch qualifies for, and which rules are met.
fn rule_view(engine: &Engine, request: &AttributeRequest) -> (Vec<(usize, Vec<usize>)>, Vec<bool>) {
    let roles: BTreeMap<&str, &str> = request
        .contacts
        .iter()
        .map(|c| (c.id.as_str(), c.role.as_str()))
        .collect();
    let rules = &engine.policy().attribution.rules;
    let mut counts = vec![0u64; rules.len()];
    let mut per_touch = Vec::new();
    for (i, t) in request.touches.iter().enumerate() {
        if t.at > request.deal.closed_at {
            continue;
        }
        let role = roles.get(t.contact.as_str()).copied().unwrap_or("");
        let hits: Vec<usize> = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.roles.iter().any(|x| x == role) && r.kinds.contains(&t.kind))
            .map(|(j, _)| j)
            .collect();
        for j in &hits {
            if let Some(c) = counts.get_mut(*j) {
                *c += 1;
            }
        }
        per_touch.push((i, hits));
    }
    let met = rules
        .iter()
        .zip(&counts)
        .map(|(r, c)| *c >= u64::from(r.min_count))
        .collect();
    (per_touch, met)
}

/// Qualifying touches (at or before close, all reps) of each rule of the policy, and whether
/// the rule is met.
pub fn rule_counts(engine: &Engine, request: &AttributeRequest) -> Vec<(u64, bool)> {
    let (per_touch, met) = rule_view(engine, request);
    let mut counts = vec![0u64; met.len()];
    for (_, hits) in per_touch {
        for j in hits {
            if let Some(c) = counts.get_mut(j) {
                *c += 1;
            }
        }
    }
    counts.into_iter().zip(met).collect()
}

/// **exact_sums**: credits + locked + unassigned equal the deal amount, to the minor unit.
pub fn exact_sums(engine: &Engine, request: &AttributeRequest) -> Checked {
    let inv = Invariant::ExactSums;
    let resp = run(engine, inv, request)?;
    let cur = resp.currency.clone();
    let parts: Option<Vec<u128>> = resp
        .credits
        .iter()
        .map(|c| &c.amount)
        .chain(resp.locked.iter().map(|l| &l.amount))
        .chain(std::iter::once(&resp.unassigned.amount))
        .map(|a| minor(engine, &cur, a))
        .collect();
    let whole = minor(engine, &cur, &resp.amount);
    let total = parts.map(|p| p.iter().sum::<u128>());
    if total.is_none() || total != whole {
        let text = format!(
            "credits + locked + unassigned come to {} minor units, but the deal is {} ({} {})",
            total.map_or("an unreadable number of".into(), |t| t.to_string()),
            whole.map_or("unreadable".into(), |w| w.to_string()),
            resp.amount,
            cur
        );
        return fail(inv, text, request, None, vec![resp]);
    }
    Ok(())
}

/// **no_negative_credit**: no credit, lock or unassigned amount or share is negative.
pub fn no_negative_credit(engine: &Engine, request: &AttributeRequest) -> Checked {
    let inv = Invariant::NoNegativeCredit;
    let resp = run(engine, inv, request)?;
    let negative = resp
        .credits
        .iter()
        .flat_map(|c| [(&c.rep, &c.amount), (&c.rep, &c.share_exact)])
        .chain(
            resp.locked
                .iter()
                .flat_map(|l| [(&l.rep, &l.amount), (&l.rep, &l.share_exact)]),
        )
        .find(|(_, v)| v.trim_start().starts_with('-'))
        .map(|(r, v)| (r.clone(), v.clone()));
    if let Some((rep, value)) = negative {
        let text = format!("{rep} is given a negative amount or share ({value})");
        return fail(inv, text, request, None, vec![resp]);
    }
    if resp.unassigned.amount.trim_start().starts_with('-') {
        let text = format!(
            "the unassigned amount is negative ({})",
            resp.unassigned.amount
        );
        return fail(inv, text, request, None, vec![resp]);
    }
    Ok(())
}

/// Shuffle a list deterministically with `seed` (Fisher–Yates over SplitMix64).
fn shuffle<T>(items: &mut [T], rng: &mut super::SplitMix64) {
    for i in (1..items.len()).rev() {
        let j = rng.index(i + 1);
        items.swap(i, j);
    }
}

/// **order_independence**: the same touches, contacts and handovers in another order (a
/// shuffle drawn from `seed`) give the identical result.
pub fn order_independence(engine: &Engine, request: &AttributeRequest, seed: u64) -> Checked {
    let inv = Invariant::OrderIndependence;
    let mut rng = super::SplitMix64::new(seed);
    let mut variant = request.clone();
    shuffle(&mut variant.touches, &mut rng);
    shuffle(&mut variant.contacts, &mut rng);
    shuffle(&mut variant.handovers, &mut rng);
    let a = run(engine, inv, request)?;
    let b = run(engine, inv, &variant)?;
    if a != b {
        let text = "the same deal with its touches, contacts and handovers in another order \
                    gives a different result"
            .to_string();
        return fail(inv, text, request, Some(&variant), vec![a, b]);
    }
    Ok(())
}

/// The request with rep `b`'s history replaced by a copy of rep `a`'s (touches, and the
/// handovers to and from `a`).
pub fn mirror_rep(request: &AttributeRequest, a: &str, b: &str) -> AttributeRequest {
    let mut v = request.clone();
    v.touches.retain(|t| t.rep != b);
    let copies: Vec<Touch> = v
        .touches
        .iter()
        .filter(|t| t.rep == a)
        .map(|t| Touch {
            rep: b.to_string(),
            ..t.clone()
        })
        .collect();
    v.touches.extend(copies);
    v.handovers.retain(|h| h.from != b && h.to != b);
    let copies: Vec<Handover> = v
        .handovers
        .iter()
        .filter(|h| h.from == a || h.to == a)
        .filter(|h| h.from != h.to)
        .map(|h| Handover {
            from: if h.from == a {
                b.to_string()
            } else {
                h.from.clone()
            },
            to: if h.to == a {
                b.to_string()
            } else {
                h.to.clone()
            },
            ..h.clone()
        })
        .filter(|h| h.from != h.to)
        .collect();
    v.handovers.extend(copies);
    v
}

/// **symmetry**: two reps with identical histories (rep `b` given exactly rep `a`'s touches
/// and handovers, see [`mirror_rep`]) get equal shares, paid and locked, and amounts within
/// one minor unit (largest-remainder rounding).
pub fn symmetry(engine: &Engine, request: &AttributeRequest, a: &str, b: &str) -> Checked {
    let inv = Invariant::Symmetry;
    if a == b {
        return Ok(());
    }
    let variant = mirror_rep(request, a, b);
    let resp = run(engine, inv, &variant)?;
    let share = |rep: &str, locked: bool| {
        let list: Vec<&String> = if locked {
            resp.locked
                .iter()
                .filter(|l| l.rep == rep)
                .map(|l| &l.share_exact)
                .collect()
        } else {
            resp.credits
                .iter()
                .filter(|c| c.rep == rep)
                .map(|c| &c.share_exact)
                .collect()
        };
        list.iter()
            .filter_map(|s| fraction(s))
            .try_fold((0u128, 1u128), add_fractions)
    };
    for locked in [false, true] {
        let (sa, sb) = (share(a, locked), share(b, locked));
        let equal = match (sa, sb) {
            (Some(x), Some(y)) => cmp_fractions(x, y) == Ordering::Equal,
            _ => false,
        };
        if !equal {
            let what = if locked { "locked" } else { "paid" };
            let text = format!(
                "{b} was given exactly {a}'s touches and handovers, yet their {what} shares \
                 differ: {a} {}, {b} {}",
                sa.map_or("?".into(), fmt_fraction),
                sb.map_or("?".into(), fmt_fraction)
            );
            return fail(inv, text, request, Some(&variant), vec![resp]);
        }
    }
    let (ma, mb) = (rep_minor(engine, &resp, a), rep_minor(engine, &resp, b));
    if ma.0.abs_diff(mb.0) > 1 || ma.1.abs_diff(mb.1) > 1 {
        let text = format!(
            "{b} was given exactly {a}'s touches, yet their amounts differ by more than one \
             minor unit: paid {} vs {}, locked {} vs {}",
            ma.0, mb.0, ma.1, mb.1
        );
        return fail(inv, text, request, Some(&variant), vec![resp]);
    }
    Ok(())
}

/// **null_player** (role_weighted): when at least one rule is met, a rep none of whose
/// touches qualifies for a met rule is paid nothing and has nothing locked.
pub fn null_player(engine: &Engine, request: &AttributeRequest) -> Checked {
    let inv = Invariant::NullPlayer;
    if model_of(engine, request) != Model::RoleWeighted {
        return Ok(());
    }
    let (per_touch, met) = rule_view(engine, request);
    if !met.iter().any(|m| *m) {
        return Ok(());
    }
    let mut contributes: BTreeMap<&str, bool> = BTreeMap::new();
    for (i, hits) in &per_touch {
        if let Some(t) = request.touches.get(*i) {
            let c = hits.iter().any(|j| met.get(*j).copied().unwrap_or(false));
            *contributes.entry(t.rep.as_str()).or_insert(false) |= c;
        }
    }
    let resp = run(engine, inv, request)?;
    for rep in reps_of(&resp) {
        if contributes.get(rep.as_str()).copied().unwrap_or(false) {
            continue;
        }
        let share = entitlement(&resp, &rep).unwrap_or((1, 1));
        if share.0 != 0 {
            let text = format!(
                "{rep} made no touch that counts for a met rule, yet is given a share of {}",
                fmt_fraction(share)
            );
            return fail(inv, text, request, None, vec![resp]);
        }
    }
    Ok(())
}

fn one_hour_before_close(request: &AttributeRequest) -> Instant {
    request
        .deal
        .closed_at
        .plus_seconds(-3_600)
        .unwrap_or(request.deal.closed_at)
}

/// Add a touch by `rep` that qualifies for rule `rule` (adding a contact of the rule's first
/// role when the deal has none), one hour before close. `None` when the rule does not exist.
pub fn with_rule_touch(
    engine: &Engine,
    request: &AttributeRequest,
    rep: &str,
    rule: usize,
) -> Option<AttributeRequest> {
    let r = engine.policy().attribution.rules.get(rule)?;
    let kind = r.kinds.first()?.clone();
    let mut v = request.clone();
    let contact = match v.contacts.iter().find(|c| r.roles.contains(&c.role)) {
        Some(c) => c.id.clone(),
        None => {
            let id = format!("P{}", v.contacts.len());
            v.contacts.push(crate::attribution::Contact {
                id: id.clone(),
                role: r.roles.first()?.clone(),
                name: None,
            });
            id
        }
    };
    v.touches.push(Touch {
        rep: rep.to_string(),
        contact,
        kind,
        at: one_hour_before_close(request),
        stage: None,
        signals: None,
    });
    Some(v)
}

fn compare_entitlement(
    inv: Invariant,
    engine: &Engine,
    request: &AttributeRequest,
    variant: &AttributeRequest,
    rep: &str,
    what: &str,
) -> Checked {
    let before = run(engine, inv, request)?;
    let after = run(engine, inv, variant)?;
    let (Some(b), Some(a)) = (entitlement(&before, rep), entitlement(&after, rep)) else {
        return Ok(());
    };
    if cmp_fractions(a, b) == Ordering::Less {
        let text = format!(
            "{what} lowered {rep}'s share from {} to {}",
            fmt_fraction(b),
            fmt_fraction(a)
        );
        return fail(inv, text, request, Some(variant), vec![before, after]);
    }
    Ok(())
}

/// **monotonicity**: one more touch never lowers the toucher's share (paid plus locked).
/// Under `role_weighted` the touch qualifies for rule `rule`, which must already be met (else
/// the check passes vacuously); under `linear` and `time_decay` it is any touch (a touch
/// qualifying for rule `rule`, or the deal's first contact with the policy's first kind).
pub fn monotonicity(
    engine: &Engine,
    request: &AttributeRequest,
    rep: &str,
    rule: usize,
) -> Checked {
    let inv = Invariant::Monotonicity;
    let variant = match model_of(engine, request) {
        Model::RoleWeighted => {
            let (_, met) = rule_view(engine, request);
            if !met.get(rule).copied().unwrap_or(false) {
                return Ok(());
            }
            with_rule_touch(engine, request, rep, rule)
        }
        Model::Linear | Model::TimeDecay => {
            with_rule_touch(engine, request, rep, rule).or_else(|| {
                let mut v = request.clone();
                let contact = v.contacts.first()?.id.clone();
                v.touches.push(Touch {
                    rep: rep.to_string(),
                    contact,
                    kind: engine.policy().touch_kinds.first()?.clone(),
                    at: one_hour_before_close(request),
                    stage: None,
                    signals: None,
                });
                Some(v)
            })
        }
        _ => None,
    };
    let Some(variant) = variant else {
        return Ok(());
    };
    let what = if model_of(engine, request) == Model::RoleWeighted {
        format!("one more touch by {rep} on rule #{rule}, already met,")
    } else {
        format!("one more touch by {rep}")
    };
    compare_entitlement(inv, engine, request, &variant, rep, &what)
}

/// **strong_monotonicity** (role_weighted): when at least one rule is met, one more touch
/// that qualifies for rule `rule` — met or not yet — never lowers the toucher's share. Fails
/// under `unmet_rules = "redistribute"` when the touch completes a second rule.
pub fn strong_monotonicity(
    engine: &Engine,
    request: &AttributeRequest,
    rep: &str,
    rule: usize,
) -> Checked {
    let inv = Invariant::StrongMonotonicity;
    if model_of(engine, request) != Model::RoleWeighted {
        return Ok(());
    }
    let (_, met) = rule_view(engine, request);
    if !met.iter().any(|m| *m) {
        return Ok(());
    }
    let Some(variant) = with_rule_touch(engine, request, rep, rule) else {
        return Ok(());
    };
    let id = engine
        .policy()
        .attribution
        .rules
        .get(rule)
        .map_or("", |r| r.id.as_str());
    let what = format!("one more touch by {rep} that counts for rule {id}");
    compare_entitlement(inv, engine, request, &variant, rep, &what)
}

fn with_amount(
    engine: &Engine,
    request: &AttributeRequest,
    minor_units: u128,
) -> Option<AttributeRequest> {
    let units = engine.policy().minor_units(&request.deal.currency)?;
    let m = i128::try_from(minor_units).ok()?;
    let amount =
        Amount::new(rust_decimal::Decimal::try_from_i128_with_scale(m, units).ok()?).ok()?;
    let mut v = request.clone();
    v.deal.amount = amount;
    Some(v)
}

fn deal_minor(engine: &Engine, request: &AttributeRequest) -> Option<u128> {
    let units = engine.policy().minor_units(&request.deal.currency)?;
    request
        .deal
        .amount
        .to_minor(&request.deal.currency, units)
        .ok()
}

/// **scaling**: multiplying the amount by `k` leaves every share unchanged and multiplies every
/// amount by `k` (within `k` minor units of rounding).
pub fn scaling(engine: &Engine, request: &AttributeRequest, k: u128) -> Checked {
    let inv = Invariant::Scaling;
    let Some(scaled) = deal_minor(engine, request)
        .and_then(|m| m.checked_mul(k))
        .filter(|m| *m <= 9_999_999_999_999_999_999)
        .and_then(|m| with_amount(engine, request, m))
    else {
        return Ok(());
    };
    let a = run(engine, inv, request)?;
    let b = run(engine, inv, &scaled)?;
    let shares = |r: &AttributeResponse| {
        let mut v: Vec<(String, String)> = r
            .credits
            .iter()
            .map(|c| (c.rep.clone(), c.share_exact.clone()))
            .chain(
                r.locked
                    .iter()
                    .map(|l| (format!("{} (locked)", l.rep), l.share_exact.clone())),
            )
            .collect();
        v.push(("unassigned".into(), r.unassigned.share_exact.clone()));
        v
    };
    let (sa, sb) = (shares(&a), shares(&b));
    if sa != sb {
        let text =
            format!("multiplying the amount by {k} changed the shares: {sa:?} became {sb:?}");
        return fail(inv, text, request, Some(&scaled), vec![a, b]);
    }
    for rep in reps_of(&a).union(&reps_of(&b)) {
        let (x, y) = (rep_minor(engine, &a, rep), rep_minor(engine, &b, rep));
        let off = |p: u128, q: u128| p.saturating_mul(k).abs_diff(q) > k;
        if off(x.0, y.0) || off(x.1, y.1) {
            let text = format!(
                "multiplying the amount by {k} took {rep} from {} (+{} locked) to {} (+{} \
                 locked) minor units, not about {k} times as much",
                x.0, x.1, y.0, y.1
            );
            return fail(inv, text, request, Some(&scaled), vec![a, b]);
        }
    }
    Ok(())
}

/// **additivity**: splitting a deal's amount into two deals (`first` minor units and the
/// rest) with the same history pays every rep the same total, within
/// [`ADDITIVITY_TOLERANCE`] minor units of rounding.
pub fn additivity(engine: &Engine, request: &AttributeRequest, first: u128) -> Checked {
    let inv = Invariant::Additivity;
    let Some(total) = deal_minor(engine, request) else {
        return Ok(());
    };
    let first = first.min(total);
    let (Some(p), Some(q)) = (
        with_amount(engine, request, first),
        with_amount(engine, request, total - first),
    ) else {
        return Ok(());
    };
    let whole = run(engine, inv, request)?;
    let a = run(engine, inv, &p)?;
    let b = run(engine, inv, &q)?;
    let mut reps = reps_of(&whole);
    reps.extend(reps_of(&a));
    reps.extend(reps_of(&b));
    for rep in &reps {
        let (w, x, y) = (
            rep_minor(engine, &whole, rep),
            rep_minor(engine, &a, rep),
            rep_minor(engine, &b, rep),
        );
        let off = |w: u128, x: u128, y: u128| w.abs_diff(x + y) > ADDITIVITY_TOLERANCE;
        if off(w.0, x.0, y.0) || off(w.1, x.1, y.1) {
            let text = format!(
                "split into two deals of {first} and {} minor units, {rep} is paid {} + {} \
                 (locked {} + {}), but {} (locked {}) on the whole deal",
                total - first,
                x.0,
                y.0,
                x.1,
                y.1,
                w.0,
                w.1
            );
            return fail(inv, text, request, Some(&p), vec![whole, a, b]);
        }
    }
    Ok(())
}

/// The request with only its earliest touch at or before close (touches after close kept).
pub fn single_touch(request: &AttributeRequest) -> Option<AttributeRequest> {
    let first = considered(request).min_by(|a, b| {
        a.at.cmp(&b.at)
            .then_with(|| a.rep.cmp(&b.rep))
            .then_with(|| a.contact.cmp(&b.contact))
    })?;
    let mut v = request.clone();
    let keep = first.clone();
    v.touches.retain(|t| t.at > request.deal.closed_at);
    v.touches.push(keep);
    Some(v)
}

/// **single_touch_gets_all**: a deal with exactly one touch (at or before close) gives that
/// rep the whole amount (paid or locked). Checked on [`single_touch`] of the request.
pub fn single_touch_gets_all(engine: &Engine, request: &AttributeRequest) -> Checked {
    let inv = Invariant::SingleTouchGetsAll;
    let Some(v) = single_touch(request) else {
        return Ok(());
    };
    let rep = considered(&v)
        .next()
        .map(|t| t.rep.clone())
        .unwrap_or_default();
    let resp = run(engine, inv, &v)?;
    let (paid, locked) = rep_minor(engine, &resp, &rep);
    let whole = minor(engine, &resp.currency, &resp.amount).unwrap_or(0);
    if paid + locked != whole {
        let text = format!(
            "{rep} made the deal's only touch, yet gets {} of {} minor units ({} unassigned)",
            paid + locked,
            whole,
            resp.unassigned.amount
        );
        return fail(inv, text, &v, None, vec![resp]);
    }
    Ok(())
}

fn lock_steps(resp: &AttributeResponse) -> Vec<(String, String, String)> {
    resp.explanation
        .iter()
        .filter_map(|s| match s {
            Step::Lock {
                rep,
                previous_rep,
                outcome,
                ..
            } => Some((rep.clone(), previous_rep.clone(), outcome.clone())),
            _ => None,
        })
        .collect()
}

fn explained(request: &AttributeRequest) -> AttributeRequest {
    let mut v = request.clone();
    v.explain = true;
    v
}

/// **locks_never_leak**: for every lock, a valid handover from the previous rep to the locked
/// rep (a day before close) pays that rep exactly what was held back for them (or taken from
/// the previous rep), changes nobody else's amounts otherwise, and leaves `unassigned` alone.
pub fn locks_never_leak(engine: &Engine, request: &AttributeRequest) -> Checked {
    let inv = Invariant::LocksNeverLeak;
    let req = explained(request);
    let before = run(engine, inv, &req)?;
    let Some((rep, previous, _)) = lock_steps(&before)
        .into_iter()
        .find(|(_, _, o)| o == "locked" || o == "given_to_previous_rep")
    else {
        return Ok(());
    };
    let mut variant = req.clone();
    variant.handovers.push(Handover {
        from: previous.clone(),
        to: rep.clone(),
        at: request
            .deal
            .closed_at
            .plus_seconds(-86_400)
            .unwrap_or(request.deal.closed_at),
        evidence: Some("minutes-release".into()),
    });
    let after = run(engine, inv, &variant)?;
    let mut reps = reps_of(&before);
    reps.extend(reps_of(&after));
    let (b_rep, a_rep) = (
        rep_minor(engine, &before, &rep),
        rep_minor(engine, &after, &rep),
    );
    let mut others_lost = 0u128;
    for other in reps.iter().filter(|r| **r != rep) {
        let (b, a) = (
            rep_minor(engine, &before, other),
            rep_minor(engine, &after, other),
        );
        if a.0 > b.0 || a.1 > b.1 {
            let text = format!(
                "releasing {rep}'s lock by a handover from {previous} raised {other}'s amount \
                 from {} (+{} locked) to {} (+{} locked)",
                b.0, b.1, a.0, a.1
            );
            return fail(inv, text, &req, Some(&variant), vec![before, after]);
        }
        others_lost += (b.0 + b.1).saturating_sub(a.0 + a.1);
    }
    let un = |r: &AttributeResponse| minor(engine, &r.currency, &r.unassigned.amount);
    // Held-back money becomes paid: the rep gains exactly their lock plus what the others lose.
    if a_rep.1 != 0 || un(&before) != un(&after) || a_rep.0 != b_rep.0 + b_rep.1 + others_lost {
        let text = format!(
            "releasing {rep}'s lock by a handover from {previous} did not move exactly the \
             held-back money: paid {} → {}, locked {} → {}, others lost {others_lost}",
            b_rep.0, a_rep.0, b_rep.1, a_rep.1
        );
        return fail(inv, text, &req, Some(&variant), vec![before, after]);
    }
    Ok(())
}

/// **locks_follow_silence**: a rep is locked (or their share given to the previous rep) only
/// after the customer was silent for at least [`MIN_SILENCE_SECONDS`] (7 days) at some point
/// before the rep's first touch.
pub fn locks_follow_silence(engine: &Engine, request: &AttributeRequest) -> Checked {
    let inv = Invariant::LocksFollowSilence;
    let req = explained(request);
    let resp = run(engine, inv, &req)?;
    let mut times: Vec<i64> = considered(request).map(|t| t.at.unix_seconds()).collect();
    times.sort_unstable();
    for (rep, previous, outcome) in lock_steps(&resp) {
        if outcome != "locked" && outcome != "given_to_previous_rep" {
            continue;
        }
        let Some(first) = considered(request)
            .filter(|t| t.rep == rep)
            .map(|t| t.at.unix_seconds())
            .min()
        else {
            continue;
        };
        let longest = times
            .iter()
            .zip(times.iter().skip(1))
            .filter(|(_, b)| **b <= first)
            .map(|(a, b)| b - a)
            .max()
            .unwrap_or(0);
        if longest < MIN_SILENCE_SECONDS {
            let text = format!(
                "{rep} is {} although the customer never went {} days without a touch before \
                 {rep}'s first one (longest quiet spell: {} hours); {previous} is the \
                 \"previous rep\"",
                if outcome == "locked" {
                    "locked"
                } else {
                    "stripped of their share"
                },
                MIN_SILENCE_SECONDS / 86_400,
                longest / 3_600
            );
            return fail(inv, text, &req, None, vec![resp]);
        }
    }
    Ok(())
}

/// **each_touch_counts_once** (role_weighted): when two or more reps work the met rules, no touch
/// counts for two met rules, so no touch is paid twice at a colleague's expense.
pub fn each_touch_counts_once(engine: &Engine, request: &AttributeRequest) -> Checked {
    let inv = Invariant::EachTouchCountsOnce;
    if model_of(engine, request) != Model::RoleWeighted {
        return Ok(());
    }
    let (per_touch, met) = rule_view(engine, request);
    let rules = &engine.policy().attribution.rules;
    // With a single rep on the met rules a double count changes nobody's pay; it matters
    // against a colleague.
    let paid_reps: BTreeSet<&str> = per_touch
        .iter()
        .filter(|(_, hits)| hits.iter().any(|j| met.get(*j).copied().unwrap_or(false)))
        .filter_map(|(i, _)| request.touches.get(*i).map(|t| t.rep.as_str()))
        .collect();
    if paid_reps.len() < 2 {
        return Ok(());
    }
    for (i, hits) in per_touch {
        let met_hits: Vec<&str> = hits
            .iter()
            .filter(|j| met.get(**j).copied().unwrap_or(false))
            .filter_map(|j| rules.get(*j).map(|r| r.id.as_str()))
            .collect();
        if met_hits.len() > 1 {
            let resp = run(engine, inv, &explained(request))?;
            let t = request.touches.get(i);
            let text = format!(
                "touch #{i} ({} with {}: {}) counts for {} met rules at once ({}), so it is paid \
                 {} times",
                t.map_or("", |t| t.rep.as_str()),
                t.map_or("", |t| t.contact.as_str()),
                t.map_or("", |t| t.kind.as_str()),
                met_hits.len(),
                met_hits.join(", "),
                met_hits.len()
            );
            return fail(inv, text, &explained(request), None, vec![resp]);
        }
    }
    Ok(())
}

/// **contributors_paid** (linear, time_decay): every rep with a touch at or before close gets a
/// positive share; rounding or decay never hands a contributor's whole credit to someone else.
pub fn contributors_paid(engine: &Engine, request: &AttributeRequest) -> Checked {
    let inv = Invariant::ContributorsPaid;
    if !matches!(model_of(engine, request), Model::Linear | Model::TimeDecay) {
        return Ok(());
    }
    let reps: BTreeSet<&str> = considered(request).map(|t| t.rep.as_str()).collect();
    if reps.is_empty() {
        return Ok(());
    }
    let resp = run(engine, inv, request)?;
    for rep in reps {
        let share = entitlement(&resp, rep).unwrap_or((0, 1));
        if share.0 == 0 {
            let text = format!(
                "{rep} touched the customer before close, yet is given nothing (the shares \
                 went to {})",
                reps_of(&resp).into_iter().collect::<Vec<_>>().join(", ")
            );
            return fail(inv, text, request, None, vec![resp]);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_compare_exactly() {
        assert_eq!(cmp_fractions((1, 3), (1, 3)), Ordering::Equal);
        assert_eq!(cmp_fractions((2, 6), (1, 3)), Ordering::Equal);
        assert_eq!(cmp_fractions((31, 45), (1, 1)), Ordering::Less);
        assert_eq!(cmp_fractions((2, 3), (3, 5)), Ordering::Greater);
        assert_eq!(cmp_fractions((0, 1), (0, 7)), Ordering::Equal);
        assert_eq!(cmp_fractions((5, 7), (7, 10)), Ordering::Greater);
        assert_eq!(cmp_fractions((7, 10), (5, 7)), Ordering::Less);
        assert_eq!(
            cmp_fractions((u128::MAX - 1, u128::MAX), (u128::MAX - 2, u128::MAX - 1)),
            Ordering::Greater
        );
        assert_eq!(add_fractions((1, 3), (1, 6)), Some((1, 2)));
        assert_eq!(fraction("8/13"), Some((8, 13)));
        assert_eq!(fraction("0"), Some((0, 1)));
    }
}
