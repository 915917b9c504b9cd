// Types of the `salesrules` package, written by hand from the core's serde types
// (core/src/attribution/types.rs, core/src/graph.rs, core/src/policy.rs, core/src/handover.rs,
// core/src/appeal.rs, core/src/escalation/*.rs, core/src/semantic/*.rs, core/src/privacy/,
// core/src/audit.rs, core/src/sync/, core/src/churn.rs, core/src/service.rs,
// core/src/daily_report/, core/src/rebate/, core/src/fairness/, core/src/report/,
// core/src/analytics/). Request fields that the core treats as optional are optional here;
// response fields it may leave out are optional too.
// The native layer's generated types are in native.d.ts.

/** A decimal money amount as a string, e.g. `"100000.00"`. Never a JS number. */
export type Money = string
/** A decimal as a string, e.g. `"0.40"` (the engine answers decimals as strings). */
export type DecimalString = string
/** A decimal given in a request or policy: a string is exact; the engine also takes a number. */
export type DecimalInput = string | number
/** An exact fraction `"numerator/denominator"`, e.g. `"8/13"`. */
export type Fraction = string
/** An RFC 3339 timestamp with offset, e.g. `"2026-03-31T18:00:00+08:00"`. */
export type Timestamp = string
/** A duration such as `"4h"`, `"30d"`, `"2h30m"`. */
export type DurationString = string

export type Model =
  | 'role_weighted'
  | 'first_touch'
  | 'last_touch'
  | 'linear'
  | 'time_decay'
  | 'u_shaped'
  | 'w_shaped'
  | 'shapley'

export type UnmetRules = 'redistribute' | 'unassigned'

/** What became of a new rep's share after a silent period (`lock` explanation step). */
export type LockOutcome =
  | 'locked'
  | 'given_to_previous_rep'
  | 'released_by_handover'
  | 'released_by_appeal'
  | 'nothing_to_lock'

// ---------------------------------------------------------------------------------------------
// Requests

export interface Deal {
  id: string
  customer_id?: string
  /** Contract amount as a decimal string; a JS number is rejected with `invalid_request`. */
  amount: Money
  /** ISO 4217 code, e.g. `"CNY"`. */
  currency: string
  closed_at: Timestamp
}

export interface Contact {
  id: string
  /** One of the policy's `roles`. */
  role: string
  name?: string
}

export interface Signals {
  proposal_downloaded?: boolean
  /** Share of a video watched, between 0 and 1. */
  video_completion?: DecimalInput
}

export interface Touch {
  rep: string
  contact: string
  /** One of the policy's `touch_kinds` (default: demo, email, call, meeting, visit, signoff, wechat, other). */
  kind: string
  at: Timestamp
  stage?: string
  signals?: Signals
}

export interface Handover {
  from: string
  to: string
  at: Timestamp
  evidence?: string
}

export interface Relation {
  from: string
  to: string
  kind: 'reports_to' | 'influences'
}

export interface AttributeRequest {
  deal: Deal
  contacts?: Contact[]
  touches?: Touch[]
  handovers?: Handover[]
  relations?: Relation[]
  /** The policy's `attribution.default_model` when absent. */
  model?: Model
  /** Include the explanation (default true); turn off for bulk runs. */
  explain?: boolean
  /** Silent-period locks released by accepted appeals (see `resolveAppeal`). */
  lock_releases?: LockRelease[]
}

/** A silent-period lock released by an accepted appeal. */
export interface LockRelease {
  /** The rep whose lock is released. */
  rep: string
  /** The accepted appeal's id (`AP-…`). */
  appeal_id: string
}

export interface KeyInfluencersRequest {
  contacts: Contact[]
  touches?: Touch[]
  relations?: Relation[]
  /** How many to return (all when absent). */
  top?: number
}

/** The `policy` operation takes an empty object. */
export type PolicyRequest = Record<string, never>

// ---------------------------------------------------------------------------------------------
// Responses

export interface Credit {
  rep: string
  /** Rounded for display; the exact share is `share_exact`. */
  share: DecimalString
  share_exact: Fraction
  amount: Money
}

export interface Locked extends Credit {
  reason: string
}

export interface Unassigned {
  share: DecimalString
  share_exact: Fraction
  amount: Money
}

export interface RepCount {
  rep: string
  count: number
}

export interface KeyTouch {
  /** `first`, `last`, `opportunity`, `latest`. */
  position: string
  rep: string
  contact: string
  kind: string
  at: Timestamp
  weight: DecimalString
}

export interface SharePart {
  /** Rule id, or the model name for non-rule models. */
  source: string
  share: DecimalString
  share_exact: Fraction
}

export interface Adjustment {
  /** Rep id, or `unassigned`. */
  to: string
  minor_units: number
}

/** One step of an explanation; `step` tells which. Every step has a human `text`. */
export type ExplanationStep =
  | { step: 'touches'; considered: number; ignored_after_close: number; reps: number; text: string }
  | {
      step: 'rule'
      rule: string
      met: boolean
      min_count: number
      qualifying_total: number
      qualifying: RepCount[]
      weight: DecimalString
      effective_weight: Fraction
      text: string
    }
  | { step: 'unmet_rules'; policy: UnmetRules; unmet_weight: DecimalString; text: string }
  | { step: 'fallback'; model: Model; text: string }
  | {
      step: 'positional'
      model: Model
      touches_per_rep: RepCount[]
      key_touches: KeyTouch[]
      text: string
    }
  | {
      step: 'rep_share'
      rep: string
      share: DecimalString
      share_exact: Fraction
      parts: SharePart[]
      text: string
    }
  | { step: 'all_unassigned'; text: string }
  | {
      step: 'silent_period'
      /** Last touch before the gap. */
      from: Timestamp
      /** First touch after the gap. */
      to: Timestamp
      /** Whole days of silence. */
      days: number
      /** Rep of the last touch before the gap. */
      previous_rep: string
      text: string
    }
  | {
      step: 'lock'
      /** The new rep after the silent period. */
      rep: string
      previous_rep: string
      outcome: LockOutcome
      /** The handover that released the lock, if any. */
      handover?: Handover
      /** The appeal that released the lock, if any. */
      appeal_id?: string
      text: string
    }
  | { step: 'handover_ignored'; from: string; to: string; at: Timestamp; text: string }
  | {
      /** How the `shapley` model split one met rule among its qualifying reps. */
      step: 'shapley_rule'
      rule: string
      method: 'exact' | 'monte_carlo'
      /** Qualifying reps (the players of the rule's game). */
      players: number
      /** Coalitions enumerated (exact) or permutations sampled (Monte-Carlo). */
      evaluated: number
      /** The sampler's seed (Monte-Carlo only). */
      seed?: number
      marginals: ShapleyMarginal[]
      text: string
    }
  | {
      step: 'rounding'
      /** An integer as a string (it can exceed 2^53). */
      total_minor_units: string
      adjustments: Adjustment[]
      text: string
    }

/** A rep's marginal contribution to one rule of the `shapley` model. */
export interface ShapleyMarginal {
  rep: string
  /** The rep's qualifying touches for the rule. */
  qualifying: number
  /** The rep's Shapley value in the rule's game, exact. */
  pivotal_exact: Fraction
  /** Rounded for display. */
  pivotal: DecimalString
}

export interface AttributeResponse {
  deal_id: string
  policy_fingerprint: string
  model: Model
  currency: string
  /** The deal amount, normalised to the currency's minor unit. */
  amount: Money
  /** Paid credits, sorted by rep. */
  credits: Credit[]
  /** Shares held back by silent-period locks, sorted by rep. */
  locked: Locked[]
  unassigned: Unassigned
  /** Empty when the request set `explain: false`. */
  explanation: ExplanationStep[]
}

export interface Influencer {
  /** 1 = most influential. */
  rank: number
  contact: string
  role: string
  /** Scores of all contacts sum to 1 (rounded to 6 decimals for display). */
  score: DecimalString
  reasons: string[]
}

export interface KeyInfluencersResponse {
  policy_fingerprint: string
  /** Most influential first (ties by contact id). */
  influencers: Influencer[]
}

// ---------------------------------------------------------------------------------------------
// Handover locks and appeals (core/src/handover.rs, core/src/appeal.rs)

/** A touch on a customer's timeline: only `rep` and `at` matter; other touch fields are accepted and ignored. */
export interface TimelineTouch {
  rep: string
  at: Timestamp
  contact?: string
  kind?: string
  stage?: string
  signals?: Signals
}

export interface HandoverStatusRequest {
  /** Echoed in the response. */
  customer_id?: string
  touches: TimelineTouch[]
  handovers?: Handover[]
  /** The moment to report on. */
  now: Timestamp
  /** A rep about to pick up the account: would their next touch be locked? */
  rep?: string
}

export interface LastTouch {
  rep: string
  at: Timestamp
}

export interface PickUp {
  rep: string
  /** Their next touch would make them a new rep after a silent period. */
  would_be_new: boolean
  /** Their share would be locked (new, and no handover from the owner yet). */
  would_lock: boolean
  reason: string
}

export interface HandoverStatusResponse {
  /** Present when the request gave one. */
  customer_id?: string
  policy_fingerprint: string
  /** The rep of the last touch at or before `now`; null without touches. */
  owner: string | null
  last_touch: LastTouch | null
  /** No touch for at least the silent period as of `now`. */
  silent: boolean
  silent_since: Timestamp | null
  /** Whole days without a touch as of `now`; null without touches. */
  days_without_touch: number | null
  /** The policy's silent period, e.g. `"30d"`. */
  silent_period: DurationString
  /** Answer for the request's `rep`; null when not asked. */
  pick_up: PickUp | null
}

export type AppealTarget = 'lock' | 'share'
export type EvidenceKind = 'meeting_minutes' | 'system_log' | 'document'

export interface Evidence {
  kind: EvidenceKind
  /** Log id, document id or the minutes' text; must not be blank. */
  reference: string
}

/** An appeal as filed. */
export interface AppealFiling {
  deal_id: string
  /** The appellant. */
  rep: string
  against: AppealTarget
  reason: string
  /** At least one. */
  evidence: Evidence[]
  filed_at: Timestamp
}

export interface AppealRequest {
  appeal: AppealFiling
}

export type AppealDecision = 'accepted' | 'rejected'

/** The decision on an appeal, as given to `resolve_appeal`. */
export interface Resolution {
  decision: AppealDecision
  by: string
  /** Not before the filing's `filed_at`. */
  at: Timestamp
  note?: string
  /** Only for an accepted appeal against a share: touches added to the deal in the re-run. */
  accepted_touches?: Touch[]
}

/** A resolution as the engine answers it (the note is always there, maybe empty). */
export interface ResolutionRecord extends Resolution {
  note: string
}

/** An appeal with its deterministic id and status (the filing's fields are inlined). */
export interface AppealRecord extends AppealFiling {
  /** `AP-` + 16 hex digits. */
  id: string
  status: 'open' | AppealDecision
  /** Once decided. */
  resolution?: ResolutionRecord
}

export interface AuditEntry {
  /** `AE-` + 16 hex digits. */
  id: string
  event: 'filed' | 'resolved' | 'original_result' | 'rerun_result'
  at: Timestamp
  by: string
  text: string
}

export interface AppealResponse {
  policy_fingerprint: string
  /** Status `open`. */
  appeal: AppealRecord
  audit_trail: AuditEntry[]
}

export interface ResolveAppealRequest {
  appeal: AppealFiling
  resolution: Resolution
  /** The deal's attribution request, re-run deterministically. */
  attribution: AttributeRequest
}

/** A rep whose money changed between the original and the re-run. */
export interface Change {
  rep: string
  credit_before: Money
  credit_after: Money
  locked_before: Money
  locked_after: Money
}

export interface ResolveAppealResponse {
  policy_fingerprint: string
  appeal: AppealRecord
  original: AttributeResponse
  rerun: AttributeResponse
  changes: Change[]
  audit_trail: AuditEntry[]
}

// ---------------------------------------------------------------------------------------------
// Escalation (core/src/escalation/*.rs)

export type LeadEventKind = 'first_contact' | 'status_update'
export type LeadAction = 'remind_supervisor' | 'reassign'
export type ChainRole = 'backup' | 'supervisor'
/** The state of an SLA clock. */
export type ClockState = 'not_started' | 'running' | 'paused' | 'met' | 'cancelled'

/** A JSON value (free profile fields). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

export interface LeadEvent {
  kind: LeadEventKind
  at: Timestamp
  /** The rep who recorded it. */
  rep: string
}

export interface Lead {
  /** Often a tracking code such as `L-20260223-SH087`. */
  id: string
  owner: string
  backup: string
  supervisor: string
  assigned_at: Timestamp
  /** In time order, none before `assigned_at`. */
  events?: LeadEvent[]
  /** Free customer-profile fields, passed to a new owner in the reassign brief. */
  profile?: { [key: string]: JsonValue }
}

export interface LeadEscalationRequest {
  lead: Lead
  /** The moment of evaluation. */
  now: Timestamp
}

/** The brief handed to a lead's new owner. */
export interface Brief {
  lead_id: string
  reason: string
  first_assigned_at: Timestamp
  history: LeadEvent[]
  profile: { [key: string]: JsonValue }
}

export interface LeadActionDue {
  /** Stable id `"{lead}/{rule}:{cycle}:1"`: fire each id once. */
  id: string
  kind: LeadAction
  due_at: Timestamp
  /** The supervisor, or the new owner. */
  to: string
  /** The owner who missed the deadline. */
  from: string
  /** For `reassign`. */
  brief?: Brief
}

export interface LeadStep {
  at: Timestamp
  /** `assigned`, `first_contact`, `status_update`, an action kind, `chain_exhausted` or `ignored`. */
  step: string
  actor: string
  /** The owner cycle (1 for the first owner). */
  cycle: number
  /** Wall-clock time since the current owner took the lead, e.g. `"4h"`. */
  since_assigned: DurationString
  note?: string
}

export interface LeadEscalationResponse {
  lead_id: string
  state: ClockState
  /** Whether any action is due. */
  breached: boolean
  /** The owner at `now`. */
  owner: string
  cycle: number
  /** Due at or before `now`, by `due_at` then id. */
  actions: LeadActionDue[]
  /** When to evaluate next; null when nothing is pending. */
  next_deadline: Timestamp | null
  timeline: LeadStep[]
  policy_fingerprint: string
}

export type WorkOrderDecision = 'accept' | 'clarify' | 'reject'

export interface WorkOrderResponseEntry {
  decision: WorkOrderDecision
  at: Timestamp
  by: string
  /** Required for `reject`. */
  reason?: string
  attachment_version?: string
}

export interface RequesterReply {
  at: Timestamp
  attachment_version?: string
}

/** A work order between departments, as `work_order_escalation` takes it. */
export interface EscalatingWorkOrder {
  id: string
  submitted_at: Timestamp
  requester?: string
  /** The receiving department head. */
  assignee: string
  escalate_to: string
  attachment_version?: string
  /** Answers, in time order. */
  responses?: WorkOrderResponseEntry[]
  /** Requester replies to clarifications, in time order. */
  requester_replies?: RequesterReply[]
}

export interface WorkOrderEscalationRequest {
  order: EscalatingWorkOrder
  now: Timestamp
}

export interface WorkOrderAction {
  /** Stable id `"{order}:{cycle}:{level}"`: fire each id once. */
  id: string
  kind: 'escalate'
  due_at: Timestamp
  to: string
  from: string
}

export interface WorkOrderStep {
  /** `submitted`, `accept`, `clarify`, `reject`, `requester_reply`, `escalate` or `ignored`. */
  step: string
  actor: string
  at: Timestamp
  /** Wall-clock time since the previous step. */
  took: DurationString
  attachment_version?: string
  /** The reason of a rejection, or why a step was ignored. */
  note?: string
}

export interface WorkOrderEscalationResponse {
  order_id: string
  state: ClockState
  /** `accept` or `reject` once decided. */
  decision: WorkOrderDecision | null
  breached: boolean
  actions: WorkOrderAction[]
  next_deadline: Timestamp | null
  timeline: WorkOrderStep[]
  policy_fingerprint: string
}

export interface GenerateTrackingCodeRequest {
  /** 1 to 4 upper-case letters, e.g. `L`. */
  prefix: string
  /** `YYYY-MM-DD`. */
  date: string
  /** 2 to 4 upper-case letters, e.g. `SH`. */
  region: string
  /** From 1. */
  sequence: number
}

export interface ParseTrackingCodeRequest {
  /** e.g. `L-20260223-SH087`. */
  code: string
}

/** A tracking code and its parts (the response of both tracking-code operations). */
export interface TrackingCode {
  code: string
  prefix: string
  /** `YYYY-MM-DD`. */
  date: string
  region: string
  sequence: number
}

export interface HealthLead {
  id: string
  team: string
  assigned_at: Timestamp
  events?: LeadEvent[]
}

export interface LeadHealthReportRequest {
  /** `YYYY-MM`. */
  month: string
  as_of: Timestamp
  leads: HealthLead[]
}

export type Colour = 'green' | 'yellow' | 'red'

export interface SlowLead {
  id: string
  assigned_at: Timestamp
  first_contact_at: Timestamp | null
  /** Wait until the first contact (or until `as_of`), e.g. `"2d1h"`. */
  waited: DurationString
}

export interface TeamHealth {
  /** The team, or `"all"` in the total. */
  team: string
  leads: number
  within_window: number
  pending: number
  /** Reduced fraction, e.g. `"3/4"`; null when nothing is decided. */
  rate_exact: Fraction | null
  /** Percentage with one decimal, e.g. `"84.6%"`. */
  rate: string | null
  colour: Colour | null
  /** Slowest first; empty in the total. */
  slowest: SlowLead[]
}

export interface LeadHealthReportResponse {
  month: string
  window: DurationString
  teams: TeamHealth[]
  total: TeamHealth
  /** Leads assigned outside the month (not counted). */
  outside_month: number
  policy_fingerprint: string
}

// ---------------------------------------------------------------------------------------------
// Semantic checks (core/src/semantic/*.rs)

/**
 * A span of the caller's text: `start`/`end` in code points, `byte_*` in UTF-8 bytes,
 * `utf16_*` in UTF-16 units (what `String.prototype.slice` uses).
 */
export interface Span {
  start: number
  end: number
  byte_start: number
  byte_end: number
  utf16_start: number
  utf16_end: number
}

export type Verdict = 'ok' | 'needs_clarification'

export interface CheckTextRequest {
  /** Chinese, English or both. */
  text: string
  /** `YYYY-MM-DD` against which relative deadlines (`周五`, `明天`) are resolved. */
  reference_date?: string | null
}

export interface VagueFinding extends Span {
  /** As written in the text. */
  term: string
  category: string
  /** The ISO/IEC/IEEE 29148 requirement smell. */
  smell: string
  negated: boolean
  satisfied: boolean
  needs_clarification: boolean
  suggestion: string | null
}

export interface DeadlineFinding extends Span {
  text: string
  /** `YYYY-MM-DD` when known. */
  date: string | null
  concrete: boolean
}

export interface QuantityFinding extends Span {
  text: string
  /** Plain decimal string, e.g. `"72"`. */
  value: DecimalString
  unit: string
  comparator: string | null
}

/** `check_text` findings of one text. */
export interface TextFindings {
  verdict: Verdict
  vague: VagueFinding[]
  deadlines: DeadlineFinding[]
  quantities: QuantityFinding[]
}

export interface CheckTextResponse extends TextFindings {
  policy_fingerprint: string
}

export type DemandType = 'delivery' | 'price' | 'customization' | 'after_sales'
export type ImpactScope = 'single_order' | 'whole_category' | 'long_term_cooperation'
export type Feasibility = 'feasible' | 'needs_evaluation' | 'not_feasible'
export type LegalRisk = 'low' | 'medium' | 'high'

/**
 * A work order as given to `validate_work_order`. The engine reads it field by field and reports
 * every problem (missing, wrong type, unknown value or field) in `errors` instead of throwing.
 */
export interface WorkOrderInput {
  customer_id?: string
  demand_type?: DemandType
  impact_scope?: ImpactScope
  technical_feasibility?: Feasibility
  legal_risk?: LegalRisk
  submitted_at?: Timestamp
  /** After `submitted_at`. */
  expected_close?: Timestamp
  related_orders?: string[]
  /** Free text, checked like `check_text`. */
  description?: string
  customer_request?: string
  notes?: string
}

export interface ValidateWorkOrderRequest {
  work_order: WorkOrderInput
  reference_date?: string | null
}

/** A valid work order, typed. */
export interface WorkOrder {
  customer_id: string
  demand_type: DemandType
  impact_scope: ImpactScope
  technical_feasibility: Feasibility
  legal_risk: LegalRisk
  submitted_at: Timestamp
  expected_close: Timestamp
  related_orders: string[]
}

export interface WorkOrderError {
  /** e.g. `work_order.demand_type`. */
  path: string
  /** `missing`, `wrong_type`, `unknown_value`, `empty`, `not_after_submission`, `unknown_field`. */
  code: string
  message: string
}

export interface WorkOrderFinding extends TextFindings {
  /** e.g. `work_order.description`. */
  path: string
}

export interface ValidateWorkOrderResponse {
  /** No field error (free-text findings do not make an order invalid). */
  valid: boolean
  verdict: Verdict
  errors: WorkOrderError[]
  findings: WorkOrderFinding[]
  /** When valid. */
  work_order: WorkOrder | null
  policy_fingerprint: string
}

export interface TriageEmailRequest {
  subject?: string
  body?: string
}

export type Priority = 'high' | 'medium' | 'low'

export interface Trigger extends Span {
  keyword: string
  field: 'subject' | 'body'
  /** As written. */
  text: string
}

export interface Todo {
  /** e.g. `prepare_quote`. */
  todo: string
  priority: Priority
  triggers: Trigger[]
}

export interface TriageEmailResponse {
  /** High priority first, then by first appearance. */
  todos: Todo[]
  policy_fingerprint: string
}

// ---------------------------------------------------------------------------------------------
// Policy

export interface Rule {
  id: string
  description: string
  roles: string[]
  kinds: string[]
  min_count: number
  weight: DecimalString
}

export interface AttributionPolicy {
  default_model: Model
  rules: Rule[]
  unmet_rules: UnmetRules
  fallback_model: Model
  time_decay_half_life: DurationString
  u_shaped: { first: DecimalString; last: DecimalString }
  w_shaped: {
    first: DecimalString
    opportunity: DecimalString
    last: DecimalString
    opportunity_stage: string
  }
  share_display_places: number
}

export interface InfluencePolicy {
  damping: DecimalString
  iterations: number
  touch_kind_weights: Record<string, DecimalString>
  role_weights: Record<string, DecimalString>
}

export interface Limits {
  max_request_bytes: number
  max_touches_per_deal: number
  max_contacts: number
  max_relations: number
  /** Longest text one semantic check reads (check_text, work-order texts, e-mail subject/body), in UTF-8 bytes. */
  max_text_bytes: number
}

/** The whole policy document, as the engine answers it. */
export interface Policy {
  name: string
  roles: string[]
  touch_kinds: string[]
  /** Extra currencies: ISO code → decimals. */
  currencies: Record<string, number>
  attribution: AttributionPolicy
  influence: InfluencePolicy
  handover: HandoverPolicy
  limits: Limits
  /** Business calendars by name (the China 2025/2026 calendars are built in). */
  calendars: Record<string, CalendarSpec>
  escalation: EscalationPolicy
  semantic: SemanticPolicy
  privacy: PrivacyPolicy
  sync: SyncPolicy
  churn: ChurnPolicy
  service: ServicePolicy
  fairness: FairnessPolicy
  daily_report: DailyReportPolicy
  rebate: RebatePolicy
  analytics: AnalyticsPolicy
}

export interface HandoverPolicy {
  /** A gap of at least this long with no touch is a silent period (default `"30d"`). */
  silent_period: DurationString
  /** `lock` holds a new rep's share back; `previous_rep` gives it to the previous rep. */
  locked_share: 'lock' | 'previous_rep'
}

export interface CalendarSpec {
  /** IANA time zone, e.g. `Asia/Shanghai`. */
  time_zone: string
  /** Local working intervals, e.g. `[["09:00","12:00"],["13:00","18:00"]]`. */
  working_hours: Array<[string, string]>
  /** `mon` … `sun`. */
  working_days: string[]
  /** `YYYY-MM-DD`. */
  holidays: string[]
  /** Make-up working days, `YYYY-MM-DD`. */
  workdays: string[]
  /** Years whose holidays and make-up days are complete. */
  covers: number[]
}

export interface LeadRule {
  id: string
  until: LeadEventKind
  after: DurationString
  action: LeadAction
  /** A name in `calendars`; wall-clock when absent. */
  calendar?: string
}

export interface EscalationPolicy {
  lead: { rules: LeadRule[]; reassign_chain: ChainRole[] }
  work_order: { answer_within: DurationString; calendar?: string }
  health: {
    window: DurationString
    calendar?: string
    /** Percentages. */
    green_at: DecimalString
    yellow_at: DecimalString
    slowest: number
  }
  tracking: { sequence_digits: number }
}

export interface VagueCategory {
  category: string
  smell: string
  suggestion: string
  negation_clears: boolean
  terms: string[]
}

export interface TriageKeyword {
  keyword: string
  todo: string
  priority: Priority
}

export interface SemanticPolicy {
  vague: VagueCategory[]
  negators: string[]
  intensifiers: string[]
  affirming_prefixes: string[]
  affirming_suffixes: string[]
  extra_words: string[]
  triage: TriageKeyword[]
}

/** How one sensitivity class is masked (`privacy.masks`). */
export interface MaskRule {
  /** Leading digits (characters of an e-mail's local part) left visible. */
  keep_first: number
  /** Trailing digits left visible (not used for e-mail addresses). */
  keep_last: number
}

export interface PrivacyPolicy {
  /** Networks in which nothing is masked. */
  trusted_networks: string[]
  /** Sensitivity class of each field by name. */
  fields: Record<string, SensitivityClass>
  /** Class of a field the policy does not list. */
  default_class: SensitivityClass
  /** Mask of each class (every class except `public` and `text`). */
  masks: Partial<Record<SensitivityClass, MaskRule>>
  /** Shortest digit run masked as a `long_number` inside free text. */
  min_digits: number
  /** One character. */
  mask_char: string
}

export interface SyncPolicy {
  /** Collections of a record that only grow (default `visit_notes`, `photos`). */
  append_only: string[]
  cache_customers: number
  access_window: DurationString
  attachment_on_demand_bytes: number
}

export interface ChurnSignalSpec {
  description: string
  weight: DecimalString
  direction: 'rising' | 'falling'
  low: DecimalString
  high: DecimalString
}

export interface ChurnPolicy {
  signals: Record<string, ChurnSignalSpec>
  high_at: DecimalString
  medium_at: DecimalString
  top_signals: number
  places: number
}

export interface ServicePolicy {
  revisit_due: DurationString
  repeat_window: DurationString
  escalations: Array<{ min_complaints: number; due: DurationString }>
  /** A name in `calendars`; wall-clock when absent. */
  calendar?: string
}

export interface FairnessPolicy {
  default_budget: number
  max_budget: number
}

export type DailyReportFieldKind = 'text' | 'name' | 'number' | 'integer' | 'date' | 'enumeration' | 'master'

export interface DailyReportFieldSpec {
  name: string
  kind: DailyReportFieldKind
  required: boolean
  aliases?: string[]
  values?: string[]
  value_aliases?: Record<string, string>
  master?: string
  min?: DecimalString
  max?: DecimalString
}

export interface DailyReportTemplate {
  /** e.g. `V2.3`. */
  version: string
  columns: Array<{ field: string; header: string }>
}

export interface DailyReportPolicy {
  fields: DailyReportFieldSpec[]
  templates: DailyReportTemplate[]
  /** Local `HH:MM`. */
  deadline: string
  remind_after: DurationString
  /** A name in `calendars`; null: Monday to Friday in `time_zone`. */
  calendar: string | null
  time_zone: string
  /** `[from, to]`, inclusive. */
  serial_date_years: [number, number]
}

export type RebateRounding = 'half_up' | 'half_even' | 'down'

export interface RebatePolicy {
  currency: string
  tiers: Array<{ from: DecimalString; rate: DecimalString }>
  tier_mode: 'whole' | 'progressive'
  excess_rate: DecimalString
  compliance_bonus_rate: DecimalString
  min_marketing_ratio: DecimalString
  min_collection_rate: DecimalString
  flags: string[]
  disqualifying_flags: string[]
  rounding: RebateRounding
}

export interface AnalyticsPolicy {
  /** Alert thresholds by metric. */
  thresholds: Record<string, { alert_when: 'below' | 'above'; value: DecimalString }>
  /** Root-cause signals by id. */
  signals: Record<string, { weight: DecimalString; scale: DecimalString; description: string }>
  top_changes: number
  pair_explanations: Array<{ fields: [string, string]; relation: 'same' | 'opposite'; explanation: string }>
  co_movement_ratio: DecimalString
  lead_features: Record<string, { kind: 'categorical' | 'numeric'; weight: DecimalString; scale?: DecimalString }>
  recommend_above: DecimalString
  feature_match_at: DecimalString
  money: { basis: MoneyBasis; vat_rate: DecimalString }
  shapley: { exact_max_players: number; samples: number; seed: number }
  markov: { max_reps: number; max_journeys: number }
}

/** A policy document as given to `new Engine(...)`: every section is optional (defaults apply). */
export interface PolicyInput {
  name?: string
  roles?: string[]
  touch_kinds?: string[]
  currencies?: Record<string, number>
  attribution?: {
    default_model?: Model
    rules?: Array<{
      id: string
      description?: string
      roles: string[]
      kinds: string[]
      min_count: number
      weight: DecimalInput
    }>
    unmet_rules?: UnmetRules
    fallback_model?: Model
    time_decay_half_life?: DurationString
    u_shaped?: { first: DecimalInput; last: DecimalInput }
    w_shaped?: {
      first: DecimalInput
      opportunity: DecimalInput
      last: DecimalInput
      opportunity_stage: string
    }
    share_display_places?: number
  }
  influence?: {
    damping?: DecimalInput
    iterations?: number
    touch_kind_weights?: Record<string, DecimalInput>
    role_weights?: Record<string, DecimalInput>
  }
  handover?: Partial<HandoverPolicy>
  limits?: Partial<Limits>
  calendars?: Record<
    string,
    {
      time_zone: string
      working_hours: Array<[string, string]>
      working_days?: string[]
      holidays?: string[]
      workdays?: string[]
      covers: number[]
    }
  >
  escalation?: {
    lead?: { rules?: LeadRule[]; reassign_chain?: ChainRole[] }
    work_order?: { answer_within?: DurationString; calendar?: string }
    health?: {
      window?: DurationString
      calendar?: string
      green_at?: DecimalInput
      yellow_at?: DecimalInput
      slowest?: number
    }
    tracking?: { sequence_digits?: number }
  }
  semantic?: {
    vague?: Array<{
      category: string
      smell?: string
      suggestion: string
      negation_clears?: boolean
      terms: string[]
    }>
    negators?: string[]
    intensifiers?: string[]
    affirming_prefixes?: string[]
    affirming_suffixes?: string[]
    extra_words?: string[]
    triage?: TriageKeyword[]
  }
  privacy?: {
    trusted_networks?: string[]
    fields?: Record<string, SensitivityClass>
    default_class?: SensitivityClass
    masks?: Partial<Record<SensitivityClass, Partial<MaskRule>>>
    min_digits?: number
    mask_char?: string
  }
  sync?: Partial<SyncPolicy>
  churn?: {
    signals?: Record<
      string,
      { description?: string; weight: DecimalInput; direction: 'rising' | 'falling'; low: DecimalInput; high: DecimalInput }
    >
    high_at?: DecimalInput
    medium_at?: DecimalInput
    top_signals?: number
    places?: number
  }
  service?: Partial<ServicePolicy>
  fairness?: Partial<FairnessPolicy>
  daily_report?: {
    fields?: Array<
      Omit<DailyReportFieldSpec, 'required' | 'min' | 'max'> & { required?: boolean; min?: DecimalInput; max?: DecimalInput }
    >
    templates?: DailyReportTemplate[]
    deadline?: string
    remind_after?: DurationString
    calendar?: string | null
    time_zone?: string
    serial_date_years?: [number, number]
  }
  rebate?: {
    currency?: string
    tiers?: Array<{ from: DecimalInput; rate: DecimalInput }>
    tier_mode?: 'whole' | 'progressive'
    excess_rate?: DecimalInput
    compliance_bonus_rate?: DecimalInput
    min_marketing_ratio?: DecimalInput
    min_collection_rate?: DecimalInput
    flags?: string[]
    disqualifying_flags?: string[]
    rounding?: RebateRounding
  }
  analytics?: {
    thresholds?: Record<string, { alert_when: 'below' | 'above'; value: DecimalInput }>
    signals?: Record<string, { weight: DecimalInput; scale: DecimalInput; description?: string }>
    top_changes?: number
    pair_explanations?: Array<{ fields: [string, string]; relation: 'same' | 'opposite'; explanation: string }>
    co_movement_ratio?: DecimalInput
    lead_features?: Record<string, { kind: 'categorical' | 'numeric'; weight: DecimalInput; scale?: DecimalInput }>
    recommend_above?: DecimalInput
    feature_match_at?: DecimalInput
    money?: { basis?: MoneyBasis; vat_rate?: DecimalInput }
    shapley?: { exact_max_players?: number; samples?: number; seed?: number }
    markov?: { max_reps?: number; max_journeys?: number }
  }
}

// ---------------------------------------------------------------------------------------------
// Privacy fence (core/src/privacy/)

/** The sensitivity class of a field, or of a value found inside free text. */
export type SensitivityClass =
  | 'public'
  | 'text'
  | 'bank_account'
  | 'resident_id'
  | 'phone'
  | 'email'
  | 'long_number'

/** Where a record is shown. */
export interface PrivacyContext {
  /** The network the device is on, e.g. `"public"`, `"corporate"`. */
  network: string
  /** Whether the user passed a second authentication factor (default false). */
  second_factor?: boolean
}

export interface MaskRecordRequest {
  /** The record's fields by name; a null field stays null. */
  fields: { [field: string]: string | null }
  context: PrivacyContext
}

/** One masked value; offsets in code points, valid in the original and the masked value. */
export interface MaskedValue {
  field: string
  /** The class the value was masked as. */
  class: SensitivityClass
  start: number
  end: number
  reason: string
}

export interface MaskRecordResponse {
  /** The fields, masked where needed. */
  fields: { [field: string]: string | null }
  /** `masked` in an untrusted context, `clear` when trusted or with a second factor. */
  decision: 'masked' | 'clear'
  reason: string
  /** Every masked value, by field then position. */
  masked: MaskedValue[]
  policy_fingerprint: string
}

// ---------------------------------------------------------------------------------------------
// Tamper-evident audit log (core/src/audit.rs)

/** What happened, before it is chained. */
export interface AuditEvent {
  /** Who did it (a user or service id). */
  actor: string
  /** What was done, e.g. `view`, `update`, `export`, `unmask`. */
  action: string
  customer_id: string
  /** Which fields were touched (default none). */
  fields?: string[]
  /** RFC 3339 with an offset; hashed exactly as written. */
  at: Timestamp
  /** The policy in force for the operation; the engine's own when absent. */
  policy_fingerprint?: string | null
}

/** A chained audit-log entry, as the host stores it. (Not the appeal `AuditEntry`.) */
export interface AuditLogEntry {
  /** Position in the chain, from 0. */
  seq: number
  /** The previous entry's hash; null for the first entry. */
  prev_hash: string | null
  actor: string
  action: string
  customer_id: string
  fields: string[]
  /** As written. */
  at: Timestamp
  policy_fingerprint: string
  /** `sha256:<hex>` of the canonical form. */
  hash: string
}

/** The last entry of a chain, enough to append to it. */
export interface ChainHead {
  seq: number
  hash: string
}

export interface AuditAppendRequest {
  /** The chain's last entry; null (or absent) when the chain is empty. */
  head?: ChainHead | null
  entry: AuditEvent
}

export interface AuditAppendResponse {
  /** The chained entry to store. */
  entry: AuditLogEntry
  policy_fingerprint: string
}

export interface AuditVerifyRequest {
  /** The chain, oldest first. */
  chain: AuditLogEntry[]
  /** For a segment: the entry just before it; absent when the chain starts at `seq` 0. */
  after?: ChainHead | null
}

/** The first broken link of a chain. */
export interface BrokenLink {
  /** Index in `chain`. */
  index: number
  /** The field that does not match: `seq`, `prev_hash`, `hash` or `at`. */
  field: 'seq' | 'prev_hash' | 'hash' | 'at'
  expected: string | null
  found: string | null
  reason: string
}

export interface AuditVerifyResponse {
  /** True when every link holds. */
  ok: boolean
  /** Entries checked. */
  entries: number
  /** The last entry when the chain is intact (null when broken or empty). */
  head: ChainHead | null
  /** The first broken link, null when ok. */
  first_broken: BrokenLink | null
  policy_fingerprint: string
}

// ---------------------------------------------------------------------------------------------
// Offline work (core/src/sync/)

/** One version of a record. */
export interface RecordVersion {
  /** Field values by name (any JSON value; null means no value). */
  fields?: { [field: string]: JsonValue }
  /** When each field was last edited on this side (shown in conflicts). */
  edited_at?: { [field: string]: Timestamp }
  /** Append-only collections by name (names from `sync.append_only`). */
  collections?: { [collection: string]: JsonValue[] }
}

export interface MergeOfflineRequest {
  record_id: string
  /** The copy taken offline. */
  base: RecordVersion
  /** The device's copy. */
  local: RecordVersion
  /** The server's copy. */
  remote: RecordVersion
}

/** A field changed from base without conflict. */
export interface FieldChange {
  field: string
  taken_from: 'local' | 'remote' | 'both'
  /** The new value (null when the field was cleared). */
  value: JsonValue
}

/** One side of a conflict. */
export interface ConflictSide {
  /** Null when cleared. */
  value: JsonValue
  edited_at: Timestamp | null
}

/** A field both sides changed to different values: kept (at base) for the user to decide. */
export interface FieldConflict {
  field: string
  base: JsonValue
  local: ConflictSide
  remote: ConflictSide
  /** Always true: a person must choose. */
  needs_user: boolean
}

export interface CollectionMerge {
  collection: string
  items: number
  from_local: number
  from_remote: number
  /** Base items one side no longer had, kept because the collection only grows. */
  kept_removed: number
}

export interface MergeOfflineResponse {
  record_id: string
  /** The merged fields (fields without a value left out; conflicting fields hold base). */
  fields: { [field: string]: JsonValue }
  collections: { [collection: string]: JsonValue[] }
  changes: FieldChange[]
  conflicts: FieldConflict[]
  collection_merges: CollectionMerge[]
  /** True when any conflict waits for the user. */
  needs_user: boolean
  policy_fingerprint: string
}

export interface Attachment {
  id: string
  bytes: number
}

export interface CacheCustomer {
  id: string
  /** When the user opened this customer (any order). */
  accesses?: Timestamp[]
  /** Size of the record without attachments. */
  record_bytes: number
  attachments?: Attachment[]
}

export interface CachePlanRequest {
  /** Accesses after it are ignored. */
  as_of: Timestamp
  customers: CacheCustomer[]
}

export interface CachedCustomer {
  /** 1 for the most accessed. */
  rank: number
  customer_id: string
  /** Accesses within the window. */
  accesses: number
  last_access: Timestamp | null
  record_bytes: number
  cached_attachments: string[]
  cached_attachment_bytes: number
  /** Attachments fetched on demand (too large to cache). */
  on_demand: Attachment[]
  on_demand_bytes: number
  /** Record + cached attachments. */
  storage_bytes: number
}

export interface CachePlanResponse {
  /** By rank. */
  cached: CachedCustomer[]
  /** Customer ids not cached, by rank. */
  not_cached: string[]
  total_storage_bytes: number
  total_on_demand_bytes: number
  policy_fingerprint: string
}

// ---------------------------------------------------------------------------------------------
// Churn risk (core/src/churn.rs) and service events (core/src/service.rs)

export interface ChurnCustomer {
  id: string
  /** Signal values by name (names from `churn.signals`), numbers or decimal strings. */
  signals: { [signal: string]: DecimalInput }
}

export interface ChurnRiskRequest {
  customers: ChurnCustomer[]
  /** Answer only the riskiest this many (all when absent). */
  limit?: number | null
}

export type RiskLevel = 'high' | 'medium' | 'low'

/** A signal's part of the score. */
export interface Contribution {
  signal: string
  /** The value given. */
  value: DecimalString
  /** Its risk in [0, 1]. */
  risk: DecimalString
  /** weight × risk / total weight. */
  contribution: DecimalString
}

export interface ChurnScore {
  customer_id: string
  /** In [0, 1], e.g. `"0.5000"`. */
  score: DecimalString
  level: RiskLevel
  /** Largest first (ties by signal name), zero ones left out. */
  top_signals: Contribution[]
  /** Signals of the policy the request did not give (risk 0). */
  missing_signals: string[]
}

export interface ChurnRiskResponse {
  /** Riskiest first (ties by id). */
  customers: ChurnScore[]
  /** Customers scored in all (before `limit`). */
  scored: number
  policy_fingerprint: string
}

export interface ServiceAccount {
  customer_id: string
  /** The account owner (the rep who revisits). */
  owner: string
  /** Who is notified at escalation levels 1, 2, … */
  escalate_to?: string[]
}

export interface Complaint {
  id: string
  customer_id: string
  at: Timestamp
  summary?: string
}

export interface ServiceEventsRequest {
  accounts: ServiceAccount[]
  /** Any order. */
  complaints: Complaint[]
}

export interface RevisitTask {
  /** `revisit:<complaint id>`. */
  id: string
  kind: 'revisit'
  customer_id: string
  /** The account owner. */
  assignee: string
  complaint_id: string
  summary: string
  complaint_at: Timestamp
  due_at: Timestamp
  /** 0 for a first complaint; the escalation level otherwise. */
  level: number
  complaints_in_window: number
  /** The account's escalation chain up to the level. */
  notify: string[]
  reason: string
}

export interface ServiceEventsResponse {
  /** One task per complaint, by complaint time (ties by complaint id). */
  tasks: RevisitTask[]
  /** Tasks at level 1 or higher. */
  escalated: number
  policy_fingerprint: string
}

// ---------------------------------------------------------------------------------------------
// Daily reports (core/src/daily_report/)

/** One spreadsheet cell: a string, a number, a boolean or null (empty). */
export type SheetCell = string | number | boolean | null

export interface Sheet {
  /** Shown in errors, e.g. `east/2026-03-05.xlsx#日报`. */
  name: string
  /** The first row is the header row. */
  rows: SheetCell[][]
  /** Force a template version (e.g. `V2.3`) instead of detecting it. */
  version?: string | null
  /** Spreadsheet row number of the header row (1 when absent). */
  header_row?: number | null
}

export interface ImportDailyReportsRequest {
  sheets: Sheet[]
  /** Master data lists by name (e.g. `customers`, `reps`). */
  master_data?: { [list: string]: string[] }
}

export interface ColumnMap {
  /** Column letter (`A`, `B`, …). */
  column: string
  header: string
  /** Null for an unknown or duplicate header. */
  field: string | null
}

export interface SheetIssue {
  code: 'empty_sheet' | 'unknown_version' | 'unknown_header' | 'duplicate_header' | 'missing_required_column'
  column: string | null
  message: string
}

export interface SheetSummary {
  name: string
  /** Detected or forced; null when no header matched any version. */
  version: string | null
  version_headers_matched: number
  /** Data rows (below the header row). */
  rows: number
  columns: ColumnMap[]
  /** Policy fields with no column in this sheet. */
  missing_fields: string[]
  issues: SheetIssue[]
}

export type RowStatus = 'ok' | 'rejected' | 'blank'

export interface ImportedRow {
  sheet: string
  /** Spreadsheet row number (the header row is 1, or the sheet's `header_row`). */
  row: number
  status: RowStatus
  /** Every policy field → its normalised value (null when empty, missing or in error). */
  values: { [field: string]: string | null }
  /** Non-empty cells under unknown or duplicate headers; absent when none. */
  extra?: { [header: string]: SheetCell }
}

/** One bad cell. */
export interface CellError {
  sheet: string
  row: number
  /** Null when the field's column is missing from the sheet. */
  column: string | null
  header: string | null
  field: string
  /** The value as given. */
  value: SheetCell
  code:
    | 'required'
    | 'not_a_number'
    | 'not_an_integer'
    | 'out_of_range'
    | 'not_a_date'
    | 'not_in_enumeration'
    | 'unknown_master_value'
    | 'not_a_name'
  /** What the field expects. */
  expected: string
  /** The field the value most likely belongs to, when one stands out. */
  likely_field: string | null
  likely_column: string | null
}

/** `input_rows = imported + rejected + blank`. */
export interface ImportCounts {
  sheets: number
  input_rows: number
  imported: number
  rejected: number
  blank: number
  errors: number
}

export interface ImportDailyReportsResponse {
  /** In request order. */
  sheets: SheetSummary[]
  /** Every data row, in sheet and row order. */
  rows: ImportedRow[]
  /** Every bad cell, in sheet, row and column order. */
  errors: CellError[]
  counts: ImportCounts
  /** Master lists the policy refers to that the request did not give. */
  unchecked_master: string[]
  policy_fingerprint: string
}

export interface RosterEntry {
  rep: string
  team?: string | null
}

export interface Submission {
  /** Must be in the roster. */
  rep: string
  /** The report day, `YYYY-MM-DD`. */
  date: string
  submitted_at: Timestamp
}

export interface DailyReportProgressRequest {
  /** `YYYY-MM`. */
  month: string
  /** Later submissions are ignored. */
  as_of: Timestamp
  roster: RosterEntry[]
  submissions?: Submission[]
  /** `YYYY-MM-DD`; the local date of `as_of` when absent. */
  reminder_date?: string | null
}

export type DayStatus = 'on_time' | 'late' | 'missing' | 'pending' | 'off'

export interface Reminder {
  date: string
  /** Whether the calendar expects a report that day. */
  expected: boolean
  deadline: Timestamp
  /** The deadline + `remind_after`. */
  remind_at: Timestamp
  /** Whether `as_of` has reached `remind_at` (the list is final then). */
  due: boolean
  /** Reps without a report, by rep id. */
  reps: string[]
}

export interface RepProgress {
  rep: string
  team: string | null
  /** One status per day of the month. */
  days: DayStatus[]
  on_time: number
  late: number
  missing: number
  /** Unreduced, e.g. `"20/22"`; null when none is due yet. */
  submitted: string | null
}

export interface DailyReportProgressResponse {
  month: string
  /** The dates of the matrix columns. */
  dates: string[]
  /** Which of those dates expect a report. */
  expected: boolean[]
  /** In roster order. */
  reps: RepProgress[]
  reminder: Reminder
  /** Submissions ignored because they were made after `as_of`. */
  after_as_of: number
  policy_fingerprint: string
}

// ---------------------------------------------------------------------------------------------
// Dealer rebate (core/src/rebate/)

export interface RebateRequest {
  dealer: string
  /** `YYYY-Qn`, e.g. `2026-Q1`. */
  quarter: string
  /** ISO currency; the policy's `rebate.currency` when absent. */
  currency?: string | null
  /** Quarterly sales volume. */
  volume: Money
  /** The quarter's agreed target. */
  target: Money
  /** Collected ÷ invoiced, e.g. `"0.92"`. */
  collection_rate: DecimalInput
  /** Zero when absent. */
  marketing_spend?: Money
  /** Names from `rebate.flags`. */
  compliance_flags?: string[]
}

export interface IneligibleReason {
  code: 'collection_rate_below_floor' | 'disqualifying_flag'
  message: string
}

export interface RebatePart {
  part: 'base' | 'excess' | 'compliance_bonus'
  /** The formula with the numbers filled in. */
  formula: string
  /** The inputs the formula used, by name. */
  inputs: { [name: string]: string }
  /** The exact (unrounded) value. */
  exact: DecimalString
  /** Rounded to the currency's minor unit (what is paid). */
  amount: Money
  /** Why the part is zero, when it is. */
  note: string | null
}

export interface TierReached {
  /** Index in `rebate.tiers`. */
  index: number
  from: Money
  rate: DecimalString
}

export interface RebateResponse {
  dealer: string
  quarter: string
  currency: string
  /** False when a reason cancels the whole rebate. */
  eligible: boolean
  ineligible_reasons: IneligibleReason[]
  /** Null below the first tier. */
  tier: TierReached | null
  tier_mode: 'whole' | 'progressive'
  /** In the order base, excess, compliance_bonus. */
  parts: RebatePart[]
  /** The sum of the parts' amounts. */
  total: Money
  /** How each part was rounded, in words. */
  rounding: string
  policy_fingerprint: string
}

// ---------------------------------------------------------------------------------------------
// Fairness audit (core/src/fairness/)

export type Invariant =
  | 'exact_sums'
  | 'no_negative_credit'
  | 'order_independence'
  | 'symmetry'
  | 'null_player'
  | 'monotonicity'
  | 'strong_monotonicity'
  | 'scaling'
  | 'additivity'
  | 'single_touch_gets_all'
  | 'locks_never_leak'
  | 'locks_follow_silence'
  | 'each_touch_counts_once'
  | 'contributors_paid'

export type FairnessVerdict = 'holds' | 'fails' | 'not_applicable'

export interface AuditPolicyFairnessRequest {
  /** The policy to audit; the engine's own when absent. */
  policy?: PolicyInput | null
  /** The policy's `default_model` when absent. */
  model?: Model | null
  /** Default 0. Same seed, same report. */
  seed?: number | null
  /** Generated cases per invariant (default `fairness.default_budget`). */
  budget?: number | null
}

/** A failed invariant, shrunk: the case, its variant and the responses compared. */
export interface Counterexample {
  invariant: Invariant
  text: string
  /** The `attribute` request of the case. */
  request: AttributeRequest
  /** The request it was compared with (shuffled, scaled, …), if any. */
  variant?: AttributeRequest
  /** In the order the text mentions them. */
  responses: AttributeResponse[]
}

export interface InvariantReport {
  invariant: Invariant
  claim: string
  verdict: FairnessVerdict
  /** Cases tried (up to and including the first failure). */
  cases: number
  /** `not_applicable` only. */
  reason?: string
  /** `fails` only. */
  shrink_steps?: number
  /** `fails` only. */
  counterexample?: Counterexample
}

export interface AuditPolicyFairnessResponse {
  /** Fingerprint of the audited policy. */
  policy_fingerprint: string
  model: Model
  seed: number
  budget: number
  holds: number
  fails: number
  not_applicable: number
  /** One line per invariant, in report order. */
  invariants: InvariantReport[]
}

// ---------------------------------------------------------------------------------------------
// Reports (core/src/report/)

export type HeatmapAxis = 'stage' | 'week'

/** A rep's display name and team for reports. */
export interface RepInfo {
  id: string
  name?: string
  team?: string
}

export interface CustomerInfo {
  id: string
  name: string
}

export interface TraceHeatmapRequest {
  /** A deal or customer id, shown as the SVG's title. */
  subject?: string | null
  contacts?: Contact[]
  touches?: Touch[]
  /** Columns: `stage` (default) or `week`. */
  by?: HeatmapAxis
  /** Only touches at or before this moment count. */
  as_of?: Timestamp | null
  reps?: RepInfo[]
  /** Render the SVG (default true). */
  svg?: boolean
}

/** One non-empty cell: a rep's touches in one column. */
export interface HeatmapCell {
  rep: string
  /** Stage name or week Monday. */
  column: string
  touches: number
  /** `touches / max_touches`, 2 decimals. */
  density: DecimalString
  /** Touches per kind. */
  kinds: { [kind: string]: number }
  /** Roles of the contacts touched, sorted. */
  roles: string[]
  proposal_downloads: number
  videos: number
  /** Mean video completion (2 decimals); absent when no video. */
  video_completion_mean?: DecimalString
}

export interface TraceHeatmapResponse {
  policy_fingerprint: string
  by: HeatmapAxis
  /** Rep ids, sorted. */
  reps: string[]
  /** In display order. */
  columns: string[]
  cells: HeatmapCell[]
  max_touches: number
  touches: number
  ignored_after_as_of: number
  /** The standalone SVG, when asked for. */
  svg?: string
}

export type ReportFormat = 'markdown' | 'html'

export interface ReportAppeal {
  appeal: AppealFiling
  /** The decision, once made. */
  resolution?: Resolution
}

export interface TransparencyReportRequest {
  /** e.g. `2026-03`, shown as given. */
  period?: string | null
  /** The month's deals, each as an `attribute` request. */
  deals: AttributeRequest[]
  /** Open or decided, in filing order. */
  appeals?: ReportAppeal[]
  reps?: RepInfo[]
  customers?: CustomerInfo[]
  /** Deals shown in full (default 20). */
  top?: number | null
  /** The currency ranked; default: the one with the most deals. */
  currency?: string | null
  /** Key influencers per top deal (default 3). */
  influencers?: number | null
  heatmap_by?: HeatmapAxis
  /** Renderings besides the data (default both). */
  formats?: ReportFormat[]
}

export interface CurrencySummary {
  currency: string
  deals: number
  booked: Money
  credited: Money
  locked: Money
  unassigned: Money
}

export interface CurrencyAmount {
  currency: string
  amount: Money
}

export interface RepTotal {
  rep: string
  name?: string
  team?: string
  /** Deals with a paid credit. */
  deals: number
  credited: CurrencyAmount[]
  locked: CurrencyAmount[]
}

export interface SplitLine {
  kind: 'credit' | 'locked' | 'unassigned'
  /** Absent for the unassigned part. */
  rep?: string
  label: string
  share: DecimalString
  share_exact: Fraction
  amount: Money
  why: string
}

export interface DealReport {
  /** 1 = largest. */
  rank: number
  deal_id: string
  customer_id?: string
  customer_name?: string
  currency: string
  amount: Money
  closed_at: Timestamp
  /** Touches at or before close. */
  touches: number
  /** Who got what and why, in one sentence. */
  headline: string
  /** Absent when every rule was met. */
  rules_not_met?: string
  split: SplitLine[]
  /** Appeal ids; absent when none. */
  appeals?: string[]
  /** The effective attribution (after decided appeals). */
  attribution: AttributeResponse
  key_influencers: Influencer[]
  heatmap: TraceHeatmapResponse
}

export interface LockEntry {
  deal_id: string
  rep: string
  currency: string
  amount: Money
  share: DecimalString
  reason: string
  /** The appeal against it, if open or rejected. */
  appeal?: string
}

export interface AppealOutcome {
  appeal: AppealRecord
  /** Reps whose money changed (decided appeals). */
  changes: Change[]
}

export interface TransparencyReportResponse {
  policy_fingerprint: string
  period?: string
  /** Absent when there are no deals. */
  ranked_currency?: string
  deals: number
  /** By currency code. */
  summary: CurrencySummary[]
  /** Every deal satisfies credits + locked + unassigned = amount. */
  balanced: boolean
  reps: RepTotal[]
  /** Largest first (ties by deal id). */
  top_deals: DealReport[]
  locks: LockEntry[]
  appeals: AppealOutcome[]
  /** When asked for. */
  markdown?: string
  html?: string
}

// ---------------------------------------------------------------------------------------------
// Dashboard analytics and data-driven attribution (core/src/analytics/)

/** `after_tax_gross_margin` (the default): `(contract_value − cost) / (1 + vat_rate)`; or `contract_value`. */
export type MoneyBasis = 'after_tax_gross_margin' | 'contract_value'

/** A money fact: what was signed and what it cost, both including VAT. */
export interface MoneyFigure {
  contract_value: Money
  /** Needed for the after-tax gross margin. */
  cost?: Money
}

export interface JourneyTouch {
  rep: string
  at: Timestamp
}

/** One deal's journey and outcome. */
export interface Journey {
  /** Unique in the request. */
  deal_id: string
  converted: boolean
  /** Required when `converted`. */
  amount?: Money
  /** Any order. */
  touches?: JourneyTouch[]
}

export interface MarkovAttributionRequest {
  /** Currency of every amount. */
  currency: string
  /** Converted and not. */
  journeys: Journey[]
}

export interface RemovalEffect {
  rep: string
  touches: number
  journeys: number
  /** Rounded for display. */
  conversion_probability_without: DecimalString
  /** `(P − P₋ᵣ) / P`, rounded for display. */
  removal_effect: DecimalString
  removal_effect_exact: Fraction
}

export interface MarkovCredit {
  rep: string
  /** Rounded for display. */
  share: DecimalString
  amount: Money
}

export interface MarkovDeal {
  deal_id: string
  amount: Money
  /** By rep id. */
  credits: MarkovCredit[]
  unassigned: Money
  text: string
}

export interface MarkovTransition {
  /** `start` or a rep id. */
  from: string
  /** A rep id, `conversion` or `null`. */
  to: string
  count: number
}

export interface MarkovAttributionResponse {
  policy_fingerprint: string
  currency: string
  /** `markov`, order 1. */
  model: string
  journeys: number
  conversions: number
  /** From `start`, rounded for display. */
  conversion_probability: DecimalString
  conversion_probability_exact: Fraction
  /** By rep id. */
  reps: RemovalEffect[]
  /** Converted deals, by deal id. */
  deals: MarkovDeal[]
  /** By id. */
  not_converted: string[]
  transitions: MarkovTransition[]
  explanation: string[]
}

export interface MetricReading {
  /** A key of the policy's `analytics.thresholds`, e.g. `renewal_rate`. */
  metric: string
  /** e.g. a region or team. */
  scope?: string
  /** e.g. `"0.68"` for 68 %. */
  value: DecimalInput
  /** Root-cause signals by id (keys of `analytics.signals`). */
  signals?: { [signal: string]: DecimalInput }
}

export interface DetectAnomaliesRequest {
  metrics: MetricReading[]
}

/** One signal on a root-cause card. */
export interface RootCause {
  signal: string
  description: string
  value: DecimalString
  /** `weight × max(0, value) / scale`, 4 places. */
  score: DecimalString
  /** Score over the card's total, 4 places. */
  contribution: DecimalString
}

export interface AnomalyAlert {
  metric: string
  scope: string | null
  value: DecimalString
  threshold: DecimalString
  alert_when: 'below' | 'above'
  /** `value − threshold`. */
  gap: DecimalString
  /** Largest contribution first. */
  root_cause: RootCause[]
  text: string
}

export interface CheckedMetric {
  metric: string
  scope: string | null
  value: DecimalString
  /** Null when the policy has none for this metric. */
  threshold: DecimalString | null
}

export interface DetectAnomaliesResponse {
  /** By metric then scope. */
  alerts: AnomalyAlert[]
  within: CheckedMetric[]
  /** Metrics without a threshold in the policy (not judged). */
  unchecked: CheckedMetric[]
  policy_fingerprint: string
}

/** One period's aggregates. */
export interface Period {
  /** e.g. `2026-Q1`. */
  label: string
  /** Plain aggregates by field name. */
  fields?: { [field: string]: DecimalInput }
  /** Money aggregates by field name, converted to the money basis. */
  money?: { [field: string]: MoneyFigure }
}

export interface ComparePeriodsRequest {
  previous: Period
  current: Period
  /** Required when there are money fields. */
  currency?: string
  /** The policy's when absent. */
  basis?: MoneyBasis
}

export interface PeriodFieldChange {
  field: string
  /** A money field (shown on the money basis). */
  money: boolean
  previous: DecimalString
  current: DecimalString
  /** `current − previous`. */
  change: DecimalString
  direction: 'up' | 'down' | 'flat'
  /** `change / |previous|`, 4 places; null when previous is 0. */
  relative_change: DecimalString | null
  /** `2·change / (|previous| + |current|)`, 4 places: the ranking measure. */
  symmetric_change: DecimalString
}

export interface PairNote {
  fields: [string, string]
  relation: 'same' | 'opposite'
  /** `policy` (a known explanation) or `co_movement`. */
  source: 'policy' | 'co_movement'
  explanation: string
}

export interface ComparePeriodsResponse {
  previous_label: string
  current_label: string
  basis: MoneyBasis
  /** Largest change first; unchanged fields never appear. */
  top: PeriodFieldChange[]
  pairs: PairNote[]
  fields_compared: number
  only_in_previous: string[]
  only_in_current: string[]
  policy_fingerprint: string
}

/** A customer or lead: feature values are strings, or numbers for numeric features. */
export interface ProfiledCustomer {
  id: string
  /** Keys of the policy's `analytics.lead_features`. */
  features?: { [feature: string]: JsonValue }
}

export interface MatchLeadsRequest {
  rep: string
  /** The rep's recently won customers (at least one). */
  won: ProfiledCustomer[]
  /** The unassigned leads. */
  leads: ProfiledCustomer[]
}

export interface FeatureMatch {
  feature: string
  /** Null when missing. */
  value: string | null
  /** 4 places. */
  similarity: DecimalString
  weight: DecimalString
}

export interface LeadMatch {
  id: string
  /** In [0, 1], 4 places. */
  score: DecimalString
  /** Score strictly above `recommend_above`. */
  recommended: boolean
  matching_features: string[]
  features: FeatureMatch[]
}

export interface ProfileFeature {
  feature: string
  /** Won customers with the feature. */
  customers: number
  /** Categorical: value → customers. */
  values?: { [value: string]: number }
  /** Numeric: the mean, 4 places. */
  mean?: DecimalString
}

export interface MatchLeadsResponse {
  rep: string
  won: number
  recommend_above: DecimalString
  profile: ProfileFeature[]
  /** By score descending, then id. */
  leads: LeadMatch[]
  /** In the order of `leads`. */
  recommended: string[]
  policy_fingerprint: string
}

/** One fact: a money figure with its dimension values. */
export interface Fact {
  /** Unique in the request. */
  id: string
  /** e.g. `{ region: 'east', team: 'sh-1', rep: 'alice' }`. */
  dims: { [dimension: string]: string }
  contract_value: Money
  /** Needed for the after-tax gross margin. */
  cost?: Money
}

export interface DrillDownRequest {
  currency: string
  /** One to three dimension names, strategic first, e.g. `['region', 'team', 'rep']`. */
  levels: string[]
  /** The policy's when absent. */
  basis?: MoneyBasis
  facts: Fact[]
}

export interface DrillNode {
  level: 'strategic' | 'tactical' | 'detail'
  dimension: string
  key: string
  /** In the currency's minor unit. */
  value: Money
  facts: number
  /** 4 places; null when the parent's value is not positive. */
  share_of_parent: DecimalString | null
  /** The next level; absent at the last level. */
  children?: DrillNode[]
  /** Last level only, sorted. */
  fact_ids?: string[]
}

export interface DrillDownResponse {
  basis: MoneyBasis
  currency: string
  total: Money
  facts: number
  /** By value descending then key. */
  nodes: DrillNode[]
  policy_fingerprint: string
}

// ---------------------------------------------------------------------------------------------
// Operations, errors, results

/** Every operation of the JSON contract: its request and response types. */
export interface Operations {
  attribute: { request: AttributeRequest; response: AttributeResponse }
  key_influencers: { request: KeyInfluencersRequest; response: KeyInfluencersResponse }
  handover_status: { request: HandoverStatusRequest; response: HandoverStatusResponse }
  appeal: { request: AppealRequest; response: AppealResponse }
  resolve_appeal: { request: ResolveAppealRequest; response: ResolveAppealResponse }
  lead_escalation: { request: LeadEscalationRequest; response: LeadEscalationResponse }
  work_order_escalation: { request: WorkOrderEscalationRequest; response: WorkOrderEscalationResponse }
  generate_tracking_code: { request: GenerateTrackingCodeRequest; response: TrackingCode }
  parse_tracking_code: { request: ParseTrackingCodeRequest; response: TrackingCode }
  lead_health_report: { request: LeadHealthReportRequest; response: LeadHealthReportResponse }
  check_text: { request: CheckTextRequest; response: CheckTextResponse }
  validate_work_order: { request: ValidateWorkOrderRequest; response: ValidateWorkOrderResponse }
  triage_email: { request: TriageEmailRequest; response: TriageEmailResponse }
  mask_record: { request: MaskRecordRequest; response: MaskRecordResponse }
  audit_append: { request: AuditAppendRequest; response: AuditAppendResponse }
  audit_verify: { request: AuditVerifyRequest; response: AuditVerifyResponse }
  merge_offline: { request: MergeOfflineRequest; response: MergeOfflineResponse }
  cache_plan: { request: CachePlanRequest; response: CachePlanResponse }
  churn_risk: { request: ChurnRiskRequest; response: ChurnRiskResponse }
  service_events: { request: ServiceEventsRequest; response: ServiceEventsResponse }
  import_daily_reports: { request: ImportDailyReportsRequest; response: ImportDailyReportsResponse }
  daily_report_progress: { request: DailyReportProgressRequest; response: DailyReportProgressResponse }
  rebate: { request: RebateRequest; response: RebateResponse }
  trace_heatmap: { request: TraceHeatmapRequest; response: TraceHeatmapResponse }
  transparency_report: { request: TransparencyReportRequest; response: TransparencyReportResponse }
  markov_attribution: { request: MarkovAttributionRequest; response: MarkovAttributionResponse }
  detect_anomalies: { request: DetectAnomaliesRequest; response: DetectAnomaliesResponse }
  compare_periods: { request: ComparePeriodsRequest; response: ComparePeriodsResponse }
  match_leads: { request: MatchLeadsRequest; response: MatchLeadsResponse }
  drill_down: { request: DrillDownRequest; response: DrillDownResponse }
  policy: { request: PolicyRequest; response: Policy }
  audit_policy_fairness: { request: AuditPolicyFairnessRequest; response: AuditPolicyFairnessResponse }
}

export type OperationName = keyof Operations

/** Stable error codes of the core (plus `internal_error` for a caught engine panic). */
export type ErrorCode =
  | 'invalid_request'
  | 'invalid_policy'
  | 'unknown_operation'
  | 'limit_exceeded'
  | 'calendar_data_missing'
  | 'invalid_transition'
  | 'arithmetic_overflow'
  | 'internal_error'

/** An engine error as plain data. */
export interface ErrorInfo {
  /** Stable snake_case code; new codes may be added, so keep a default branch. */
  code: ErrorCode | (string & {})
  /** JSON path of the offending field, e.g. `touches[3].at`; empty for the whole input. */
  path: string
  message: string
}

/** The result of a `safe…` call: it never throws. */
export type SafeResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

/** Thrown by every engine call and by `new Engine(...)` on bad input. */
export declare class SalesrulesError extends Error {
  readonly name: 'SalesrulesError'
  readonly code: ErrorInfo['code']
  readonly path: string
  /** In a batch: the position of the failing request. */
  readonly index?: number
  toJSON(): ErrorInfo
}

/** A compiled policy. Build it once, call it many times; it is safe to share. */
export declare class Engine {
  /**
   * @param policy a policy object, or its JSON or TOML text; the default policy when absent.
   * @throws SalesrulesError with code `invalid_policy` and the offending path.
   */
  constructor(policy?: PolicyInput | string | null)

  /** The policy fingerprint stamped on every result. */
  readonly fingerprint: string

  /** Serve one operation (request as an object or JSON text). @throws SalesrulesError */
  call<Op extends OperationName>(op: Op, request: Operations[Op]['request'] | string): Operations[Op]['response']
  call(op: string, request: object | string): unknown
  /** JSON text in, JSON text out; nothing parsed on the JavaScript side. @throws SalesrulesError */
  callJson(op: string, requestJson: string): string
  /** Like `call`, but never throws. */
  safeCall<Op extends OperationName>(
    op: Op,
    request: Operations[Op]['request'] | string,
  ): SafeResult<Operations[Op]['response']>
  safeCall(op: string, request: unknown): SafeResult<unknown>

  /**
   * Serve one operation per request on the libuv thread pool (the event loop keeps running).
   * Rejects with the first failing request's SalesrulesError, its `index` set.
   */
  callBatch<Op extends OperationName>(
    op: Op,
    requests: ReadonlyArray<Operations[Op]['request'] | string>,
  ): Promise<Array<Operations[Op]['response']>>
  callBatch(op: string, requests: ReadonlyArray<object | string>): Promise<unknown[]>
  /** Like `callBatch`, but never rejects: one result per request, in order. */
  safeCallBatch<Op extends OperationName>(
    op: Op,
    requests: ReadonlyArray<Operations[Op]['request'] | string>,
  ): Promise<Array<SafeResult<Operations[Op]['response']>>>
  safeCallBatch(op: string, requests: ReadonlyArray<unknown>): Promise<Array<SafeResult<unknown>>>

  /** Attribute one deal to reps. @throws SalesrulesError */
  attribute(request: AttributeRequest | string): AttributeResponse
  /** Rank a deal's contacts by influence. @throws SalesrulesError */
  keyInfluencers(request: KeyInfluencersRequest | string): KeyInfluencersResponse
  /** The policy this engine was compiled from (defaults filled in). */
  policy(): Policy
  /** Attribute many deals off the event loop. */
  attributeBatch(requests: ReadonlyArray<AttributeRequest | string>): Promise<AttributeResponse[]>
  /** Rank contacts for many deals off the event loop. */
  keyInfluencersBatch(
    requests: ReadonlyArray<KeyInfluencersRequest | string>,
  ): Promise<KeyInfluencersResponse[]>

  /** Who owns a customer now, whether it is silent, and whether `rep` would be locked. @throws SalesrulesError */
  handoverStatus(request: HandoverStatusRequest | string): HandoverStatusResponse
  /** File an evidence-backed appeal against a lock or a share; answers its deterministic id. @throws SalesrulesError */
  appeal(request: AppealRequest | string): AppealResponse
  /** Decide an appeal and re-run the attribution; answers both results and the audit trail. @throws SalesrulesError */
  resolveAppeal(request: ResolveAppealRequest | string): ResolveAppealResponse
  /** Replay a lead's event log at `now`: due reminders and reassignments. @throws SalesrulesError */
  leadEscalation(request: LeadEscalationRequest | string): LeadEscalationResponse
  /** Replay a dual-sign work order at `now`: state, decision and due escalations. @throws SalesrulesError */
  workOrderEscalation(request: WorkOrderEscalationRequest | string): WorkOrderEscalationResponse
  /** Build a tracking code such as `L-20260223-SH087`. @throws SalesrulesError */
  generateTrackingCode(request: GenerateTrackingCodeRequest | string): TrackingCode
  /** Split a tracking code into its parts. @throws SalesrulesError */
  parseTrackingCode(request: ParseTrackingCodeRequest | string): TrackingCode
  /** The monthly lead-response health report, per team. @throws SalesrulesError */
  leadHealthReport(request: LeadHealthReportRequest | string): LeadHealthReportResponse
  /** Find vague terms, deadlines and quantities in a text. @throws SalesrulesError */
  checkText(request: CheckTextRequest | string): CheckTextResponse
  /** Validate a work order's fields and check its free text (field problems come back in `errors`). @throws SalesrulesError */
  validateWorkOrder(request: ValidateWorkOrderRequest | string): ValidateWorkOrderResponse
  /** Turn an e-mail's keywords into prioritised to-dos. @throws SalesrulesError */
  triageEmail(request: TriageEmailRequest | string): TriageEmailResponse
  /**
   * Mask bank accounts, resident IDs, phones and e-mails of a record shown in an untrusted context.
   * @example engine.maskRecord({ fields: { phone: '13812345678' }, context: { network: 'public' } }).fields.phone // '*******5678'
   * @throws SalesrulesError
   */
  maskRecord(request: MaskRecordRequest | string): MaskRecordResponse
  /**
   * Chain a new entry onto the head of a tamper-evident audit log; store the answered entry.
   * @example engine.auditAppend({ head: null, entry: { actor: 'alice', action: 'view', customer_id: 'C-1', at: '2026-03-01T10:00:00+08:00' } }).entry.hash
   * @throws SalesrulesError
   */
  auditAppend(request: AuditAppendRequest | string): AuditAppendResponse
  /**
   * Verify an audit chain and report its first broken link.
   * @example engine.auditVerify({ chain: [entry] }).ok // true while nobody altered it
   * @throws SalesrulesError
   */
  auditVerify(request: AuditVerifyRequest | string): AuditVerifyResponse
  /**
   * Three-way merge of a record edited offline; conflicts are kept for the user, never last-writer-wins.
   * @example engine.mergeOffline({ record_id: 'C-1', base: {}, local: { fields: { city: 'Beijing' } }, remote: {} }).fields.city // 'Beijing'
   * @throws SalesrulesError
   */
  mergeOffline(request: MergeOfflineRequest | string): MergeOfflineResponse
  /**
   * Which customers a device caches for offline work, and which attachments it fetches on demand.
   * @example engine.cachePlan({ as_of: '2026-03-31T18:00:00+08:00', customers: [{ id: 'C-1', record_bytes: 2048, accesses: ['2026-03-30T10:00:00+08:00'] }] }).total_storage_bytes // 2048
   * @throws SalesrulesError
   */
  cachePlan(request: CachePlanRequest | string): CachePlanResponse
  /**
   * Explainable churn-risk scores with their top contributing signals, riskiest first.
   * @example engine.churnRisk({ customers: [{ id: 'C-1', signals: { complaints: 3, meeting_cancellations: 4 } }] }).customers[0].score // '0.5000'
   * @throws SalesrulesError
   */
  churnRisk(request: ChurnRiskRequest | string): ChurnRiskResponse
  /**
   * Turn complaints into revisit tasks for account owners, escalating repeated complaints.
   * @example engine.serviceEvents({ accounts: [{ customer_id: 'C-1', owner: 'alice' }], complaints: [{ id: 'K-1', customer_id: 'C-1', at: '2026-03-02T09:00:00+08:00' }] }).tasks[0].due_at
   * @throws SalesrulesError
   */
  serviceEvents(request: ServiceEventsRequest | string): ServiceEventsResponse
  /**
   * Import daily-report sheets of any template version; every bad cell comes back in `errors`.
   * @example engine.importDailyReports({ sheets: [{ name: 'east.xlsx', rows: [['日期', '客户'], ['2026/3/5', '华为']] }] }).errors // each bad or missing cell, where and why
   * @throws SalesrulesError
   */
  importDailyReports(request: ImportDailyReportsRequest | string): ImportDailyReportsResponse
  /**
   * The day's reminder list and the month's rep × day matrix of daily-report submissions.
   * @example engine.dailyReportProgress({ month: '2026-03', as_of: '2026-03-05T23:00:00+08:00', roster: [{ rep: 'alice' }] }).reminder.reps
   * @throws SalesrulesError
   */
  dailyReportProgress(request: DailyReportProgressRequest | string): DailyReportProgressResponse
  /**
   * A dealer's quarterly rebate, each part explained with its formula.
   * @example engine.rebate({ dealer: 'DL-1', quarter: '2026-Q1', volume: '1200000.00', target: '1000000.00', collection_rate: '0.95' }).total // '38000.00'
   * @throws SalesrulesError
   */
  rebate(request: RebateRequest | string): RebateResponse
  /**
   * Touch density and content quality per rep × stage (or week), as data and SVG.
   * @example engine.traceHeatmap({ contacts, touches, by: 'week', svg: false }).cells
   * @throws SalesrulesError
   */
  traceHeatmap(request: TraceHeatmapRequest | string): TraceHeatmapResponse
  /**
   * The month's transparency report: totals, top deals with their logic chains, locks and appeals.
   * @example engine.transparencyReport({ period: '2026-03', deals: [attributeRequest], formats: ['markdown'] }).markdown
   * @throws SalesrulesError
   */
  transparencyReport(request: TransparencyReportRequest | string): TransparencyReportResponse
  /**
   * Check a policy against the fairness invariants on generated deals; failures come with a shrunk counterexample.
   * @example engine.auditPolicyFairness({ model: 'linear', seed: 7, budget: 50 }).fails // 0
   * @throws SalesrulesError
   */
  auditPolicyFairness(request: AuditPolicyFairnessRequest | string): AuditPolicyFairnessResponse
  /**
   * Data-driven attribution: a first-order Markov chain over the reps' journeys, credit by removal effect.
   * @example engine.markovAttribution({ currency: 'CNY', journeys: [{ deal_id: 'D-1', converted: true, amount: '100.00', touches: [{ rep: 'alice', at: '2026-03-01T10:00:00+08:00' }] }] }).deals[0].credits
   * @throws SalesrulesError
   */
  markovAttribution(request: MarkovAttributionRequest | string): MarkovAttributionResponse
  /**
   * Alerts for metrics past their policy threshold, each with a root-cause card.
   * @example engine.detectAnomalies({ metrics: [{ metric: 'renewal_rate', scope: 'east', value: '0.68' }] }).alerts
   * @throws SalesrulesError
   */
  detectAnomalies(request: DetectAnomaliesRequest | string): DetectAnomaliesResponse
  /**
   * The largest changes between two periods' aggregates, with explanations of fields moving together.
   * @example engine.comparePeriods({ previous: { label: '2026-Q1', fields: { visits: 120 } }, current: { label: '2026-Q2', fields: { visits: 90 } } }).top[0].direction // 'down'
   * @throws SalesrulesError
   */
  comparePeriods(request: ComparePeriodsRequest | string): ComparePeriodsResponse
  /**
   * Score unassigned leads by their similarity to a rep's recently won customers.
   * @example engine.matchLeads({ rep: 'alice', won: [{ id: 'C-1', features: { industry: 'retail' } }], leads: [{ id: 'L-1', features: { industry: 'retail' } }] }).recommended
   * @throws SalesrulesError
   */
  matchLeads(request: MatchLeadsRequest | string): MatchLeadsResponse
  /**
   * Aggregate money facts into a strategic → tactical → detail tree.
   * @example engine.drillDown({ currency: 'CNY', levels: ['region', 'rep'], facts: [{ id: 'D-1', dims: { region: 'east', rep: 'alice' }, contract_value: '113.00', cost: '56.50' }] }).total
   * @throws SalesrulesError
   */
  drillDown(request: DrillDownRequest | string): DrillDownResponse
  /** Evaluate many leads off the event loop. */
  leadEscalationBatch(
    requests: ReadonlyArray<LeadEscalationRequest | string>,
  ): Promise<LeadEscalationResponse[]>
  /** Check many texts off the event loop. */
  checkTextBatch(requests: ReadonlyArray<CheckTextRequest | string>): Promise<CheckTextResponse[]>
  /** Validate many work orders off the event loop. */
  validateWorkOrderBatch(
    requests: ReadonlyArray<ValidateWorkOrderRequest | string>,
  ): Promise<ValidateWorkOrderResponse[]>
}

/** The default policy as an object, to edit and pass to `new Engine(policy)`. */
export declare function defaultPolicy(): Policy
/** The default policy as pretty JSON text. */
export declare function defaultPolicyJson(): string
/** The operation names the engine serves. */
export declare const OPERATIONS: readonly string[]
/** The library version (the same in every binding). */
export declare const VERSION: string
