'use strict'
// The example plugin (examples/node-plugin) driven over loopback: a bounded number of requests to
// an ephemeral port on 127.0.0.1.

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const path = require('node:path')
const { Engine } = require('..')
const { goldenCases, sampleDeal } = require('./helpers')

const { createHandler } = require(path.resolve(__dirname, '..', '..', 'examples', 'node-plugin', 'plugin.js'))

function request(port, { method = 'POST', route = '/attribute', body, contentType = 'application/json' }) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: route, agent: false, headers: contentType ? { 'content-type': contentType } : {} },
      (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode, headers: res.headers, text, json: JSON.parse(text) })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.setTimeout(10_000, () => req.destroy(new Error('request timed out')))
    req.end(body)
  })
}

test('the node plugin serves POST /attribute over loopback', async (t) => {
  const engine = new Engine()
  const server = http.createServer(createHandler({ engine, maxBodyBytes: 64 * 1024 }))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise((resolve) => server.close(resolve)))
  const { port } = server.address()

  await t.test('a deal answers its attribution, money as strings', async () => {
    const deal = sampleDeal('D-HTTP', '100000.00')
    const res = await request(port, { body: JSON.stringify(deal) })
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /^application\/json/)
    assert.deepEqual(res.json, engine.attribute(deal))
    assert.deepEqual(
      res.json.credits.map((c) => [c.rep, c.amount]),
      [
        ['alice', '61538.46'],
        ['bob', '38461.54'],
      ],
    )
  })

  await t.test('a JSON number for money is a 400 naming deal.amount', async () => {
    const deal = sampleDeal()
    deal.deal.amount = 100000.5
    const res = await request(port, { body: JSON.stringify(deal) })
    assert.equal(res.status, 400)
    assert.equal(res.json.error.code, 'invalid_request')
    assert.equal(res.json.error.path, 'deal.amount')
    assert.equal(typeof res.json.error.message, 'string')
  })

  await t.test('malformed JSON is a 400 invalid_request', async () => {
    const res = await request(port, { body: '{"deal": ' })
    assert.equal(res.status, 400)
    assert.equal(res.json.error.code, 'invalid_request')
  })

  await t.test('an unknown touch kind is a 400 with its path', async () => {
    const deal = sampleDeal()
    deal.touches[1].kind = 'carrier_pigeon'
    const res = await request(port, { body: JSON.stringify(deal) })
    assert.equal(res.status, 400)
    assert.deepEqual([res.json.error.code, res.json.error.path], ['invalid_request', 'touches[1].kind'])
  })

  await t.test('wrong method, route, content type and size are refused', async () => {
    const get = await request(port, { method: 'GET' })
    assert.equal(get.status, 405)
    assert.equal(get.headers.allow, 'POST')
    const missing = await request(port, { route: '/nope', body: '{}' })
    assert.equal(missing.status, 404)
    const text = await request(port, { body: 'hello', contentType: 'text/plain' })
    assert.equal(text.status, 415)
    const huge = await request(port, { body: JSON.stringify({ pad: 'x'.repeat(70 * 1024) }) })
    assert.equal(huge.status, 413)
    assert.equal(huge.json.error.code, 'limit_exceeded')
  })
})

test('a route table entry serves another operation (the extension point)', async (t) => {
  const engine = new Engine()
  const routes = {
    '/influencers': {
      op: 'key_influencers',
      // A platform envelope: {"input": {...}} unwrapped before the engine sees it.
      prepare: (body) => JSON.stringify(JSON.parse(body).input),
    },
  }
  const server = http.createServer(createHandler({ engine, routes }))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise((resolve) => server.close(resolve)))
  const input = { contacts: sampleDeal().contacts, touches: sampleDeal().touches }
  const res = await request(server.address().port, { route: '/influencers', body: JSON.stringify({ input }) })
  assert.equal(res.status, 200)
  assert.deepEqual(res.json, engine.keyInfluencers(input))
  const old = await request(server.address().port, { route: '/attribute', body: '{}' })
  assert.equal(old.status, 404, 'only the given routes are served')
})

test('the node plugin serves POST /work-orders/validate over loopback', async (t) => {
  const engine = new Engine()
  const server = http.createServer(createHandler({ engine, maxBodyBytes: 64 * 1024 }))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise((resolve) => server.close(resolve)))
  const { port } = server.address()
  const route = '/work-orders/validate'
  const golden = goldenCases().filter((c) => c.op === 'validate_work_order' && c.policy === undefined)
  const valid = golden.find((c) => c.expect.response && c.expect.response.valid)
  const invalid = golden.find((c) => c.expect.response && !c.expect.response.valid)
  assert.ok(valid && invalid, 'golden/validate_work_order needs a valid and an invalid order')

  await t.test('a valid order answers 200 with the golden result', async () => {
    const res = await request(port, { route, body: JSON.stringify(valid.request) })
    assert.equal(res.status, 200)
    assert.match(res.headers['content-type'], /^application\/json/)
    assert.deepEqual(res.json, valid.expect.response)
    assert.deepEqual(res.json, engine.validateWorkOrder(valid.request))
  })

  await t.test('an incomplete order is a 200 with valid: false and its field errors', async () => {
    const res = await request(port, { route, body: JSON.stringify(invalid.request) })
    assert.equal(res.status, 200)
    assert.deepEqual(res.json, invalid.expect.response)
    assert.equal(res.json.valid, false)
    assert.ok(res.json.errors.length > 0)
  })

  await t.test('bad input is a 400 with {error}', async () => {
    const unknown = await request(port, { route, body: JSON.stringify({ ...valid.request, extra: true }) })
    assert.equal(unknown.status, 400)
    assert.equal(unknown.json.error.code, 'invalid_request')
    assert.equal(typeof unknown.json.error.message, 'string')
    const missing = await request(port, { route, body: '{}' })
    assert.equal(missing.status, 400)
    assert.deepEqual([missing.json.error.code, missing.json.error.path], ['invalid_request', ''])
    const malformed = await request(port, { route, body: '{"work_order": ' })
    assert.equal(malformed.status, 400)
    assert.equal(malformed.json.error.code, 'invalid_request')
    const badDate = await request(port, { route, body: JSON.stringify({ work_order: {}, reference_date: 'tomorrow' }) })
    assert.equal(badDate.status, 400)
    assert.deepEqual([badDate.json.error.code, badDate.json.error.path], ['invalid_request', 'reference_date'])
  })

  await t.test('only POST is served', async () => {
    const get = await request(port, { method: 'GET', route })
    assert.equal(get.status, 405)
    assert.equal(get.headers.allow, 'POST')
  })
})
