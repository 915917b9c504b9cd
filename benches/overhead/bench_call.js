// Times engine.attribute on one request file through the Node binding (object in/out, and
// JSON text in/out): the Node side of benches/overhead/run.sh.
'use strict'
const fs = require('node:fs')
const path = require('node:path')
const { Engine } = require(path.join(__dirname, '..', '..', 'bindings-node'))

const [file, n] = process.argv.slice(2)
const iterations = Number(n || 20000)
const text = fs.readFileSync(file, 'utf8')
const request = JSON.parse(text)
const engine = new Engine()
for (const [form, call] of [
  ['node-object', () => engine.attribute(request)],
  ['node-json', () => engine.callJson('attribute', text)],
]) {
  for (let i = 0; i < iterations / 10; i++) call()
  const start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) call()
  console.log(`${form} ${(process.hrtime.bigint() - start) / BigInt(iterations)} ns/call`)
}

// Async batch throughput: the same request many times through attributeBatch (libuv pool)
// against a synchronous loop in the same run.
;(async () => {
  const batch = Array.from({ length: 2000 }, () => ({ ...request, explain: false }))
  let start = process.hrtime.bigint()
  await engine.attributeBatch(batch)
  const asyncNs = Number(process.hrtime.bigint() - start)
  start = process.hrtime.bigint()
  for (const r of batch) engine.attribute(r)
  const syncNs = Number(process.hrtime.bigint() - start)
  console.log(`node-batch-async ${Math.round(asyncNs / batch.length)} ns/deal`)
  console.log(`node-batch-sync ${Math.round(syncNs / batch.length)} ns/deal`)
})()
