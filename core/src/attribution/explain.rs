//! Builds the explanation of an attribution: which touches counted, which rules fired on which
//! touches with which numbers, how each rep's share is made up, and who got a rounding cent.

use super::kernel::{opportunity_index, touch_weight, Basis, Scratch};
use super::shapley::ShapleyMethod;
use super::types::TouchFields;
use super::{
    basis_model, Adjustment, AttributeRequest, KeyTouch, Marginal, Prepared, RepCount, SharePart,
    Step,
};
use crate::engine::Engine;
use crate::money::{format_minor, mul_div_rem, Fraction};
use crate::policy::{Model, UnmetRules};
use std::fmt::Write as _;

pub(super) fn explain<T: TouchFields>(
    engine: &Engine,
    req: &AttributeRequest,
    touches: &[T],
    p: &Prepared<'_>,
    model: Model,
    basis: Basis,
    s: &Scratch,
) -> Vec<Step> {
    let places = engine.policy().attribution.share_display_places.min(6);
    let mut steps = vec![Step::Touches {
        considered: p.touches.len(),
        ignored_after_close: p.ignored,
        reps: p.reps.len(),
        text: format!(
            "{} touch(es) by {} rep(s) at or before close {}; {} after close ignored",
            p.touches.len(),
            p.reps.len(),
            req.deal.closed_at,
            p.ignored
        ),
    }];
    match basis {
        Basis::NoTouches => steps.push(Step::AllUnassigned {
            text: "no touch at or before close: the whole deal is unassigned".into(),
        }),
        Basis::ZeroWeights => steps.push(Step::AllUnassigned {
            text: format!(
                "every weight of model {} is zero for these touches: the whole deal is unassigned",
                model.as_str()
            ),
        }),
        Basis::Model(Model::RoleWeighted) => rules(engine, p, s, &mut steps),
        Basis::Model(Model::Shapley) => {
            rules(engine, p, s, &mut steps);
            shapley(engine, p, s, &mut steps);
        }
        Basis::Fallback(m) => {
            rules(engine, p, s, &mut steps);
            steps.push(Step::Fallback {
                model: m,
                text: format!(
                    "no rule was met, so the fallback model {} applies to all touches",
                    m.as_str()
                ),
            });
            positional(engine, touches, p, m, &mut steps);
        }
        Basis::Model(m) => positional(engine, touches, p, m, &mut steps),
    }
    rep_shares(engine, p, basis, s, places, &mut steps);
    rounding(p, s, &mut steps);
    steps
}

fn counts_for(engine: &Engine, p: &Prepared<'_>, s: &Scratch, k: usize) -> Vec<RepCount> {
    let rules = engine.attribution().rule_count();
    p.reps
        .iter()
        .enumerate()
        .filter_map(|(r, rep)| {
            let n = s.counts.get(r * rules + k).copied().unwrap_or(0);
            (n > 0).then(|| RepCount {
                rep: rep.to_string(),
                count: n,
            })
        })
        .collect()
}

fn list(counts: &[RepCount]) -> String {
    let mut out = String::with_capacity(counts.len() * 12);
    for (i, c) in counts.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{} {}", c.rep, c.count);
    }
    out
}

/// Denominator of effective rule weights: met weights (redistribute) or all weights.
fn weight_base(engine: &Engine, s: &Scratch) -> u128 {
    let c = engine.attribution();
    let policy = &engine.policy().attribution;
    c.rule_weights
        .iter()
        .enumerate()
        .filter(|(k, _)| {
            policy.unmet_rules == UnmetRules::Unassigned
                || policy
                    .rules
                    .get(*k)
                    .is_some_and(|r| s.totals.get(*k).is_some_and(|t| *t >= r.min_count))
        })
        .map(|(_, w)| *w)
        .sum()
}

fn rules(engine: &Engine, p: &Prepared<'_>, s: &Scratch, steps: &mut Vec<Step>) {
    let policy = &engine.policy().attribution;
    let base = weight_base(engine, s);
    let mut unmet = rust_decimal::Decimal::ZERO;
    for (k, rule) in policy.rules.iter().enumerate() {
        let total = s.totals.get(k).copied().unwrap_or(0);
        let met = total >= rule.min_count;
        let qualifying = counts_for(engine, p, s, k);
        let eff = if met {
            Fraction::new(
                engine
                    .attribution()
                    .rule_weights
                    .get(k)
                    .copied()
                    .unwrap_or(0),
                base,
            )
        } else {
            Fraction::new(0, 1)
        };
        if !met {
            unmet += rule.weight;
        }
        let what = format!("{} × {}", rule.roles.join("/"), rule.kinds.join("/"));
        // Each number is written once, for its field and for the text.
        let weight = rule.weight.to_string();
        let effective_weight = eff.to_string();
        let text = if met {
            format!(
                "{} met: {} qualifying {} touch(es) ({}) ≥ {}; weight {} → {} ≈ {} after {}",
                rule.id,
                total,
                what,
                list(&qualifying),
                rule.min_count,
                weight,
                effective_weight,
                eff.to_decimal_string(4),
                if policy.unmet_rules == UnmetRules::Redistribute {
                    "redistribution"
                } else {
                    "leaving unmet weight unassigned"
                }
            )
        } else {
            format!(
                "{} not met: {} qualifying {} touch(es){} < {}; weight {} is {}",
                rule.id,
                total,
                what,
                if qualifying.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", list(&qualifying))
                },
                rule.min_count,
                weight,
                if policy.unmet_rules == UnmetRules::Redistribute {
                    "redistributed over the met rules"
                } else {
                    "unassigned"
                }
            )
        };
        steps.push(Step::Rule {
            rule: rule.id.clone(),
            met,
            min_count: rule.min_count,
            qualifying_total: total,
            qualifying,
            weight,
            effective_weight,
            text,
        });
    }
    if !unmet.is_zero() {
        let text = match policy.unmet_rules {
            UnmetRules::Redistribute => format!(
                "unmet weight {unmet} is spread over the met rules in proportion to their weights"
            ),
            UnmetRules::Unassigned => {
                format!("unmet weight {unmet} stays unassigned (policy unmet_rules = unassigned)")
            }
        };
        steps.push(Step::UnmetRules {
            policy: policy.unmet_rules,
            unmet_weight: unmet.to_string(),
            text,
        });
    }
}

fn positional<T: TouchFields>(
    engine: &Engine,
    touches: &[T],
    p: &Prepared<'_>,
    model: Model,
    steps: &mut Vec<Step>,
) {
    let c = engine.attribution();
    let n = p.touches.len();
    if n == 0 {
        return;
    }
    let opp = opportunity_index(&p.touches);
    let weights: Vec<u128> = (0..n)
        .map(|i| touch_weight(c, model, &p.touches, i, opp))
        .collect();
    let total: u128 = weights.iter().sum();
    let mut per_rep = vec![0u32; p.reps.len()];
    for t in &p.touches {
        if let Some(x) = per_rep.get_mut(t.rep as usize) {
            *x += 1;
        }
    }
    let touches_per_rep = p
        .reps
        .iter()
        .zip(per_rep)
        .map(|(r, count)| RepCount {
            rep: r.to_string(),
            count,
        })
        .collect();
    let mut keys: Vec<(&str, usize)> = match model {
        Model::FirstTouch => vec![("first", 0)],
        Model::LastTouch | Model::TimeDecay => vec![("last", n - 1)],
        Model::UShaped => vec![("first", 0), ("last", n - 1)],
        Model::WShaped => vec![("first", 0), ("opportunity", opp), ("last", n - 1)],
        Model::Linear | Model::RoleWeighted | Model::Shapley => vec![],
    };
    keys.dedup_by_key(|k| k.1);
    let key_touches = keys
        .iter()
        .filter_map(|(pos, i)| {
            let src = touches.get(*p.source.get(*i)?)?;
            Some(KeyTouch {
                position: pos.to_string(),
                rep: src.rep().to_string(),
                contact: src.contact().to_string(),
                kind: src.kind().to_string(),
                at: src.at(),
                weight: Fraction::new(*weights.get(*i)?, total).to_decimal_string(4),
            })
        })
        .collect();
    let text = match model {
        Model::Linear => format!("linear: each of the {n} touches weighs 1/{n}"),
        Model::FirstTouch => {
            "first_touch: the earliest touch gets everything (ties: rep id, then contact id)".into()
        }
        Model::LastTouch => {
            "last_touch: the latest touch at or before close gets everything".into()
        }
        Model::TimeDecay => format!(
            "time_decay: a touch weighs 2^(−t/{}) where t is its age relative to the latest touch",
            engine.policy().attribution.time_decay_half_life
        ),
        Model::UShaped => {
            let u = &engine.policy().attribution.u_shaped;
            format!(
                "u_shaped: first {} and last {}, the rest spread over the middle touches (1 touch: all; 2: half each)",
                u.first, u.last
            )
        }
        Model::WShaped => {
            let w = &engine.policy().attribution.w_shaped;
            format!(
                "w_shaped: first {}, first '{}' touch (median when none) {}, last {}, the rest over the other touches",
                w.first, w.opportunity_stage, w.opportunity, w.last
            )
        }
        Model::RoleWeighted | Model::Shapley => String::new(),
    };
    steps.push(Step::Positional {
        model,
        touches_per_rep,
        key_touches,
        text,
    });
}

fn rep_shares(
    engine: &Engine,
    p: &Prepared<'_>,
    basis: Basis,
    s: &Scratch,
    places: u32,
    steps: &mut Vec<Step>,
) {
    let denominator: u128 = s.weights.iter().sum();
    let rules = &engine.policy().attribution.rules;
    let c = engine.attribution();
    let base = weight_base(engine, s);
    for (r, rep) in p.reps.iter().enumerate() {
        let w = s.weights.get(r).copied().unwrap_or(0);
        let share = Fraction::new(w, denominator);
        let mut parts = Vec::new();
        if basis == Basis::Model(Model::RoleWeighted) {
            for (k, rule) in rules.iter().enumerate() {
                let total = s.totals.get(k).copied().unwrap_or(0);
                let n = s.counts.get(r * c.rule_count() + k).copied().unwrap_or(0);
                if total < rule.min_count || n == 0 {
                    continue;
                }
                let wk = c.rule_weights.get(k).copied().unwrap_or(0);
                let f = Fraction::new(wk * u128::from(n), base.saturating_mul(u128::from(total)));
                parts.push(SharePart {
                    source: rule.id.clone(),
                    share: f.to_decimal_string(places),
                    share_exact: f.to_string(),
                });
            }
        } else if basis == Basis::Model(Model::Shapley) {
            for sr in &s.shapley {
                let Some(rule) = rules.get(sr.rule) else {
                    continue;
                };
                let Some((_, piv)) = sr.pivots.iter().find(|(x, _)| *x as usize == r) else {
                    continue;
                };
                if *piv == 0 {
                    continue;
                }
                let wk = c.rule_weights.get(sr.rule).copied().unwrap_or(0);
                let f = Fraction::new(wk * piv, base.saturating_mul(sr.denominator));
                parts.push(SharePart {
                    source: rule.id.clone(),
                    share: f.to_decimal_string(places),
                    share_exact: f.to_string(),
                });
            }
        } else if let Some(m) = basis_model(basis) {
            parts.push(SharePart {
                source: m.as_str().to_string(),
                share: share.to_decimal_string(places),
                share_exact: share.to_string(),
            });
        }
        let share_text = share.to_decimal_string(places);
        let text = if parts.len() > 1 {
            let mut text = format!("{rep}: {share_text} = ");
            for (i, x) in parts.iter().enumerate() {
                if i > 0 {
                    text.push_str(" + ");
                }
                let _ = write!(text, "{} {}", x.source, x.share);
            }
            text
        } else if let Some(part) = parts.first() {
            format!("{rep}: {share_text} from {}", part.source)
        } else {
            format!("{rep}: no touch that counts for a met rule, so no credit")
        };
        steps.push(Step::RepShare {
            rep: rep.to_string(),
            share: share_text,
            share_exact: share.to_string(),
            parts,
            text,
        });
    }
}

fn shapley(engine: &Engine, p: &Prepared<'_>, s: &Scratch, steps: &mut Vec<Step>) {
    let rules = &engine.policy().attribution.rules;
    let n_rules = engine.attribution().rule_count();
    for sr in &s.shapley {
        let Some(rule) = rules.get(sr.rule) else {
            continue;
        };
        let players = sr.pivots.len();
        let marginals: Vec<Marginal> = sr
            .pivots
            .iter()
            .map(|(rep, piv)| {
                let f = Fraction::new(*piv, sr.denominator);
                Marginal {
                    rep: p.reps.get(*rep as usize).copied().unwrap_or("").to_string(),
                    qualifying: s
                        .counts
                        .get(*rep as usize * n_rules + sr.rule)
                        .copied()
                        .unwrap_or(0),
                    pivotal_exact: f.to_string(),
                    pivotal: f.to_decimal_string(4),
                }
            })
            .collect();
        let list = marginals
            .iter()
            .map(|m| format!("{} ({} touch(es)) {}", m.rep, m.qualifying, m.pivotal_exact))
            .collect::<Vec<_>>()
            .join(", ");
        let (method, evaluated, seed, how) = match sr.method {
            ShapleyMethod::Exact => {
                let coalitions = 1u64 << players.min(63);
                (
                    "exact",
                    coalitions,
                    None,
                    format!("exact over all {coalitions} coalitions"),
                )
            }
            ShapleyMethod::MonteCarlo { samples, seed } => (
                "monte_carlo",
                u64::from(samples),
                Some(seed),
                format!("monte_carlo, {samples} samples, seed {seed}"),
            ),
        };
        steps.push(Step::ShapleyRule {
            rule: rule.id.clone(),
            method: method.into(),
            players,
            evaluated,
            seed,
            text: format!(
                "{}: {} qualifying rep(s), Shapley value {}: share of the orderings in which a rep's touches complete the threshold of {}: {}",
                rule.id, players, how, rule.min_count, list
            ),
            marginals,
        });
    }
}

fn rounding(p: &Prepared<'_>, s: &Scratch, steps: &mut Vec<Step>) {
    let denominator: u128 = s.weights.iter().sum();
    let mut adjustments = Vec::new();
    for (i, (w, out)) in s.weights.iter().zip(&s.out).enumerate() {
        let floor = mul_div_rem(p.total_minor, *w, denominator).map_or(0, |x| x.0);
        if *out > floor {
            let to = p.reps.get(i).map_or("unassigned", |r| r).to_string();
            adjustments.push(Adjustment {
                to,
                minor_units: u32::try_from(*out - floor).unwrap_or(u32::MAX),
            });
        }
    }
    let text = if adjustments.is_empty() {
        format!(
            "{} splits exactly; no rounding needed",
            format_minor(p.total_minor, p.minor_units)
        )
    } else {
        format!(
            "each part is rounded down to the minor unit; the {} leftover unit(s) go to the largest exact remainders (ties: rep id ascending): {}",
            adjustments.len(),
            adjustments.iter().map(|a| a.to.as_str()).collect::<Vec<_>>().join(", ")
        )
    };
    steps.push(Step::Rounding {
        total_minor_units: p.total_minor.to_string(),
        adjustments,
        text,
    });
}
