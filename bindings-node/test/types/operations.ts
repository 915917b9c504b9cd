// Type-level tests of the operations added after attribute/key_influencers/policy, checked by
// `tsc -p test/types`. Each `@ts-expect-error` fails the check if the types stop catching it.
import {
  Engine,
  type AppealFiling,
  type AttributeRequest,
  type CheckTextResponse,
  type ExplanationStep,
  type LeadEscalationRequest,
  type TrackingCode,
  type ValidateWorkOrderRequest,
} from 'salesrules'

const engine = new Engine()

// handover_status: nullable answers, optional echo.
const status = engine.handoverStatus({
  customer_id: 'C-7',
  touches: [{ rep: 'alice', at: '2026-01-25T10:00:00+08:00' }],
  now: '2026-03-02T10:00:00+08:00',
  rep: 'bob',
})
const owner: string | null = status.owner
const wouldLock: boolean | undefined = status.pick_up?.would_lock
// @ts-expect-error owner may be null
const ownerNotNull: string = status.owner
// @ts-expect-error `now` is required
engine.handoverStatus({ touches: [] })

// appeal / resolve_appeal
const filing: AppealFiling = {
  deal_id: 'D-7',
  rep: 'bob',
  against: 'lock',
  reason: 'handed over at the review',
  evidence: [{ kind: 'system_log', reference: 'crm-log-88412' }],
  filed_at: '2026-04-02T09:00:00+08:00',
}
const filed = engine.appeal({ appeal: filing })
const status2: 'open' | 'accepted' | 'rejected' = filed.appeal.status
// @ts-expect-error evidence kinds are a closed set
engine.appeal({ appeal: { ...filing, evidence: [{ kind: 'rumour', reference: 'x' }] } })
const attribution: AttributeRequest = {
  deal: { id: 'D-7', amount: '130000.00', currency: 'CNY', closed_at: '2026-03-31T18:00:00+08:00' },
  lock_releases: [{ rep: 'bob', appeal_id: filed.appeal.id }],
}
const resolved = engine.call('resolve_appeal', {
  appeal: filing,
  resolution: { decision: 'accepted', by: 'committee', at: '2026-04-05T15:00:00+08:00' },
  attribution,
})
const creditAfter: string | undefined = resolved.changes[0]?.credit_after
const note: string | undefined = resolved.appeal.resolution?.note
// @ts-expect-error an appeal decision is accepted or rejected
engine.resolveAppeal({ appeal: filing, resolution: { decision: 'maybe', by: 'x', at: '' }, attribution })

// new explanation steps narrow on `step`
function describe(step: ExplanationStep): string {
  if (step.step === 'lock') {
    const released: string | undefined = step.appeal_id ?? step.handover?.from
    return `${step.rep} ${step.outcome} ${released ?? ''}`
  }
  if (step.step === 'silent_period') return `${step.days} days after ${step.previous_rep}`
  if (step.step === 'handover_ignored') return `${step.from} → ${step.to} at ${step.at}`
  return step.text
}

// lead_escalation: events are typed, requests deny unknown fields
const lead: LeadEscalationRequest = {
  lead: {
    id: 'L-20260302-SH001',
    owner: 'alice',
    backup: 'bob',
    supervisor: 'carol',
    assigned_at: '2026-03-02T09:00:00+08:00',
    events: [{ kind: 'first_contact', at: '2026-03-02T10:00:00+08:00', rep: 'alice' }],
    profile: { industry: 'retail', seats: 40, tags: ['vip'] },
  },
  now: '2026-03-04T12:00:00+08:00',
}
const escalation = engine.leadEscalation(lead)
const next: string | null = escalation.next_deadline
const briefProfile = escalation.actions[0]?.brief?.profile
// @ts-expect-error unknown lead event kind
const badEvent: LeadEscalationRequest['lead']['events'] = [{ kind: 'coffee', at: '', rep: 'alice' }]
// @ts-expect-error unknown request field (the core denies unknown fields)
engine.leadEscalation({ ...lead, dry_run: true })

// work_order_escalation
const order = engine.workOrderEscalation({
  order: { id: 'W-1', submitted_at: '2026-03-02T10:00:00+08:00', assignee: 'head_ops', escalate_to: 'vp_ops' },
  now: '2026-03-02T15:00:00+08:00',
})
const decided: 'accept' | 'clarify' | 'reject' | null = order.decision

// tracking codes: sequence is a number, the answer is a TrackingCode
const code: TrackingCode = engine.generateTrackingCode({ prefix: 'L', date: '2026-02-23', region: 'SH', sequence: 87 })
const parsed: number = engine.call('parse_tracking_code', { code: code.code }).sequence
// @ts-expect-error the sequence is a number
engine.generateTrackingCode({ prefix: 'L', date: '2026-02-23', region: 'SH', sequence: '87' })

// lead_health_report
const health = engine.leadHealthReport({ month: '2026-02', as_of: '2026-03-01T00:00:00+08:00', leads: [] })
const colour: 'green' | 'yellow' | 'red' | null = health.total.colour

// check_text, with batches
const checked: CheckTextResponse = engine.checkText({ text: '请尽快交货', reference_date: '2026-03-02' })
const firstUtf16: number | undefined = checked.vague[0]?.utf16_start
// @ts-expect-error the text is required
engine.checkText({ reference_date: '2026-03-02' })
// @ts-expect-error a verdict is ok or needs_clarification
const verdict: 'ok' | 'vague' = checked.verdict
async function batches(): Promise<void> {
  const many: CheckTextResponse[] = await engine.checkTextBatch([{ text: 'asap' }, '{"text":"by Friday"}'])
  const orders = await engine.validateWorkOrderBatch([{ work_order: {} }])
  const leads = await engine.leadEscalationBatch([lead])
  const typed = await engine.callBatch('check_text', [{ text: 'asap' }])
  void many, orders[0].valid, leads[0].owner, typed[0].verdict
}

// validate_work_order: enumerations are typed, the typed order may be null
const wo: ValidateWorkOrderRequest = {
  work_order: { customer_id: 'C-1', demand_type: 'delivery', related_orders: [], description: '尽快' },
}
const validated = engine.validateWorkOrder(wo)
const typedOrder = validated.work_order
if (typedOrder !== null) {
  const risk: 'low' | 'medium' | 'high' = typedOrder.legal_risk
  void risk
}
// @ts-expect-error unknown demand type
engine.validateWorkOrder({ work_order: { demand_type: 'teleport' } })

// triage_email
const todos = engine.triageEmail({ subject: '请确认合同范本' }).todos
const priority: 'high' | 'medium' | 'low' | undefined = todos[0]?.priority
// @ts-expect-error triage answers todos, not tasks
engine.triageEmail({ body: '' }).tasks

void owner, wouldLock, ownerNotNull, status2, creditAfter, note, describe, next, briefProfile, badEvent
void decided, parsed, colour, firstUtf16, verdict, batches, priority

// mask_record: fields may be null; the decision and the classes are closed sets
const masked = engine.maskRecord({ fields: { phone: '13812345678', fax: null }, context: { network: 'public' } })
const shownPhone: string | null = masked.fields.phone
const fence: 'masked' | 'clear' = masked.decision
const maskedClass: 'public' | 'text' | 'bank_account' | 'resident_id' | 'phone' | 'email' | 'long_number' | undefined =
  masked.masked[0]?.class
// @ts-expect-error the context is required
engine.maskRecord({ fields: {} })
// @ts-expect-error a field value is a string or null, not a number
engine.maskRecord({ fields: { phone: 13812345678 }, context: { network: 'public' } })

// audit_append / audit_verify: the stored entry feeds the verifier
const appended = engine.auditAppend({
  head: null,
  entry: { actor: 'alice', action: 'view', customer_id: 'C-1', fields: ['phone'], at: '2026-03-01T10:00:00+08:00' },
})
const seq: number = appended.entry.seq
const prevHash: string | null = appended.entry.prev_hash
const verified = engine.call('audit_verify', { chain: [appended.entry] })
const brokenField: 'seq' | 'prev_hash' | 'hash' | 'at' | undefined = verified.first_broken?.field
// @ts-expect-error the head may be null
const headHash: string = verified.head.hash
// @ts-expect-error an event needs its actor
engine.auditAppend({ entry: { action: 'view', customer_id: 'C-1', at: '2026-03-01T10:00:00+08:00' } })

// merge_offline: any JSON value in fields, conflicts typed
const merged = engine.mergeOffline({
  record_id: 'C-1',
  base: { fields: { city: 'Shanghai' } },
  local: { fields: { city: 'Beijing', seats: 40 }, edited_at: { city: '2026-03-01T10:00:00+08:00' } },
  remote: { collections: { visit_notes: [{ text: 'met the CFO' }] } },
})
const takenFrom: 'local' | 'remote' | 'both' | undefined = merged.changes[0]?.taken_from
const editedAt: string | null | undefined = merged.conflicts[0]?.local.edited_at
// @ts-expect-error every side is required
engine.mergeOffline({ record_id: 'C-1', base: {}, local: {} })

// cache_plan, churn_risk, service_events
const plan = engine.cachePlan({ as_of: '2026-03-31T18:00:00+08:00', customers: [{ id: 'C-1', record_bytes: 2048 }] })
const storage: number = plan.total_storage_bytes
// @ts-expect-error record_bytes is a number
engine.cachePlan({ as_of: '2026-03-31T18:00:00+08:00', customers: [{ id: 'C-1', record_bytes: '2048' }] })
const churn = engine.churnRisk({ customers: [{ id: 'C-1', signals: { complaints: 3, email_tone: '-0.5' } }], limit: 10 })
const score: string | undefined = churn.customers[0]?.score
const level: 'high' | 'medium' | 'low' | undefined = churn.customers[0]?.level
// @ts-expect-error scores are decimal strings, never JS numbers
const scoreNumber: number | undefined = churn.customers[0]?.score
const tasks = engine.serviceEvents({
  accounts: [{ customer_id: 'C-1', owner: 'alice', escalate_to: ['carol'] }],
  complaints: [{ id: 'K-1', customer_id: 'C-1', at: '2026-03-02T09:00:00+08:00', summary: 'late delivery' }],
}).tasks
const taskLevel: number | undefined = tasks[0]?.level

// import_daily_reports / daily_report_progress
const imported = engine.importDailyReports({
  sheets: [{ name: 'east.xlsx', rows: [['日期', '拜访次数'], ['2026/3/5', 2], [null, true]] }],
  master_data: { customers: ['华为'] },
})
const rowStatus: 'ok' | 'rejected' | 'blank' | undefined = imported.rows[0]?.status
const likely: string | null | undefined = imported.errors[0]?.likely_field
// @ts-expect-error a cell is a string, number, boolean or null
engine.importDailyReports({ sheets: [{ name: 's', rows: [[{ v: 1 }]] }] })
const progress = engine.dailyReportProgress({
  month: '2026-03',
  as_of: '2026-03-05T23:00:00+08:00',
  roster: [{ rep: 'alice', team: 'east' }],
  submissions: [{ rep: 'alice', date: '2026-03-05', submitted_at: '2026-03-05T19:00:00+08:00' }],
})
const day: 'on_time' | 'late' | 'missing' | 'pending' | 'off' | undefined = progress.reps[0]?.days[0]

// rebate: money stays a string
const rebate = engine.rebate({
  dealer: 'DL-1',
  quarter: '2026-Q1',
  volume: '1200000.00',
  target: '1000000.00',
  collection_rate: '0.95',
  compliance_flags: [],
})
const total: string = rebate.total
const part: 'base' | 'excess' | 'compliance_bonus' | undefined = rebate.parts[0]?.part
// @ts-expect-error money is a string, never a JS number
engine.rebate({ dealer: 'DL-1', quarter: '2026-Q1', volume: 1200000, target: '1.00', collection_rate: '0.95' })

// audit_policy_fairness: verdicts and counterexamples
const fairness = engine.auditPolicyFairness({ model: 'linear', seed: 7, budget: 20 })
const line = fairness.invariants[0]
const fairVerdict: 'holds' | 'fails' | 'not_applicable' | undefined = line?.verdict
const counterDeal: string | undefined = line?.counterexample?.request.deal.id
// @ts-expect-error unknown model
engine.auditPolicyFairness({ model: 'coin_flip' })

// trace_heatmap / transparency_report
const heatmap = engine.traceHeatmap({
  subject: 'D-1',
  contacts: [{ id: 'P1', role: 'cfo' }],
  touches: [{ rep: 'alice', contact: 'P1', kind: 'demo', at: '2026-03-01T10:00:00+08:00', stage: 'discovery' }],
  by: 'week',
  svg: false,
})
const svg: string | undefined = heatmap.svg
// @ts-expect-error the axis is stage or week
engine.traceHeatmap({ by: 'month' })
const report = engine.call('transparency_report', {
  period: '2026-03',
  deals: [attribution],
  appeals: [{ appeal: filing }],
  formats: ['markdown'],
})
const headline: string | undefined = report.top_deals[0]?.headline
const splitKind: 'credit' | 'locked' | 'unassigned' | undefined = report.top_deals[0]?.split[0]?.kind
// @ts-expect-error formats are markdown or html
engine.transparencyReport({ deals: [], formats: ['pdf'] })

void shownPhone, fence, maskedClass, seq, prevHash, brokenField, headHash, takenFrom, editedAt, storage
void score, level, scoreNumber, taskLevel, rowStatus, likely, day, total, part, fairVerdict, counterDeal
void svg, headline, splitKind

// analytics: markov_attribution, detect_anomalies, compare_periods, match_leads, drill_down
const markov = engine.markovAttribution({
  currency: 'CNY',
  journeys: [
    { deal_id: 'D-1', converted: true, amount: '100.00', touches: [{ rep: 'alice', at: '2026-03-01T10:00:00+08:00' }] },
    { deal_id: 'D-2', converted: false },
  ],
})
const markovAmount: string | undefined = markov.deals[0]?.credits[0]?.amount
// @ts-expect-error money is a string, never a JS number
engine.markovAttribution({ currency: 'CNY', journeys: [{ deal_id: 'D-1', converted: true, amount: 100 }] })
const anomalies = engine.detectAnomalies({ metrics: [{ metric: 'renewal_rate', scope: 'east', value: '0.68', signals: {} }] })
const alertWhen: 'below' | 'above' | undefined = anomalies.alerts[0]?.alert_when
const compared = engine.comparePeriods({
  previous: { label: '2026-Q1', fields: { visits: 120 }, money: { margin: { contract_value: '113.00', cost: '56.50' } } },
  current: { label: '2026-Q2', fields: { visits: 90 } },
  currency: 'CNY',
  basis: 'contract_value',
})
const relative: string | null | undefined = compared.top[0]?.relative_change
// @ts-expect-error the basis is after_tax_gross_margin or contract_value
engine.comparePeriods({ previous: { label: 'a' }, current: { label: 'b' }, basis: 'revenue' })
const matched = engine.matchLeads({
  rep: 'alice',
  won: [{ id: 'C-1', features: { industry: 'retail', seats: 40 } }],
  leads: [{ id: 'L-1', features: { industry: 'retail' } }],
})
const recommended: string[] = matched.recommended
const drilled = engine.drillDown({
  currency: 'CNY',
  levels: ['region', 'rep'],
  facts: [{ id: 'D-1', dims: { region: 'east', rep: 'alice' }, contract_value: '113.00', cost: '56.50' }],
})
const drillLevel: 'strategic' | 'tactical' | 'detail' | undefined = drilled.nodes[0]?.level
const grandchildren: number | undefined = drilled.nodes[0]?.children?.length
// shapley explanation steps narrow on `step`
function shapleyPlayers(step: ExplanationStep): number {
  return step.step === 'shapley_rule' ? step.marginals.length : 0
}

void markovAmount, alertWhen, relative, recommended, drillLevel, grandchildren, shapleyPlayers
