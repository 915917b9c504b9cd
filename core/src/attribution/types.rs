//! Request and response shapes of the `attribute` operation (SPEC section 4).

use crate::money::Amount;
use crate::policy::{Model, UnmetRules};
use crate::time::Instant;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The deal being attributed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deal {
    /// Deal id.
    pub id: String,
    /// Customer id (used by handover locks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// Contract amount, a decimal string.
    pub amount: Amount,
    /// ISO 4217 currency code.
    pub currency: String,
    /// When the deal closed; touches after it are ignored.
    pub closed_at: Instant,
}

/// A customer contact with a role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Contact id, unique within the request.
    pub id: String,
    /// Role, one of the policy's `roles`.
    pub role: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Content-quality signals of a touch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signals {
    /// The customer downloaded the proposal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal_downloaded: Option<bool>,
    /// Share of a video the customer watched, between 0 and 1 (a decimal string or number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_completion: Option<rust_decimal::Decimal>,
}

/// One touch: a rep's interaction with a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Touch {
    /// Rep id.
    pub rep: String,
    /// Contact id (must be in `contacts`).
    pub contact: String,
    /// Kind, one of the policy's `touch_kinds`.
    pub kind: String,
    /// When it happened.
    pub at: Instant,
    /// Sales stage, e.g. `opportunity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// Content-quality signals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals: Option<Signals>,
}

/// A confirmed handover of a customer from one rep to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handover {
    /// The previous rep.
    pub from: String,
    /// The new rep.
    pub to: String,
    /// When it was confirmed.
    pub at: Instant,
    /// Evidence reference (document id, meeting minutes, system log id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// The kind of a contact → contact relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// `from` reports to `to`.
    ReportsTo,
    /// `from` influences `to`.
    Influences,
}

/// A relation between two contacts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// Contact id.
    pub from: String,
    /// Contact id.
    pub to: String,
    /// Relation kind.
    pub kind: RelationKind,
}

/// Request of the `attribute` operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeRequest {
    /// The deal.
    pub deal: Deal,
    /// The customer's contacts.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// Touches on the customer, in any order.
    #[serde(default)]
    pub touches: Vec<Touch>,
    /// Handover confirmations.
    #[serde(default)]
    pub handovers: Vec<Handover>,
    /// Contact relations (used by `key_influencers`; validated here too).
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Model; the policy's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Model>,
    /// Include the explanation (default true). Turn off for bulk runs.
    #[serde(default = "yes")]
    pub explain: bool,
    /// Locks released by accepted appeals (see the `resolve_appeal` operation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lock_releases: Vec<LockRelease>,
}

/// A silent-period lock released by an accepted appeal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockRelease {
    /// The rep whose lock is released.
    pub rep: String,
    /// The accepted appeal.
    pub appeal_id: String,
}

fn yes() -> bool {
    true
}

/// The fields of a touch that the attribution reads, whether the touch owns its strings
/// ([`Touch`]) or borrows them from the request text ([`TouchRef`], the JSON path).
pub(crate) trait TouchFields {
    /// Rep id.
    fn rep(&self) -> &str;
    /// Contact id.
    fn contact(&self) -> &str;
    /// Touch kind.
    fn kind(&self) -> &str;
    /// When it happened.
    fn at(&self) -> Instant;
    /// Sales stage.
    fn stage(&self) -> Option<&str>;
    /// Content-quality signals.
    fn signals(&self) -> Option<&Signals>;
}

impl TouchFields for Touch {
    fn rep(&self) -> &str {
        &self.rep
    }
    fn contact(&self) -> &str {
        &self.contact
    }
    fn kind(&self) -> &str {
        &self.kind
    }
    fn at(&self) -> Instant {
        self.at
    }
    fn stage(&self) -> Option<&str> {
        self.stage.as_deref()
    }
    fn signals(&self) -> Option<&Signals> {
        self.signals.as_ref()
    }
}

/// A string of the request text: borrowed when it holds no escape, owned otherwise.
#[derive(Debug)]
pub(crate) struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// [`Touch`] with its strings borrowed from the request text: the same fields, the same
/// rules (the JSON path reads touches into this and saves an allocation per string).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TouchRef<'a> {
    #[serde(borrow)]
    rep: Text<'a>,
    #[serde(borrow)]
    contact: Text<'a>,
    #[serde(borrow)]
    kind: Text<'a>,
    at: Instant,
    #[serde(default, borrow)]
    stage: Option<Text<'a>>,
    #[serde(default)]
    signals: Option<Signals>,
}

impl TouchFields for TouchRef<'_> {
    fn rep(&self) -> &str {
        &self.rep.0
    }
    fn contact(&self) -> &str {
        &self.contact.0
    }
    fn kind(&self) -> &str {
        &self.kind.0
    }
    fn at(&self) -> Instant {
        self.at
    }
    fn stage(&self) -> Option<&str> {
        self.stage.as_ref().map(|s| &*s.0)
    }
    fn signals(&self) -> Option<&Signals> {
        self.signals.as_ref()
    }
}

/// [`AttributeRequest`] as the JSON path reads it: the same fields and rules, with the
/// touches borrowing their strings from the request text. Anything this fails to read is
/// read again as an [`AttributeRequest`], so errors and their paths do not change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AttributeRequestRef<'a> {
    deal: Deal,
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default, borrow)]
    touches: Vec<TouchRef<'a>>,
    #[serde(default)]
    handovers: Vec<Handover>,
    #[serde(default)]
    relations: Vec<Relation>,
    #[serde(default)]
    model: Option<Model>,
    #[serde(default = "yes")]
    explain: bool,
    #[serde(default)]
    lock_releases: Vec<LockRelease>,
}

impl<'a> AttributeRequestRef<'a> {
    /// The request without its touches (an [`AttributeRequest`] with none), and the touches.
    pub(crate) fn split(self) -> (AttributeRequest, Vec<TouchRef<'a>>) {
        let request = AttributeRequest {
            deal: self.deal,
            contacts: self.contacts,
            touches: Vec::new(),
            handovers: self.handovers,
            relations: self.relations,
            model: self.model,
            explain: self.explain,
            lock_releases: self.lock_releases,
        };
        (request, self.touches)
    }
}

/// A rep's paid credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// Rep id.
    pub rep: String,
    /// Share of the deal, rounded for display.
    pub share: String,
    /// Exact share as a reduced fraction, e.g. `"8/15"`.
    pub share_exact: String,
    /// Amount in the deal's currency, exact to the minor unit.
    pub amount: String,
}

/// A share held back by a silent-period lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locked {
    /// Rep id.
    pub rep: String,
    /// Share of the deal, rounded for display.
    pub share: String,
    /// Exact share.
    pub share_exact: String,
    /// Amount held back.
    pub amount: String,
    /// Why it is locked.
    pub reason: String,
}

/// What nobody is credited with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unassigned {
    /// Share of the deal, rounded for display.
    pub share: String,
    /// Exact share.
    pub share_exact: String,
    /// Amount.
    pub amount: String,
}

/// A rep with a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepCount {
    /// Rep id.
    pub rep: String,
    /// Count.
    pub count: u32,
}

/// A key touch of a positional model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyTouch {
    /// `first`, `last`, `opportunity`, `latest`.
    pub position: String,
    /// Rep id.
    pub rep: String,
    /// Contact id.
    pub contact: String,
    /// Kind.
    pub kind: String,
    /// When.
    pub at: Instant,
    /// Weight of this touch in the deal, rounded for display.
    pub weight: String,
}

/// A rep's share broken down by where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharePart {
    /// Rule id, or the model name for non-rule models.
    pub source: String,
    /// Share contributed, rounded for display.
    pub share: String,
    /// Exact share contributed.
    pub share_exact: String,
}

/// A rep's marginal contribution to one rule of the `shapley` model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marginal {
    /// Rep id.
    pub rep: String,
    /// The rep's qualifying touches for the rule.
    pub qualifying: u32,
    /// Share of the orderings of the qualifying reps in which this rep's touches complete the
    /// rule's threshold (the rep's Shapley value in the rule's game), exact.
    pub pivotal_exact: String,
    /// The same, rounded for display.
    pub pivotal: String,
}

/// A rounding adjustment: an extra minor unit given by largest remainder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// Rep id, or `unassigned`.
    pub to: String,
    /// Extra minor units.
    pub minor_units: u32,
}

/// One step of an explanation. Every step has a human `text` (see [`Step::text`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Step {
    /// Which touches were considered.
    Touches {
        /// Touches at or before close.
        considered: usize,
        /// Touches after close (ignored).
        ignored_after_close: usize,
        /// Distinct reps among the considered touches.
        reps: usize,
        /// Human text.
        text: String,
    },
    /// A role-weighted rule and whether it was met.
    Rule {
        /// Rule id.
        rule: String,
        /// Met or not.
        met: bool,
        /// Threshold.
        min_count: u32,
        /// Qualifying touches, all reps.
        qualifying_total: u32,
        /// Qualifying touches per rep.
        qualifying: Vec<RepCount>,
        /// Policy weight.
        weight: String,
        /// Weight after redistribution (exact fraction).
        effective_weight: String,
        /// Human text.
        text: String,
    },
    /// The weight of unmet rules and where it went.
    UnmetRules {
        /// Policy setting.
        policy: UnmetRules,
        /// Total weight of unmet rules.
        unmet_weight: String,
        /// Human text.
        text: String,
    },
    /// No rule was met; the fallback model applied.
    Fallback {
        /// The fallback model.
        model: Model,
        /// Human text.
        text: String,
    },
    /// How a positional model weighed the touches.
    Positional {
        /// Model.
        model: Model,
        /// Touches per rep.
        touches_per_rep: Vec<RepCount>,
        /// The touches that carry the model's named weights.
        key_touches: Vec<KeyTouch>,
        /// Human text.
        text: String,
    },
    /// A rep's share and its parts.
    RepShare {
        /// Rep id.
        rep: String,
        /// Share, rounded for display.
        share: String,
        /// Exact share.
        share_exact: String,
        /// Where it came from.
        parts: Vec<SharePart>,
        /// Human text.
        text: String,
    },
    /// Everything is unassigned, and why.
    AllUnassigned {
        /// Human text.
        text: String,
    },
    /// A silent period in the customer's timeline and the reps who are new after it.
    SilentPeriod {
        /// Last touch before the gap.
        from: Instant,
        /// First touch after the gap.
        to: Instant,
        /// Whole days of silence.
        days: i64,
        /// Rep of the last touch before the gap.
        previous_rep: String,
        /// Human text.
        text: String,
    },
    /// A new rep after a silent period: locked, or released by a handover or an appeal.
    Lock {
        /// The new rep.
        rep: String,
        /// The previous rep, who had to hand over.
        previous_rep: String,
        /// `locked`, `given_to_previous_rep`, `released_by_handover`, `released_by_appeal` or
        /// `nothing_to_lock` (the new rep has no share in the deal).
        outcome: String,
        /// The handover that released the lock, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        handover: Option<Handover>,
        /// The appeal that released the lock, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        appeal_id: Option<String>,
        /// Human text.
        text: String,
    },
    /// A handover that released no lock, and why.
    HandoverIgnored {
        /// From rep.
        from: String,
        /// To rep.
        to: String,
        /// When it was confirmed.
        at: Instant,
        /// Human text.
        text: String,
    },
    /// How the `shapley` model split one met rule among its qualifying reps.
    ShapleyRule {
        /// Rule id.
        rule: String,
        /// `exact` or `monte_carlo`.
        method: String,
        /// Qualifying reps (the players of this rule's game).
        players: usize,
        /// Coalitions enumerated (exact) or permutations sampled (Monte-Carlo).
        evaluated: u64,
        /// The sampler's seed (Monte-Carlo only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seed: Option<u64>,
        /// Each qualifying rep's qualifying touches and pivotal share.
        marginals: Vec<Marginal>,
        /// Human text.
        text: String,
    },
    /// Largest-remainder rounding in minor units.
    Rounding {
        /// Total in minor units.
        total_minor_units: String,
        /// Who got an extra unit.
        adjustments: Vec<Adjustment>,
        /// Human text.
        text: String,
    },
}

/// Response of the `attribute` operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeResponse {
    /// Deal id.
    pub deal_id: String,
    /// Fingerprint of the policy that produced this result.
    pub policy_fingerprint: String,
    /// Model requested.
    pub model: Model,
    /// Currency.
    pub currency: String,
    /// Deal amount (normalised to the currency's minor unit).
    pub amount: String,
    /// Paid credits, sorted by rep.
    pub credits: Vec<Credit>,
    /// Locked shares, sorted by rep.
    pub locked: Vec<Locked>,
    /// Unassigned share.
    pub unassigned: Unassigned,
    /// Why: rules, counts, weights, rounding.
    pub explanation: Vec<Step>,
}

impl Step {
    /// The human text of the step, whatever its kind.
    pub fn text(&self) -> &str {
        match self {
            Step::Touches { text, .. }
            | Step::Rule { text, .. }
            | Step::UnmetRules { text, .. }
            | Step::Fallback { text, .. }
            | Step::Positional { text, .. }
            | Step::RepShare { text, .. }
            | Step::AllUnassigned { text }
            | Step::SilentPeriod { text, .. }
            | Step::Lock { text, .. }
            | Step::HandoverIgnored { text, .. }
            | Step::ShapleyRule { text, .. }
            | Step::Rounding { text, .. } => text,
        }
    }
}
