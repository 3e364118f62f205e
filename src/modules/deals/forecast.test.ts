import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createTeam } from '../teams/index.ts'
import { createDeal, moveDeal } from './deals.service.ts'
import { getForecast, setQuota } from './forecast.service.ts'
import { listPipelines } from './pipelines.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

async function stages(user: TestUser) {
  const { data } = await asUser(t.app, user, (ctx) => listPipelines(ctx))
  const s = data.find((p) => p.isDefault)!.stages
  return { open: s.filter((x) => x.kind === 'open'), won: s.find((x) => x.kind === 'won')!, lost: s.find((x) => x.kind === 'lost')! }
}

/** Sets when a won deal closed (the clock of the test is "now"). */
const closedOn = (tenantId: string, dealId: string, at: string) =>
  inTenantTransaction(t.app.db, tenantId, (tx) => sql`update deals set closed_at = ${at}::timestamptz where id = ${dealId}`.execute(tx))

describe('forecast', () => {
  it('sums won, committed, best case and weighted pipeline per rep for the period, against quotas', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const team = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東京営業課' }))
    const sato = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: team.id, name: '佐藤' })
    const ito = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: team.id, name: '伊藤' })
    const { open, won, lost } = await stages(admin)
    const q = { from: '2027-04-01', to: '2027-06-30' }
    // 佐藤: one won in the quarter, one won before it, an open deal at 70% and one at 10% in the quarter, one open after it, one lost.
    const a = await asUser(t.app, sato, (ctx) => createDeal(ctx, { name: 'won in Q1', amount: 3_000_000 }))
    await asUser(t.app, sato, (ctx) => moveDeal(ctx, a.id, { stageId: won.id }))
    await closedOn(tenantId, a.id, '2027-05-10T10:00:00+09:00')
    const b = await asUser(t.app, sato, (ctx) => createDeal(ctx, { name: 'won before', amount: 9_000_000 }))
    await asUser(t.app, sato, (ctx) => moveDeal(ctx, b.id, { stageId: won.id }))
    await closedOn(tenantId, b.id, '2027-03-31T23:30:00+09:00')
    await asUser(t.app, sato, (ctx) => createDeal(ctx, { name: 'quote', amount: 2_000_000, stageId: open[3]!.id, expectedCloseDate: '2027-06-30' }))
    await asUser(t.app, sato, (ctx) => createDeal(ctx, { name: 'early', amount: 1_000_000, stageId: open[0]!.id, expectedCloseDate: '2027-04-01' }))
    await asUser(t.app, sato, (ctx) => createDeal(ctx, { name: 'later', amount: 5_000_000, stageId: open[4]!.id, expectedCloseDate: '2027-07-01' }))
    const l = await asUser(t.app, sato, (ctx) => createDeal(ctx, { name: 'lost', amount: 4_000_000, expectedCloseDate: '2027-05-01' }))
    await asUser(t.app, sato, (ctx) => moveDeal(ctx, l.id, { stageId: lost.id }))
    // 伊藤: one open deal at 50%, a USD deal that a JPY forecast leaves out.
    await asUser(t.app, ito, (ctx) => createDeal(ctx, { name: 'proposal', amount: 800_000, stageId: open[2]!.id, expectedCloseDate: '2027-05-15' }))
    await asUser(t.app, ito, (ctx) => createDeal(ctx, { name: 'usd', amount: 10_000, currency: 'USD', stageId: open[2]!.id, expectedCloseDate: '2027-05-15' }))
    await asUser(t.app, admin, (ctx) => setQuota(ctx, { userId: sato.userId, periodStart: '2027-04-01', periodEnd: '2027-06-30', amount: 6_000_000, currency: 'JPY' }))

    const forecast = await asUser(t.app, admin, (ctx) => getForecast(ctx, { ...q, groupBy: 'owner', currency: 'JPY' }))
    const row = (name: string) => forecast.rows.find((r) => r.name === name)!
    expect(row('佐藤')).toEqual({
      id: sato.userId,
      name: '佐藤',
      quota: 6_000_000,
      won: 3_000_000,
      wonCount: 1,
      commit: 5_000_000, // won + the 70% quote
      bestCase: 6_000_000, // won + every open deal of the quarter
      pipeline: 3_000_000,
      weighted: 1_500_000, // 2,000,000 × 70% + 1,000,000 × 10%
      openCount: 2,
      attainment: 0.5,
    })
    expect(row('伊藤')).toMatchObject({ quota: null, won: 0, pipeline: 800_000, weighted: 400_000, commit: 0, bestCase: 800_000, attainment: null })
    expect(forecast.totals).toMatchObject({ quota: 6_000_000, won: 3_000_000, pipeline: 3_800_000, weighted: 1_900_000 })

    const byTeam = await asUser(t.app, admin, (ctx) => getForecast(ctx, { ...q, groupBy: 'team', currency: 'JPY' }))
    expect(byTeam.rows).toHaveLength(1)
    expect(byTeam.rows[0]).toMatchObject({ id: team.id, name: '東京営業課', won: 3_000_000, pipeline: 3_800_000 })
  })

  it('a rep sees only the deals their role lets them see; only admins and managers set quotas', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const east = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東' }))
    const west = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '西' }))
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: east.id })
    const other = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: west.id })
    const manager = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    await asUser(t.app, rep, (ctx) => createDeal(ctx, { name: 'mine', amount: 100, expectedCloseDate: '2027-05-01' }))
    await asUser(t.app, other, (ctx) => createDeal(ctx, { name: 'theirs', amount: 999, expectedCloseDate: '2027-05-01' }))
    const seen = await asUser(t.app, rep, (ctx) => getForecast(ctx, { from: '2027-04-01', to: '2027-06-30', groupBy: 'owner', currency: 'JPY' }))
    expect(seen.totals.pipeline).toBe(100)
    const quota = { userId: rep.userId, periodStart: '2027-04-01', periodEnd: '2027-04-30', amount: 1000, currency: 'JPY' }
    await expect(asUser(t.app, rep, (ctx) => setQuota(ctx, quota))).rejects.toMatchObject({ code: 'forbidden' })
    const set = await asUser(t.app, manager, (ctx) => setQuota(ctx, quota))
    const replaced = await asUser(t.app, manager, (ctx) => setQuota(ctx, { ...quota, amount: 2000 }))
    expect(replaced.id).toBe(set.id)
    expect(replaced.amount).toBe(2000)
  })

  it('over HTTP: refuses a period that runs backwards or a quota naming both a user and a team', async () => {
    const { admin } = await createTestTenant(t.app)
    const team = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: 'T' }))
    const api = client(t.http, await signIn(t.http, admin))
    expect((await api.get('/api/v1/forecast?from=2027-06-30&to=2027-04-01')).statusCode).toBe(400)
    const both = await api.put('/api/v1/quotas', { userId: admin.userId, teamId: team.id, periodStart: '2027-04-01', periodEnd: '2027-06-30', amount: 1 })
    expect(both.statusCode).toBe(400)
    const ok = await api.get('/api/v1/forecast?from=2027-04-01&to=2027-06-30&groupBy=team')
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ groupBy: 'team', currency: 'JPY', commitProbability: 70, rows: [] })
  })
})
