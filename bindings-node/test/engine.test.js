'use strict'
// The Engine API: construction from every policy form, per-operation methods, error shapes,
// the safe form, and money staying a string.

const test = require('node:test')
const assert = require('node:assert/strict')
const salesrules = require('..')
const { Engine, SalesrulesError, defaultPolicy, defaultPolicyJson, OPERATIONS, VERSION } = salesrules
const { sampleDeal } = require('./helpers')

const ALICE_SHARE_OF_100K = '61538.46' // 8/13 of 100000.00, see golden/attribute/role_weighted_redistributes_unmet_rule.json

test('operations and version come from the core', () => {
  assert.deepEqual([...OPERATIONS], [
    'attribute',
    'key_influencers',
    'handover_status',
    'appeal',
    'resolve_appeal',
    'lead_escalation',
    'work_order_escalation',
    'generate_tracking_code',
    'parse_tracking_code',
    'lead_health_report',
    'check_text',
    'validate_work_order',
    'triage_email',
    'mask_record',
    'audit_append',
    'audit_verify',
    'merge_offline',
    'cache_plan',
    'churn_risk',
    'service_events',
    'import_daily_reports',
    'daily_report_progress',
    'rebate',
    'trace_heatmap',
    'transparency_report',
    'markov_attribution',
    'detect_anomalies',
    'compare_periods',
    'match_leads',
    'drill_down',
    'policy',
    'audit_policy_fairness',
  ])
  assert.match(VERSION, /^\d+\.\d+\.\d+/)
  for (const op of OPERATIONS) assert.ok(Object.isFrozen(OPERATIONS) && typeof op === 'string')
})

test('defaultPolicy answers an object that round-trips into an engine', () => {
  const policy = defaultPolicy()
  assert.equal(typeof policy, 'object')
  assert.deepEqual(policy, JSON.parse(defaultPolicyJson()))
  assert.equal(policy.attribution.rules[0].weight, '0.40', 'policy decimals stay strings')
  assert.equal(new Engine(policy).fingerprint, new Engine().fingerprint)
  assert.deepEqual(new Engine().policy(), policy)
})

test('a policy can be an object, JSON text or TOML text', () => {
  const unassigned = { attribution: { unmet_rules: 'unassigned' } }
  const fromObject = new Engine(unassigned)
  const fromJson = new Engine(JSON.stringify(unassigned))
  const fromToml = new Engine('[attribution]\nunmet_rules = "unassigned"\n')
  assert.equal(fromObject.fingerprint, fromJson.fingerprint)
  assert.equal(fromObject.fingerprint, fromToml.fingerprint)
  assert.notEqual(fromObject.fingerprint, new Engine().fingerprint)
  assert.equal(fromToml.policy().attribution.unmet_rules, 'unassigned')
  // Under "unassigned" the unmet 0.35 rule is not redistributed.
  const r = fromToml.attribute(sampleDeal())
  assert.equal(r.unassigned.share_exact, '7/20')
  assert.equal(r.policy_fingerprint, fromToml.fingerprint)
  assert.equal(new Engine(null).fingerprint, new Engine(undefined).fingerprint)
})

test('a bad policy throws invalid_policy with the offending path', () => {
  const policy = defaultPolicy()
  policy.attribution.rules[1].weight = '1.5'
  assert.throws(
    () => new Engine(policy),
    (e) => e instanceof SalesrulesError && e.code === 'invalid_policy' && e.path === 'attribution.rules[1].weight',
  )
  assert.throws(() => new Engine('x = ['), { name: 'SalesrulesError', code: 'invalid_policy' })
  assert.throws(() => new Engine(42), { code: 'invalid_request' })
})

test('attribute answers exact money strings', () => {
  const engine = new Engine()
  const r = engine.attribute(sampleDeal())
  assert.equal(r.deal_id, 'D-1')
  assert.equal(r.policy_fingerprint, engine.fingerprint)
  assert.deepEqual(
    r.credits.map((c) => [c.rep, c.amount, c.share_exact]),
    [
      ['alice', ALICE_SHARE_OF_100K, '8/13'],
      ['bob', '38461.54', '5/13'],
    ],
  )
  assert.ok(r.explanation.length > 0)
  assert.deepEqual(engine.call('attribute', sampleDeal()), r)
  assert.deepEqual(JSON.parse(engine.callJson('attribute', JSON.stringify(sampleDeal()))), r)
  assert.deepEqual(engine.attribute(JSON.stringify(sampleDeal())), r)
})

test('money beyond 2^53 stays exact: nothing is turned into a JS number', () => {
  const amount = '98765432109876543.21' // not representable as a double
  const r = new Engine().attribute(sampleDeal('D-BIG', amount))
  assert.equal(r.amount, amount)
  // credits + locked + unassigned = amount, always (locked: silent-period locks).
  const parts = [...r.credits, ...r.locked, r.unassigned]
  for (const part of parts) assert.equal(typeof part.amount, 'string')
  const total = parts.reduce((sum, p) => sum + BigInt(p.amount.replace('.', '')), 0n)
  assert.equal(total, BigInt(amount.replace('.', '')), 'the parts sum exactly to the whole')
})

test('a JS number for money is rejected at deal.amount, never converted', () => {
  const engine = new Engine()
  for (const amount of [100000, 100000.5, 0]) {
    const deal = sampleDeal()
    deal.deal.amount = amount
    assert.throws(
      () => engine.attribute(deal),
      (e) => e instanceof SalesrulesError && e.code === 'invalid_request' && e.path === 'deal.amount',
    )
  }
  // BigInt has no JSON form: refused before the engine sees it, not silently converted.
  const deal = sampleDeal()
  deal.deal.amount = 100000n
  assert.throws(() => engine.attribute(deal), { code: 'invalid_request' })
  assert.equal(engine.safeCall('attribute', deal).ok, false)
})

test('errors are Error objects with code, path and message', () => {
  const engine = new Engine()
  const deal = sampleDeal()
  deal.touches[2].at = '2026-03-30T10:00:00' // no offset
  let caught
  try {
    engine.attribute(deal)
  } catch (e) {
    caught = e
  }
  assert.ok(caught instanceof Error)
  assert.ok(caught instanceof SalesrulesError)
  assert.equal(caught.name, 'SalesrulesError')
  assert.equal(caught.code, 'invalid_request')
  assert.equal(caught.path, 'touches[2].at')
  assert.ok(caught.message.length > 0)
  assert.ok(caught.stack.includes('SalesrulesError'))
  assert.deepEqual(caught.toJSON(), { code: caught.code, path: caught.path, message: caught.message })

  assert.throws(() => engine.call('forecast_everything', {}), { code: 'unknown_operation', path: '' })
  assert.throws(() => engine.call('attribute', '{"deal": '), { code: 'invalid_request' })
  assert.throws(() => engine.call('attribute', 7), { code: 'invalid_request' })
  assert.throws(() => engine.callJson('attribute', {}), { code: 'invalid_request' })
})

test('safeCall never throws and answers {ok, value} or {ok, error}', () => {
  const engine = new Engine()
  assert.deepEqual(engine.safeCall('attribute', sampleDeal()), { ok: true, value: engine.attribute(sampleDeal()) })
  const deal = sampleDeal()
  deal.deal.amount = 5
  const bad = engine.safeCall('attribute', deal)
  assert.equal(bad.ok, false)
  assert.deepEqual(Object.keys(bad.error).sort(), ['code', 'message', 'path'])
  assert.deepEqual([bad.error.code, bad.error.path], ['invalid_request', 'deal.amount'])
  const circular = {}
  circular.self = circular
  for (const input of [undefined, null, 3, circular, '{']) {
    const r = engine.safeCall('attribute', input)
    assert.equal(r.ok, false)
    assert.equal(r.error.code, 'invalid_request')
  }
  assert.equal(engine.safeCall('nope', {}).error.code, 'unknown_operation')
})

test('keyInfluencers and policy have their own methods', () => {
  const engine = new Engine()
  const { contacts, touches } = sampleDeal()
  const r = engine.keyInfluencers({ contacts, touches, top: 1 })
  assert.equal(r.influencers.length, 1)
  assert.equal(r.influencers[0].rank, 1)
  assert.equal(typeof r.influencers[0].score, 'string')
  assert.deepEqual(r, engine.call('key_influencers', { contacts, touches, top: 1 }))
  assert.equal(engine.policy().name, 'default')
})

test('one engine can be shared across calls and its state never leaks between them', () => {
  const engine = new Engine()
  const first = engine.attribute(sampleDeal('A', '10.00'))
  engine.safeCall('attribute', { deal: {} })
  assert.deepEqual(engine.attribute(sampleDeal('A', '10.00')), first)
})
