import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createRole } from '../roles/index.ts'
import type { ReportDefinition } from './reports.schema.ts'
import { drillDownReport, getReportCatalogue, runReport } from './reports.service.ts'

let t: TestApp
let admin: TestUser
let repA: TestUser
let repB: TestUser
let ownRep: TestUser
let noAmount: TestUser
const ids = { east: '', west: '', tokyo: '', osaka: '', acc1: '', acc2: '' }

/**
 * Six deals (amounts in yen, dates in UTC noon so Tokyo time falls on the same day):
 *   A Rep  / Tokyo (East):  won 100 (2026-01-10, closed 02-15, acc1), lost 200 (01-20, closed 03-01, acc1), open 300 (02-05, acc2)
 *   B Rep  / Osaka (West):  won 400 (02-10, closed 03-20, acc2),      open 500 (03-15, no account)
 *   C Own  / Tokyo (East):  won 600 (03-25, closed 04-02, acc1)
 */
beforeAll(async () => {
  t = await startTestApp()
  const tenant = await createTestTenant(t.app)
  admin = tenant.admin
  const tenantId = tenant.tenantId
  ids.east = newId()
  ids.west = newId()
  ids.tokyo = newId()
  ids.osaka = newId()
  await inTenantTransaction(t.app.db, tenantId, async (tx) => {
    await tx.insertInto('teams').values([
      { id: ids.east, tenantId, name: 'East', parentId: null },
      { id: ids.west, tenantId, name: 'West', parentId: null },
    ]).execute()
    await tx.insertInto('teams').values([
      { id: ids.tokyo, tenantId, name: 'Tokyo', parentId: ids.east },
      { id: ids.osaka, tenantId, name: 'Osaka', parentId: ids.west },
    ]).execute()
  })
  repA = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: ids.tokyo, name: 'A Rep' })
  repB = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: ids.osaka, name: 'B Rep' })
  const read = { create: false, read: true, update: false, delete: false, visibility: 'all' as const }
  const ownRole = await asUser(t.app, admin, (ctx) =>
    createRole(ctx, {
      name: 'Own deals only',
      permissions: { objects: { deals: { ...read, visibility: 'own' }, reports: read, users: read, teams: read }, fields: {} },
    }),
  )
  ownRep = await createTestUser(t.app, tenantId, { roleId: ownRole.id, teamId: ids.tokyo, name: 'C Own' })
  const hiddenRole = await asUser(t.app, admin, (ctx) =>
    createRole(ctx, { name: 'No amounts', permissions: { objects: { deals: read, reports: { ...read, create: true }, users: read, teams: read }, fields: { deals: { amount: 'hidden' } } } }),
  )
  noAmount = await createTestUser(t.app, tenantId, { roleId: hiddenRole.id })

  await inTenantTransaction(t.app.db, tenantId, async (tx) => {
    const pipeline = await tx.selectFrom('pipelines').select('id').where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
    const stages = await tx.selectFrom('pipelineStages').select(['id', 'kind']).where('pipelineId', '=', pipeline.id).orderBy('position').execute()
    const stageOf = (kind: string) => stages.find((s) => s.kind === kind)!.id
    ids.acc1 = newId()
    ids.acc2 = newId()
    await tx.insertInto('accounts').values([
      { id: ids.acc1, tenantId, name: 'Acme', industry: 'Manufacturing', ownerId: repA.userId, teamId: ids.tokyo },
      { id: ids.acc2, tenantId, name: 'Beta', industry: 'Retail', ownerId: repB.userId, teamId: ids.osaka },
    ]).execute()
    await tx.insertInto('customerScores').values([
      { tenantId, accountId: ids.acc1, purchases: 3, monetary: 300000, segment: 'loyal', clv: 50000 },
      { tenantId, accountId: ids.acc2, purchases: 1, monetary: 20000, segment: 'dormant', clv: 2000000 },
    ]).execute()
    const deal = (name: string, owner: TestUser, team: string, status: 'open' | 'won' | 'lost', amount: number, created: string, closed: string | null, account: string | null, position: number) => ({
      id: newId(),
      tenantId,
      name,
      pipelineId: pipeline.id,
      stageId: stageOf(status),
      status,
      amount,
      accountId: account,
      ownerId: owner.userId,
      teamId: team,
      boardPosition: position,
      createdAt: `${created}T03:00:00Z`,
      closedAt: closed ? `${closed}T03:00:00Z` : null,
    })
    await tx.insertInto('deals').values([
      deal('d1', repA, ids.tokyo, 'won', 100, '2026-01-10', '2026-02-15', ids.acc1, 1),
      deal('d2', repA, ids.tokyo, 'lost', 200, '2026-01-20', '2026-03-01', ids.acc1, 2),
      deal('d3', repA, ids.tokyo, 'open', 300, '2026-02-05', null, ids.acc2, 3),
      deal('d4', repB, ids.osaka, 'won', 400, '2026-02-10', '2026-03-20', ids.acc2, 4),
      deal('d5', repB, ids.osaka, 'open', 500, '2026-03-15', null, null, 5),
      deal('d6', ownRep, ids.tokyo, 'won', 600, '2026-03-25', '2026-04-02', ids.acc1, 6),
    ] as never).execute()
  })
})
afterAll(async () => {
  await t?.close()
})

const run = (user: TestUser, definition: ReportDefinition) => asUser(t.app, user, (ctx) => runReport(ctx, definition))
const countSum = [{ aggregate: 'count' as const }, { aggregate: 'sum' as const, field: 'amount' }]
const simple = (rows: { level: number; labels: (string | null)[]; values: (number | null)[] }[]) => rows.map((r) => [r.level, ...r.labels, ...r.values])

describe('report builder', () => {
  it('groups deals by owner with count and sum, and a grand total', async () => {
    const result = await run(admin, { object: 'deals', groups: [{ field: 'owner' }], measures: countSum })
    expect(simple(result.rows)).toEqual([
      [1, 'A Rep', 3, 600],
      [1, 'B Rep', 2, 900],
      [1, 'C Own', 1, 600],
      [0, null, 6, 2100],
    ])
  })

  it('rolls up region → team → owner with a subtotal after each group', async () => {
    const result = await run(admin, { object: 'deals', groups: [{ field: 'region' }, { field: 'team' }, { field: 'owner' }], measures: countSum })
    expect(simple(result.rows)).toEqual([
      [3, 'East', 'Tokyo', 'A Rep', 3, 600],
      [3, 'East', 'Tokyo', 'C Own', 1, 600],
      [2, 'East', 'Tokyo', null, 4, 1200],
      [1, 'East', null, null, 4, 1200],
      [3, 'West', 'Osaka', 'B Rep', 2, 900],
      [2, 'West', 'Osaka', null, 2, 900],
      [1, 'West', null, null, 2, 900],
      [0, null, null, null, 6, 2100],
    ])
    expect(result.rows[0]!.keys).toEqual([ids.east, ids.tokyo, repA.userId])
  })

  it('leaves subtotals out when asked, keeping the grand total', async () => {
    const result = await run(admin, { object: 'deals', groups: [{ field: 'team' }, { field: 'status' }], measures: [{ aggregate: 'count' }], subtotals: false })
    expect(simple(result.rows)).toEqual([
      [2, 'Osaka', 'open', 1],
      [2, 'Osaka', 'won', 1],
      [2, 'Tokyo', 'lost', 1],
      [2, 'Tokyo', 'open', 1],
      [2, 'Tokyo', 'won', 2],
      [0, null, null, 6],
    ])
  })

  it('pivots status into columns with row and column totals', async () => {
    const result = await run(admin, { object: 'deals', groups: [{ field: 'owner' }], pivot: { field: 'status' }, measures: [{ aggregate: 'sum', field: 'amount' }] })
    expect(result.pivotColumns.map((c) => c.key)).toEqual(['lost', 'open', 'won'])
    expect(result.rows.map((r) => [r.labels[0], r.cells!.map((c) => c[0]), r.values[0]])).toEqual([
      ['A Rep', [200, 300, 100], 600],
      ['B Rep', [null, 500, 400], 900],
      ['C Own', [null, null, 600], 600],
      [null, [200, 800, 1100], 2100],
    ])
  })

  it('buckets dates by month and quarter in the tenant time zone', async () => {
    const months = await run(admin, { object: 'deals', groups: [{ field: 'createdAt', bucket: 'month' }], measures: countSum })
    expect(simple(months.rows)).toEqual([
      [1, '2026-01', 2, 300],
      [1, '2026-02', 2, 700],
      [1, '2026-03', 2, 1100],
      [0, null, 6, 2100],
    ])
    const closed = await run(admin, { object: 'deals', groups: [{ field: 'closedAt', bucket: 'quarter' }], measures: [{ aggregate: 'count' }] })
    expect(simple(closed.rows)).toEqual([
      [1, '2026-Q1', 3],
      [1, '2026-Q2', 1],
      [1, null, 2],
      [0, null, 6],
    ])
    const years = await run(admin, { object: 'deals', groups: [{ field: 'expectedCloseDate', bucket: 'year' }], measures: [{ aggregate: 'count' }] })
    expect(simple(years.rows)).toEqual([
      [1, null, 6],
      [0, null, 6],
    ])
  })

  it('averages, min, max and count distinct; win rate as the average of won over closed deals', async () => {
    const result = await run(admin, {
      object: 'deals',
      filters: [{ field: 'status', op: 'in', value: ['won', 'lost'] }],
      measures: [{ aggregate: 'avg', field: 'won' }, { aggregate: 'avg', field: 'amount' }, { aggregate: 'min', field: 'amount' }, { aggregate: 'max', field: 'amount' }, { aggregate: 'countDistinct', field: 'owner' }],
    })
    expect(result.rows).toHaveLength(1)
    expect(result.rows[0]!.values).toEqual([0.75, 325, 100, 600, 3])
  })

  it('reports on accounts by RFM segment and on deals by the account’s segment', async () => {
    const accounts = await run(admin, { object: 'accounts', groups: [{ field: 'segment' }], measures: [{ aggregate: 'count' }, { aggregate: 'sum', field: 'clv' }] })
    expect(simple(accounts.rows)).toEqual([
      [1, 'dormant', 1, 2000000],
      [1, 'loyal', 1, 50000],
      [0, null, 2, 2050000],
    ])
    const deals = await run(admin, { object: 'deals', groups: [{ field: 'accountSegment' }], measures: countSum })
    expect(simple(deals.rows)).toEqual([
      [1, 'dormant', 2, 700],
      [1, 'loyal', 3, 900],
      [1, null, 1, 500],
      [0, null, 6, 2100],
    ])
  })

  it('drills from a subtotal and from the grand total to exactly the rows counted, paged by keyset', async () => {
    const definition: ReportDefinition = { object: 'deals', groups: [{ field: 'team' }, { field: 'owner' }], measures: countSum }
    const result = await run(admin, definition)
    const tokyo = result.rows.find((r) => r.level === 1 && r.labels[0] === 'Tokyo')!
    const first = await asUser(t.app, admin, (ctx) => drillDownReport(ctx, { definition, path: tokyo.keys.slice(0, 1), limit: 3 }))
    expect(first.total).toBe(tokyo.values[0])
    expect(first.data).toHaveLength(3)
    const second = await asUser(t.app, admin, (ctx) => drillDownReport(ctx, { definition, path: tokyo.keys.slice(0, 1), limit: 3, cursor: first.nextCursor! }))
    expect(second.nextCursor).toBeNull()
    const names = [...first.data, ...second.data].map((r) => r.values.name).sort()
    expect(names).toEqual(['d1', 'd2', 'd3', 'd6'])
    expect([...first.data, ...second.data].reduce((sum, r) => sum + Number(r.values.amount), 0)).toBe(tokyo.values[1])
    const cell = result.rows.find((r) => r.level === 2 && r.labels[1] === 'B Rep')!
    const detail = await asUser(t.app, admin, (ctx) => drillDownReport(ctx, { definition, path: cell.keys }))
    expect(detail.data.map((r) => r.values.name).sort()).toEqual(['d4', 'd5'])
    const all = await asUser(t.app, admin, (ctx) => drillDownReport(ctx, { definition, path: [] }))
    expect(all.total).toBe(6)
    // A pivot cell: A Rep × won.
    const pivoted: ReportDefinition = { object: 'deals', groups: [{ field: 'owner' }], pivot: { field: 'status' } }
    const pivotCell = await asUser(t.app, admin, (ctx) => drillDownReport(ctx, { definition: pivoted, path: [repA.userId], pivotKey: 'won' }))
    expect(pivotCell.data.map((r) => r.values.name)).toEqual(['d1'])
    // A null group (deals without an account segment).
    const bySegment: ReportDefinition = { object: 'deals', groups: [{ field: 'accountSegment' }] }
    const none = await asUser(t.app, admin, (ctx) => drillDownReport(ctx, { definition: bySegment, path: [null] }))
    expect(none.data.map((r) => r.values.name)).toEqual(['d5'])
  })

  it('a user who sees only own deals gets totals over own deals only', async () => {
    const result = await run(ownRep, { object: 'deals', groups: [{ field: 'team' }], measures: countSum })
    expect(simple(result.rows)).toEqual([
      [1, 'Tokyo', 1, 600],
      [0, null, 1, 600],
    ])
    const drill = await asUser(t.app, ownRep, (ctx) => drillDownReport(ctx, { definition: { object: 'deals' }, path: [] }))
    expect(drill.data.map((r) => r.values.name)).toEqual(['d6'])
    // A sales rep sees the deals of the own team (team visibility): Tokyo's four.
    const team = await run(repA, { object: 'deals', measures: countSum })
    expect(team.rows[0]!.values).toEqual([4, 1200])
  })

  it('a hidden field cannot be aggregated, grouped or filtered, and is not offered', async () => {
    await expect(run(noAmount, { object: 'deals', measures: [{ aggregate: 'sum', field: 'amount' }] })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(run(noAmount, { object: 'deals', groups: [{ field: 'amount' }] })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(run(noAmount, { object: 'deals', filters: [{ field: 'amount', op: 'gt', value: 0 }] })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, noAmount, (ctx) => drillDownReport(ctx, { definition: { object: 'deals', columns: ['name', 'amount'] }, path: [] }))).rejects.toMatchObject({ code: 'forbidden' })
    // Default drill columns silently leave the hidden amount out.
    const drill = await asUser(t.app, noAmount, (ctx) => drillDownReport(ctx, { definition: { object: 'deals' }, path: [], limit: 1 }))
    expect(drill.columns.map((c) => c.key)).not.toContain('amount')
    expect(drill.data[0]!.values).not.toHaveProperty('amount')
    const catalogue = await asUser(t.app, noAmount, async (ctx) => getReportCatalogue(ctx, 'deals'))
    expect(catalogue.fields.map((f) => f.key)).not.toContain('amount')
    expect(catalogue.fields.map((f) => f.key)).toContain('name')
    // Accounts are not readable for this role: account fields are refused, too.
    expect(catalogue.fields.map((f) => f.key)).not.toContain('account')
    await expect(run(noAmount, { object: 'deals', groups: [{ field: 'account' }] })).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('refuses unknown fields and non-numeric sums with 400s naming the field', async () => {
    const api = client(t.http, await signIn(t.http, admin))
    const unknown = await api.post('/api/v1/reports/run', { object: 'deals', groups: [{ field: 'amount; drop table deals' }] })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.details[0].path).toBe('groups.0.field')
    const text = await api.post('/api/v1/reports/run', { object: 'deals', measures: [{ aggregate: 'sum', field: 'name' }] })
    expect(text.statusCode).toBe(400)
    const bucket = await api.post('/api/v1/reports/run', { object: 'deals', groups: [{ field: 'name', bucket: 'month' }] })
    expect(bucket.statusCode).toBe(400)
    // Values that do not fit the field are 400s naming the value, not database errors.
    for (const filter of [
      { field: 'owner', op: 'eq', value: 'not-an-id' },
      { field: 'amount', op: 'gt', value: 'lots' },
      { field: 'createdAt', op: 'gte', value: '2026-13-45x' },
      { field: 'status', op: 'in', value: ['open', 'maybe'] },
    ]) {
      const response = await api.post('/api/v1/reports/run', { object: 'deals', filters: [filter] })
      expect(response.statusCode, JSON.stringify(filter)).toBe(400)
      expect(response.json().error.details[0].path).toMatch(/^filters\.0\.value/)
    }
  })

  it('exports CSV with a BOM, labelled subtotals and the grand total', async () => {
    const api = client(t.http, await signIn(t.http, admin))
    const response = await api.post('/api/v1/reports/export', { definition: { object: 'deals', groups: [{ field: 'team' }, { field: 'owner' }], measures: countSum }, locale: 'ja' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('text/csv')
    const bytes = response.rawPayload
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n')
    expect(lines).toEqual([
      'チーム,担当者,件数,金額（合計）',
      'Osaka,B Rep,2,900',
      'Osaka,小計,2,900',
      'Tokyo,A Rep,3,600',
      'Tokyo,C Own,1,600',
      'Tokyo,小計,4,1200',
      '総計,,6,2100',
    ])
  })

  it('reports on sales document lines by product', async () => {
    const result = await run(admin, { object: 'salesDocumentLines', groups: [{ field: 'documentKind' }], measures: countSum })
    expect(simple(result.rows)).toEqual([[0, null, 0, null]])
  })
})

describe('saved reports', () => {
  it('saves a report privately; others see it only once shared; only the owner changes it', async () => {
    const mine = client(t.http, await signIn(t.http, repA))
    const other = client(t.http, await signIn(t.http, repB))
    const created = await mine.post('/api/v1/reports', { name: 'My pipeline', definition: { object: 'deals', groups: [{ field: 'stage' }], measures: countSum }, chartType: 'bar' })
    expect(created.statusCode).toBe(201)
    const id = created.json().id as string
    expect((await other.get(`/api/v1/reports/${id}`)).statusCode).toBe(404)
    expect((await other.get('/api/v1/reports')).json().data.map((r: { id: string }) => r.id)).not.toContain(id)
    expect((await mine.patch(`/api/v1/reports/${id}`, { shared: true })).statusCode).toBe(200)
    const seen = await other.get(`/api/v1/reports/${id}/result`)
    expect(seen.statusCode).toBe(200)
    // Run by B, the shared report counts B's own visible deals (Osaka team): 2.
    expect(seen.json().rows.at(-1).values).toEqual([2, 900])
    expect((await other.patch(`/api/v1/reports/${id}`, { name: 'Mine now' })).statusCode).toBe(403)
    const csv = await other.get(`/api/v1/reports/${id}/export?lang=en`)
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain('Total,2,900')
    expect((await mine.delete(`/api/v1/reports/${id}`)).statusCode).toBe(204)
  })

  it('refuses to save a definition that uses a field hidden from the author', async () => {
    const api = client(t.http, await signIn(t.http, noAmount))
    const response = await api.post('/api/v1/reports', { name: 'Amounts', definition: { object: 'deals', measures: [{ aggregate: 'sum', field: 'amount' }] } })
    expect(response.statusCode).toBe(403)
  })
})

describe('API document', () => {
  it('lists the report routes and names their schemas', async () => {
    const response = await t.http.inject({ method: 'GET', url: '/api/openapi.json' })
    expect(response.statusCode).toBe(200)
    const doc = response.json() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/reports/run', '/api/v1/reports/drill', '/api/v1/reports/catalogue']))
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ReportResult', 'SavedReport']))
  })
})
