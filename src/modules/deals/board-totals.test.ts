import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inSystemTransaction, inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, createTestTenant, createTestUser, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { foldBoardTotals } from './board-totals.ts'
import { boardTotals, countedBoardTotals, type ColumnTotals } from './deals.queries.ts'
import { createDeal, deleteDeal, getBoard, moveDeal, updateDeal } from './deals.service.ts'
import { listPipelines } from './pipelines.service.ts'

let t: TestApp
let admin: TestUser
let tenantId: string
beforeAll(async () => {
  t = await startTestApp()
  ;({ tenantId, admin } = await createTestTenant(t.app))
})
afterAll(async () => {
  await t?.close()
})

const as = <T>(user: TestUser, work: Parameters<typeof asUser<T>>[2]) => asUser(t.app, user, work)
// The window starts mid-afternoon (UTC): its first day is partly in, partly out.
const SINCE = new Date('2026-09-10T15:00:00Z')

type Totals = Record<string, { count: number; amount: number | null }>
function keyed(rows: ColumnTotals[], stageName: Map<string, string>): Totals {
  const out: Totals = {}
  for (const r of rows) out[`${stageName.get(r.stageId)}/${r.currency}`] = { count: Number(r.count), amount: r.amount === null ? null : Number(r.amount) }
  return out
}

async function readBoth(pipelineId: string, stageName: Map<string, string>) {
  const kept = keyed(await as(admin, (ctx) => boardTotals(ctx, pipelineId, { closedSince: SINCE })), stageName)
  const counted = keyed(await as(admin, (ctx) => countedBoardTotals(ctx, pipelineId, { closedSince: SINCE })), stageName)
  return { kept, counted }
}

const closeAt = (id: string, at: string) =>
  inTenantTransaction(t.app.db, tenantId, (tx) => sql`update deals set closed_at = ${at}::timestamptz where id = ${id}`.execute(tx))
const deltaCount = () => inSystemTransaction(t.app.db, async (tx) => Number((await sql<{ n: string }>`select count(*) as n from deal_board_total_deltas where tenant_id = ${tenantId}`.execute(tx)).rows[0]!.n))

describe('daily totals of the kanban board (decision 0033)', () => {
  it('count every column exactly as the deals do, through every kind of write and the window’s partial first day, before and after the fold', async () => {
    const { data } = await as(admin, (ctx) => listPipelines(ctx))
    const pipeline = data.find((p) => p.isDefault)!
    const stageName = new Map(pipeline.stages.map((s) => [s.id, s.name]))
    const [first, second] = pipeline.stages.filter((s) => s.kind === 'open')
    const won = pipeline.stages.find((s) => s.kind === 'won')!
    const lost = pipeline.stages.find((s) => s.kind === 'lost')!
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })

    const deal = (name: string, amount: number | null, currency = 'JPY', ownerId: string | null = null) =>
      as(admin, (ctx) => createDeal(ctx, { name, amount, currency, ownerId, stageId: first!.id }))
    const a = await deal('A', 1_000_000)
    const b = await deal('B', 250_000.5)
    const c = await deal('C', null)
    const d = await deal('D', 3_000, 'USD', rep.userId)
    const e = await deal('E', 700_000)
    const f = await deal('F', 80_000)
    const g = await deal('G', 5_000)
    const h = await deal('H', 60_000)

    // Moves between open columns, a card reordered within its column (writes no change), an amount
    // edited and cleared, a currency changed.
    await as(admin, (ctx) => moveDeal(ctx, b.id, { stageId: second!.id }))
    await as(admin, (ctx) => moveDeal(ctx, a.id, { stageId: first!.id, afterId: e.id }))
    await as(admin, (ctx) => updateDeal(ctx, c.id, { amount: 42_000 }))
    await as(admin, (ctx) => updateDeal(ctx, e.id, { amount: null }))
    await as(admin, (ctx) => updateDeal(ctx, h.id, { currency: 'EUR', notes: '為替は月末レート' }))

    // Won and lost, then their closing moments put around the window's start: before it, on its first
    // (partial) day, exactly at it, at the next midnight, and well inside.
    for (const x of [e, f, g]) await as(admin, (ctx) => moveDeal(ctx, x.id, { stageId: won.id }))
    await as(admin, (ctx) => moveDeal(ctx, h.id, { stageId: lost.id, closeReason: '価格' }))
    await as(admin, (ctx) => moveDeal(ctx, d.id, { stageId: lost.id }))
    await closeAt(e.id, '2026-09-10T14:59:59Z') // out: just before the window
    await closeAt(f.id, '2026-09-10T15:00:00Z') // in: first, partial day
    await closeAt(g.id, '2026-09-11T00:00:00Z') // in: first whole day
    await closeAt(h.id, '2026-09-10T23:59:59.999Z') // in: first, partial day
    await closeAt(d.id, '2026-11-20T09:00:00Z')

    const expected: Totals = {
      '初回接触/JPY': { count: 2, amount: 1_042_000 },
      'ニーズ把握/JPY': { count: 1, amount: 250_000.5 },
      '受注/JPY': { count: 2, amount: 85_000 },
      '失注/EUR': { count: 1, amount: 60_000 },
      '失注/USD': { count: 1, amount: 3_000 },
    }
    let both = await readBoth(pipeline.id, stageName)
    expect(both.counted).toEqual(expected)
    expect(both.kept).toEqual(expected)
    expect(await deltaCount()).toBeGreaterThan(0)

    await foldBoardTotals(t.app.db)
    expect(await deltaCount()).toBe(0)
    expect((await readBoth(pipeline.id, stageName)).kept).toEqual(expected)

    // After the fold: reopened, deleted, the owner taken off (changes no total), one
    // deal left without an amount in its column.
    await as(admin, (ctx) => moveDeal(ctx, g.id, { stageId: second!.id }))
    await as(admin, (ctx) => deleteDeal(ctx, a.id))
    await as(admin, (ctx) => updateDeal(ctx, d.id, { ownerId: null }))
    await as(admin, (ctx) => updateDeal(ctx, c.id, { amount: null }))
    const after: Totals = {
      '初回接触/JPY': { count: 1, amount: null },
      'ニーズ把握/JPY': { count: 2, amount: 255_000.5 },
      '受注/JPY': { count: 1, amount: 80_000 },
      '失注/EUR': { count: 1, amount: 60_000 },
      '失注/USD': { count: 1, amount: 3_000 },
    }
    both = await readBoth(pipeline.id, stageName)
    expect(both.counted).toEqual(after)
    expect(both.kept).toEqual(after)
    await foldBoardTotals(t.app.db)
    expect((await readBoth(pipeline.id, stageName)).kept).toEqual(after)
    // Keys that reached zero are gone, not kept as empty rows.
    const empty = await inTenantTransaction(t.app.db, tenantId, (tx) => sql<{ n: string }>`select count(*) as n from deal_board_totals where deal_count = 0`.execute(tx))
    expect(Number(empty.rows[0]!.n)).toBe(0)
    // Recounting from the deals (what the benchmark loader runs after a bulk load) gives the same totals.
    await inSystemTransaction(t.app.db, (tx) => sql`select daifuku_rebuild_deal_board_totals()`.execute(tx))
    expect((await readBoth(pipeline.id, stageName)).kept).toEqual(after)
  })

  it('the board of a role that sees every deal reads the totals; a text filter or a role that sees its own deals counts the deals', async () => {
    const { data } = await as(admin, (ctx) => listPipelines(ctx))
    const pipeline = data.find((p) => p.isDefault)!
    const firstStage = pipeline.stages[0]!
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    await as(rep, (ctx) => createDeal(ctx, { name: '自分の商談', amount: 10_000, ownerId: rep.userId, stageId: firstStage.id }))
    const column = async (user: TestUser, q?: string) =>
      (await as(user, (ctx) => getBoard(ctx, pipeline.id, { perStage: 5, closedWithinDays: 90, q }))).columns.find((c) => c.stage.id === firstStage.id)!.count

    const before = { admin: await column(admin), filtered: await column(admin, '自分'), rep: await column(rep) }
    // A change only the totals see: the admin's unfiltered board shows it, the others do not.
    await inSystemTransaction(t.app.db, (tx) =>
      sql`insert into deal_board_total_deltas values (${tenantId}, ${pipeline.id}, null, ${firstStage.id}, 'open', 'JPY', 1000, 0, 0)`.execute(tx),
    )
    expect(await column(admin)).toBe(before.admin + 1000)
    expect(await column(admin, '自分')).toBe(before.filtered)
    expect(await column(rep)).toBe(before.rep)
    await inSystemTransaction(t.app.db, (tx) => sql`delete from deal_board_total_deltas where deal_count = 1000`.execute(tx))
    expect(await column(admin)).toBe(before.admin)
  })
})
