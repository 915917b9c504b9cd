// The package as an ES module: named and default imports give the same engine as require().

import test from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import salesrules, { Engine, SalesrulesError, defaultPolicy, OPERATIONS, VERSION } from 'salesrules'

const require = createRequire(import.meta.url)

test('import and require load the same module', () => {
  const cjs = require('salesrules')
  assert.equal(Engine, cjs.Engine)
  assert.equal(salesrules.Engine, Engine)
  assert.equal(SalesrulesError, cjs.SalesrulesError)
  assert.deepEqual(OPERATIONS, cjs.OPERATIONS)
  assert.equal(VERSION, cjs.VERSION)
})

test('an engine imported as ESM attributes and throws typed errors', async () => {
  const engine = new Engine(defaultPolicy())
  const r = engine.attribute({
    deal: { id: 'D-ESM', amount: '30.00', currency: 'CNY', closed_at: '2026-03-31T18:00:00+08:00' },
    contacts: [{ id: 'P1', role: 'cfo' }],
    touches: [{ rep: 'alice', contact: 'P1', kind: 'signoff', at: '2026-03-01T10:00:00+08:00' }],
  })
  assert.deepEqual(r.credits.map((c) => [c.rep, c.amount]), [['alice', '30.00']])
  assert.throws(() => engine.call('nope', {}), SalesrulesError)
  const [batch] = await engine.attributeBatch([{ deal: { id: 'x' } }]).catch((e) => [e])
  assert.equal(batch.code, 'invalid_request')
})
