import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createDocument } from '../billing/documents.service.ts'
import { recordPayment } from '../billing/payments.service.ts'
import { createDeal, moveDeal } from '../deals/deals.service.ts'
import { listPipelines } from '../deals/pipelines.service.ts'
import { createProduct } from '../products/products.service.ts'
import { createTeam } from '../teams/index.ts'
import { computeCommission, type PlanRules, type SourceLine } from './commission-math.ts'
import { assignCommissionPlan, createCommissionPlan, getStatement, listStatements } from './incentives.service.ts'

const TIERS = [
  { upTo: 3_000_000, rate: 8 },
  { upTo: null, rate: 10 },
  { upTo: 1_000_000, rate: 5 },
]
const deal = (id: string, date: string, base: number, productId: string | null = null): SourceLine => ({
  sourceType: 'deal',
  sourceId: id,
  sourceLabel: id,
  date,
  productId,
  description: id,
  base,
})
const plan = (over: Partial<PlanRules>): PlanRules => ({ method: 'tiered', rate: 0, tierMode: 'marginal', tiers: TIERS, productRates: [], currency: 'JPY', ...over })

describe('commission arithmetic (hand-computed)', () => {
  // 800,000 + 1,500,000 + 1,200,000 = 3,500,000 in the period, in the order they closed.
  const sources = [deal('C', '2027-04-20', 1_200_000), deal('A', '2027-04-01', 800_000), deal('B', '2027-04-10', 1_500_000)]

  it('marginal tiers pay each slice of the running total at its own tier', () => {
    const { lines, totals } = computeCommission(plan({ tierMode: 'marginal' }), sources)
    // A: 800,000 × 5% = 40,000. B: 200,000 × 5% + 1,300,000 × 8% = 114,000. C: 700,000 × 8% + 500,000 × 10% = 106,000.
    expect(lines.map((l) => [l.sourceId, l.commission, l.rate])).toEqual([
      ['A', 40_000, 5],
      ['B', 114_000, 7.6],
      ['C', 106_000, 8.8333],
    ])
    // = 1,000,000 × 5% + 2,000,000 × 8% + 500,000 × 10%.
    expect(totals).toEqual({ base: 3_500_000, commission: 260_000 })
  })

  it('whole-amount tiers pay everything at the rate of the tier the total reaches (a total on a ceiling stays in that tier)', () => {
    const whole = computeCommission(plan({ tierMode: 'whole' }), sources)
    expect(whole.lines.map((l) => [l.sourceId, l.rate, l.commission])).toEqual([
      ['A', 10, 80_000],
      ['B', 10, 150_000],
      ['C', 10, 120_000],
    ])
    expect(whole.totals.commission).toBe(350_000)
    const onCeiling = computeCommission(plan({ tierMode: 'whole' }), [deal('A', '2027-04-01', 1_000_000), deal('B', '2027-04-02', 2_000_000)])
    expect(onCeiling.totals).toEqual({ base: 3_000_000, commission: 240_000 })
  })

  it('a per-product rate replaces the plan rate on that product’s lines, which still count towards the tiers', () => {
    const rules = plan({ tierMode: 'marginal', productRates: [{ productId: 'P', rate: 12 }] })
    const { lines, totals } = computeCommission(rules, [deal('A', '2027-04-01', 900_000, 'P'), deal('B', '2027-04-02', 300_000)])
    // A at 12% = 108,000; B runs from 900,000: 100,000 × 5% + 200,000 × 8% = 21,000.
    expect(lines.map((l) => [l.sourceId, l.rate, l.commission])).toEqual([
      ['A', 12, 108_000],
      ['B', 7, 21_000],
    ])
    expect(totals.commission).toBe(129_000)
  })

  it('flat plans round each line down to the yen (and to the cent in other currencies)', () => {
    expect(computeCommission(plan({ method: 'flat', rate: 3 }), [deal('A', '2027-04-01', 333_333)]).totals).toEqual({ base: 333_333, commission: 9_999 })
    expect(computeCommission(plan({ method: 'flat', rate: 3, currency: 'USD' }), [deal('A', '2027-04-01', 333.33)]).totals.commission).toBe(9.99)
  })
})

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

async function wonDeal(tenantId: string, user: TestUser, wonStageId: string, name: string, amount: number, closedAt: string) {
  const d = await asUser(t.app, user, (ctx) => createDeal(ctx, { name, amount }))
  await asUser(t.app, user, (ctx) => moveDeal(ctx, d.id, { stageId: wonStageId }))
  await inTenantTransaction(t.app.db, tenantId, (tx) => sql`update deals set closed_at = ${closedAt}::timestamptz where id = ${d.id}`.execute(tx))
  return d
}

describe('commission statements', () => {
  it('computes a rep’s statement from won deals in the period and shows it to the rep, their manager and admins only', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const team = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '第一営業部' }))
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: team.id, name: '佐藤' })
    const peer = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: team.id, name: '伊藤' })
    const manager = await createTestUser(t.app, tenantId, { roleKey: 'manager', teamId: team.id })
    const otherManager = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    const { data } = await asUser(t.app, admin, (ctx) => listPipelines(ctx))
    const won = data.find((p) => p.isDefault)!.stages.find((s) => s.kind === 'won')!

    await wonDeal(tenantId, rep, won.id, 'A', 800_000, '2027-04-01T10:00:00+09:00')
    await wonDeal(tenantId, rep, won.id, 'B', 1_500_000, '2027-04-10T10:00:00+09:00')
    // Closed 00:30 on 1 May in Tokyo: outside April.
    await wonDeal(tenantId, rep, won.id, 'May', 5_000_000, '2027-04-30T15:30:00Z')
    await wonDeal(tenantId, peer, won.id, 'peer', 9_000_000, '2027-04-05T10:00:00+09:00')

    const tiered = await asUser(t.app, admin, (ctx) =>
      createCommissionPlan(ctx, { name: '段階制', basis: 'won_deals', method: 'tiered', rate: 0, tierMode: 'marginal', tiers: TIERS, productRates: [], currency: 'JPY', isActive: true }),
    )
    const assignment = await asUser(t.app, admin, (ctx) => assignCommissionPlan(ctx, tiered.id, { userId: rep.userId, periodStart: '2027-04-01', periodEnd: '2027-04-30' }))
    const peerAssignment = await asUser(t.app, admin, (ctx) => assignCommissionPlan(ctx, tiered.id, { userId: peer.userId, periodStart: '2027-04-01', periodEnd: '2027-04-30' }))

    const statement = await asUser(t.app, rep, (ctx) => getStatement(ctx, assignment.id))
    expect(statement.lines.map((l) => [l.sourceType, l.sourceLabel, l.date, l.base, l.rate, l.commission])).toEqual([
      ['deal', 'A', '2027-04-01', 800_000, 5, 40_000],
      ['deal', 'B', '2027-04-10', 1_500_000, 7.6, 114_000],
    ])
    expect(statement.totals).toEqual({ base: 2_300_000, commission: 154_000, lineCount: 2 })
    // 9,000,000: 1,000,000 × 5% + 2,000,000 × 8% + 6,000,000 × 10% = 810,000.
    const mine = await asUser(t.app, rep, (ctx) => listStatements(ctx, {}))
    expect(mine.data.map((s) => [s.userName, s.totals.commission])).toEqual([['佐藤', 154_000]])
    await expect(asUser(t.app, rep, (ctx) => getStatement(ctx, peerAssignment.id))).rejects.toMatchObject({ code: 'not_found' })
    const team1 = await asUser(t.app, manager, (ctx) => listStatements(ctx, { from: '2027-04-01', to: '2027-04-30' }))
    expect(team1.data.map((s) => [s.userName, s.totals.commission]).sort()).toEqual([['伊藤', 810_000], ['佐藤', 154_000]].sort())
    expect((await asUser(t.app, otherManager, (ctx) => listStatements(ctx, {}))).data).toEqual([])
    expect((await asUser(t.app, admin, (ctx) => listStatements(ctx, {}))).data).toHaveLength(2)

    // Only admins manage plans; the CSV carries every line and the total.
    const repApi = client(t.http, await signIn(t.http, rep))
    expect((await repApi.get('/api/v1/commission-plans')).statusCode).toBe(403)
    const csv = await repApi.get(`/api/v1/commission-statements/${assignment.id}/csv?lang=ja`)
    expect(csv.statusCode, csv.body).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const rows = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(rows[0]).toBe('担当者,プラン,期間開始,期間終了,種別,元帳票,日付,内容,対象額,料率(%),コミッション,通貨')
    expect(rows[2]).toBe('佐藤,段階制,2027-04-01,2027-04-30,受注商談,B,2027-04-10,B,1500000,7.6,114000,JPY')
    expect(rows[3]).toBe('佐藤,段階制,2027-04-01,2027-04-30,合計,,,,2300000,,154000,JPY')
  })

  it('pays on paid invoices (tax excluded, by the day of the last payment) with per-product rates, and never twice for a won deal’s invoice', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales', name: '鈴木' })
    const { data } = await asUser(t.app, admin, (ctx) => listPipelines(ctx))
    const won = data.find((p) => p.isDefault)!.stages.find((s) => s.kind === 'won')!
    const saas = await asUser(t.app, admin, (ctx) => createProduct(ctx, { code: 'SAAS', name: 'クラウド', unitPrice: 100_000 }))
    const account = await asUser(t.app, rep, (ctx) => createAccount(ctx, { name: '顧客' }))
    const invoice = async (lines: { productId?: string; description?: string; quantity: number; unitPrice?: number }[], payments: [string, number][], dealId?: string) => {
      const doc = await asUser(t.app, rep, (ctx) => createDocument(ctx, { kind: 'invoice', accountId: account.id, issueDate: '2027-04-01', status: 'issued', lines, ...(dealId ? { dealId } : {}) }))
      for (const [paidOn, amount] of payments) await asUser(t.app, rep, (ctx) => recordPayment(ctx, doc.id, { paidOn, amount }))
      return doc
    }
    // 2 × クラウド 100,000 + 300,000 of services = 500,000 before tax (550,000 with tax), paid in two parts, the last in April.
    const paid = await invoice([{ productId: saas.id, quantity: 2 }, { description: '導入支援', quantity: 1, unitPrice: 300_000 }], [['2027-03-25', 250_000], ['2027-04-15', 300_000]])
    // Partly paid: nothing yet.
    await invoice([{ description: '保守', quantity: 1, unitPrice: 100_000 }], [['2027-04-20', 10_000]])
    // Last payment in May: outside April.
    await invoice([{ description: '研修', quantity: 1, unitPrice: 100_000 }], [['2027-05-02', 110_000]])
    // The invoice of a won deal: counted once under "both".
    const wonOne = await wonDeal(tenantId, rep, won.id, '大型案件', 1_000_000, '2027-04-05T10:00:00+09:00')
    await invoice([{ description: '大型案件', quantity: 1, unitPrice: 1_000_000 }], [['2027-04-28', 1_100_000]], wonOne.id)

    const make = (basis: 'paid_invoices' | 'both') =>
      asUser(t.app, admin, async (ctx) => {
        const p = await createCommissionPlan(ctx, { name: basis, basis, method: 'flat', rate: 4, tierMode: 'marginal', tiers: [], productRates: [{ productId: saas.id, rate: 15 }], currency: 'JPY', isActive: true })
        return assignCommissionPlan(ctx, p.id, { userId: rep.userId, periodStart: '2027-04-01', periodEnd: '2027-04-30' })
      })
    const invoicesPlan = await make('paid_invoices')
    const invoicesOnly = await asUser(t.app, rep, (ctx) => getStatement(ctx, invoicesPlan.id))
    const onPaid = invoicesOnly.lines.filter((l) => l.sourceId === paid.id)
    // クラウド 200,000 × 15% = 30,000; 導入支援 300,000 × 4% = 12,000.
    expect(onPaid.map((l) => [l.date, l.productId, l.base, l.rate, l.commission])).toEqual([
      ['2027-04-15', saas.id, 200_000, 15, 30_000],
      ['2027-04-15', null, 300_000, 4, 12_000],
    ])
    // Plus the won deal's own invoice (1,000,000 × 4% = 40,000), which counts here because deals are not the basis.
    expect(invoicesOnly.totals).toEqual({ base: 1_500_000, commission: 82_000, lineCount: 3 })

    const bothPlan = await make('both')
    const both = await asUser(t.app, rep, (ctx) => getStatement(ctx, bothPlan.id))
    expect(both.lines.map((l) => [l.sourceType, l.base, l.commission])).toEqual([
      ['deal', 1_000_000, 40_000],
      ['invoice', 200_000, 30_000],
      ['invoice', 300_000, 12_000],
    ])
    expect(both.totals).toEqual({ base: 1_500_000, commission: 82_000, lineCount: 3 })
  })

  it('refuses a tiered plan without tiers or with two open-ended tiers', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = client(t.http, await signIn(t.http, admin))
    expect((await api.post('/api/v1/commission-plans', { name: 'x', method: 'tiered', tiers: [] })).statusCode).toBe(400)
    expect((await api.post('/api/v1/commission-plans', { name: 'x', method: 'tiered', tiers: [{ upTo: null, rate: 1 }, { upTo: null, rate: 2 }] })).statusCode).toBe(400)
    const ok = await api.post('/api/v1/commission-plans', { name: '一律5%', rate: 5 })
    expect(ok.statusCode, ok.body).toBe(201)
    expect(ok.json()).toMatchObject({ method: 'flat', rate: 5, basis: 'won_deals', currency: 'JPY' })
  })
})
