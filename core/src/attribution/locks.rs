//! Applies silent-period handover locks to an allocated attribution (SPEC 2B). Locks move
//! already-allocated minor units, so they never create or lose a cent, and a valid handover
//! changes nobody's credit but the new rep's.

use super::{Handover, Prepared, Step};
use crate::engine::Engine;
use crate::handover::{new_reps, Gap, LockedShare};
use crate::time::Instant;

/// How a new rep's lock was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Held back as `locked`.
    Locked,
    /// Given to the previous rep (policy `locked_share = previous_rep`).
    ToPrevious,
    /// Released by the handover at this index of the request.
    Handover(usize),
    /// Released by this accepted appeal.
    Appeal(String),
}

/// A new rep after a silent period and what happened to their share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decision {
    pub rep: u32,
    pub gap: Gap,
    pub outcome: Outcome,
    /// The rep has a share in this deal (set once the weights are known).
    pub has_share: bool,
}

/// Every silent period of the deal's timeline, and a decision per new rep.
pub(crate) fn decide(
    engine: &Engine,
    req: &super::AttributeRequest,
    p: &Prepared<'_>,
) -> (Vec<Gap>, Vec<Decision>) {
    let policy = &engine.policy().handover;
    let (mut gaps, mut news, mut seen) = (Vec::new(), Vec::new(), Vec::new());
    // Prepared touches are in time order, ties by rep id.
    let seq = p.touches.iter().map(|t| (t.at, t.rep));
    new_reps(
        seq,
        p.reps.len(),
        policy.silent_period.seconds(),
        &mut gaps,
        &mut news,
        &mut seen,
    );
    let name = |i: u32| p.reps.get(i as usize).copied().unwrap_or("");
    let closed = req.deal.closed_at;
    let order = sorted_handovers(req);
    let decisions = news
        .into_iter()
        .map(|n| {
            let (rep, previous) = (name(n.rep), name(n.gap.previous_rep));
            // The earliest valid handover releases the lock (input order never matters).
            let handover = order.iter().copied().find(|i| {
                req.handovers
                    .get(*i)
                    .is_some_and(|h| h.from == previous && h.to == rep && h.at <= closed)
            });
            let appeal = req.lock_releases.iter().find(|r| r.rep == rep);
            let outcome = match (handover, appeal) {
                (Some(i), _) => Outcome::Handover(i),
                (None, Some(a)) => Outcome::Appeal(a.appeal_id.clone()),
                (None, None) if policy.locked_share == LockedShare::PreviousRep => {
                    Outcome::ToPrevious
                }
                (None, None) => Outcome::Locked,
            };
            Decision {
                rep: n.rep,
                gap: n.gap,
                outcome,
                has_share: true,
            }
        })
        .collect();
    (gaps, decisions)
}

/// Handover indices in a canonical order: time, from, to, evidence.
fn sorted_handovers(req: &super::AttributeRequest) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..req.handovers.len()).collect();
    idx.sort_by(|a, b| {
        let key = |i: &usize| {
            req.handovers
                .get(*i)
                .map(|h| (h.at, &h.from, &h.to, &h.evidence))
        };
        key(a).cmp(&key(b)).then(a.cmp(b))
    });
    idx
}

fn instant(unix: i64, like: Instant) -> Instant {
    Instant::from_unix(unix, like.offset_seconds()).unwrap_or(like)
}

/// The calendar date (`YYYY-MM-DD`) of a Unix time, in the offset of `like`.
pub(super) fn date(unix: i64, like: Instant) -> String {
    instant(unix, like).to_string().chars().take(10).collect()
}

/// Explanation steps for the gaps and the decisions.
pub(crate) fn explain(
    engine: &Engine,
    req: &super::AttributeRequest,
    p: &Prepared<'_>,
    gaps: &[Gap],
    decisions: &[Decision],
) -> Vec<Step> {
    let like = req.deal.closed_at;
    let silent = engine.policy().handover.silent_period;
    let name = |i: u32| p.reps.get(i as usize).copied().unwrap_or("").to_string();
    let mut steps: Vec<Step> = gaps
        .iter()
        .map(|g| {
            let days = (g.before - g.after) / 86_400;
            Step::SilentPeriod {
                from: instant(g.after, like),
                to: instant(g.before, like),
                days,
                previous_rep: name(g.previous_rep),
                text: format!(
                    "silent period: no touch from {} to {} ({days} days ≥ {silent}); the previous rep is {}",
                    date(g.after, like),
                    date(g.before, like),
                    name(g.previous_rep)
                ),
            }
        })
        .collect();
    for d in decisions {
        let (rep, previous) = (name(d.rep), name(d.gap.previous_rep));
        let gap = format!(
            "{} to {}",
            date(d.gap.after, like),
            date(d.gap.before, like)
        );
        let (outcome, handover, appeal_id, text) = match &d.outcome {
            Outcome::Locked | Outcome::ToPrevious if !d.has_share => (
                "nothing_to_lock",
                None,
                None,
                format!("{rep} first touched the customer after the silent period {gap} without a handover from {previous}, but has no share in this deal, so nothing is locked"),
            ),
            Outcome::Locked => (
                "locked",
                None,
                None,
                format!(
                    "{rep} first touched the customer after the silent period {gap}; no handover from {previous} to {rep} dated at or before close, so {rep}'s share is locked"
                ),
            ),
            Outcome::ToPrevious => (
                "given_to_previous_rep",
                None,
                None,
                format!(
                    "{rep} is new after the silent period {gap} with no handover from {previous}; policy locked_share = previous_rep gives the share to {previous}"
                ),
            ),
            Outcome::Handover(i) => {
                let h: Option<Handover> = req.handovers.get(*i).cloned();
                let when = h.as_ref().map(|h| h.at.to_string()).unwrap_or_default();
                (
                    "released_by_handover",
                    h,
                    None,
                    format!("{rep} is new after the silent period {gap}; {previous} handed over to {rep} on {when}, so nothing is locked"),
                )
            }
            Outcome::Appeal(id) => (
                "released_by_appeal",
                None,
                Some(id.clone()),
                format!("{rep} is new after the silent period {gap} with no handover; the lock was released by accepted appeal {id}"),
            ),
        };
        steps.push(Step::Lock {
            rep,
            previous_rep: previous,
            outcome: outcome.to_string(),
            handover,
            appeal_id,
            text,
        });
    }
    // Handovers that released nothing, so a manager sees why they did not count.
    for i in sorted_handovers(req) {
        let Some(h) = req.handovers.get(i) else {
            continue;
        };
        if decisions.iter().any(|d| d.outcome == Outcome::Handover(i)) {
            continue;
        }
        let target = decisions.iter().find(|d| name(d.rep) == h.to);
        let reason = match target {
            None => format!(
                "{} is not a new rep after a silent period, so no handover was needed",
                h.to
            ),
            Some(d) if name(d.gap.previous_rep) != h.from => format!(
                "it comes from {}, but the previous rep before the silent period is {}",
                h.from,
                name(d.gap.previous_rep)
            ),
            Some(_) if h.at > req.deal.closed_at => {
                format!("it is dated {}, after the deal closed", h.at)
            }
            Some(_) => "an earlier handover already released this lock".to_string(),
        };
        steps.push(Step::HandoverIgnored {
            from: h.from.clone(),
            to: h.to.clone(),
            at: h.at,
            text: format!(
                "the handover from {} to {} on {} does not count: {reason}",
                h.from, h.to, h.at
            ),
        });
    }
    steps
}
