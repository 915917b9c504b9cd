'use strict'
// Run the plugin as a stand-alone service:
//   node server.js [port] [policy.json|policy.toml]
// with the `salesrules` package installed (`npm install` here links ../../bindings-node).

const fs = require('node:fs')
const http = require('node:http')
const { Engine } = require('salesrules')
const { createHandler } = require('./plugin')

const port = Number(process.argv[2] || process.env.PORT || 8080)
const policyFile = process.argv[3]
const engine = new Engine(policyFile ? fs.readFileSync(policyFile, 'utf8') : undefined)

http.createServer(createHandler({ engine })).listen(port, '127.0.0.1', () => {
  console.log(`salesrules plugin on http://127.0.0.1:${port} (policy ${engine.fingerprint})`)
})
