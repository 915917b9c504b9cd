// Types of the `salesrules` package, written by hand from the core's serde types
// (core/src/attribution/types.rs, core/src/graph.rs, core/src/policy.rs). The native layer's
// generated types are in native.d.ts.

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
  limits: Limits
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
  limits?: Partial<Limits>
}

// ---------------------------------------------------------------------------------------------
// Operations, errors, results

/** Every operation of the JSON contract: its request and response types. */
export interface Operations {
  attribute: { request: AttributeRequest; response: AttributeResponse }
  key_influencers: { request: KeyInfluencersRequest; response: KeyInfluencersResponse }
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
}

/** The default policy as an object, to edit and pass to `new Engine(policy)`. */
export declare function defaultPolicy(): Policy
/** The default policy as pretty JSON text. */
export declare function defaultPolicyJson(): string
/** The operation names the engine serves. */
export declare const OPERATIONS: readonly string[]
/** The library version (the same in every binding). */
export declare const VERSION: string
