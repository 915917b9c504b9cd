//! The engine: a policy compiled once (indexes, bitmasks, integer weights) and reused for
//! every call. `Engine` is `Send + Sync`; share one across threads.

use crate::attribution::kernel::CompiledAttribution;
use crate::attribution::{AttributeRequest, AttributeResponse};
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::escalation::{self, Measure};
use crate::graph::{KeyInfluencersRequest, KeyInfluencersResponse};
use crate::policy::Policy;
use crate::semantic::CompiledSemantic;
use std::collections::HashMap;

/// A compiled policy. Build it once, call it many times.
///
/// ```
/// use salesrules::Engine;
/// let engine = Engine::default();
/// let response = engine.call("attribute", r#"{
///   "deal": {"id": "D-1", "amount": "100.00", "currency": "CNY", "closed_at": "2026-03-31T18:00:00+08:00"},
///   "contacts": [{"id": "P1", "role": "cfo"}],
///   "touches": [{"rep": "alice", "contact": "P1", "kind": "signoff", "at": "2026-03-01T10:00:00+08:00"}]
/// }"#).unwrap();
/// assert!(response.contains(r#""amount":"100.00""#));
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    policy: Policy,
    fingerprint: String,
    attribution: CompiledAttribution,
    roles: HashMap<String, usize>,
    kinds: HashMap<String, usize>,
    calendars: std::collections::BTreeMap<String, Calendar>,
    semantic: CompiledSemantic,
}

impl Default for Engine {
    fn default() -> Self {
        // The default policy is validated by the test suite; compiling it cannot fail.
        Engine::compile(Policy::default())
    }
}

impl Engine {
    /// Validate and compile a policy.
    pub fn new(policy: Policy) -> Result<Engine> {
        policy.validate()?;
        Ok(Engine::compile(policy))
    }

    /// Parse (JSON or TOML), validate and compile a policy document.
    pub fn from_policy_text(text: &str) -> Result<Engine> {
        Ok(Engine::compile(Policy::from_text(text)?))
    }

    fn compile(policy: Policy) -> Engine {
        let index = |names: &[String]| {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), i))
                .collect()
        };
        Engine {
            fingerprint: policy.fingerprint(),
            attribution: CompiledAttribution::new(&policy),
            roles: index(&policy.roles),
            kinds: index(&policy.touch_kinds),
            // Validation compiled every calendar already; a failure here cannot happen.
            calendars: crate::calendar::compile_all(&policy.calendars).unwrap_or_default(),
            semantic: CompiledSemantic::new(&policy.semantic),
            policy,
        }
    }

    /// The policy this engine was compiled from.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The policy fingerprint stamped on every result.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Compiled attribution settings (for the batch path).
    pub fn attribution(&self) -> &CompiledAttribution {
        &self.attribution
    }

    /// Index of a role in the policy's `roles`.
    pub fn role_index(&self, role: &str) -> Option<usize> {
        self.roles.get(role).copied()
    }

    /// Index of a touch kind in the policy's `touch_kinds`.
    pub fn kind_index(&self, kind: &str) -> Option<usize> {
        self.kinds.get(kind).copied()
    }

    /// Attribute one deal (typed form of the `attribute` operation).
    pub fn attribute(&self, request: &AttributeRequest) -> Result<AttributeResponse> {
        crate::attribution::attribute(self, request)
    }

    /// Learn an order-1 Markov chain from many deals' journeys and split each converted deal
    /// by the reps' removal effects (typed form of `markov_attribution`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("markov_attribution", r#"{"currency": "CNY", "journeys": [
    ///   {"deal_id": "D1", "converted": true, "amount": "300.00", "touches": [
    ///     {"rep": "alice", "at": "2026-01-01T10:00:00+08:00"},
    ///     {"rep": "bob", "at": "2026-01-02T10:00:00+08:00"}]},
    ///   {"deal_id": "D2", "converted": false, "touches": [
    ///     {"rep": "alice", "at": "2026-01-03T10:00:00+08:00"}]},
    ///   {"deal_id": "D3", "converted": true, "amount": "100.00", "touches": [
    ///     {"rep": "bob", "at": "2026-01-04T10:00:00+08:00"}]}]}"#).unwrap();
    /// // P = 2/3; without alice 1/3 (effect 1/2), without bob 0 (effect 1): D1 is 1/3 : 2/3.
    /// assert!(out.contains(r#""rep":"alice","share":"0.3333333333","amount":"100.00""#));
    /// ```
    pub fn markov_attribution(
        &self,
        request: &crate::analytics::markov::MarkovRequest,
    ) -> Result<crate::analytics::markov::MarkovResponse> {
        crate::analytics::markov::markov_attribution(self, request)
    }

    /// Metrics against the policy's thresholds, each alert with a root-cause card ranking the
    /// supplied signals (typed form of `detect_anomalies`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("detect_anomalies", r#"{"metrics": [
    ///   {"metric": "renewal_rate", "scope": "east", "value": "0.68",
    ///    "signals": {"service_ticket_growth_3m": "0.40", "key_contact_changes": "1",
    ///                "contract_revision_frequency": "2"}}]}"#).unwrap();
    /// // Scores 0.40/0.20 = 2, 1/1 = 1, 2/2 = 1: tickets contribute half.
    /// assert!(out.contains(r#""signal":"service_ticket_growth_3m""#));
    /// assert!(out.contains(r#""contribution":"0.5""#));
    /// ```
    pub fn detect_anomalies(
        &self,
        request: &crate::analytics::anomalies::DetectAnomaliesRequest,
    ) -> Result<crate::analytics::anomalies::DetectAnomaliesResponse> {
        crate::analytics::anomalies::detect_anomalies(self, request)
    }

    /// Two periods' aggregates → the fields with the largest change, with direction, size and
    /// paired explanations (typed form of `compare_periods`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("compare_periods", r#"{
    ///   "previous": {"label": "Q1", "fields": {"visits": "100", "new_deals": "10"}},
    ///   "current": {"label": "Q2", "fields": {"visits": "120", "new_deals": "12"}}}"#).unwrap();
    /// assert!(out.contains(r#""field":"new_deals""#));
    /// assert!(out.contains(r#""source":"policy""#));
    /// ```
    pub fn compare_periods(
        &self,
        request: &crate::analytics::compare::ComparePeriodsRequest,
    ) -> Result<crate::analytics::compare::ComparePeriodsResponse> {
        crate::analytics::compare::compare_periods(self, request)
    }

    /// Score unassigned leads against a rep's recently won customers; recommend those above
    /// the policy threshold (typed form of `match_leads`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("match_leads", r#"{"rep": "alice",
    ///   "won": [{"id": "C1", "features": {"industry": "auto", "region": "east", "employees": 500, "source": "expo"}}],
    ///   "leads": [{"id": "L1", "features": {"industry": "auto", "region": "east", "employees": 600, "source": "expo"}}]}"#).unwrap();
    /// // (3·1 + 2·1 + 2·0.9 + 1·1) / 8 = 0.975 > 0.85: recommended.
    /// assert!(out.contains(r#""recommended":["L1"]"#));
    /// ```
    pub fn match_leads(
        &self,
        request: &crate::analytics::leads::MatchLeadsRequest,
    ) -> Result<crate::analytics::leads::MatchLeadsResponse> {
        crate::analytics::leads::match_leads(self, request)
    }

    /// Strategic → tactical → detail aggregation of money facts, in after-tax gross margin by
    /// default (typed form of `drill_down`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("drill_down", r#"{"currency": "CNY", "levels": ["region"],
    ///   "facts": [{"id": "D1", "dims": {"region": "east"}, "contract_value": "113.00", "cost": "56.50"}]}"#).unwrap();
    /// // (113.00 − 56.50) / 1.13 = 50.00
    /// assert!(out.contains(r#""total":"50.00""#));
    /// ```
    pub fn drill_down(
        &self,
        request: &crate::analytics::drill::DrillDownRequest,
    ) -> Result<crate::analytics::drill::DrillDownResponse> {
        crate::analytics::drill::drill_down(self, request)
    }

    /// A customer's owner, silence and whether a rep's next touch would be locked
    /// (typed form of `handover_status`).
    pub fn handover_status(
        &self,
        request: &crate::handover::HandoverStatusRequest,
    ) -> Result<crate::handover::HandoverStatusResponse> {
        crate::handover::handover_status(self, request)
    }

    /// File an evidence-backed appeal (typed form of `appeal`).
    pub fn appeal(
        &self,
        request: &crate::appeal::AppealRequest,
    ) -> Result<crate::appeal::AppealResponse> {
        crate::appeal::appeal(self, request)
    }

    /// Decide an appeal and re-run the attribution (typed form of `resolve_appeal`).
    pub fn resolve_appeal(
        &self,
        request: &crate::appeal::ResolveAppealRequest,
    ) -> Result<crate::appeal::ResolveAppealResponse> {
        crate::appeal::resolve_appeal(self, request)
    }

    /// Rank a deal's contacts by influence (typed form of `key_influencers`).
    pub fn key_influencers(
        &self,
        request: &KeyInfluencersRequest,
    ) -> Result<KeyInfluencersResponse> {
        crate::graph::key_influencers(self, request)
    }

    /// How a rule naming `calendar` measures time: working time of that calendar, or
    /// wall-clock time when it names none.
    pub fn measure(&self, calendar: Option<&str>) -> Result<Measure<'_>> {
        match calendar {
            None => Ok(Measure::WallClock),
            Some(name) => self
                .calendars
                .get(name)
                .map(Measure::Working)
                .ok_or_else(|| {
                    Error::invalid_policy("calendars", format!("no calendar named {name:?}"))
                }),
        }
    }

    /// Evaluate a lead's response SLA (typed form of `lead_escalation`).
    pub fn lead_escalation(
        &self,
        request: &escalation::LeadEscalationRequest,
    ) -> Result<escalation::LeadEscalationResponse> {
        escalation::lead::lead_escalation(self, request)
    }

    /// Evaluate a dual-sign work order (typed form of `work_order_escalation`).
    pub fn work_order_escalation(
        &self,
        request: &escalation::WorkOrderEscalationRequest,
    ) -> Result<escalation::WorkOrderEscalationResponse> {
        escalation::work_order::work_order_escalation(self, request)
    }

    /// Build a tracking code (typed form of `generate_tracking_code`).
    pub fn generate_tracking_code(
        &self,
        request: &escalation::GenerateTrackingCodeRequest,
    ) -> Result<escalation::TrackingCode> {
        escalation::tracking::generate(self, request)
    }

    /// Parse and validate a tracking code (typed form of `parse_tracking_code`).
    pub fn parse_tracking_code(
        &self,
        request: &escalation::ParseTrackingCodeRequest,
    ) -> Result<escalation::TrackingCode> {
        escalation::tracking::parse(self, request)
    }

    /// The month's lead-response health per team (typed form of `lead_health_report`).
    pub fn lead_health_report(
        &self,
        request: &escalation::LeadHealthRequest,
    ) -> Result<escalation::LeadHealthResponse> {
        escalation::health::lead_health_report(self, request)
    }

    /// The compiled lexicon and semantic settings.
    pub fn semantic(&self) -> &CompiledSemantic {
        &self.semantic
    }

    /// Check a text for vague terms, deadlines and quantities (typed form of `check_text`).
    pub fn check_text(
        &self,
        request: &crate::semantic::CheckTextRequest,
    ) -> Result<crate::semantic::CheckTextResponse> {
        crate::semantic::check_text(self, request)
    }

    /// Validate a work order and check its free text (typed form of `validate_work_order`).
    pub fn validate_work_order(
        &self,
        request: &crate::semantic::ValidateWorkOrderRequest,
    ) -> Result<crate::semantic::ValidateWorkOrderResponse> {
        crate::semantic::work_order::validate_work_order(self, request)
    }

    /// Turn an e-mail's keywords into to-dos (typed form of `triage_email`).
    pub fn triage_email(
        &self,
        request: &crate::semantic::TriageEmailRequest,
    ) -> Result<crate::semantic::TriageEmailResponse> {
        crate::semantic::triage::triage_email(self, request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Engine>();
    }
}
