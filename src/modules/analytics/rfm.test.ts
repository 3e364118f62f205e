import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount, deleteAccount } from '../accounts/index.ts'
import { convertDocument, createDocument } from '../billing/index.ts'
import { createTeam } from '../teams/index.ts'
import { computeCustomerScores } from './customer-scores.service.ts'
import { getCustomerScore, getRfmSummary, listCustomerScores } from './rfm.service.ts'
import { tenantToday } from './tenant-day.ts'
import { inTenantTransaction } from '../../platform/db/transaction.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const TODAY = '2026-11-25'

async function order(user: TestUser, accountId: string, issueDate: string, amount: number, status?: 'open' | 'cancelled') {
  return asUser(t.app, user, (ctx) =>
    createDocument(ctx, { kind: 'order', accountId, issueDate, ...(status ? { status } : {}), lines: [{ description: '商品', quantity: 1, unitPrice: amount, taxCategory: 'exempt' }] }),
  )
}

describe('RFM and segments', () => {
  it('puts each customer in the seed’s segment from its purchases, and scores buyers in quintiles', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = (name: string) => asUser(t.app, admin, (ctx) => createAccount(ctx, { name }))
    const loyal = await account('優良商事') // 6 orders over 15 months, the last one recent
    for (const month of ['2025-08-01', '2025-10-01', '2026-01-10', '2026-04-01', '2026-07-01', '2026-11-01']) await order(admin, loyal.id, month, 100_000)
    const repeat = await account('リピート工業') // 3 orders this year
    for (const d of ['2026-03-01', '2026-06-01', '2026-09-01']) await order(admin, repeat.id, d, 50_000)
    const once = await account('一見物産') // one order last month
    await order(admin, once.id, '2026-10-15', 30_000)
    const dormant = await account('休眠興業') // two orders, the last 14 months ago
    await order(admin, dormant.id, '2025-06-01', 80_000)
    await order(admin, dormant.id, '2025-09-01', 70_000)
    const cancelled = await account('取消商会') // only a cancelled order: still a prospect
    await order(admin, cancelled.id, '2026-11-01', 999_999, 'cancelled')
    const prospect = await account('見込み株式会社')
    // An invoice made from an order is the same sale: it must not count twice.
    const o = await order(admin, repeat.id, '2026-11-20', 10_000)
    await asUser(t.app, admin, (ctx) => convertDocument(ctx, o.id, { to: 'invoice' }))

    const { customers } = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => computeCustomerScores(tx, { today: TODAY, clv: false }))
    expect(customers).toBe(6)
    const score = (id: string) => asUser(t.app, admin, (ctx) => getCustomerScore(ctx, id))
    // Segments are decided on the scoring day; recency is read as of the tenant's real today.
    const today = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => tenantToday(tx))
    const daysSince = (day: string) => Math.round((Date.parse(today) - Date.parse(day)) / 86_400_000)
    expect(await score(loyal.id)).toMatchObject({ segment: 'loyal', purchases: 6, monetary: 600_000, firstPurchaseOn: '2025-08-01', lastPurchaseOn: '2026-11-01', recencyDays: daysSince('2026-11-01') })
    expect(await score(repeat.id)).toMatchObject({ segment: 'repeat', purchases: 4, monetary: 160_000, recencyDays: daysSince('2026-11-20') })
    expect(await score(once.id)).toMatchObject({ segment: 'one_time', purchases: 1 })
    expect(await score(dormant.id)).toMatchObject({ segment: 'dormant', purchases: 2, recencyDays: daysSince('2025-09-01') })
    expect(await score(prospect.id)).toMatchObject({ recencyDays: null })
    expect(await score(cancelled.id)).toMatchObject({ segment: 'prospect', purchases: 0, monetary: 0, r: null, f: null, m: null })
    expect(await score(prospect.id)).toMatchObject({ segment: 'prospect' })
    // Quintiles among the four buyers: the biggest and most frequent gets 5s, the newest purchase the best R.
    expect(await score(loyal.id)).toMatchObject({ f: 4, m: 4 })
    expect((await score(repeat.id)).r).toBe(4)
    expect((await score(dormant.id)).r).toBe(1)

    const summary = await asUser(t.app, admin, (ctx) => getRfmSummary(ctx))
    expect(summary.segments).toEqual([
      { segment: 'loyal', customers: 1, monetary: 600_000 },
      { segment: 'repeat', customers: 1, monetary: 160_000 },
      { segment: 'one_time', customers: 1, monetary: 30_000 },
      { segment: 'dormant', customers: 1, monetary: 150_000 },
      { segment: 'prospect', customers: 2, monetary: 0 },
    ])
    expect(summary.grid.reduce((n, g) => n + g.customers, 0)).toBe(4)
    const biggest = await asUser(t.app, admin, (ctx) => listCustomerScores(ctx, { limit: 2 }))
    expect(biggest.data.map((c) => c.accountName)).toEqual(['優良商事', 'リピート工業'])
  })

  it('RFM alone (per-kind totals) and the whole job (one ordered pass) agree: orders, direct invoices, no drafts or cancellations', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const account = (name: string) => asUser(t.app, admin, (ctx) => createAccount(ctx, { name }))
    const invoice = (accountId: string, issueDate: string, amount: number, status: 'issued' | 'draft') =>
      asUser(t.app, admin, (ctx) => createDocument(ctx, { kind: 'invoice', accountId, issueDate, status, lines: [{ description: '保守', quantity: 1, unitPrice: amount, taxCategory: 'exempt' }] }))
    const mixed = await account('請求書直販')
    await order(admin, mixed.id, '2026-03-10', 40_000)
    await invoice(mixed.id, '2025-12-01', 25_000, 'issued') // a sale invoiced without an order: the first purchase
    await invoice(mixed.id, '2026-11-01', 99_000, 'draft') // not issued: no sale
    await order(admin, mixed.id, '2026-11-05', 77_000, 'cancelled')
    const invoiceOnly = await account('請求書のみ')
    await invoice(invoiceOnly.id, '2026-06-30', 12_345, 'issued')
    const figures = async () =>
      inTenantTransaction(t.app.db, tenantId, async (tx) =>
        (await sql<{ accountId: string; purchases: number; monetary: string; first: string | null; last: string | null; segment: string }>`
          select account_id as "accountId", purchases, monetary, to_char(first_purchase_on, 'YYYY-MM-DD') as first, to_char(last_purchase_on, 'YYYY-MM-DD') as last, segment
          from customer_scores order by account_id`.execute(tx)).rows,
      )
    await inTenantTransaction(t.app.db, tenantId, (tx) => computeCustomerScores(tx, { today: TODAY, clv: false }))
    const alone = await figures()
    expect(alone.find((r) => r.accountId === mixed.id)).toMatchObject({ purchases: 2, monetary: '65000.00', first: '2025-12-01', last: '2026-03-10', segment: 'repeat' })
    expect(alone.find((r) => r.accountId === invoiceOnly.id)).toMatchObject({ purchases: 1, monetary: '12345.00', first: '2026-06-30', last: '2026-06-30', segment: 'one_time' })
    await inTenantTransaction(t.app.db, tenantId, (tx) => tx.deleteFrom('customerScores').execute())
    await inTenantTransaction(t.app.db, tenantId, (tx) => computeCustomerScores(tx, { today: TODAY }))
    expect(await figures()).toEqual(alone)
  })

  it('thresholds changed by an admin move customers between segments; reps may not change them', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const a = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'A' }))
    for (const d of ['2026-01-01', '2026-05-01', '2026-09-01']) await order(admin, a.id, d, 1000)
    await inTenantTransaction(t.app.db, tenantId, (tx) => computeCustomerScores(tx, { today: TODAY, clv: false }))
    expect((await asUser(t.app, admin, (ctx) => getCustomerScore(ctx, a.id))).segment).toBe('repeat')
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    expect((await client(t.http, await signIn(t.http, rep)).patch('/api/v1/analytics/rfm/settings', { loyalMinPurchases: 3 })).statusCode).toBe(403)
    const api = client(t.http, await signIn(t.http, admin))
    const changed = await api.patch('/api/v1/analytics/rfm/settings', { loyalMinPurchases: 3, loyalMinTenureDays: 180 })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toEqual({ loyalMinPurchases: 3, loyalMinTenureDays: 180, dormantAfterDays: 365 })
    // The change queued a recomputation; run it as the worker would.
    const jobs = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('jobs').select(['type', 'payload']).where('type', '=', 'analytics.rfm').execute())
    expect(jobs).toHaveLength(1)
    // Thresholds move segments only: RFM alone, no CLV refit.
    expect(jobs[0]!.payload).toEqual({ tenantId, clv: false })
    await inTenantTransaction(t.app.db, tenantId, (tx) => computeCustomerScores(tx, { today: TODAY, clv: false }))
    expect((await asUser(t.app, admin, (ctx) => getCustomerScore(ctx, a.id))).segment).toBe('loyal')
  })

  it('a rep sees scores only of the accounts they may open', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const east = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東' }))
    const west = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '西' }))
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: east.id })
    const other = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: west.id })
    const mine = await asUser(t.app, rep, (ctx) => createAccount(ctx, { name: 'mine' }))
    const theirs = await asUser(t.app, other, (ctx) => createAccount(ctx, { name: 'theirs' }))
    await order(admin, theirs.id, '2026-11-01', 5000)
    await inTenantTransaction(t.app.db, tenantId, (tx) => computeCustomerScores(tx, { today: TODAY, clv: false }))
    const seen = await asUser(t.app, rep, (ctx) => listCustomerScores(ctx, { limit: 50 }))
    expect(seen.data.map((c) => c.accountId)).toEqual([mine.id])
    await expect(asUser(t.app, rep, (ctx) => getCustomerScore(ctx, theirs.id))).rejects.toMatchObject({ code: 'not_found' })
    const summary = await asUser(t.app, rep, (ctx) => getRfmSummary(ctx))
    expect(summary.segments.find((s) => s.segment === 'one_time')!.customers).toBe(0)
  })

  it('a second run updates only what changed: a new buyer, a deleted account, an untouched prospect', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const buyer = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '継続商事' }))
    const later = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '新規工業' }))
    const gone = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '閉鎖物産' }))
    const quiet = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '見込み商会' }))
    await order(admin, buyer.id, '2026-10-01', 20_000)
    const rows = () =>
      inTenantTransaction(t.app.db, tenantId, async (tx) =>
        (await sql<{ accountId: string; computedAt: Date; segment: string }>`select account_id as "accountId", computed_at as "computedAt", segment from customer_scores`.execute(tx)).rows,
      )
    await inTenantTransaction(t.app.db, tenantId, (tx) => computeCustomerScores(tx, { today: TODAY, clv: false }))
    const before = await rows()
    expect(before).toHaveLength(4)

    await order(admin, later.id, '2026-11-20', 40_000)
    await asUser(t.app, admin, (ctx) => deleteAccount(ctx, gone.id))
    const { customers } = await inTenantTransaction(t.app.db, tenantId, (tx) => computeCustomerScores(tx, { today: TODAY, clv: false }))
    expect(customers).toBe(3)
    const after = await rows()
    // The deleted account's row is gone (no foreign key removes it); the new buyer is scored.
    expect(after.map((r) => r.accountId).sort()).toEqual([buyer.id, later.id, quiet.id].sort())
    expect(after.find((r) => r.accountId === later.id)!.segment).toBe('one_time')
    // A row whose figures did not change is not rewritten.
    const at = (list: typeof before, id: string) => list.find((r) => r.accountId === id)!.computedAt.getTime()
    expect(at(after, quiet.id)).toBe(at(before, quiet.id))
    expect(at(after, later.id)).toBeGreaterThan(at(before, later.id))
    // The next night without purchases writes no row (recency is counted when read, from the last purchase);
    // the summary still says when the job last ran.
    await inTenantTransaction(t.app.db, tenantId, (tx) => computeCustomerScores(tx, { today: '2026-11-26', clv: false }))
    const third = await rows()
    expect(third.map((r) => r.computedAt.getTime()).sort()).toEqual(after.map((r) => r.computedAt.getTime()).sort())
    const summary = await asUser(t.app, admin, (ctx) => getRfmSummary(ctx))
    expect(Date.parse(summary.computedAt!)).toBeGreaterThan(Math.max(...third.map((r) => r.computedAt.getTime())))
  })
})
