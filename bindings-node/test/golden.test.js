'use strict'
// Every golden vector in golden/**, run through the Node binding: responses compared as JSON
// values, error cases by code and path (the message is free text).

const test = require('node:test')
const assert = require('node:assert/strict')
const { Engine, SalesrulesError } = require('..')
const { goldenCases } = require('./helpers')

const cases = goldenCases()
const defaultEngine = new Engine()

/** The engine of a case, or the error its policy raises. */
function engineFor(c) {
  if (c.policy === undefined) return { engine: defaultEngine }
  try {
    return { engine: new Engine(c.policy) }
  } catch (error) {
    return { error }
  }
}

function assertError(c, error) {
  assert.ok(error instanceof SalesrulesError, `${c.file}: expected a SalesrulesError, got ${error}`)
  assert.ok(error instanceof Error)
  assert.deepEqual({ code: error.code, path: error.path }, c.expect.error, c.file)
}

test('the golden folder holds cases of every kind', () => {
  assert.ok(cases.length > 0, 'no golden cases found')
  assert.ok(cases.some((c) => c.expect.response), 'no response cases')
  assert.ok(cases.some((c) => c.expect.error), 'no error cases')
})

for (const c of cases) {
  test(`golden ${c.file}: ${c.description}`, () => {
    const { engine, error: policyError } = engineFor(c)
    if (policyError) {
      assert.ok(c.expect.error, `${c.file}: policy rejected: ${policyError.message}`)
      assertError(c, policyError)
      return
    }
    if (c.expect.error) {
      assert.throws(() => engine.call(c.op, c.request), (e) => (assertError(c, e), true))
      const safe = engine.safeCall(c.op, c.request)
      assert.equal(safe.ok, false)
      assert.deepEqual({ code: safe.error.code, path: safe.error.path }, c.expect.error)
      assert.equal(typeof safe.error.message, 'string')
      assert.ok(safe.error.message.length > 0)
    } else {
      assert.deepEqual(engine.call(c.op, c.request), c.expect.response)
      // The same request as JSON text, and through the safe form, answers the same.
      assert.deepEqual(JSON.parse(engine.callJson(c.op, JSON.stringify(c.request))), c.expect.response)
      assert.deepEqual(engine.safeCall(c.op, c.request), { ok: true, value: c.expect.response })
    }
  })
}

test('golden cases through callBatch: same answers as one by one, in order', async () => {
  // Group by op and policy so one batch serves many cases of one engine.
  const groups = new Map()
  for (const c of cases) {
    const { engine } = engineFor(c)
    if (!engine) continue
    const key = `${c.op}\u0000${JSON.stringify(c.policy ?? null)}`
    if (!groups.has(key)) groups.set(key, { engine, op: c.op, cases: [] })
    groups.get(key).cases.push(c)
  }
  let checked = 0
  for (const { engine, op, cases: group } of groups.values()) {
    const results = await engine.safeCallBatch(op, group.map((c) => c.request))
    assert.equal(results.length, group.length)
    group.forEach((c, i) => {
      if (c.expect.error) {
        assert.equal(results[i].ok, false, c.file)
        assert.deepEqual({ code: results[i].error.code, path: results[i].error.path }, c.expect.error, c.file)
      } else {
        assert.deepEqual(results[i], { ok: true, value: c.expect.response }, c.file)
      }
      checked += 1
    })
  }
  assert.ok(checked > 0)
})
