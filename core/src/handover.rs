//! Silent-period handover locks (SPEC 2B).
//!
//! A customer's touches are put in time order. A **silent period** is a gap of at least the
//! policy's `silent_period` (default 30 days, boundary inclusive) with no touch by anyone. A rep
//! whose first touch on the customer comes after a silent period is a **new rep**; the
//! **previous rep** is the rep of the last touch before that gap. A new rep's share is locked
//! unless the previous rep confirmed a handover to them, dated at or before the deal's close
//! (or an accepted appeal released the lock). A rep active before the gap who returns after it
//! is not new. A locked share is neither paid nor given to anyone else by default: it stays in
//! the result as `locked`, so `credits + locked + unassigned = amount` always.

use crate::attribution::{Handover, Touch};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::time::{Duration, Instant};
use serde::{Deserialize, Serialize};

/// What happens to a locked share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockedShare {
    /// Held back as `locked` (the default): paid to nobody until released.
    Lock,
    /// Given to the previous rep.
    PreviousRep,
}

/// Handover settings of the policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HandoverPolicy {
    /// A gap of at least this long with no touch is a silent period.
    pub silent_period: Duration,
    /// What happens to a new rep's share without a handover.
    pub locked_share: LockedShare,
}

impl Default for HandoverPolicy {
    fn default() -> Self {
        HandoverPolicy {
            silent_period: Duration::from_days(30),
            locked_share: LockedShare::Lock,
        }
    }
}

/// A silent period in a customer's timeline, in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// Time of the last touch before the gap.
    pub after: i64,
    /// Time of the first touch after the gap.
    pub before: i64,
    /// Rep of the last touch before the gap (a rep index).
    pub previous_rep: u32,
}

/// A rep whose first touch came after a silent period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewRep {
    /// The rep (index).
    pub rep: u32,
    /// The most recent silent period before the rep's first touch.
    pub gap: Gap,
}

/// Find every silent period and every new rep of a timeline.
///
/// `touches` are `(unix seconds, rep index)` in time order (ties in rep-id order); rep indices
/// are below `reps`. Linear in the number of touches.
pub fn new_reps(
    touches: impl IntoIterator<Item = (i64, u32)>,
    reps: usize,
    silent_period: i64,
    gaps: &mut Vec<Gap>,
    out: &mut Vec<NewRep>,
    seen: &mut Vec<bool>,
) {
    gaps.clear();
    out.clear();
    seen.clear();
    seen.resize(reps, false);
    let mut last: Option<(i64, u32)> = None;
    let mut current: Option<Gap> = None;
    for (at, rep) in touches {
        if let Some((last_at, last_rep)) = last {
            if at.saturating_sub(last_at) >= silent_period {
                let gap = Gap {
                    after: last_at,
                    before: at,
                    previous_rep: last_rep,
                };
                gaps.push(gap);
                current = Some(gap);
            }
        }
        if let Some(flag) = seen.get_mut(rep as usize) {
            if !*flag {
                *flag = true;
                if let Some(gap) = current {
                    out.push(NewRep { rep, gap });
                }
            }
        }
        last = Some((at, rep));
    }
}

/// Request of the `handover_status` operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoverStatusRequest {
    /// Customer id (echoed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The customer's touches (only `rep` and `at` matter here; contacts are not required).
    pub touches: Vec<TimelineTouch>,
    /// Handover confirmations so far.
    #[serde(default)]
    pub handovers: Vec<Handover>,
    /// The moment to report on.
    pub now: Instant,
    /// A rep about to pick up the account: would their next touch be locked?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rep: Option<String>,
}

/// A touch on a timeline: who and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineTouch {
    /// Rep id.
    pub rep: String,
    /// When.
    pub at: Instant,
    /// Other touch fields are accepted and ignored here.
    #[serde(flatten, skip_serializing)]
    pub rest: serde_json::Map<String, serde_json::Value>,
}

impl From<&Touch> for TimelineTouch {
    fn from(t: &Touch) -> Self {
        TimelineTouch {
            rep: t.rep.clone(),
            at: t.at,
            rest: serde_json::Map::new(),
        }
    }
}

/// The last touch of a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastTouch {
    /// Rep id.
    pub rep: String,
    /// When.
    pub at: Instant,
}

/// Whether a rep's next touch would be locked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickUp {
    /// The rep asked about.
    pub rep: String,
    /// Their next touch would make them a new rep after a silent period.
    pub would_be_new: bool,
    /// Their share would be locked (new and no handover from the owner yet).
    pub would_lock: bool,
    /// Why, in words.
    pub reason: String,
}

/// Response of the `handover_status` operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverStatusResponse {
    /// Customer id, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Fingerprint of the policy.
    pub policy_fingerprint: String,
    /// The owner: the rep of the last touch at or before `now` (null without touches).
    pub owner: Option<String>,
    /// The last touch at or before `now`.
    pub last_touch: Option<LastTouch>,
    /// No touch for at least the silent period as of `now`.
    pub silent: bool,
    /// Since when the account is quiet (the last touch), when silent.
    pub silent_since: Option<Instant>,
    /// Days without a touch as of `now` (whole days).
    pub days_without_touch: Option<i64>,
    /// The silent period of the policy.
    pub silent_period: Duration,
    /// Answer for `rep`, when asked.
    pub pick_up: Option<PickUp>,
}

/// Serve `handover_status`. Called by [`Engine::handover_status`].
pub(crate) fn handover_status(
    engine: &Engine,
    req: &HandoverStatusRequest,
) -> Result<HandoverStatusResponse> {
    for (i, t) in req.touches.iter().enumerate() {
        if t.rep.trim().is_empty() {
            return Err(Error::invalid_request(
                format!("touches[{i}].rep"),
                "must not be empty",
            ));
        }
    }
    let silent = engine.policy().handover.silent_period;
    let mut timeline: Vec<&TimelineTouch> =
        req.touches.iter().filter(|t| t.at <= req.now).collect();
    timeline.sort_by(|a, b| (a.at, &a.rep).cmp(&(b.at, &b.rep)));
    let last = timeline.last();
    let quiet_for = last.map(|t| req.now.unix_seconds() - t.at.unix_seconds());
    let is_silent = quiet_for.is_some_and(|q| q >= silent.seconds());
    let owner = last.map(|t| t.rep.clone());
    let pick_up = req.rep.as_ref().map(|rep| {
        let touched_before = timeline.iter().any(|t| &t.rep == rep);
        if owner.is_none() {
            return PickUp {
                rep: rep.clone(),
                would_be_new: false,
                would_lock: false,
                reason: "no touch on this customer yet: the first rep is never locked".into(),
            };
        }
        if touched_before {
            return PickUp {
                rep: rep.clone(),
                would_be_new: false,
                would_lock: false,
                reason: format!("{rep} already worked this customer, so a returning touch is not new"),
            };
        }
        // Their first touch now: new if the account is silent now, or if it already had a
        // silent period after which they would still count as new.
        let mut gaps = Vec::new();
        let mut news = Vec::new();
        let mut seen = Vec::new();
        let mut names: Vec<&str> = timeline.iter().map(|t| t.rep.as_str()).collect();
        names.push(rep);
        names.sort_unstable();
        names.dedup();
        let idx = |r: &str| names.binary_search(&r).map_or(0, |i| i as u32);
        let mut seq: Vec<(i64, u32)> = timeline.iter().map(|t| (t.at.unix_seconds(), idx(&t.rep))).collect();
        seq.push((req.now.unix_seconds(), idx(rep)));
        new_reps(seq, names.len(), silent.seconds(), &mut gaps, &mut news, &mut seen);
        let Some(new) = news.iter().find(|n| n.rep == idx(rep)) else {
            return PickUp {
                rep: rep.clone(),
                would_be_new: false,
                would_lock: false,
                reason: format!("no silent period of {silent} before now: {rep} would not be a new rep"),
            };
        };
        let previous = names.get(new.gap.previous_rep as usize).copied().unwrap_or("");
        let handover = req
            .handovers
            .iter()
            .find(|h| h.from == previous && &h.to == rep && h.at <= req.now);
        match handover {
            Some(h) => PickUp {
                rep: rep.clone(),
                would_be_new: true,
                would_lock: false,
                reason: format!("new rep after a silent period, but {previous} confirmed a handover to {rep} on {}", h.at),
            },
            None => PickUp {
                rep: rep.clone(),
                would_be_new: true,
                would_lock: true,
                reason: format!(
                    "new rep after a silent period of {silent} or more: {rep}'s share would be locked unless {previous} confirms a handover to {rep} before the deal closes"
                ),
            },
        }
    });
    Ok(HandoverStatusResponse {
        customer_id: req.customer_id.clone(),
        policy_fingerprint: engine.fingerprint().to_string(),
        owner,
        last_touch: last.map(|t| LastTouch {
            rep: t.rep.clone(),
            at: t.at,
        }),
        silent: is_silent,
        silent_since: if is_silent { last.map(|t| t.at) } else { None },
        days_without_touch: quiet_for.map(|q| q / 86_400),
        silent_period: silent,
        pick_up,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    fn run(seq: &[(i64, u32)], reps: usize) -> (Vec<Gap>, Vec<NewRep>) {
        let (mut g, mut n, mut s) = (Vec::new(), Vec::new(), Vec::new());
        new_reps(seq.iter().copied(), reps, 30 * DAY, &mut g, &mut n, &mut s);
        (g, n)
    }

    #[test]
    fn exactly_thirty_days_is_silent_and_one_second_less_is_not() {
        let (g, n) = run(&[(0, 0), (30 * DAY, 1)], 2);
        assert_eq!(g.len(), 1);
        assert_eq!(n, vec![NewRep { rep: 1, gap: g[0] }]);
        let (g, n) = run(&[(0, 0), (30 * DAY - 1, 1)], 2);
        assert!(g.is_empty() && n.is_empty());
    }

    #[test]
    fn returning_rep_is_not_new_and_later_newcomers_are() {
        // alice, gap, alice returns, bob joins a week later: bob is new, alice is not.
        let (g, n) = run(&[(0, 0), (40 * DAY, 0), (47 * DAY, 1)], 2);
        assert_eq!(g.len(), 1);
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].rep, 1);
        assert_eq!(n[0].gap.previous_rep, 0);
    }
}
