'use strict'
// Batches run on the libuv thread pool: promises, same answers as one by one, and the event
// loop keeps turning while they run.

const test = require('node:test')
const assert = require('node:assert/strict')
const { Engine, SalesrulesError } = require('..')
const { sampleDeal } = require('./helpers')

/** Deals with different amounts and touch counts, so every answer differs. */
function deals(n) {
  return Array.from({ length: n }, (_, i) => {
    const d = sampleDeal(`D-${i}`, `${1000 + i}.${String(i % 100).padStart(2, '0')}`)
    for (let k = 0; k < i % 7; k += 1) {
      d.touches.push({ rep: `rep${k}`, contact: 'P1', kind: 'demo', at: `2026-02-${String(k + 1).padStart(2, '0')}T10:00:00+08:00` })
    }
    return d
  })
}

test('attributeBatch equals attribute one by one, in order', async () => {
  const engine = new Engine()
  const requests = deals(500)
  const batch = await engine.attributeBatch(requests)
  assert.equal(batch.length, requests.length)
  assert.deepEqual(batch, requests.map((r) => engine.attribute(r)))
  assert.deepEqual(batch.map((r) => r.deal_id), requests.map((r) => r.deal.id))
  // The generic form, with JSON text requests too.
  assert.deepEqual(await engine.callBatch('attribute', requests.map((r) => JSON.stringify(r))), batch)
})

test('an empty batch resolves to an empty array', async () => {
  assert.deepEqual(await new Engine().attributeBatch([]), [])
})

test('callBatch rejects with the failing request index; safeCallBatch answers per request', async () => {
  const engine = new Engine()
  const requests = deals(300)
  requests[217].deal.amount = 12.5
  await assert.rejects(engine.callBatch('attribute', requests), (e) => {
    assert.ok(e instanceof SalesrulesError)
    assert.deepEqual([e.code, e.path, e.index], ['invalid_request', 'deal.amount', 217])
    return true
  })
  const results = await engine.safeCallBatch('attribute', requests)
  assert.equal(results.length, 300)
  results.forEach((r, i) => {
    if (i === 217) assert.deepEqual([r.ok, r.error.code, r.error.path], [false, 'invalid_request', 'deal.amount'])
    else assert.deepEqual(r, { ok: true, value: engine.attribute(requests[i]) })
  })
  await assert.rejects(engine.callBatch('attribute', 'not an array'), { code: 'invalid_request' })
  await assert.rejects(engine.callBatch('nope', [{}]), { code: 'unknown_operation', index: 0 })
  const unsafe = await engine.safeCallBatch('attribute', 'not an array')
  assert.deepEqual(unsafe, [])
})

test('in safeCallBatch a request with no JSON form fails alone', async () => {
  const engine = new Engine()
  const requests = deals(3)
  requests[1].deal.amount = 5n // BigInt: no JSON form
  const results = await engine.safeCallBatch('attribute', requests)
  assert.deepEqual(results.map((r) => r.ok), [true, false, true])
  assert.equal(results[1].error.code, 'invalid_request')
  assert.deepEqual(results[2].value, engine.attribute(requests[2]))
  await assert.rejects(engine.callBatch('attribute', requests), { code: 'invalid_request' })
})

test('the event loop keeps ticking while a large batch runs', async () => {
  const engine = new Engine()
  const one = deals(50)
  const requests = Array.from({ length: 20_000 }, (_, i) => one[i % one.length])
  let ticks = 0
  let running = true
  const spin = () => {
    ticks += 1
    if (running) setImmediate(spin)
  }
  setImmediate(spin)
  const pending = engine.attributeBatch(requests)
  const ticksAtStart = ticks // the call itself returned without running the batch
  const results = await pending
  running = false
  assert.equal(results.length, requests.length)
  assert.deepEqual(results[20_000 - 1], engine.attribute(requests[20_000 - 1]))
  assert.ok(ticks - ticksAtStart >= 10, `the event loop ticked only ${ticks - ticksAtStart} times during the batch`)
})
