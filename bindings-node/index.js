'use strict'
// The JavaScript face of salesrules. It converts values to and from JSON text and maps errors;
// every rule lives in the Rust core. Requests go in through JSON.stringify and responses come
// back through JSON.parse, so a money string stays a string end to end.

const native = require('./native.js')

/** Operation names of the JSON contract, in the core's stable order. */
const OPERATIONS = Object.freeze(native.operations())

/** Batches are cut into at most this many parts, run in parallel on the libuv thread pool. */
const BATCH_PARTS = Math.max(1, Number(process.env.UV_THREADPOOL_SIZE) || 4)
/** Below this size a batch runs as one part: splitting costs more than it saves. */
const MIN_PART_SIZE = 64

/** An engine error: `code` is the core's stable snake_case code, `path` the offending field. */
class SalesrulesError extends Error {
  constructor(code, path, message, index) {
    super(message)
    this.name = 'SalesrulesError'
    this.code = code
    this.path = path
    if (index !== undefined) this.index = index
  }

  /** The plain `{code, path, message}` form, as in a safe result. */
  toJSON() {
    return { code: this.code, path: this.path, message: this.message }
  }
}

function fromNative(error, index) {
  return new SalesrulesError(error.code, error.path, error.message, index)
}

/** Turn a request (object or JSON text) into JSON text, refusing what JSON cannot carry. */
function requestText(request, what = 'request') {
  if (typeof request === 'string') return request
  if (request === null || typeof request !== 'object') {
    throw new SalesrulesError(
      'invalid_request',
      '',
      `the ${what} must be an object or a JSON string, not ${request === null ? 'null' : typeof request}`,
    )
  }
  try {
    return JSON.stringify(request)
  } catch (e) {
    // BigInt values and circular structures have no JSON form.
    throw new SalesrulesError('invalid_request', '', `the ${what} is not JSON-serialisable: ${e.message}`)
  }
}

function policyText(policy) {
  if (policy === undefined || policy === null) return undefined
  return requestText(policy, 'policy')
}

function unwrap(outcome, index) {
  if (outcome.error) throw fromNative(outcome.error, index)
  return JSON.parse(outcome.response)
}

function unwrapText(outcome) {
  if (outcome.error) throw fromNative(outcome.error)
  return outcome.response
}

function settle(outcome) {
  if (outcome.error) return { ok: false, error: { ...outcome.error } }
  return { ok: true, value: JSON.parse(outcome.response) }
}

/** Any thrown value as the `{code, path, message}` of a safe result. */
function errorOf(e) {
  if (e instanceof SalesrulesError) return e.toJSON()
  return { code: 'invalid_request', path: '', message: String(e && e.message ? e.message : e) }
}

function splitIntoParts(items) {
  if (items.length < 2 * MIN_PART_SIZE) return [items]
  const parts = Math.min(BATCH_PARTS, Math.floor(items.length / MIN_PART_SIZE))
  const size = Math.ceil(items.length / parts)
  const out = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** A compiled policy. Build it once, call it many times; it is safe to share. */
class Engine {
  #native

  /**
   * @param policy a policy object, JSON or TOML text; the default policy when absent.
   * Throws SalesrulesError (`invalid_policy`) naming the offending path.
   */
  constructor(policy) {
    const compiled = native.compile(policyText(policy))
    if (!(compiled instanceof native.NativeEngine)) throw fromNative(compiled)
    this.#native = compiled
  }

  /** The policy fingerprint stamped on every result. */
  get fingerprint() {
    return this.#native.fingerprint
  }

  /** Serve one operation; answers the parsed response or throws SalesrulesError. */
  call(op, request) {
    return unwrap(this.#native.call(String(op), requestText(request)))
  }

  /** Serve one operation from JSON text to JSON text (no parsing on the JavaScript side). */
  callJson(op, requestJson) {
    if (typeof requestJson !== 'string') {
      throw new SalesrulesError('invalid_request', '', 'callJson takes the request as a JSON string')
    }
    return unwrapText(this.#native.call(String(op), requestJson))
  }

  /** Like `call`, but never throws: `{ok: true, value}` or `{ok: false, error}`. */
  safeCall(op, request) {
    try {
      return settle(this.#native.call(String(op), requestText(request)))
    } catch (e) {
      return { ok: false, error: errorOf(e) }
    }
  }

  /**
   * Serve one operation for each request on the libuv thread pool. Resolves to the responses in
   * order; rejects with the first failing request's SalesrulesError (its `index` set).
   */
  async callBatch(op, requests) {
    const outcomes = await this.#batch(op, requests)
    return outcomes.map((outcome, index) => unwrap(outcome, index))
  }

  /**
   * Like `callBatch`, but never rejects: one `{ok, value | error}` per request. A request that
   * cannot be turned into JSON fails alone; the others are still served.
   */
  async safeCallBatch(op, requests) {
    if (!Array.isArray(requests)) return []
    const results = new Array(requests.length)
    const texts = []
    const positions = []
    requests.forEach((request, i) => {
      try {
        texts.push(requestText(request, `request [${i}]`))
        positions.push(i)
      } catch (e) {
        results[i] = { ok: false, error: errorOf(e) }
      }
    })
    try {
      const outcomes = await this.#run(op, texts)
      outcomes.forEach((outcome, k) => {
        results[positions[k]] = settle(outcome)
      })
    } catch (e) {
      for (const i of positions) results[i] = { ok: false, error: errorOf(e) }
    }
    return results
  }

  async #batch(op, requests) {
    if (!Array.isArray(requests)) {
      throw new SalesrulesError('invalid_request', '', 'a batch takes an array of requests')
    }
    return this.#run(
      op,
      requests.map((r, i) => requestText(r, `request [${i}]`)),
    )
  }

  async #run(op, texts) {
    const parts = await Promise.all(
      splitIntoParts(texts).map((part) => this.#native.callBatch(String(op), part)),
    )
    return parts.flat()
  }

  // One thin method per operation of the contract. Adding an operation: one line here, its
  // types in index.d.ts.
  attribute(request) {
    return this.call('attribute', request)
  }
  keyInfluencers(request) {
    return this.call('key_influencers', request)
  }
  policy() {
    return this.call('policy', {})
  }
  handoverStatus(request) {
    return this.call('handover_status', request)
  }
  appeal(request) {
    return this.call('appeal', request)
  }
  resolveAppeal(request) {
    return this.call('resolve_appeal', request)
  }
  leadEscalation(request) {
    return this.call('lead_escalation', request)
  }
  workOrderEscalation(request) {
    return this.call('work_order_escalation', request)
  }
  generateTrackingCode(request) {
    return this.call('generate_tracking_code', request)
  }
  parseTrackingCode(request) {
    return this.call('parse_tracking_code', request)
  }
  leadHealthReport(request) {
    return this.call('lead_health_report', request)
  }
  checkText(request) {
    return this.call('check_text', request)
  }
  validateWorkOrder(request) {
    return this.call('validate_work_order', request)
  }
  triageEmail(request) {
    return this.call('triage_email', request)
  }
  markovAttribution(request) {
    return this.call('markov_attribution', request)
  }
  detectAnomalies(request) {
    return this.call('detect_anomalies', request)
  }
  comparePeriods(request) {
    return this.call('compare_periods', request)
  }
  matchLeads(request) {
    return this.call('match_leads', request)
  }
  drillDown(request) {
    return this.call('drill_down', request)
  }
  maskRecord(request) {
    return this.call('mask_record', request)
  }
  auditAppend(request) {
    return this.call('audit_append', request)
  }
  auditVerify(request) {
    return this.call('audit_verify', request)
  }
  mergeOffline(request) {
    return this.call('merge_offline', request)
  }
  cachePlan(request) {
    return this.call('cache_plan', request)
  }
  churnRisk(request) {
    return this.call('churn_risk', request)
  }
  serviceEvents(request) {
    return this.call('service_events', request)
  }
  importDailyReports(request) {
    return this.call('import_daily_reports', request)
  }
  dailyReportProgress(request) {
    return this.call('daily_report_progress', request)
  }
  rebate(request) {
    return this.call('rebate', request)
  }
  traceHeatmap(request) {
    return this.call('trace_heatmap', request)
  }
  transparencyReport(request) {
    return this.call('transparency_report', request)
  }
  auditPolicyFairness(request) {
    return this.call('audit_policy_fairness', request)
  }
  attributeBatch(requests) {
    return this.callBatch('attribute', requests)
  }
  keyInfluencersBatch(requests) {
    return this.callBatch('key_influencers', requests)
  }
  leadEscalationBatch(requests) {
    return this.callBatch('lead_escalation', requests)
  }
  checkTextBatch(requests) {
    return this.callBatch('check_text', requests)
  }
  validateWorkOrderBatch(requests) {
    return this.callBatch('validate_work_order', requests)
  }
}

/** The default policy as an object, to edit and pass to `new Engine(policy)`. */
function defaultPolicy() {
  return JSON.parse(native.defaultPolicyJson())
}

/** The default policy as pretty JSON text. */
function defaultPolicyJson() {
  return native.defaultPolicyJson()
}

module.exports = {
  Engine,
  SalesrulesError,
  defaultPolicy,
  defaultPolicyJson,
  OPERATIONS,
  VERSION: native.version(),
}
