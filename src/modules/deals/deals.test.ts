import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createTeam } from '../teams/index.ts'
import { createDeal, getBoard, listDealStageHistory, listDeals, moveDeal, updateDeal } from './deals.service.ts'
import { createPipeline, deletePipeline, listPipelines, updatePipeline } from './pipelines.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

async function defaultPipeline(user: TestUser) {
  const { data } = await asUser(t.app, user, (ctx) => listPipelines(ctx))
  const pipeline = data.find((p) => p.isDefault)!
  const stage = (kind: 'open' | 'won' | 'lost', index = 0) => pipeline.stages.filter((s) => s.kind === kind)[index]!
  return { pipeline, stage }
}

describe('pipelines', () => {
  it('every new tenant starts with a default pipeline of seven stages in its language', async () => {
    const { admin } = await createTestTenant(t.app)
    const { pipeline } = await defaultPipeline(admin)
    expect(pipeline.name).toBe('営業パイプライン')
    expect(pipeline.stages.map((s) => [s.name, s.probability, s.kind])).toEqual([
      ['初回接触', 10, 'open'],
      ['ニーズ把握', 25, 'open'],
      ['提案', 50, 'open'],
      ['見積提示', 70, 'open'],
      ['交渉・決裁', 85, 'open'],
      ['受注', 100, 'won'],
      ['失注', 0, 'lost'],
    ])
  })

  it('only admins shape pipelines; sales reps read them', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const stages = [
      { name: 'Lead', probability: 10 },
      { name: 'Won', probability: 100, kind: 'won' as const },
      { name: 'Lost', probability: 0, kind: 'lost' as const },
    ]
    await expect(asUser(t.app, rep, (ctx) => createPipeline(ctx, { name: 'Partner', stages: stages.map((s) => ({ kind: 'open' as const, ...s })) }))).rejects.toMatchObject({
      code: 'forbidden',
    })
    const created = await asUser(t.app, admin, (ctx) => createPipeline(ctx, { name: 'Partner', stages: stages.map((s) => ({ kind: 'open' as const, ...s })) }))
    expect(created.isDefault).toBe(false)
    const seen = await asUser(t.app, rep, (ctx) => listPipelines(ctx))
    expect(seen.data.map((p) => p.name)).toEqual(['営業パイプライン', 'Partner'])
  })

  it('refuses a pipeline without exactly one won and one lost stage (400 naming the problem)', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = client(t.http, await signIn(t.http, admin))
    const response = await api.post('/api/v1/pipelines', { name: 'Bad', stages: [{ name: 'a', probability: 10 }, { name: 'b', probability: 20 }, { name: 'c', probability: 30 }] })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.details.some((d: { message: string }) => /won stage/.test(d.message))).toBe(true)
  })

  it('will not remove a stage that still holds deals, and removes an empty one', async () => {
    const { admin } = await createTestTenant(t.app)
    const { pipeline, stage } = await defaultPipeline(admin)
    await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: 'Held', stageId: stage('open', 1).id }))
    const withoutSecond = pipeline.stages.filter((s) => s.id !== stage('open', 1).id)
    await expect(asUser(t.app, admin, (ctx) => updatePipeline(ctx, pipeline.id, { stages: withoutSecond }))).rejects.toMatchObject({ code: 'conflict' })
    const withoutThird = pipeline.stages.filter((s) => s.id !== stage('open', 2).id)
    const updated = await asUser(t.app, admin, (ctx) => updatePipeline(ctx, pipeline.id, { stages: withoutThird }))
    expect(updated.stages).toHaveLength(6)
    expect(updated.stages.map((s) => s.position)).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('deleting the default pipeline makes another the default; the last one cannot go', async () => {
    const { admin } = await createTestTenant(t.app)
    const { pipeline } = await defaultPipeline(admin)
    await expect(asUser(t.app, admin, (ctx) => deletePipeline(ctx, pipeline.id))).rejects.toMatchObject({ code: 'conflict' })
    const second = await asUser(t.app, admin, (ctx) =>
      createPipeline(ctx, { name: 'Second', stages: [{ name: 'A', probability: 20, kind: 'open' }, { name: 'W', probability: 100, kind: 'won' }, { name: 'L', probability: 0, kind: 'lost' }] }),
    )
    await asUser(t.app, admin, (ctx) => deletePipeline(ctx, pipeline.id))
    const left = await asUser(t.app, admin, (ctx) => listPipelines(ctx))
    expect(left.data.map((p) => [p.id, p.isDefault])).toEqual([[second.id, true]])
  })
})

describe('deals', () => {
  it('creates a deal in the first open stage of the default pipeline, audited, with a calendar-day close date', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事' }))
    const { stage } = await defaultPipeline(admin)
    const deal = await asUser(t.app, admin, (ctx) =>
      createDeal(ctx, { name: '基幹システム更改', amount: 12_500_000, expectedCloseDate: '2027-03-31', accountId: account.id, competitors: ['A社'] }),
    )
    expect(deal).toMatchObject({
      stageId: stage('open').id,
      stageName: '初回接触',
      probability: 10,
      status: 'open',
      amount: 12_500_000,
      currency: 'JPY',
      expectedCloseDate: '2027-03-31',
      accountName: '株式会社大福商事',
      ownerId: admin.userId,
      competitors: ['A社'],
    })
    const audit = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => tx.selectFrom('auditLog').selectAll().where('objectId', '=', deal.id).execute())
    expect(audit.map((a) => a.action)).toEqual(['create'])
  })

  it('moving through stages keeps the history with time in stage; won closes, reopening clears the close', async () => {
    const { admin } = await createTestTenant(t.app)
    const { stage } = await defaultPipeline(admin)
    const deal = await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: 'Move me', amount: 1000 }))
    await asUser(t.app, admin, (ctx) => moveDeal(ctx, deal.id, { stageId: stage('open', 2).id }))
    const won = await asUser(t.app, admin, (ctx) => moveDeal(ctx, deal.id, { stageId: stage('won').id, closeReason: '価格と導入実績' }))
    expect(won).toMatchObject({ status: 'won', closeReason: '価格と導入実績' })
    expect(won.closedAt).not.toBeNull()
    const history = await asUser(t.app, admin, (ctx) => listDealStageHistory(ctx, deal.id))
    expect(history.data.map((h) => [h.fromStageName, h.toStageName])).toEqual([
      [null, '初回接触'],
      ['初回接触', '提案'],
      ['提案', '受注'],
    ])
    expect(history.data[1]!.secondsInFromStage).toBeGreaterThanOrEqual(0)
    const reopened = await asUser(t.app, admin, (ctx) => moveDeal(ctx, deal.id, { stageId: stage('open', 3).id }))
    expect(reopened).toMatchObject({ status: 'open', closedAt: null })
    const events = await inTenantTransaction(t.app.db, admin.tenantId, (tx) =>
      tx.selectFrom('outboxEvents').select('type').where('objectId', '=', deal.id).orderBy('id').execute(),
    )
    expect(events.map((e) => e.type)).toEqual(['deal.created', 'deal.stage_changed', 'deal.won', 'deal.stage_changed'])
  })

  it('orders cards within a column and places a moved card exactly after the named one', async () => {
    const { admin } = await createTestTenant(t.app)
    const { pipeline, stage } = await defaultPipeline(admin)
    const first = stage('open').id
    const names = ['A', 'B', 'C', 'D']
    const deals: Awaited<ReturnType<typeof createDeal>>[] = []
    for (const name of names) deals.push(await asUser(t.app, admin, (ctx) => createDeal(ctx, { name })))
    const column = async () =>
      (await asUser(t.app, admin, (ctx) => getBoard(ctx, pipeline.id, { perStage: 50, closedWithinDays: 90 }))).columns.find((c) => c.stage.id === first)!.deals.map((d) => d.name)
    expect(await column()).toEqual(['A', 'B', 'C', 'D'])
    await asUser(t.app, admin, (ctx) => moveDeal(ctx, deals[3]!.id, { stageId: first, afterId: deals[0]!.id }))
    expect(await column()).toEqual(['A', 'D', 'B', 'C'])
    await asUser(t.app, admin, (ctx) => moveDeal(ctx, deals[2]!.id, { stageId: first, afterId: null }))
    expect(await column()).toEqual(['C', 'A', 'D', 'B'])
    // Sixty moves into the same gap exhaust float precision; the column is renumbered, order holds.
    for (let i = 0; i < 60; i++) {
      const mover = i % 2 === 0 ? deals[1]! : deals[3]!
      await asUser(t.app, admin, (ctx) => moveDeal(ctx, mover.id, { stageId: first, afterId: deals[2]!.id }))
    }
    expect(await column()).toEqual(['C', 'D', 'B', 'A'])
    await expect(asUser(t.app, admin, (ctx) => moveDeal(ctx, deals[0]!.id, { stageId: stage('open', 1).id, afterId: deals[1]!.id }))).rejects.toMatchObject({
      code: 'invalid',
    })
  })

  it('the board shows each column with its first page, count, totals and a cursor to the next page', async () => {
    const { admin } = await createTestTenant(t.app)
    const { pipeline, stage } = await defaultPipeline(admin)
    for (let i = 0; i < 5; i++) await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: `Deal ${i}`, amount: 100_000 }))
    await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: 'USD deal', amount: 500, currency: 'USD', stageId: stage('open', 2).id }))
    const board = await asUser(t.app, admin, (ctx) => getBoard(ctx, pipeline.id, { perStage: 2, closedWithinDays: 90 }))
    const first = board.columns[0]!
    expect(first.count).toBe(5)
    expect(first.deals.map((d) => d.name)).toEqual(['Deal 0', 'Deal 1'])
    expect(first.totals).toEqual([{ currency: 'JPY', amount: 500_000, weightedAmount: 50_000 }])
    expect(board.columns[2]!.totals).toEqual([{ currency: 'USD', amount: 500, weightedAmount: 250 }])
    // A card carries what the card shows, not the whole deal (notes, custom values, audit times).
    expect(Object.keys(first.deals[0]!).sort()).toEqual(
      ['accountId', 'accountName', 'amount', 'closedAt', 'currency', 'expectedCloseDate', 'id', 'name', 'ownerId', 'ownerName', 'stageEnteredAt', 'stageId', 'status'].sort(),
    )
    const api = client(t.http, await signIn(t.http, admin))
    const overHttp = await api.get(`/api/v1/pipelines/${pipeline.id}/board?perStage=2`)
    expect(overHttp.statusCode).toBe(200)
    expect(overHttp.json().columns[0].deals[0]).toMatchObject({ name: 'Deal 0', amount: 100_000, currency: 'JPY', status: 'open' })
    expect(overHttp.json().columns[0].deals[0]).not.toHaveProperty('notes')
    const next = await api.get(`/api/v1/deals?stageId=${first.stage.id}&sort=board&limit=2&cursor=${first.nextCursor}`)
    expect(next.statusCode).toBe(200)
    expect(next.json().data.map((d: { name: string }) => d.name)).toEqual(['Deal 2', 'Deal 3'])
  })

  it('won and lost columns show only deals closed within the window, latest first, with a next page', async () => {
    const { admin } = await createTestTenant(t.app)
    const { pipeline, stage } = await defaultPipeline(admin)
    const names = ['old win', 'win 1', 'win 2', 'win 3']
    const ids: string[] = []
    for (const name of names) {
      const deal = await asUser(t.app, admin, (ctx) => createDeal(ctx, { name, amount: 1000 }))
      await asUser(t.app, admin, (ctx) => moveDeal(ctx, deal.id, { stageId: stage('won').id }))
      ids.push(deal.id)
    }
    await inTenantTransaction(t.app.db, admin.tenantId, async (tx) => {
      await tx.updateTable('deals').set({ closedAt: new Date(Date.now() - 200 * 86_400_000) }).where('id', '=', ids[0]!).execute()
      for (const [i, id] of ids.slice(1).entries()) await tx.updateTable('deals').set({ closedAt: new Date(Date.now() - (10 - i) * 86_400_000) }).where('id', '=', id).execute()
    })
    const board = await asUser(t.app, admin, (ctx) => getBoard(ctx, pipeline.id, { perStage: 2, closedWithinDays: 90 }))
    const won = board.columns.find((c) => c.stage.kind === 'won')!
    expect(won.count).toBe(3)
    expect(won.totals).toEqual([{ currency: 'JPY', amount: 3000, weightedAmount: 3000 }])
    expect(won.deals.map((d) => d.name)).toEqual(['win 3', 'win 2'])
    const next = await asUser(t.app, admin, (ctx) =>
      listDeals(ctx, { stageId: stage('won').id, sort: '-closedAt', closedSince: board.closedSince, cursor: won.nextCursor!, limit: 2 }),
    )
    expect(next.data.map((d) => d.name)).toEqual(['win 1'])
    const longer = await asUser(t.app, admin, (ctx) => getBoard(ctx, pipeline.id, { perStage: 10, closedWithinDays: 365 }))
    expect(longer.columns.find((c) => c.stage.kind === 'won')!.count).toBe(4)
  })

  it('a sales rep sees the deals of their team, not of other teams, on lists and the board', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const east = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東日本' }))
    const west = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '西日本' }))
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: east.id })
    const other = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: west.id })
    const mine = await asUser(t.app, rep, (ctx) => createDeal(ctx, { name: 'East deal' }))
    const theirs = await asUser(t.app, other, (ctx) => createDeal(ctx, { name: 'West deal' }))
    const list = await asUser(t.app, rep, (ctx) => listDeals(ctx, { limit: 50, sort: '-createdAt' }))
    expect(list.data.map((d) => d.id)).toEqual([mine.id])
    const { pipeline } = await defaultPipeline(rep)
    const board = await asUser(t.app, rep, (ctx) => getBoard(ctx, pipeline.id, { perStage: 50, closedWithinDays: 90 }))
    expect(board.columns[0]!.count).toBe(1)
    await expect(asUser(t.app, rep, (ctx) => updateDeal(ctx, theirs.id, { name: 'x' }))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, rep, (ctx) => moveDeal(ctx, theirs.id, { stageId: pipeline.stages[1]!.id }))).rejects.toMatchObject({ code: 'not_found' })
  })

  it('a hidden amount is left out of deals for that role and cannot be written', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const { createRole } = await import('../roles/index.ts')
    const role = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, {
        name: 'No amounts',
        permissions: { objects: { deals: { create: true, read: true, update: true, delete: false, visibility: 'all' } }, fields: { deals: { amount: 'hidden' } } },
      }),
    )
    const user = await createTestUser(t.app, tenantId, { roleId: role.id })
    const deal = await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: 'Secret amount', amount: 9_999_999 }))
    const seen = await asUser(t.app, user, (ctx) => listDeals(ctx, { limit: 50, sort: '-createdAt' }))
    expect(seen.data[0]!.id).toBe(deal.id)
    expect(seen.data[0]).not.toHaveProperty('amount')
    await expect(asUser(t.app, user, (ctx) => updateDeal(ctx, deal.id, { amount: 1 }))).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('over HTTP: rejects unknown fields and a malformed close date with a 400 naming the field', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = client(t.http, await signIn(t.http, admin))
    const bad = await api.post('/api/v1/deals', { name: 'x', expectedCloseDate: '2027/03/31', colour: 'red' })
    expect(bad.statusCode).toBe(400)
    const created = await api.post('/api/v1/deals', { name: 'OK', expectedCloseDate: '2027-02-28' })
    expect(created.statusCode).toBe(201)
    expect(created.json().expectedCloseDate).toBe('2027-02-28')
  })
})
