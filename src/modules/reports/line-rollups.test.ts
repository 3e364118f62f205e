import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inSystemTransaction, inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, createTestTenant, createTestUser, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { convertDocument, createDocument, updateDocument } from '../billing/documents.service.ts'
import { createProduct, deleteProduct } from '../products/index.ts'
import { createRole } from '../roles/index.ts'
import { foldLineRollups } from './line-rollups.ts'
import { prepare, runGrouped } from './reports.engine.ts'
import type { ReportDefinition } from './reports.schema.ts'

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

const count = { aggregate: 'count' as const }
const amount = { aggregate: 'sum' as const, field: 'amount' }
const DEFINITIONS: ReportDefinition[] = [
  { object: 'salesDocumentLines', groups: [{ field: 'issueDate', bucket: 'month' }, { field: 'taxCategory' }], measures: [count, amount] },
  { object: 'salesDocumentLines', groups: [{ field: 'product' }], measures: [count, amount, { aggregate: 'avg', field: 'unitPrice' }, { aggregate: 'sum', field: 'quantity' }] },
  { object: 'salesDocumentLines', groups: [{ field: 'documentKind' }], pivot: { field: 'documentStatus' }, measures: [count, amount] },
  { object: 'salesDocumentLines', groups: [{ field: 'issueDate', bucket: 'quarter' }], measures: [count, amount], filters: [{ field: 'documentKind', op: 'eq', value: 'order' }, { field: 'issueDate', op: 'between', value: ['2026-01-01', '2026-12-31'] }] },
  { object: 'salesDocumentLines', groups: [{ field: 'owner' }, { field: 'documentStatus' }], measures: [amount] },
  { object: 'salesDocumentLines', measures: [count, amount] },
]

const as = <T>(user: TestUser, work: Parameters<typeof asUser<T>>[2]) => asUser(t.app, user, work)
const fromRollup = (user: TestUser, definition: ReportDefinition) => as(user, (ctx) => runGrouped(ctx, definition))
const fromLines = (user: TestUser, definition: ReportDefinition) => as(user, (ctx) => runGrouped(ctx, definition, { mayUseRollup: false }))
const readsRollup = (user: TestUser, definition: ReportDefinition) => as(user, async (ctx) => prepare(ctx, definition, { mayUseRollup: true }).compiler.rollup !== null)
const deltaCount = () => inSystemTransaction(t.app.db, async (tx) => Number((await sql<{ n: string }>`select count(*) as n from sales_line_rollup_deltas where tenant_id = ${tenantId}`.execute(tx)).rows[0]!.n))

describe('daily totals of sales document lines (decision 0032)', () => {
  it('answer grouped line reports exactly as the lines do, through every kind of write, before and after the fold', async () => {
    const account = await as(admin, (ctx) => createAccount(ctx, { name: '株式会社集計商事' }))
    const license = await as(admin, (ctx) => createProduct(ctx, { code: 'LIC', name: 'クラウド利用料', unit: '月', unitPrice: 10500, taxCategory: 'standard' }))
    const sweets = await as(admin, (ctx) => createProduct(ctx, { code: 'FOOD', name: '会議用菓子', unit: '箱', unitPrice: 1350, taxCategory: 'reduced' }))
    const quote = await as(admin, (ctx) =>
      createDocument(ctx, { kind: 'quote', accountId: account.id, issueDate: '2026-01-10', lines: [{ productId: license.id, quantity: 3 }, { productId: sweets.id, quantity: 7 }] }),
    )
    const other = await as(admin, (ctx) =>
      createDocument(ctx, { kind: 'quote', accountId: account.id, issueDate: '2026-02-05', lines: [{ description: '初期設定作業', quantity: 1, unitPrice: 55555, taxCategory: 'standard' }] }),
    )
    const dropped = await as(admin, (ctx) => createDocument(ctx, { kind: 'quote', accountId: account.id, issueDate: '2026-03-01', lines: [{ productId: license.id, quantity: 9 }] }))

    // Lines replaced, the day moved, the status changed, converted into an order.
    await as(admin, (ctx) => updateDocument(ctx, quote.id, { issueDate: '2026-04-02', lines: [{ productId: license.id, quantity: 5 }, { productId: sweets.id, quantity: 2 }] }))
    await as(admin, (ctx) => updateDocument(ctx, other.id, { status: 'sent' }))
    const order = await as(admin, (ctx) => convertDocument(ctx, quote.id, { to: 'order' }))
    await as(admin, (ctx) => updateDocument(ctx, order.id, { issueDate: '2026-05-20', status: 'fulfilled' }))
    // A product deleted (its lines keep their values, without the product) and a document deleted with its lines.
    await as(admin, (ctx) => deleteProduct(ctx, sweets.id))
    await inTenantTransaction(t.app.db, tenantId, (tx) => tx.deleteFrom('salesDocuments').where('id', '=', dropped.id).execute())

    expect(await deltaCount()).toBeGreaterThan(0)
    for (const definition of DEFINITIONS) {
      expect(await readsRollup(admin, definition), JSON.stringify(definition)).toBe(true)
      expect(await fromRollup(admin, definition), JSON.stringify(definition)).toEqual(await fromLines(admin, definition))
    }
    // The numbers themselves: the order's 5 × 10,500 + 2 × 1,350, the quote's same lines, the sent quote.
    const byKind = await fromRollup(admin, DEFINITIONS[2]!)
    expect(byKind.rows.map((r) => [r.keys[0] ?? null, r.values])).toEqual([
      ['order', [2, 52500 + 2700]],
      ['quote', [3, 52500 + 2700 + 55555]],
      [null, [5, 2 * (52500 + 2700) + 55555]],
    ])
    // The deleted quote's day is gone, not a group counting zero.
    const byMonth = await fromRollup(admin, DEFINITIONS[0]!)
    expect(byMonth.rows.filter((r) => r.level === 1).map((r) => r.keys[0])).toEqual(['2026-02', '2026-04', '2026-05'])

    expect(await foldLineRollups(t.app.db)).toBeGreaterThan(0)
    expect(await deltaCount()).toBe(0)
    const empty = await inSystemTransaction(t.app.db, async (tx) =>
      Number((await sql<{ n: string }>`select count(*) as n from sales_line_rollups where tenant_id = ${tenantId} and line_count = 0`.execute(tx)).rows[0]!.n),
    )
    expect(empty).toBe(0)
    for (const definition of DEFINITIONS) {
      expect(await fromRollup(admin, definition), JSON.stringify(definition)).toEqual(await fromLines(admin, definition))
    }
    expect((await fromRollup(admin, DEFINITIONS[2]!)).rows.at(-1)!.values).toEqual([5, 2 * (52500 + 2700) + 55555])

    // Recounting from the lines (what the benchmark loader runs after a bulk load) gives the same totals.
    const kept = () => inSystemTransaction(t.app.db, async (tx) => (await sql`select * from sales_line_rollups where tenant_id = ${tenantId} order by issue_date, kind, status, tax_category, product_id, owner_id`.execute(tx)).rows)
    const folded = await kept()
    await inSystemTransaction(t.app.db, (tx) => sql`select daifuku_rebuild_sales_line_rollups()`.execute(tx))
    expect(await kept()).toEqual(folded)
    expect(folded.length).toBeGreaterThan(0)
  })

  it('are not read when the report needs the lines themselves or the actor sees only some documents', async () => {
    const lines = (extra: Partial<ReportDefinition>): ReportDefinition => ({ object: 'salesDocumentLines', ...extra })
    expect(await readsRollup(admin, lines({ measures: [{ aggregate: 'max', field: 'amount' }] }))).toBe(false)
    expect(await readsRollup(admin, lines({ groups: [{ field: 'documentNumber' }] }))).toBe(false)
    expect(await readsRollup(admin, lines({ groups: [{ field: 'account' }] }))).toBe(false)
    expect(await readsRollup(admin, lines({ filters: [{ field: 'description', op: 'contains', value: '設定' }] }))).toBe(false)
    expect(await readsRollup(admin, lines({ groups: [{ field: 'taxCategory' }] }))).toBe(true)

    const read = { create: false, read: true, update: false, delete: false, visibility: 'all' as const }
    const ownRole = await as(admin, (ctx) =>
      createRole(ctx, { name: 'Own documents', permissions: { objects: { salesDocuments: { ...read, visibility: 'own' }, products: read, reports: read, users: read, teams: read }, fields: {} } }),
    )
    const ownRep = await createTestUser(t.app, tenantId, { roleId: ownRole.id, name: 'Own Rep' })
    const definition = lines({ groups: [{ field: 'taxCategory' }], measures: [count, amount] })
    expect(await readsRollup(ownRep, definition)).toBe(false)
    // Nothing of the admin's documents shows to a rep who owns none.
    expect((await fromRollup(ownRep, definition)).rows).toEqual([{ level: 0, keys: [null], labels: [null], values: [0, null] }])
  })
})
