import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createRole } from '../roles/index.ts'
import type { DashboardData } from './dashboards.schema.ts'
import { getDashboardData, listDashboards } from './dashboards.service.ts'

let t: TestApp
let admin: TestUser
let repA: TestUser
let ownB: TestUser
let tenantId: string
const team = { t1: '', t2: '' }

/**
 * Deals: w1 repA/T1 won 1000 (created 2026-01-01, closed 01-11: 10 days), l1 repA/T1 lost 500 (closed 02-04),
 * w2 ownB/T2 won 3000 (created 02-01, closed 03-03: 30 days), o1 repA/T1 open 2000, o2 ownB/T2 open 4000.
 * Accounts with scores: loyal (5 purchases), repeat (2), one_time (1), dormant (3), and one never scored.
 */
beforeAll(async () => {
  t = await startTestApp()
  const tenant = await createTestTenant(t.app)
  admin = tenant.admin
  tenantId = tenant.tenantId
  team.t1 = newId()
  team.t2 = newId()
  await inTenantTransaction(t.app.db, tenantId, (tx) =>
    tx.insertInto('teams').values([{ id: team.t1, tenantId, name: 'T1', parentId: null }, { id: team.t2, tenantId, name: 'T2', parentId: null }]).execute(),
  )
  repA = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: team.t1, name: 'Rep A' })
  const read = { create: false, read: true, update: false, delete: false, visibility: 'all' as const }
  const ownRole = await asUser(t.app, admin, (ctx) =>
    createRole(ctx, { name: 'Own', permissions: { objects: { deals: { ...read, visibility: 'own' }, reports: { ...read, visibility: 'own' }, users: read, teams: read }, fields: {} } }),
  )
  ownB = await createTestUser(t.app, tenantId, { roleId: ownRole.id, teamId: team.t2, name: 'Own B' })
  await inTenantTransaction(t.app.db, tenantId, async (tx) => {
    const pipeline = await tx.selectFrom('pipelines').select('id').where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
    const stages = await tx.selectFrom('pipelineStages').select(['id', 'kind']).where('pipelineId', '=', pipeline.id).orderBy('position').execute()
    let position = 0
    const deal = (name: string, owner: TestUser, teamId: string, status: 'open' | 'won' | 'lost', amount: number, created: string, closed: string | null) => ({
      id: newId(),
      tenantId,
      name,
      pipelineId: pipeline.id,
      stageId: stages.find((s) => s.kind === status)!.id,
      status,
      amount,
      ownerId: owner.userId,
      teamId,
      boardPosition: ++position,
      createdAt: `${created}T03:00:00Z`,
      closedAt: closed ? `${closed}T03:00:00Z` : null,
    })
    await tx.insertInto('deals').values([
      deal('w1', repA, team.t1, 'won', 1000, '2026-01-01', '2026-01-11'),
      deal('l1', repA, team.t1, 'lost', 500, '2026-01-05', '2026-02-04'),
      deal('w2', ownB, team.t2, 'won', 3000, '2026-02-01', '2026-03-03'),
      deal('o1', repA, team.t1, 'open', 2000, '2026-02-10', null),
      deal('o2', ownB, team.t2, 'open', 4000, '2026-03-10', null),
    ] as never).execute()
    const accounts = ['loyal', 'repeat', 'one_time', 'dormant', null].map((segment) => ({ id: newId(), segment }))
    await tx.insertInto('accounts').values(accounts.map((a, i) => ({ id: a.id, tenantId, name: `Account ${i}`, ownerId: admin.userId }))).execute()
    const purchases = { loyal: 5, repeat: 2, one_time: 1, dormant: 3 } as const
    const clv = { loyal: 50000, repeat: 500000, one_time: 5000000, dormant: null } as const
    await tx.insertInto('customerScores').values(
      accounts.filter((a) => a.segment).map((a) => {
        const s = a.segment as keyof typeof purchases
        return { tenantId, accountId: a.id, purchases: purchases[s], monetary: 1000, segment: s, clv: clv[s] }
      }),
    ).execute()
  })
})
afterAll(async () => {
  await t?.close()
})

const kpi = (data: DashboardData, title: string, measure = 0) => {
  const widget = data.widgets.find((w) => w.title === title)
  if (!widget) throw new Error(`no widget ${title}`)
  if (widget.error) throw new Error(`${title}: ${widget.error.message}`)
  return widget.result!.rows.at(-1)!.values[measure]
}

describe('dashboards', () => {
  it('makes the sales, customer and activity dashboards once, on the first read', async () => {
    const first = await asUser(t.app, admin, (ctx) => listDashboards(ctx))
    expect(first.data.map((d) => d.systemKey)).toEqual(['sales', 'customer', 'activity'])
    expect(first.data[0]!.name).toBe('営業ダッシュボード')
    expect(first.data[0]!.widgets.map((w) => w.type)).toEqual(['kpi', 'kpi', 'kpi', 'kpi', 'kpi', 'line', 'funnel', 'leaderboard'])
    const again = await asUser(t.app, repA, (ctx) => listDashboards(ctx))
    expect(again.data.map((d) => d.id)).toEqual(first.data.map((d) => d.id))
    const reports = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('savedReports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())
    expect(Number(reports!.n)).toBe(19)
  })

  it('sales dashboard: revenue, pipeline, win rate, average deal size and sales cycle in one request', async () => {
    const { data: boards } = await asUser(t.app, admin, (ctx) => listDashboards(ctx))
    const api = client(t.http, await signIn(t.http, admin))
    const response = await api.get(`/api/v1/dashboards/${boards[0]!.id}/data`)
    expect(response.statusCode).toBe(200)
    const data = response.json() as DashboardData
    expect(kpi(data, '売上（受注金額）')).toBe(4000)
    expect(kpi(data, 'パイプライン金額')).toBe(6000)
    expect(kpi(data, 'パイプライン金額', 1)).toBe(2)
    expect(kpi(data, '受注率')).toBeCloseTo(2 / 3, 6)
    expect(kpi(data, '平均受注額')).toBe(2000)
    expect(kpi(data, '平均商談期間')).toBe(20)
    const byMonth = data.widgets.find((w) => w.type === 'line')!.result!
    expect(byMonth.rows.filter((r) => r.level === 1).map((r) => [r.keys[0], r.values[0]])).toEqual([
      ['2026-01', 1000],
      ['2026-03', 3000],
    ])
    const funnel = data.widgets.find((w) => w.type === 'funnel')!.result!
    expect(funnel.rows.at(-1)!.values).toEqual([6000, 2])
  })

  it('the period filter applies to each report’s date field and the team filter to its team', async () => {
    const { data: boards } = await asUser(t.app, admin, (ctx) => listDashboards(ctx))
    const january = await asUser(t.app, admin, (ctx) => getDashboardData(ctx, boards[0]!.id, { from: '2026-01-01', to: '2026-01-31' }))
    expect(kpi(january, '売上（受注金額）')).toBe(1000)
    expect(kpi(january, '受注率')).toBe(1)
    const q1 = await asUser(t.app, admin, (ctx) => getDashboardData(ctx, boards[0]!.id, { from: '2026-01-01', to: '2026-03-31' }))
    expect(kpi(q1, '受注率')).toBeCloseTo(2 / 3, 6)
    const t2 = await asUser(t.app, admin, (ctx) => getDashboardData(ctx, boards[0]!.id, { teamId: team.t2 }))
    expect(kpi(t2, '売上（受注金額）')).toBe(3000)
    expect(kpi(t2, 'パイプライン金額')).toBe(4000)
  })

  it('each viewer sees totals over the deals they may open', async () => {
    const { data: boards } = await asUser(t.app, admin, (ctx) => listDashboards(ctx))
    const own = await asUser(t.app, ownB, (ctx) => getDashboardData(ctx, boards[0]!.id, {}))
    expect(kpi(own, '売上（受注金額）')).toBe(3000)
    expect(kpi(own, 'パイプライン金額')).toBe(4000)
    const leaderboard = own.widgets.find((w) => w.type === 'leaderboard')!.result!
    expect(leaderboard.rows.filter((r) => r.level === 1).map((r) => r.labels[0])).toEqual(['Own B'])
    // The customer dashboard needs accounts and analytics, which this role may not read: each widget says so.
    const customer = await asUser(t.app, ownB, (ctx) => getDashboardData(ctx, boards[1]!.id, {}))
    expect(customer.widgets.every((w) => w.result === null && w.error?.code === 'forbidden')).toBe(true)
  })

  it('customer dashboard: active customers, retention, churn and the CLV distribution from the RFM scores', async () => {
    const { data: boards } = await asUser(t.app, admin, (ctx) => listDashboards(ctx))
    const data = await asUser(t.app, admin, (ctx) => getDashboardData(ctx, boards[1]!.id, {}))
    expect(kpi(data, '稼働顧客数')).toBe(3)
    expect(kpi(data, 'リピート率')).toBe(0.75)
    expect(kpi(data, '離反率')).toBe(0.25)
    const clv = data.widgets.find((w) => w.title === 'CLVの分布')!.result!
    expect(clv.rows.map((r) => [r.keys[0], r.values[0]])).toEqual([
      ['b1_under100k', 1],
      ['b2_100k_1m', 1],
      ['b3_1m_10m', 1],
      [null, 3],
    ])
  })

  it('a user puts a saved report on an own dashboard and gets its data; a shared board refuses a private report', async () => {
    const api = client(t.http, await signIn(t.http, repA))
    const report = await api.post('/api/v1/reports', { name: 'My deals by status', definition: { object: 'deals', groups: [{ field: 'status' }] }, chartType: 'bar' })
    expect(report.statusCode).toBe(201)
    const board = await api.post('/api/v1/dashboards', { name: 'Mine' })
    expect(board.statusCode).toBe(201)
    const widget = await api.post(`/api/v1/dashboards/${board.json().id}/widgets`, { reportId: report.json().id, type: 'bar', title: 'By status' })
    expect(widget.statusCode).toBe(201)
    const data = (await api.get(`/api/v1/dashboards/${board.json().id}/data`)).json() as DashboardData
    expect(data.widgets).toHaveLength(1)
    // Rep A (team T1) sees T1's three deals: lost 1, open 1, won 1.
    expect(data.widgets[0]!.result!.rows.map((r) => [r.keys[0], r.values[0]])).toEqual([
      ['lost', 1],
      ['open', 1],
      ['won', 1],
      [null, 3],
    ])
    // Others do not see a private dashboard.
    const adminApi = client(t.http, await signIn(t.http, admin))
    expect((await adminApi.get(`/api/v1/dashboards/${board.json().id}`)).statusCode).toBe(404)
    // A sales rep may not change the shared default boards.
    const { data: boards } = await asUser(t.app, admin, (ctx) => listDashboards(ctx))
    expect((await api.post(`/api/v1/dashboards/${boards[0]!.id}/widgets`, { reportId: report.json().id, type: 'bar', title: 'x' })).statusCode).toBe(403)
    const adminReport = await adminApi.post('/api/v1/reports', { name: 'Private', definition: { object: 'deals' } })
    const shared = await adminApi.post(`/api/v1/dashboards/${boards[0]!.id}/widgets`, { reportId: adminReport.json().id, type: 'table', title: 'x' })
    expect(shared.statusCode).toBe(400)
    expect((await api.delete(`/api/v1/dashboards/${board.json().id}/widgets/${widget.json().id}`)).statusCode).toBe(204)
  })

  it('reuses a viewer’s computed data for a few minutes with its time; 更新 (refresh) and a changed report re-run it', async () => {
    const { data: boards } = await asUser(t.app, admin, (ctx) => listDashboards(ctx))
    const sales = boards[0]!.id
    const first = await asUser(t.app, admin, (ctx) => getDashboardData(ctx, sales, { refresh: 'true' }))
    expect(first.reused).toBe(false)
    expect(kpi(first, '売上（受注金額）')).toBe(4000)
    await inTenantTransaction(t.app.db, tenantId, async (tx) => {
      const won = await tx.selectFrom('deals').selectAll().where('name', '=', 'w1').executeTakeFirstOrThrow()
      await tx.insertInto('deals').values({ ...won, id: newId(), name: 'w3', amount: 500, boardPosition: 99 } as never).execute()
    })
    const again = await asUser(t.app, admin, (ctx) => getDashboardData(ctx, sales, {}))
    expect(again.reused).toBe(true)
    expect(again.asOf).toBe(first.asOf)
    expect(kpi(again, '売上（受注金額）')).toBe(4000)
    // Another viewer never gets the admin's data: Own B computes over the deals they may open.
    const own = await asUser(t.app, ownB, (ctx) => getDashboardData(ctx, sales, {}))
    expect(kpi(own, '売上（受注金額）')).toBe(3000)
    const refreshed = await asUser(t.app, admin, (ctx) => getDashboardData(ctx, sales, { refresh: 'true' }))
    expect(refreshed.reused).toBe(false)
    expect(kpi(refreshed, '売上（受注金額）')).toBe(4500)
    expect(Date.parse(refreshed.asOf)).toBeGreaterThanOrEqual(Date.parse(first.asOf))

    // Data older than the freshness window is computed again.
    await inTenantTransaction(t.app.db, tenantId, (tx) => tx.updateTable('dashboardResults').set({ computedAt: new Date(Date.now() - 11 * 60_000) }).execute())
    expect((await asUser(t.app, admin, (ctx) => getDashboardData(ctx, sales, {}))).reused).toBe(false)

    // Changing a widget's report shows at once, even inside the window.
    const api = client(t.http, await signIn(t.http, repA))
    const report = (await api.post('/api/v1/reports', { name: 'Deals by status', definition: { object: 'deals', groups: [{ field: 'status' }] }, chartType: 'bar' })).json()
    const board = (await api.post('/api/v1/dashboards', { name: 'Cached' })).json()
    await api.post(`/api/v1/dashboards/${board.id}/widgets`, { reportId: report.id, type: 'bar', title: 'By status' })
    const before = (await api.get(`/api/v1/dashboards/${board.id}/data`)).json() as DashboardData
    expect(before.widgets[0]!.result!.rows.at(-1)!.values[0]).toBe(4)
    expect((await api.patch(`/api/v1/reports/${report.id}`, { definition: { object: 'deals', filters: [{ field: 'status', op: 'eq', value: 'won' }], groups: [{ field: 'status' }] } })).statusCode).toBe(200)
    const after = (await api.get(`/api/v1/dashboards/${board.id}/data`)).json() as DashboardData
    expect(after.reused).toBe(false)
    expect(after.widgets[0]!.result!.rows.at(-1)!.values[0]).toBe(2)
    expect(((await api.get(`/api/v1/dashboards/${board.id}/data`)).json() as DashboardData).reused).toBe(true)
  })
})
