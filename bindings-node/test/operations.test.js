'use strict'
// The typed method of every operation the core added after attribute/key_influencers/policy:
// each is called with a real golden request (golden/<op>/…) and answers the golden response.
// The generic golden runner (golden.test.js) checks every case through `call`; this checks that
// each method reaches the right operation.

const test = require('node:test')
const assert = require('node:assert/strict')
const { Engine, OPERATIONS } = require('..')
const { goldenCases } = require('./helpers')

const cases = goldenCases()

/** Method name → operation name, for every operation with a one-request method. */
const METHODS = {
  handoverStatus: 'handover_status',
  appeal: 'appeal',
  resolveAppeal: 'resolve_appeal',
  leadEscalation: 'lead_escalation',
  workOrderEscalation: 'work_order_escalation',
  generateTrackingCode: 'generate_tracking_code',
  parseTrackingCode: 'parse_tracking_code',
  leadHealthReport: 'lead_health_report',
  checkText: 'check_text',
  validateWorkOrder: 'validate_work_order',
  triageEmail: 'triage_email',
  markovAttribution: 'markov_attribution',
  detectAnomalies: 'detect_anomalies',
  comparePeriods: 'compare_periods',
  matchLeads: 'match_leads',
  drillDown: 'drill_down',
  maskRecord: 'mask_record',
  auditAppend: 'audit_append',
  auditVerify: 'audit_verify',
  mergeOffline: 'merge_offline',
  cachePlan: 'cache_plan',
  churnRisk: 'churn_risk',
  serviceEvents: 'service_events',
  importDailyReports: 'import_daily_reports',
  dailyReportProgress: 'daily_report_progress',
  rebate: 'rebate',
  traceHeatmap: 'trace_heatmap',
  transparencyReport: 'transparency_report',
  auditPolicyFairness: 'audit_policy_fairness',
}

const BATCH_METHODS = {
  leadEscalationBatch: 'lead_escalation',
  checkTextBatch: 'check_text',
  validateWorkOrderBatch: 'validate_work_order',
}

/** The golden cases of `op` that expect a response, the default-policy ones first. */
function responseCases(op) {
  const found = cases.filter((c) => c.op === op && c.expect.response !== undefined)
  return [...found.filter((c) => c.policy === undefined), ...found.filter((c) => c.policy !== undefined)]
}

function engineFor(c) {
  return c.policy === undefined ? new Engine() : new Engine(c.policy)
}

test('every operation of the core has a method (or is policy/attribute/key_influencers)', () => {
  const covered = new Set([...Object.values(METHODS), 'attribute', 'key_influencers', 'policy'])
  assert.deepEqual(OPERATIONS.filter((op) => !covered.has(op)), [])
  for (const name of [...Object.keys(METHODS), ...Object.keys(BATCH_METHODS)]) {
    assert.equal(typeof Engine.prototype[name], 'function', name)
  }
})

for (const [method, op] of Object.entries(METHODS)) {
  test(`${method} answers the golden response of ${op}`, () => {
    const [c] = responseCases(op)
    assert.ok(c, `no golden response case for ${op}`)
    const engine = engineFor(c)
    assert.deepEqual(engine[method](c.request), c.expect.response, c.file)
    // JSON text in answers the same.
    assert.deepEqual(engine[method](JSON.stringify(c.request)), c.expect.response, c.file)
  })
}

test('the methods throw SalesrulesError with the golden code and path', () => {
  let checked = 0
  for (const [method, op] of Object.entries(METHODS)) {
    const c = cases.find((x) => x.op === op && x.expect.error && x.policy === undefined)
    if (!c) continue
    assert.throws(
      () => new Engine()[method](c.request),
      (e) => {
        assert.equal(e.name, 'SalesrulesError', c.file)
        assert.deepEqual({ code: e.code, path: e.path }, c.expect.error, c.file)
        return true
      },
    )
    checked += 1
  }
  assert.ok(checked >= 5, `only ${checked} operations have a golden error case`)
})

test('checkTextBatch equals checkText one by one, in order', async () => {
  const engine = new Engine()
  const requests = responseCases('check_text')
    .filter((c) => c.policy === undefined)
    .map((c) => c.request)
  assert.ok(requests.length > 10)
  // Enough requests that the batch is cut into parts on the thread pool.
  const many = Array.from({ length: 400 }, (_, i) => requests[i % requests.length])
  const batch = await engine.checkTextBatch(many)
  assert.equal(batch.length, many.length)
  assert.deepEqual(batch, many.map((r) => engine.checkText(r)))
  assert.deepEqual(await engine.checkTextBatch([]), [])
})

test('leadEscalationBatch and validateWorkOrderBatch answer the golden responses in order', async () => {
  const engine = new Engine()
  for (const [method, op] of Object.entries(BATCH_METHODS)) {
    const group = responseCases(op).filter((c) => c.policy === undefined)
    assert.ok(group.length > 0, op)
    const batch = await engine[method](group.map((c) => c.request))
    assert.deepEqual(batch, group.map((c) => c.expect.response), method)
  }
})

test('a batch method rejects with the index of the failing request', async () => {
  const engine = new Engine()
  await assert.rejects(engine.checkTextBatch([{ text: 'ok' }, { text: 'ok', extra: 1 }]), (e) => {
    assert.equal(e.name, 'SalesrulesError')
    assert.deepEqual([e.code, e.index], ['invalid_request', 1])
    return true
  })
})
