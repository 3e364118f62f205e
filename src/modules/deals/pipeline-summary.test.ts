import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createTeam } from '../teams/index.ts'
import { createDeal, moveDeal } from './deals.service.ts'
import { listPipelines } from './pipelines.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('pipeline summary', () => {
  it('sums open deals by stage and owner, weighted by stage probability, leaving out closed deals, other currencies and deals the caller cannot see', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const east = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東日本営業課' }))
    const west = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '西日本営業課' }))
    const sato = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: east.id, name: '佐藤' })
    const ito = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: west.id, name: '伊藤' })
    const { data } = await asUser(t.app, admin, (ctx) => listPipelines(ctx))
    const pipeline = data.find((p) => p.isDefault)!
    const open = pipeline.stages.filter((s) => s.kind === 'open')
    const won = pipeline.stages.find((s) => s.kind === 'won')!

    await asUser(t.app, sato, (ctx) => createDeal(ctx, { name: 'A', amount: 1_000_000, stageId: open[0]!.id }))
    await asUser(t.app, sato, (ctx) => createDeal(ctx, { name: 'B', amount: 3_000_000, stageId: open[0]!.id }))
    await asUser(t.app, sato, (ctx) => createDeal(ctx, { name: 'C', amount: 2_000_000, stageId: open[3]!.id }))
    const closed = await asUser(t.app, sato, (ctx) => createDeal(ctx, { name: 'won', amount: 9_000_000, stageId: open[1]!.id }))
    await asUser(t.app, sato, (ctx) => moveDeal(ctx, closed.id, { stageId: won.id }))
    await asUser(t.app, sato, (ctx) => createDeal(ctx, { name: 'usd', amount: 10_000, currency: 'USD', stageId: open[0]!.id }))
    await asUser(t.app, ito, (ctx) => createDeal(ctx, { name: 'D', amount: 500_000, stageId: open[3]!.id }))

    const http = client(t.http, await signIn(t.http, admin))
    const response = await http.get(`/api/v1/pipelines/${pipeline.id}/summary`)
    expect(response.statusCode).toBe(200)
    const summary = response.json()
    const cell = (stageId: string, ownerId: string) => summary.cells.find((c: { stageId: string; ownerId: string }) => c.stageId === stageId && c.ownerId === ownerId)
    const p0 = open[0]!.probability / 100
    const p3 = open[3]!.probability / 100
    expect(cell(open[0]!.id, sato.userId)).toMatchObject({ ownerName: '佐藤', count: 2, amount: 4_000_000, weightedAmount: 4_000_000 * p0 })
    expect(cell(open[3]!.id, sato.userId)).toMatchObject({ count: 1, amount: 2_000_000, weightedAmount: 2_000_000 * p3 })
    expect(cell(open[3]!.id, ito.userId)).toMatchObject({ ownerName: '伊藤', count: 1, amount: 500_000 })
    expect(summary.stages.find((s: { id: string }) => s.id === open[3]!.id)).toMatchObject({ count: 2, amount: 2_500_000 })
    expect(summary.totals).toEqual({ count: 4, amount: 6_500_000, weightedAmount: 4_000_000 * p0 + 2_500_000 * p3 })
    expect(summary.stages.some((s: { id: string }) => s.id === won.id)).toBe(false)

    // A sales rep sees only what the role lets them see (their own deals).
    const mine = (await client(t.http, await signIn(t.http, ito)).get(`/api/v1/pipelines/${pipeline.id}/summary`)).json()
    expect(mine.totals).toMatchObject({ count: 1, amount: 500_000 })

    expect((await http.get(`/api/v1/pipelines/${pipeline.id}/summary?currency=yen`)).statusCode).toBe(400)
    expect((await http.get(`/api/v1/pipelines/0190a000-0000-7000-8000-000000000000/summary`)).statusCode).toBe(404)
  })
})
