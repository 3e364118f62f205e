import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createActivity } from '../activities/index.ts'
import { createDocument } from '../billing/index.ts'
import { createContract } from '../contracts/index.ts'
import { createProduct } from '../products/index.ts'
import { createTeam } from '../teams/index.ts'
import { listNextBestActions } from './nba.service.ts'
import { MODELS_JOB, runPredictiveModels } from './predictive.jobs.ts'
import { computeBaskets, computeCohorts, getChurnScore, getCohorts, listBasketRules } from './predictive.service.ts'
import { computeCustomerScores } from './customer-scores.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const TODAY = '2026-11-25'

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Orders written straight into the table: the model tests need hundreds of them. */
async function insertOrders(tenantId: string, orders: { accountId: string; issueDate: string; total: number }[]) {
  await inTenantTransaction(t.app.db, tenantId, (tx) =>
    sql`insert into sales_documents (id, tenant_id, kind, number, status, account_id, recipient_name, issue_date, subtotal, total)
        select v.id, ${tenantId}::uuid, 'order', v.number, 'open', v.account_id, 'x', v.issue_date, v.total, v.total
        from unnest(${orders.map(() => newId())}::uuid[], ${orders.map((_, i) => `SYN-${i}`)}::text[], ${orders.map((o) => o.accountId)}::uuid[],
                    ${orders.map((o) => o.issueDate)}::date[], ${orders.map((o) => o.total)}::numeric[]) as v(id, number, account_id, issue_date, total)`.execute(tx),
  )
}

async function productOrder(user: TestUser, accountId: string, issueDate: string, products: { id: string; price: number }[]) {
  return asUser(t.app, user, (ctx) =>
    createDocument(ctx, { kind: 'order', accountId, issueDate, lines: products.map((p) => ({ productId: p.id, description: '商品', quantity: 1, unitPrice: p.price, taxCategory: 'exempt' as const })) }),
  )
}

describe('churn model on the tenant’s history', () => {
  it('trains on separable synthetic churners with AUC above 0.8, scores every buyer with reasons, and shows progress to the end', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const accounts = await asUser(t.app, admin, async (ctx) => {
      const made = []
      for (let i = 0; i < 120; i++) made.push(await createAccount(ctx, { name: `顧客${i}` }))
      return made
    })
    const orders: { accountId: string; issueDate: string; total: number }[] = []
    accounts.forEach((a, i) => {
      const churner = i % 2 === 1
      // All started buying monthly two years ago; stayers still do, churners stopped 9–15 months ago.
      const first = addDays(TODAY, -720 + (i % 10))
      const stop = churner ? addDays(TODAY, -270 - (i % 7) * 30) : TODAY
      for (let day = first; day < stop; day = addDays(day, 30)) orders.push({ accountId: a.id, issueDate: day, total: 10_000 + (i % 5) * 1_000 })
    })
    await insertOrders(tenantId, orders)

    const api = client(t.http, await signIn(t.http, admin))
    const queued = await api.post('/api/v1/analytics/models/refresh', {})
    expect(queued.statusCode).toBe(202)
    expect(queued.json()).toMatchObject({ status: 'queued', percent: 0 })
    // Asking again while one is queued gives the same run, and only one job exists.
    expect((await api.post('/api/v1/analytics/models/refresh', {})).json().id).toBe(queued.json().id)
    const jobs = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('jobs').select(['payload']).where('type', '=', MODELS_JOB).execute())
    expect(jobs).toHaveLength(1)

    // Run the job as the worker would (outside any transaction).
    const result = await runPredictiveModels(t.app.db, tenantId, queued.json().id, { today: TODAY })
    expect(result.scored).toBe(120)
    const models = (await api.get('/api/v1/analytics/models')).json()
    expect(models.lastRun).toMatchObject({ id: queued.json().id, status: 'succeeded', step: 'done', percent: 100, error: null })
    expect(models.churn.auc).toBeGreaterThan(0.8)
    expect(models.churn.trainSize + models.churn.testSize).toBe(120)
    expect(models.churn.windowDays).toBe(180)
    expect(models.churn.cutoffDate).toBe(addDays(TODAY, -180))

    const churner = await asUser(t.app, admin, (ctx) => getChurnScore(ctx, accounts[1]!.id))
    const stayer = await asUser(t.app, admin, (ctx) => getChurnScore(ctx, accounts[0]!.id))
    expect(churner.risk).toBeGreaterThan(0.8)
    expect(churner.level).toBe('high')
    expect(stayer.risk).toBeLessThan(0.2)
    // Recency, spend and purchase counts all separate these churners; which of them leads depends on the
    // hold-out (account ids are random), about 1 run in 50 it is spend. Recency is always among the reasons.
    const contributions = churner.reasons.map((r) => r.contribution)
    expect(contributions).toEqual([...contributions].sort((a, b) => b - a))
    const recency = churner.reasons.find((r) => r.feature === 'recencyDays')
    expect(recency?.text.ja).toMatch(/^最終購入からの日数が平均より多い/)
    expect(recency?.text.en).toMatch(/^Days since the last purchase above average/)
    // Over HTTP too.
    expect((await api.get(`/api/v1/analytics/churn/accounts/${accounts[1]!.id}`)).json().level).toBe('high')

    // A sales rep sees the model's date but not its AUC or sizes.
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const seen = (await client(t.http, await signIn(t.http, rep)).get('/api/v1/analytics/models')).json()
    expect(seen.churn).toMatchObject({ auc: null, trainSize: null, testSize: null, weights: [] })
   }, 120_000)

  it('without enough history the run still finishes, with no model and no scores', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const a = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '一社だけ' }))
    await insertOrders(tenantId, [{ accountId: a.id, issueDate: '2026-01-10', total: 5000 }])
    const api = client(t.http, await signIn(t.http, admin))
    const run = (await api.post('/api/v1/analytics/models/refresh', {})).json()
    await runPredictiveModels(t.app.db, tenantId, run.id, { today: TODAY })
    const models = (await api.get('/api/v1/analytics/models')).json()
    expect(models).toMatchObject({ churn: null, lastRun: { status: 'succeeded', percent: 100 } })
    expect((await api.get(`/api/v1/analytics/churn/accounts/${a.id}`)).statusCode).toBe(404)
  })
})

describe('cohorts and basket rules from the database', () => {
  it('cohort retention matches a hand count', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const mk = (name: string) => asUser(t.app, admin, (ctx) => createAccount(ctx, { name }))
    const [a, b, c, d] = [await mk('A'), await mk('B'), await mk('C'), await mk('D')]
    // Two months ago: A and B join. Last month: C and D join, A buys again. This month: A, B and D buy.
    const jst = new Date(Date.now() + 9 * 3600_000)
    const month = (offset: number, day: number) => new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() + offset, day)).toISOString().slice(0, 10)
    await insertOrders(tenantId, [
      { accountId: a.id, issueDate: month(-2, 10), total: 1 },
      { accountId: b.id, issueDate: month(-2, 20), total: 1 },
      { accountId: a.id, issueDate: month(-1, 5), total: 1 },
      { accountId: c.id, issueDate: month(-1, 1), total: 1 },
      { accountId: d.id, issueDate: month(-1, 15), total: 1 },
      { accountId: a.id, issueDate: month(0, 1), total: 1 },
      { accountId: b.id, issueDate: month(0, 1), total: 1 },
      { accountId: d.id, issueDate: month(0, 1), total: 1 },
    ])
    await inTenantTransaction(t.app.db, tenantId, (tx) => computeCohorts(tx))
    const cohorts = await asUser(t.app, admin, (ctx) => getCohorts(ctx))
    expect(cohorts.rows).toEqual([
      { cohortMonth: month(-2, 1), customers: 2, retention: [100, 50, 100] },
      { cohortMonth: month(-1, 1), customers: 2, retention: [100, 50] },
    ])
  })

  it('finds beer → diapers in order lines with hand-computed support, confidence and lift', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const product = (code: string, name: string) => asUser(t.app, admin, (ctx) => createProduct(ctx, { code, name, unitPrice: 100 }))
    const beer = { id: (await product('B', 'ビール')).id, price: 300 }
    const diapers = { id: (await product('D', 'おむつ')).id, price: 1500 }
    const chips = { id: (await product('C', 'ポテトチップス')).id, price: 150 }
    const milk = { id: (await product('M', '牛乳')).id, price: 200 }
    const shop = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '金曜日のスーパー' }))
    for (const basket of [[beer, diapers, chips], [beer, diapers], [diapers, milk], [beer, chips], [milk, milk]]) await productOrder(admin, shop.id, '2026-11-06', basket)
    const cancelled = await productOrder(admin, shop.id, '2026-11-06', [milk, chips])
    await inTenantTransaction(t.app.db, tenantId, (tx) => sql`update sales_documents set status = 'cancelled' where id = ${cancelled.id}`.execute(tx))

    expect(await inTenantTransaction(t.app.db, tenantId, (tx) => computeBaskets(tx))).toEqual({ transactions: 5, rules: 4 })
    const view = await asUser(t.app, admin, (ctx) => listBasketRules(ctx, 50))
    expect(view.transactions).toBe(5)
    const rule = view.rules.find((r) => r.antecedent.name === 'ビール' && r.consequent.name === 'おむつ')!
    expect(rule.pairCount).toBe(2)
    expect(rule.support).toBeCloseTo(0.4, 10)
    expect(rule.confidence).toBeCloseTo(2 / 3, 10)
    expect(rule.lift).toBeCloseTo(10 / 9, 10)
    expect(view.rules[0]).toMatchObject({ antecedent: { name: 'ポテトチップス' }, consequent: { name: 'ビール' }, confidence: 1 })
  })
})

describe('next best actions', () => {
  it('ranks an overdue task, a renewal, a win-back call and a cross-sell, each with its reason', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const product = (code: string, name: string) => asUser(t.app, admin, (ctx) => createProduct(ctx, { code, name, unitPrice: 100 }))
    const beer = { id: (await product('B', 'ビール')).id, price: 300 }
    const diapers = { id: (await product('D', 'おむつ')).id, price: 1500 }
    const milk = { id: (await product('M', '牛乳')).id, price: 200 }
    // The company's calendar day (Asia/Tokyo), as the service counts days; after 15:00 UTC it is already tomorrow there.
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10)
    const target = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大口商事' }))
    // A big buyer of beer, silent for 400 days: dormant and high value.
    await productOrder(admin, target.id, addDays(today, -400), [{ ...beer, price: 5_000_000 }])
    for (let i = 0; i < 3; i++) {
      const other = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: `小売${i}` }))
      await productOrder(admin, other.id, addDays(today, -20), [beer, diapers])
      if (i === 0) await productOrder(admin, other.id, addDays(today, -10), [milk])
    }
    await asUser(t.app, admin, (ctx) =>
      createActivity(ctx, { kind: 'task', subject: '見積書を送付', accountId: target.id, status: 'open', dueAt: new Date(Date.now() - 5 * 86_400_000).toISOString() }),
    )
    await asUser(t.app, admin, (ctx) => createContract(ctx, { title: '保守契約', accountId: target.id, startDate: addDays(today, -335), endDate: addDays(today, 30), status: 'active' }))
    await inTenantTransaction(t.app.db, tenantId, async (tx) => {
      await computeCustomerScores(tx, { clv: false })
      await computeBaskets(tx)
    })

    const actions = await asUser(t.app, admin, (ctx) => listNextBestActions(ctx, target.id))
    expect(actions.map((a) => a.kind)).toEqual(['follow_up_task', 'renew_contract', 'win_back', 'cross_sell'])
    expect(actions.map((a) => a.score)).toEqual([...actions.map((a) => a.score)].sort((x, y) => y - x))
    expect(actions[0]!.reason.ja).toMatch(/5 日経過/)
    expect(actions[1]!.reason.ja).toMatch(/残り 30 日/)
    expect(actions[2]!.reason.ja).toMatch(/解約リスク 70%/)
    expect(actions[3]!.title.ja).toBe('「おむつ」をご提案する')
    // beer in 4 of 5 orders, diapers in 3, together in 3 → confidence 75%, lift .6 / (.8 × .6) = 1.25.
    expect(actions[3]!.reason.ja).toBe('「ビール」を含む注文の 75% で一緒に購入されています（リフト 1.3）')

    const api = client(t.http, await signIn(t.http, admin))
    const http = await api.get(`/api/v1/accounts/${target.id}/next-best-actions`)
    expect(http.statusCode).toBe(200)
    expect(http.json().data).toHaveLength(4)
    expect((await api.get(`/api/v1/accounts/${newId()}/next-best-actions`)).statusCode).toBe(404)
  })

  it('a rep gets neither the actions nor the churn risk of an account they may not open', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const east = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東' }))
    const west = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '西' }))
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: east.id })
    const other = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: west.id })
    const mine = await asUser(t.app, rep, (ctx) => createAccount(ctx, { name: 'mine' }))
    const theirs = await asUser(t.app, other, (ctx) => createAccount(ctx, { name: 'theirs' }))
    await asUser(t.app, other, (ctx) => createActivity(ctx, { kind: 'task', subject: '秘密の案件', accountId: theirs.id, status: 'open', dueAt: new Date(Date.now() - 86_400_000).toISOString() }))
    await expect(asUser(t.app, rep, (ctx) => listNextBestActions(ctx, theirs.id))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, rep, (ctx) => getChurnScore(ctx, theirs.id))).rejects.toMatchObject({ code: 'not_found' })
    expect(await asUser(t.app, rep, (ctx) => listNextBestActions(ctx, mine.id))).toEqual([])
  })
})
