'use strict'
// Shared test inputs: the golden vectors (read from the repo's top-level golden/ folder) and a
// small realistic deal.

const fs = require('node:fs')
const path = require('node:path')

const GOLDEN_DIR = path.resolve(__dirname, '..', '..', 'golden')

/** Every golden case, in a stable order, with its file path relative to golden/. */
function goldenCases() {
  const out = []
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile() && entry.name.endsWith('.json')) {
        out.push({ file: path.relative(GOLDEN_DIR, full), ...JSON.parse(fs.readFileSync(full, 'utf8')) })
      }
    }
  }
  walk(GOLDEN_DIR)
  return out
}

/**
 * An attribute request: alice demos twice to the technical director, bob gets the CFO sign-off.
 * The touches are less than the policy's 30-day silent period apart, so no share is locked.
 */
function sampleDeal(id = 'D-1', amount = '100000.00') {
  return {
    deal: { id, customer_id: 'C-9', amount, currency: 'CNY', closed_at: '2026-03-31T18:00:00+08:00' },
    contacts: [
      { id: 'P1', role: 'technical_director' },
      { id: 'P3', role: 'cfo' },
    ],
    touches: [
      { rep: 'alice', contact: 'P1', kind: 'demo', at: '2026-03-05T10:00:00+08:00' },
      { rep: 'alice', contact: 'P1', kind: 'demo', at: '2026-03-15T10:00:00+08:00' },
      { rep: 'bob', contact: 'P3', kind: 'signoff', at: '2026-03-30T10:00:00+08:00' },
    ],
  }
}

module.exports = { GOLDEN_DIR, goldenCases, sampleDeal }
