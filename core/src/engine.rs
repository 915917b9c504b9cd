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

/// Position of a name in a short list of policy names (roles, touch kinds). A policy lists a
/// handful of each, so comparing the strings in turn beats hashing them; long lists use a map.
#[derive(Debug, Clone)]
struct NameIndex {
    names: Vec<String>,
    map: Option<HashMap<String, usize>>,
}

impl NameIndex {
    /// Lists longer than this are looked up through a hash map.
    const LINEAR_MAX: usize = 16;

    fn new(names: &[String]) -> NameIndex {
        let map = (names.len() > Self::LINEAR_MAX).then(|| {
            let mut map = HashMap::with_capacity(names.len());
            for (i, n) in names.iter().enumerate() {
                // The first occurrence wins, as in the list scan.
                map.entry(n.clone()).or_insert(i);
            }
            map
        });
        NameIndex {
            names: names.to_vec(),
            map,
        }
    }

    fn get(&self, name: &str) -> Option<usize> {
        match &self.map {
            Some(map) => map.get(name).copied(),
            None => self.names.iter().position(|n| n == name),
        }
    }
}

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
    roles: NameIndex,
    kinds: NameIndex,
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
        Engine {
            fingerprint: policy.fingerprint(),
            attribution: CompiledAttribution::new(&policy),
            roles: NameIndex::new(&policy.roles),
            kinds: NameIndex::new(&policy.touch_kinds),
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
        self.roles.get(role)
    }

    /// Index of a touch kind in the policy's `touch_kinds`.
    pub fn kind_index(&self, kind: &str) -> Option<usize> {
        self.kinds.get(kind)
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

    /// Mask a record's sensitive values for an untrusted context (typed form of `mask_record`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("mask_record", r#"{
    ///   "fields": {"phone": "13812345678", "notes": "ID 11010519491231002X"},
    ///   "context": {"network": "public"}}"#).unwrap();
    /// assert!(out.contains(r#""phone":"*******5678""#));
    /// assert!(out.contains(r#""notes":"ID **************002X""#));
    /// ```
    pub fn mask_record(
        &self,
        request: &crate::privacy::MaskRecordRequest,
    ) -> Result<crate::privacy::MaskRecordResponse> {
        crate::privacy::mask_record(self, request)
    }

    /// Chain a new audit entry onto the head of a log (typed form of `audit_append`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("audit_append", r#"{"head": null, "entry": {
    ///   "actor": "alice", "action": "view", "customer_id": "C-1", "fields": ["phone"],
    ///   "at": "2026-03-01T10:00:00+08:00"}}"#).unwrap();
    /// assert!(out.contains(r#""seq":0,"prev_hash":null"#));
    /// ```
    pub fn audit_append(
        &self,
        request: &crate::audit::AuditAppendRequest,
    ) -> Result<crate::audit::AuditAppendResponse> {
        crate::audit::audit_append(self, request)
    }

    /// Verify an audit chain and report its first broken link (typed form of `audit_verify`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("audit_verify", r#"{"chain": []}"#).unwrap();
    /// assert!(out.contains(r#""ok":true"#));
    /// ```
    pub fn audit_verify(
        &self,
        request: &crate::audit::AuditVerifyRequest,
    ) -> Result<crate::audit::AuditVerifyResponse> {
        crate::audit::audit_verify(self, request)
    }

    /// Three-way merge of a record edited offline (typed form of `merge_offline`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("merge_offline", r#"{"record_id": "C-1",
    ///   "base": {"fields": {"city": "Shanghai"}},
    ///   "local": {"fields": {"city": "Beijing"}},
    ///   "remote": {"fields": {"city": "Guangzhou"}}}"#).unwrap();
    /// assert!(out.contains(r#""needs_user":true"#));
    /// assert!(out.contains(r#""fields":{"city":"Shanghai"}"#));
    /// ```
    pub fn merge_offline(
        &self,
        request: &crate::sync::MergeOfflineRequest,
    ) -> Result<crate::sync::MergeOfflineResponse> {
        crate::sync::merge_offline(self, request)
    }

    /// Which customers a device caches for offline work (typed form of `cache_plan`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("cache_plan", r#"{"as_of": "2026-03-31T18:00:00+08:00",
    ///   "customers": [{"id": "C-1", "record_bytes": 2048,
    ///     "accesses": ["2026-03-30T10:00:00+08:00"],
    ///     "attachments": [{"id": "contract.pdf", "bytes": 5000000}]}]}"#).unwrap();
    /// assert!(out.contains(r#""storage_bytes":2048"#));
    /// assert!(out.contains(r#""total_on_demand_bytes":5000000"#));
    /// ```
    pub fn cache_plan(
        &self,
        request: &crate::sync::CachePlanRequest,
    ) -> Result<crate::sync::CachePlanResponse> {
        crate::sync::cache_plan(self, request)
    }

    /// Explainable churn-risk scores (typed form of `churn_risk`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("churn_risk", r#"{"customers": [
    ///   {"id": "C-1", "signals": {"complaints": 3, "meeting_cancellations": 4}}]}"#).unwrap();
    /// assert!(out.contains(r#""score":"0.5000""#));
    /// ```
    pub fn churn_risk(
        &self,
        request: &crate::churn::ChurnRiskRequest,
    ) -> Result<crate::churn::ChurnRiskResponse> {
        crate::churn::churn_risk(self, request)
    }

    /// Turn complaints into revisit tasks for account owners (typed form of `service_events`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("service_events", r#"{
    ///   "accounts": [{"customer_id": "C-1", "owner": "alice"}],
    ///   "complaints": [{"id": "K-1", "customer_id": "C-1", "at": "2026-03-02T09:00:00+08:00"}]}"#).unwrap();
    /// assert!(out.contains(r#""assignee":"alice""#));
    /// assert!(out.contains(r#""due_at":"2026-03-04T09:00:00+08:00""#));
    /// ```
    pub fn service_events(
        &self,
        request: &crate::service::ServiceEventsRequest,
    ) -> Result<crate::service::ServiceEventsResponse> {
        crate::service::service_events(self, request)
    }

    /// Import daily-report sheets of any template version (typed form of
    /// `import_daily_reports`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("import_daily_reports", r#"{"sheets": [{"name": "east.xlsx",
    ///   "rows": [["拜访次数", "客户", "日期", "销售代表", "拜访方式", "竞品"],
    ///            [2, "华为", "2026/3/5", "alice", "拜访", 3]]}]}"#).unwrap();
    /// // A number in the competitor column: rejected, and the error says where it belongs.
    /// assert!(out.contains(r#""code":"not_a_name""#));
    /// assert!(out.contains(r#""version":"V2.3""#));
    /// ```
    pub fn import_daily_reports(
        &self,
        request: &crate::daily_report::ImportDailyReportsRequest,
    ) -> Result<crate::daily_report::ImportDailyReportsResponse> {
        crate::daily_report::import_daily_reports(self, request)
    }

    /// Reminder list and month matrix of daily-report submissions (typed form of
    /// `daily_report_progress`).
    pub fn daily_report_progress(
        &self,
        request: &crate::daily_report::DailyReportProgressRequest,
    ) -> Result<crate::daily_report::DailyReportProgressResponse> {
        crate::daily_report::daily_report_progress(self, request)
    }

    /// A dealer's quarterly rebate, each part explained (typed form of `rebate`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// let out = Engine::default().call("rebate", r#"{"dealer": "DL-1", "quarter": "2026-Q1",
    ///   "volume": "1200000.00", "target": "1000000.00", "collection_rate": "0.95",
    ///   "marketing_spend": "20000.00"}"#).unwrap();
    /// // base 1,200,000 × 3 % + excess 200,000 × 1 % + compliance 1,200,000 × 0.5 %
    /// assert!(out.contains(r#""total":"44000.00""#));
    /// ```
    pub fn rebate(
        &self,
        request: &crate::rebate::RebateRequest,
    ) -> Result<crate::rebate::RebateResponse> {
        crate::rebate::rebate(self, request)
    }

    /// Touch density and content quality per rep × stage (or week), as data and SVG (typed
    /// form of `trace_heatmap`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// use salesrules::report::TraceHeatmapRequest;
    /// let request: TraceHeatmapRequest = serde_json::from_str(r#"{
    ///   "subject": "D-1",
    ///   "contacts": [{"id": "P1", "role": "technical_director"}],
    ///   "touches": [
    ///     {"rep": "alice", "contact": "P1", "kind": "demo", "at": "2026-01-10T10:00:00+08:00", "stage": "discovery"},
    ///     {"rep": "alice", "contact": "P1", "kind": "demo", "at": "2026-02-10T10:00:00+08:00", "stage": "opportunity",
    ///      "signals": {"proposal_downloaded": true}}]
    /// }"#).unwrap();
    /// let heatmap = Engine::default().trace_heatmap(&request).unwrap();
    /// assert_eq!(heatmap.columns, ["discovery", "opportunity"]);
    /// assert_eq!(heatmap.cells[1].proposal_downloads, 1);
    /// assert!(heatmap.svg.unwrap().starts_with("<svg"));
    /// ```
    pub fn trace_heatmap(
        &self,
        request: &crate::report::TraceHeatmapRequest,
    ) -> Result<crate::report::TraceHeatmapResponse> {
        crate::report::heatmap::trace_heatmap(self, request)
    }

    /// The month's transparency report: totals, the top deals with their logic chains, locks
    /// and appeals, as data plus Markdown and self-contained HTML (typed form of
    /// `transparency_report`).
    ///
    /// ```
    /// use salesrules::Engine;
    /// use salesrules::report::TransparencyReportRequest;
    /// let request: TransparencyReportRequest = serde_json::from_str(r#"{
    ///   "period": "2026-03",
    ///   "deals": [{
    ///     "deal": {"id": "D-1", "amount": "100.00", "currency": "CNY", "closed_at": "2026-03-31T18:00:00+08:00"},
    ///     "contacts": [{"id": "P1", "role": "cfo"}],
    ///     "touches": [{"rep": "alice", "contact": "P1", "kind": "signoff", "at": "2026-03-01T10:00:00+08:00"}]}],
    ///   "formats": ["markdown"]
    /// }"#).unwrap();
    /// let report = Engine::default().transparency_report(&request).unwrap();
    /// assert_eq!(report.top_deals[0].headline, "alice 100%: 1 sign-off with the CFO");
    /// assert!(report.markdown.is_some() && report.html.is_none());
    /// ```
    pub fn transparency_report(
        &self,
        request: &crate::report::TransparencyReportRequest,
    ) -> Result<crate::report::TransparencyReportResponse> {
        crate::report::transparency::transparency_report(self, request)
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
