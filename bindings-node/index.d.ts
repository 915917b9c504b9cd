// Types of the `salesrules` package, written by hand from the core's serde types
// (core/src/attribution/types.rs, core/src/graph.rs, core/src/policy.rs, core/src/handover.rs,
// core/src/appeal.rs, core/src/escalation/*.rs, core/src/semantic/*.rs). Request fields that the
// core treats as optional are optional here; response fields it may leave out are optional too.
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
      step: 'rounding'
      /** An integer as a string (it can exceed 2^53). */
      total_minor_units: string
      adjustments: Adjustment[]
      text: string
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
  policy: { request: PolicyRequest; response: Policy }
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
