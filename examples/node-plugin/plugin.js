'use strict'
// A salesrules plugin for a low-code platform: a plain Node `http` request handler, no framework.
//
//   POST /attribute        body: an attribute request (deal, contacts, touches, handovers)
//                          200: the attribution response, JSON
//                          400: {"error": {"code", "path", "message"}} on bad input
//   POST /key-influencers  body: a key_influencers request
//   POST /work-orders/validate
//                          body: a validate_work_order request ({"work_order": {...}, "reference_date"})
//                          200: {valid, verdict, errors, findings, work_order}: field problems of
//                               the order are in `errors`, not an HTTP error
//                          400: {"error": {...}} when the request itself is malformed
//
// The handler passes the request body to the engine as text and sends the engine's JSON text
// back, so money strings are never parsed into JS numbers on the way.
//
// Extension point: ROUTES maps a path to an engine operation; serving another one is one line.
// A route may also be an object `{ op, prepare(bodyText) → requestText }` for platforms that
// wrap the request in an envelope of their own.

const ROUTES = Object.freeze({
  '/attribute': 'attribute',
  '/key-influencers': 'key_influencers',
  '/work-orders/validate': 'validate_work_order',
})

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

function sendJson(res, status, bodyText, headers = {}) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(bodyText),
    ...headers,
  })
  res.end(bodyText)
}

function sendError(res, status, code, path, message, headers) {
  sendJson(res, status, JSON.stringify({ error: { code, path, message } }), headers)
}

/** Read the whole body as UTF-8 text, or null when it exceeds `maxBytes`. */
function readBody(req, maxBytes) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk) => {
      size += chunk.length
      if (size > maxBytes) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Build the request handler.
 * @param {object} options
 * @param {import('salesrules').Engine} options.engine a compiled engine, shared by all requests
 * @param {Record<string, string | {op: string, prepare?: (body: string) => string}>} [options.routes]
 * @param {number} [options.maxBodyBytes]
 */
function createHandler({ engine, routes = ROUTES, maxBodyBytes = DEFAULT_MAX_BODY_BYTES }) {
  if (!engine) throw new TypeError('createHandler needs an engine')
  return async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost')
    const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined
    if (route === undefined) {
      return sendError(res, 404, 'not_found', '', `no route ${url.pathname}; routes: ${Object.keys(routes).join(', ')}`)
    }
    if (req.method !== 'POST') {
      return sendError(res, 405, 'method_not_allowed', '', `use POST ${url.pathname}`, { allow: 'POST' })
    }
    const type = (req.headers['content-type'] || 'application/json').split(';')[0].trim().toLowerCase()
    if (type !== 'application/json') {
      return sendError(res, 415, 'invalid_request', '', `send the request as application/json, not ${type}`)
    }
    let body
    try {
      body = await readBody(req, maxBodyBytes)
    } catch (e) {
      return sendError(res, 400, 'invalid_request', '', `could not read the request body: ${e.message}`)
    }
    if (body === null) {
      return sendError(res, 413, 'limit_exceeded', '', `the request body exceeds ${maxBodyBytes} bytes`)
    }
    const { op, prepare } = typeof route === 'string' ? { op: route } : route
    try {
      const requestText = prepare ? prepare(body) : body
      return sendJson(res, 200, engine.callJson(op, requestText))
    } catch (e) {
      if (e && e.name === 'SalesrulesError') {
        // A caught engine panic is the server's fault, not the caller's.
        const status = e.code === 'internal_error' ? 500 : 400
        return sendError(res, status, e.code, e.path, e.message)
      }
      return sendError(res, 500, 'internal_error', '', 'the plugin failed; see the server log')
    }
  }
}

module.exports = { createHandler, ROUTES, DEFAULT_MAX_BODY_BYTES }
