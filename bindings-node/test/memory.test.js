'use strict'
// Memory growth (issue 10): 100,000 calls through the binding, successes and errors, leave the
// process's resident memory where warm-up left it. A leak of even 100 bytes per call would show
// as 10 MB; the bound below leaves room for allocator and GC noise only.

const test = require('node:test')
const assert = require('node:assert/strict')
const v8 = require('node:v8')
const vm = require('node:vm')
const { Engine, SalesrulesError } = require('..')
const { sampleDeal } = require('./helpers')

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc')

/** Resident set size in MiB after a full collection. */
function settledRss() {
  gc()
  gc()
  return process.memoryUsage().rss / (1024 * 1024)
}

test('100,000 calls do not grow resident memory', () => {
  const engine = new Engine()
  const ok = sampleDeal('D-1', '1000.00')
  const bad = sampleDeal('D-2', '1000.00')
  bad.deal.amount = 12.5 // money as a number: a typed error every time
  const round = (n) => {
    for (let i = 0; i < n; i += 1) {
      if (i % 20 === 0) {
        assert.throws(() => engine.attribute(bad), SalesrulesError)
      } else if (i % 2 === 0) {
        assert.equal(engine.attribute(ok).deal_id, 'D-1')
      } else {
        assert.equal(engine.call('attribute', JSON.stringify(ok)).deal_id, 'D-1') // JSON text in
      }
    }
  }
  round(20_000) // warm-up: allocator pools, JIT, the engine's caches
  const before = settledRss()
  round(100_000)
  const after = settledRss()
  assert.ok(after - before < 16, `resident memory grew ${(after - before).toFixed(1)} MiB over 100,000 calls (${before.toFixed(1)} → ${after.toFixed(1)} MiB)`)
})
