//! The policy document: every rule, weight, threshold and limit of the engine, as data.
//!
//! A policy is loaded from JSON or TOML, validated with errors that name the path and the fix,
//! and fingerprinted (SHA-256 of its canonical JSON form) so that any result can be re-derived.
//! [`Policy::default`] holds the defaults of SPEC.md, taken from practice.
//!
//! # Fairness notes for bonus committees
//! Under `unmet_rules = "redistribute"` (the default) the weight of a rule nobody met is spread
//! over the met rules. One consequence: a touch that completes a *second* rule's threshold can
//! lower the toucher's total share, because it also unlocks a colleague's credit on that rule.
//! With the default weights: alice has 2 demos with the technical director and bob 2 price
//! e-mails with procurement. Only the 0.40 rule is met, it carries the whole deal, and alice gets
//! 100 %. If alice now sends procurement a third e-mail, the 0.35 rule is met too; it is split
//! bob 2/3, alice 1/3, and alice's total falls to (0.40 + 0.35/3) / 0.75 ≈ 68.9 %. The test
//! `strong_monotonicity_fails_under_redistribute` pins this case. Under
//! `unmet_rules = "unassigned"` one more touch never lowers the toucher's share.

use crate::calendar::CalendarSpec;
use crate::error::{Error, Result};
use crate::escalation::EscalationPolicy;
use crate::semantic::SemanticPolicy;
use crate::time::Duration;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The attribution models the engine offers, selectable per call with `"model"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Model {
    /// Rules by contact role and touch kind, with thresholds and weights (the default).
    RoleWeighted,
    /// All credit to the first touch.
    FirstTouch,
    /// All credit to the last touch before close.
    LastTouch,
    /// Equal credit per touch.
    Linear,
    /// Credit per touch halves every `half_life` before close.
    TimeDecay,
    /// 40 % first, 40 % last, 20 % spread over the middle (policy weights).
    UShaped,
    /// 30 % first, 30 % first opportunity-stage touch, 30 % last, 10 % over the rest.
    WShaped,
    /// The role-weighted rules as a coalition game: within each met rule, reps are paid their
    /// Shapley value (exact up to `analytics.shapley.exact_max_players` reps, seeded
    /// Monte-Carlo beyond). See [`crate::attribution::kernel`].
    Shapley,
}

impl Model {
    /// Every model, in a stable order.
    pub const ALL: [Model; 8] = [
        Model::RoleWeighted,
        Model::FirstTouch,
        Model::LastTouch,
        Model::Linear,
        Model::TimeDecay,
        Model::UShaped,
        Model::WShaped,
        Model::Shapley,
    ];

    /// The snake_case name used in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Model::RoleWeighted => "role_weighted",
            Model::FirstTouch => "first_touch",
            Model::LastTouch => "last_touch",
            Model::Linear => "linear",
            Model::TimeDecay => "time_decay",
            Model::UShaped => "u_shaped",
            Model::WShaped => "w_shaped",
            Model::Shapley => "shapley",
        }
    }
}

/// What happens to the weight of a rule that nobody met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnmetRules {
    /// Spread it over the met rules in proportion to their weights.
    Redistribute,
    /// Leave it unassigned.
    Unassigned,
}

/// One role-weighted attribution rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable identifier, shown in explanations.
    pub id: String,
    /// What the rule rewards, in the field's words.
    #[serde(default)]
    pub description: String,
    /// Contact roles whose touches qualify.
    pub roles: Vec<String>,
    /// Touch kinds that qualify.
    pub kinds: Vec<String>,
    /// Qualifying touches (by all reps together) needed for the rule to be met.
    pub min_count: u32,
    /// Share of the deal the rule carries, between 0 and 1; all rule weights sum to 1.
    pub weight: Decimal,
}

/// Weights of the U-shaped model; the middle gets `1 − first − last`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UShaped {
    /// Weight of the first touch.
    pub first: Decimal,
    /// Weight of the last touch.
    pub last: Decimal,
}

/// Weights of the W-shaped model; the rest gets `1 − first − opportunity − last`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WShaped {
    /// Weight of the first touch.
    pub first: Decimal,
    /// Weight of the first touch of the opportunity stage (the median touch without stages).
    pub opportunity: Decimal,
    /// Weight of the last touch.
    pub last: Decimal,
    /// The stage name that marks the opportunity touch.
    pub opportunity_stage: String,
}

/// Attribution settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttributionPolicy {
    /// Model used when a request names none.
    pub default_model: Model,
    /// Rules of the `role_weighted` model.
    pub rules: Vec<Rule>,
    /// What happens to the weight of unmet rules.
    pub unmet_rules: UnmetRules,
    /// Model used by `role_weighted` when no rule is met.
    pub fallback_model: Model,
    /// Half-life of the `time_decay` model.
    pub time_decay_half_life: Duration,
    /// Weights of the `u_shaped` model.
    pub u_shaped: UShaped,
    /// Weights of the `w_shaped` model.
    pub w_shaped: WShaped,
    /// Decimal places of the displayed `share` (the exact share is `share_exact`).
    pub share_display_places: u32,
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

impl Default for AttributionPolicy {
    fn default() -> Self {
        let rule = |id: &str, description: &str, role: &str, kind: &str, min: u32, w: &str| Rule {
            id: id.into(),
            description: description.into(),
            roles: vec![role.into()],
            kinds: vec![kind.into()],
            min_count: min,
            weight: dec(w),
        };
        AttributionPolicy {
            default_model: Model::RoleWeighted,
            rules: vec![
                rule(
                    "technical_deep_exchange",
                    "technical director deep exchange: at least 2 solution demos",
                    "technical_director",
                    "demo",
                    2,
                    "0.40",
                ),
                rule(
                    "procurement_negotiation",
                    "procurement director price negotiation: at least 3 e-mail rounds",
                    "procurement_director",
                    "email",
                    3,
                    "0.35",
                ),
                rule(
                    "cfo_signoff",
                    "CFO final sign-off: at least 1 sign-off",
                    "cfo",
                    "signoff",
                    1,
                    "0.25",
                ),
            ],
            unmet_rules: UnmetRules::Redistribute,
            fallback_model: Model::Linear,
            time_decay_half_life: Duration::from_days(7),
            u_shaped: UShaped {
                first: dec("0.40"),
                last: dec("0.40"),
            },
            w_shaped: WShaped {
                first: dec("0.30"),
                opportunity: dec("0.30"),
                last: dec("0.30"),
                opportunity_stage: "opportunity".into(),
            },
            share_display_places: 10,
        }
    }
}

/// Settings of the key-influencer ranking (weighted PageRank).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InfluencePolicy {
    /// Probability of following a relation rather than jumping by engagement.
    pub damping: Decimal,
    /// Power iterations.
    pub iterations: u32,
    /// Engagement weight of one touch of each kind.
    pub touch_kind_weights: BTreeMap<String, Decimal>,
    /// Prior weight of each role (decision power), used with engagement for the jump vector.
    pub role_weights: BTreeMap<String, Decimal>,
}

impl Default for InfluencePolicy {
    fn default() -> Self {
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), dec(v)))
                .collect::<BTreeMap<_, _>>()
        };
        InfluencePolicy {
            damping: dec("0.85"),
            iterations: 50,
            touch_kind_weights: map(&[
                ("demo", "3"),
                ("meeting", "3"),
                ("visit", "3"),
                ("signoff", "4"),
                ("call", "2"),
                ("email", "1"),
                ("wechat", "1"),
                ("other", "1"),
            ]),
            role_weights: map(&[
                ("ceo", "3"),
                ("cfo", "3"),
                ("cto", "2.5"),
                ("technical_director", "2"),
                ("procurement_director", "2"),
                ("finance", "1.5"),
                ("user", "1"),
                ("other", "1"),
            ]),
        }
    }
}

/// Resource limits, so that no input makes the engine take unbounded time or memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest request accepted, in bytes.
    pub max_request_bytes: usize,
    /// Most touches in one deal.
    pub max_touches_per_deal: usize,
    /// Most contacts in one deal.
    pub max_contacts: usize,
    /// Most contact relations in one deal.
    pub max_relations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_request_bytes: 32 * 1024 * 1024,
            max_touches_per_deal: 100_000,
            max_contacts: 10_000,
            max_relations: 100_000,
        }
    }
}

/// The whole policy document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// A name for people (not used by rules).
    pub name: String,
    /// Contact roles known to the engine (extensible).
    pub roles: Vec<String>,
    /// Touch kinds known to the engine (extensible).
    pub touch_kinds: Vec<String>,
    /// Extra currencies (ISO code → decimals), added to or overriding the built-in table.
    pub currencies: BTreeMap<String, u32>,
    /// Attribution rules and models.
    pub attribution: AttributionPolicy,
    /// Key-influencer ranking.
    pub influence: InfluencePolicy,
    /// Silent-period handover locks.
    pub handover: crate::handover::HandoverPolicy,
    /// Resource limits.
    pub limits: Limits,
    /// Business calendars by name (SPEC 2C): time zone, working hours, holidays and make-up
    /// working days; the 2025 and 2026 China calendars are built in.
    pub calendars: BTreeMap<String, CalendarSpec>,
    /// Escalation state machines (SPEC 2C).
    pub escalation: EscalationPolicy,
    /// Vague-term lexicon, negation cues and e-mail triage keywords (SPEC 2D).
    pub semantic: SemanticPolicy,
    /// Privacy fence: sensitivity classes, trusted networks and masks (SPEC 2H).
    pub privacy: crate::privacy::PrivacyPolicy,
    /// Offline merge and cache plan (SPEC 2H).
    pub sync: crate::sync::SyncPolicy,
    /// Churn-risk signals and weights (SPEC 2H).
    pub churn: crate::churn::ChurnPolicy,
    /// Complaint → revisit rule (SPEC 2H).
    pub service: crate::service::ServicePolicy,
    /// Budget of the fairness audit (SPEC I).
    pub fairness: crate::fairness::FairnessPolicy,
    /// Daily-report template versions, fields and submission deadline (SPEC 2E).
    #[serde(default)]
    pub daily_report: crate::daily_report::DailyReportPolicy,
    /// Dealer rebate tiers, rewards, eligibility and rounding (SPEC 2F).
    #[serde(default)]
    pub rebate: crate::rebate::RebatePolicy,
    /// Dashboard analytics and the data-driven attribution models (SPEC 2G, 2A).
    pub analytics: crate::analytics::AnalyticsPolicy,
}

/// The default contact roles.
pub const DEFAULT_ROLES: [&str; 8] = [
    "cfo",
    "cto",
    "technical_director",
    "procurement_director",
    "ceo",
    "finance",
    "user",
    "other",
];

/// The default touch kinds.
pub const DEFAULT_TOUCH_KINDS: [&str; 8] = [
    "demo", "email", "call", "meeting", "visit", "signoff", "wechat", "other",
];

impl Default for Policy {
    fn default() -> Self {
        Policy {
            name: "default".into(),
            roles: DEFAULT_ROLES.iter().map(|s| s.to_string()).collect(),
            touch_kinds: DEFAULT_TOUCH_KINDS.iter().map(|s| s.to_string()).collect(),
            currencies: BTreeMap::new(),
            attribution: AttributionPolicy::default(),
            influence: InfluencePolicy::default(),
            handover: crate::handover::HandoverPolicy::default(),
            limits: Limits::default(),
            calendars: crate::calendar::default_calendars(),
            escalation: EscalationPolicy::default(),
            semantic: SemanticPolicy::default(),
            privacy: crate::privacy::PrivacyPolicy::default(),
            sync: crate::sync::SyncPolicy::default(),
            churn: crate::churn::ChurnPolicy::default(),
            service: crate::service::ServicePolicy::default(),
            fairness: crate::fairness::FairnessPolicy::default(),
            daily_report: crate::daily_report::DailyReportPolicy::default(),
            rebate: crate::rebate::RebatePolicy::default(),
            analytics: crate::analytics::AnalyticsPolicy::default(),
        }
    }
}

/// Most roles a policy may define (rules keep role sets as bitmasks).
pub const MAX_ROLES: usize = 128;
/// Most touch kinds a policy may define.
pub const MAX_TOUCH_KINDS: usize = 64;
/// Most rules a policy may define.
pub const MAX_RULES: usize = 64;

impl Policy {
    /// Parse and validate a JSON policy document.
    pub fn from_json(text: &str) -> Result<Policy> {
        // A derived struct also accepts an array (fields by position): `[]` would be the
        // default policy. A policy document is an object.
        if text.trim_start().starts_with('[') {
            return Err(Error::invalid_policy(
                "",
                "the policy must be a JSON object, not an array",
            ));
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let policy: Policy = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            Error::invalid_policy(e.path().to_string(), clean_serde_message(e.inner()))
        })?;
        de.end().map_err(|e| {
            Error::invalid_policy("", format!("trailing characters after the policy: {e}"))
        })?;
        policy.validate()?;
        Ok(policy)
    }

    /// Parse and validate a TOML policy document.
    pub fn from_toml(text: &str) -> Result<Policy> {
        let value: toml::Value = toml::from_str(text)
            .map_err(|e| Error::invalid_policy("", format!("not valid TOML: {e}")))?;
        let json = serde_json::to_value(value)
            .map_err(|e| Error::invalid_policy("", format!("TOML value not representable: {e}")))?;
        let policy: Policy = serde_path_to_error::deserialize(json).map_err(|e| {
            Error::invalid_policy(e.path().to_string(), clean_serde_message(e.inner()))
        })?;
        policy.validate()?;
        Ok(policy)
    }

    /// Parse a policy that is either JSON (starts with `{`) or TOML.
    pub fn from_text(text: &str) -> Result<Policy> {
        if text.trim_start().starts_with('{') {
            Policy::from_json(text)
        } else {
            Policy::from_toml(text)
        }
    }

    /// The canonical JSON form: keys sorted, no whitespace. The fingerprint hashes this.
    pub fn canonical_json(&self) -> String {
        // serde_json's map is ordered (BTreeMap), so a Value prints with sorted keys.
        serde_json::to_value(self)
            .map(|v| v.to_string())
            .unwrap_or_default()
    }

    /// Pretty JSON, for people and for `default_policy` in every binding.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_value(self)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .unwrap_or_default()
    }

    /// `sha256:<hex>` of the canonical form; carried by every result.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.canonical_json().as_bytes());
        let mut out = String::with_capacity(7 + 64);
        out.push_str("sha256:");
        for b in digest {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }

    /// Minor units of a currency, from the policy's table first, then the built-in one.
    pub fn minor_units(&self, currency: &str) -> Option<u32> {
        self.currencies
            .get(currency)
            .copied()
            .or_else(|| crate::money::builtin_minor_units(currency))
    }

    /// Check every rule of the document; the first problem is returned with its path.
    pub fn validate(&self) -> Result<()> {
        validate_names("roles", &self.roles, MAX_ROLES)?;
        validate_names("touch_kinds", &self.touch_kinds, MAX_TOUCH_KINDS)?;
        for (code, units) in &self.currencies {
            let valid_code = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
            if !valid_code {
                return Err(Error::invalid_policy(
                    format!("currencies.{code}"),
                    "currency codes are three upper-case letters (ISO 4217)",
                ));
            }
            if *units > 6 {
                return Err(Error::invalid_policy(
                    format!("currencies.{code}"),
                    format!("minor units must be between 0 and 6, got {units}"),
                ));
            }
        }
        self.validate_attribution()?;
        self.validate_influence()?;
        if self.handover.silent_period.seconds() <= 0 {
            return Err(Error::invalid_policy(
                "handover.silent_period",
                "must be longer than zero, e.g. \"30d\"",
            ));
        }
        self.validate_limits()?;
        crate::calendar::compile_all(&self.calendars).map_err(|(name, e)| match e {
            crate::calendar::CalendarError::Invalid { field, message } => {
                Error::invalid_policy(format!("calendars.{name}.{field}"), message)
            }
            other => Error::invalid_policy(format!("calendars.{name}"), other.to_string()),
        })?;
        self.escalation.validate(&self.calendars)?;
        self.semantic.validate()?;
        self.privacy.validate()?;
        self.sync.validate()?;
        self.churn.validate()?;
        self.service.validate(&self.calendars)?;
        self.fairness.validate()?;
        self.daily_report
            .validate(&self.calendars.keys().map(String::as_str).collect())?;
        self.rebate.validate(|c| self.minor_units(c))?;
        self.analytics.validate()
    }

    fn validate_attribution(&self) -> Result<()> {
        let a = &self.attribution;
        let roles: BTreeSet<&str> = self.roles.iter().map(String::as_str).collect();
        let kinds: BTreeSet<&str> = self.touch_kinds.iter().map(String::as_str).collect();
        if a.rules.len() > MAX_RULES {
            return Err(Error::invalid_policy(
                "attribution.rules",
                format!("at most {MAX_RULES} rules, got {}", a.rules.len()),
            ));
        }
        let mut ids = BTreeSet::new();
        let mut total = Decimal::ZERO;
        for (i, rule) in a.rules.iter().enumerate() {
            let at = |field: &str| format!("attribution.rules[{i}].{field}");
            if rule.id.trim().is_empty() {
                return Err(Error::invalid_policy(at("id"), "must not be empty"));
            }
            if !ids.insert(rule.id.as_str()) {
                return Err(Error::invalid_policy(
                    at("id"),
                    format!("duplicate rule id {:?}; rule ids must be unique", rule.id),
                ));
            }
            check_unit_interval(&at("weight"), rule.weight)?;
            total += rule.weight;
            if rule.min_count == 0 {
                return Err(Error::invalid_policy(
                    at("min_count"),
                    "must be at least 1, got 0",
                ));
            }
            check_members(&at("roles"), &rule.roles, &roles, "roles")?;
            check_members(&at("kinds"), &rule.kinds, &kinds, "touch_kinds")?;
        }
        if !a.rules.is_empty() && total != Decimal::ONE {
            return Err(Error::invalid_policy(
                "attribution.rules",
                format!("rule weights must sum to 1, got {total}"),
            ));
        }
        if matches!(a.default_model, Model::RoleWeighted | Model::Shapley) && a.rules.is_empty() {
            return Err(Error::invalid_policy(
                "attribution.rules",
                format!(
                    "{} is the default model, so at least one rule is needed",
                    a.default_model.as_str()
                ),
            ));
        }
        if matches!(a.fallback_model, Model::RoleWeighted | Model::Shapley) {
            return Err(Error::invalid_policy(
                "attribution.fallback_model",
                format!(
                    "the fallback applies when no rule is met, so it cannot be {}",
                    a.fallback_model.as_str()
                ),
            ));
        }
        if a.time_decay_half_life.seconds() <= 0 {
            return Err(Error::invalid_policy(
                "attribution.time_decay_half_life",
                "must be longer than zero, e.g. \"7d\"",
            ));
        }
        check_unit_interval("attribution.u_shaped.first", a.u_shaped.first)?;
        check_unit_interval("attribution.u_shaped.last", a.u_shaped.last)?;
        if a.u_shaped.first + a.u_shaped.last > Decimal::ONE {
            return Err(Error::invalid_policy(
                "attribution.u_shaped",
                "first + last must not exceed 1",
            ));
        }
        let w = &a.w_shaped;
        check_unit_interval("attribution.w_shaped.first", w.first)?;
        check_unit_interval("attribution.w_shaped.opportunity", w.opportunity)?;
        check_unit_interval("attribution.w_shaped.last", w.last)?;
        if w.first + w.opportunity + w.last > Decimal::ONE {
            return Err(Error::invalid_policy(
                "attribution.w_shaped",
                "first + opportunity + last must not exceed 1",
            ));
        }
        if a.share_display_places > 18 {
            return Err(Error::invalid_policy(
                "attribution.share_display_places",
                format!("must be between 0 and 18, got {}", a.share_display_places),
            ));
        }
        Ok(())
    }

    fn validate_influence(&self) -> Result<()> {
        let inf = &self.influence;
        check_unit_interval("influence.damping", inf.damping)?;
        if inf.damping == Decimal::ONE {
            return Err(Error::invalid_policy(
                "influence.damping",
                "must be below 1, e.g. 0.85",
            ));
        }
        if inf.iterations == 0 || inf.iterations > 1_000 {
            return Err(Error::invalid_policy(
                "influence.iterations",
                format!("must be between 1 and 1000, got {}", inf.iterations),
            ));
        }
        for (k, v) in &inf.touch_kind_weights {
            if !self.touch_kinds.contains(k) {
                return Err(Error::invalid_policy(
                    format!("influence.touch_kind_weights.{k}"),
                    format!("{k:?} is not one of the policy's touch_kinds"),
                ));
            }
            check_non_negative(&format!("influence.touch_kind_weights.{k}"), *v)?;
        }
        for (k, v) in &inf.role_weights {
            if !self.roles.contains(k) {
                return Err(Error::invalid_policy(
                    format!("influence.role_weights.{k}"),
                    format!("{k:?} is not one of the policy's roles"),
                ));
            }
            check_non_negative(&format!("influence.role_weights.{k}"), *v)?;
        }
        Ok(())
    }

    fn validate_limits(&self) -> Result<()> {
        let l = &self.limits;
        for (name, v) in [
            ("max_request_bytes", l.max_request_bytes),
            ("max_touches_per_deal", l.max_touches_per_deal),
            ("max_contacts", l.max_contacts),
            ("max_relations", l.max_relations),
        ] {
            if v == 0 {
                return Err(Error::invalid_policy(
                    format!("limits.{name}"),
                    "must be at least 1",
                ));
            }
        }
        Ok(())
    }
}

fn validate_names(path: &str, names: &[String], max: usize) -> Result<()> {
    if names.is_empty() {
        return Err(Error::invalid_policy(path, "must list at least one name"));
    }
    if names.len() > max {
        return Err(Error::invalid_policy(
            path,
            format!("at most {max} names, got {}", names.len()),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, n) in names.iter().enumerate() {
        let ok = !n.is_empty()
            && n.len() <= 64
            && n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            return Err(Error::invalid_policy(
                format!("{path}[{i}]"),
                format!("names are snake_case (a-z, 0-9, _), 1 to 64 characters, got {n:?}"),
            ));
        }
        if !seen.insert(n) {
            return Err(Error::invalid_policy(
                format!("{path}[{i}]"),
                format!("duplicate name {n:?}"),
            ));
        }
    }
    Ok(())
}

fn check_members(path: &str, items: &[String], known: &BTreeSet<&str>, list: &str) -> Result<()> {
    if items.is_empty() {
        return Err(Error::invalid_policy(path, "must list at least one name"));
    }
    for (i, item) in items.iter().enumerate() {
        if !known.contains(item.as_str()) {
            return Err(Error::invalid_policy(
                format!("{path}[{i}]"),
                format!("{item:?} is not in the policy's {list}; add it there first"),
            ));
        }
    }
    Ok(())
}

fn check_unit_interval(path: &str, v: Decimal) -> Result<()> {
    if v < Decimal::ZERO || v > Decimal::ONE {
        return Err(Error::invalid_policy(
            path,
            format!("must be between 0 and 1, got {v}"),
        ));
    }
    if v.normalize().scale() > MAX_WEIGHT_DECIMALS {
        return Err(Error::invalid_policy(
            path,
            format!("at most {MAX_WEIGHT_DECIMALS} decimals, got {v}"),
        ));
    }
    Ok(())
}

/// Most decimals of a weight, so weights are exact integers over 10^9.
pub const MAX_WEIGHT_DECIMALS: u32 = 9;

/// A weight in `[0, 1]` as an integer over 10^9 (exact, since weights have ≤ 9 decimals).
pub fn weight_units(w: Decimal) -> u128 {
    let n = w.normalize();
    let mantissa = u128::try_from(n.mantissa()).unwrap_or(0);
    mantissa * 10u128.pow(MAX_WEIGHT_DECIMALS.saturating_sub(n.scale()))
}

fn check_non_negative(path: &str, v: Decimal) -> Result<()> {
    if v < Decimal::ZERO {
        return Err(Error::invalid_policy(
            path,
            format!("must not be negative, got {v}"),
        ));
    }
    Ok(())
}

/// serde messages carry " at line 1 column 9"; the path already says where, so keep the text.
pub(crate) fn clean_serde_message(e: &impl std::fmt::Display) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s.get(..i).unwrap_or(&s).to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn default_policy_is_valid_and_round_trips() {
        let p = Policy::default();
        p.validate().unwrap();
        let back = Policy::from_json(&p.to_json_pretty()).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.fingerprint(), p.fingerprint());
        assert!(p.fingerprint().starts_with("sha256:"));
    }

    #[test]
    fn weight_out_of_range_names_the_rule() {
        let mut p = Policy::default();
        p.attribution.rules[2].weight = "1.5".parse().unwrap();
        let e = p.validate().unwrap_err();
        assert_eq!(e.path(), "attribution.rules[2].weight");
        assert_eq!(e.message(), "must be between 0 and 1, got 1.5");
    }

    #[test]
    fn toml_and_json_give_the_same_fingerprint() {
        let toml = r#"
            name = "default"
            [attribution]
            unmet_rules = "unassigned"
        "#;
        let a = Policy::from_toml(toml).unwrap();
        let b = Policy::from_json(r#"{"attribution": {"unmet_rules": "unassigned"}}"#).unwrap();
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_ne!(a.fingerprint(), Policy::default().fingerprint());
    }

    #[test]
    fn numeric_weights_are_read_exactly() {
        let p = Policy::from_json(
            r#"{"attribution": {"rules": [
                {"id": "a", "roles": ["cfo"], "kinds": ["signoff"], "min_count": 1, "weight": 0.7},
                {"id": "b", "roles": ["cto"], "kinds": ["demo"], "min_count": 1, "weight": "0.3"}]}}"#,
        )
        .unwrap();
        assert_eq!(p.attribution.rules[0].weight.to_string(), "0.7");
    }

    #[test]
    fn unknown_fields_and_bad_types_name_the_path() {
        let e = Policy::from_json(r#"{"attribution": {"rulez": []}}"#).unwrap_err();
        assert_eq!(e.code(), "invalid_policy");
        assert_eq!(e.path(), "attribution.rulez");
        let e = Policy::from_json(r#"{"attribution": {"rules": [{"id": "x"}]}}"#).unwrap_err();
        assert_eq!(e.path(), "attribution.rules[0]");
        let e = Policy::from_json(r#"{"attribution": {"default_model": "magic"}}"#).unwrap_err();
        assert_eq!(e.path(), "attribution.default_model");
    }
}
