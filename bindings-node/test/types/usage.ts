// Type-level tests of index.d.ts, checked by `tsc -p test/types` (part of `npm test`).
// Each `@ts-expect-error` fails the check if the types stop catching that mistake.
import { Engine, SalesrulesError, defaultPolicy, type AttributeRequest, type SafeResult, type AttributeResponse } from 'salesrules'

const engine = new Engine(defaultPolicy())
new Engine('[attribution]\nunmet_rules = "unassigned"')
new Engine({ attribution: { unmet_rules: 'unassigned' } })

const request: AttributeRequest = {
  deal: { id: 'D-1', amount: '100000.00', currency: 'CNY', closed_at: '2026-03-31T18:00:00+08:00' },
  contacts: [{ id: 'P1', role: 'cfo' }],
  touches: [{ rep: 'alice', contact: 'P1', kind: 'signoff', at: '2026-03-01T10:00:00+08:00' }],
  model: 'u_shaped',
}

const response = engine.attribute(request)
const amount: string = response.credits[0].amount
const exact: string = response.unassigned.share_exact
for (const step of response.explanation) {
  if (step.step === 'rule') {
    const met: boolean = step.met
    void met
  }
}
const viaCall: AttributeResponse = engine.call('attribute', request)
const influencers = engine.keyInfluencers({ contacts: request.contacts ?? [], top: 3 })
const rank: number = influencers.influencers[0].rank
const weight: string = engine.policy().attribution.rules[0].weight

const safe: SafeResult<AttributeResponse> = engine.safeCall('attribute', request)
if (safe.ok) {
  const deal: string = safe.value.deal_id
  void deal
} else {
  const code: string = safe.error.code
  void code
}

async function batches(): Promise<void> {
  const all: AttributeResponse[] = await engine.attributeBatch([request, JSON.stringify(request)])
  const generic = await engine.callBatch('key_influencers', [{ contacts: [] }])
  const score: string = generic[0].influencers[0].score
  const results = await engine.safeCallBatch('attribute', [request])
  void all, score, results
}

try {
  engine.attribute(request)
} catch (e) {
  if (e instanceof SalesrulesError) {
    const where: string = e.path
    const index: number | undefined = e.index
    void where, index
  }
}

// @ts-expect-error money is a string, never a JS number
const badMoney: AttributeRequest = { deal: { id: 'D', amount: 100, currency: 'CNY', closed_at: '' } }
// @ts-expect-error unknown model
engine.attribute({ ...request, model: 'best_guess' })
// @ts-expect-error attribute answers no number amounts
const wrong: number = response.amount

void amount, exact, viaCall, rank, weight, batches, badMoney, wrong

// Policy sections of the later operations, in and out.
const tuned = new Engine({ churn: { high_at: '0.7' }, rebate: { tier_mode: 'progressive' }, privacy: { trusted_networks: ['hq'] } })
const tierMode: 'whole' | 'progressive' = tuned.policy().rebate.tier_mode
const append: string[] = tuned.policy().sync.append_only
// @ts-expect-error rounding is half_up, half_even or down
new Engine({ rebate: { rounding: 'banker' } })
void tierMode, append
