import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createDeal } from '../deals/index.ts'
import { createPriceList, createProduct } from '../products/index.ts'
import { convertDocument, createDocument, getDocument, listDocuments, updateDocument } from './documents.service.ts'
import { recordPayment } from './payments.service.ts'
import { putBillingSettings } from './settings.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

async function tenantWithCatalogue() {
  const { tenantId, admin } = await createTestTenant(t.app)
  const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事' }))
  const license = await asUser(t.app, admin, (ctx) => createProduct(ctx, { code: 'LIC', name: 'クラウド利用料', unit: '月', unitPrice: 10500, taxCategory: 'standard' }))
  const sweets = await asUser(t.app, admin, (ctx) => createProduct(ctx, { code: 'FOOD', name: '会議用菓子', unit: '箱', unitPrice: 1350, taxCategory: 'reduced' }))
  return { tenantId, admin, account, license, sweets }
}

const as = <T>(user: TestUser, work: Parameters<typeof asUser<T>>[2]) => asUser(t.app, user, work)

describe('quotes, orders and invoices', () => {
  it('a quote takes prices, units and tax categories from products and totals tax once per rate', async () => {
    const { admin, account, license, sweets } = await tenantWithCatalogue()
    const quote = await as(admin, (ctx) =>
      createDocument(ctx, {
        kind: 'quote',
        accountId: account.id,
        issueDate: '2026-11-25',
        lines: [
          { productId: license.id, quantity: 3 },
          { productId: sweets.id, quantity: 7, discount: 50 },
          { description: '初期設定作業', quantity: 1, unitPrice: 55555, taxCategory: 'standard' },
        ],
      }),
    )
    expect(quote).toMatchObject({ kind: 'quote', number: 'Q-2026-000001', status: 'draft', recipientName: '株式会社大福商事', roundingMode: 'floor' })
    expect(quote.lines.map((l) => [l.description, l.unit, l.unitPrice, l.taxCategory, l.reducedRate, l.amount])).toEqual([
      ['クラウド利用料', '月', 10500, 'standard', false, 31500],
      ['会議用菓子', '箱', 1350, 'reduced', true, 9400],
      ['初期設定作業', null, 55555, 'standard', false, 55555],
    ])
    // 10%: 87,055 → 8,705.5 → 8,705 (切り捨て); 8%: 9,400 → 752.
    expect(quote.byRate.map((r) => [r.rate, r.subtotal, r.tax])).toEqual([
      [10, 87055, 8705],
      [8, 9400, 752],
    ])
    expect([quote.subtotal, quote.taxTotal, quote.total]).toEqual([96455, 9457, 105912])
  })

  it('rounds with the tenant’s mode once per rate, which differs from rounding each line', async () => {
    const { admin, account } = await tenantWithCatalogue()
    await as(admin, (ctx) => putBillingSettings(ctx, { roundingMode: 'round' }))
    const lines = [1, 2, 3].map(() => ({ description: '部品', quantity: 1, unitPrice: 15, taxCategory: 'standard' as const }))
    const quote = await as(admin, (ctx) => createDocument(ctx, { kind: 'quote', accountId: account.id, lines }))
    // Per line 1.5 → 2 each would be 6; per document 45 × 10% = 4.5 → 5 (四捨五入).
    expect(quote.byRate).toEqual([{ taxCategory: 'standard', rate: 10, subtotal: 45, tax: 5, total: 50 }])
    expect(quote.roundingMode).toBe('round')
  })

  it('uses the price-list price of the issue date', async () => {
    const { admin, account, license } = await tenantWithCatalogue()
    const list = await as(admin, (ctx) => createPriceList(ctx, { name: '特約店', validFrom: '2026-01-01', validTo: '2026-12-31', prices: [{ productId: license.id, unitPrice: 9000 }] }))
    const inside = await as(admin, (ctx) => createDocument(ctx, { kind: 'quote', accountId: account.id, priceListId: list.id, issueDate: '2026-06-01', lines: [{ productId: license.id, quantity: 1 }] }))
    const outside = await as(admin, (ctx) => createDocument(ctx, { kind: 'quote', accountId: account.id, priceListId: list.id, issueDate: '2027-01-05', lines: [{ productId: license.id, quantity: 1 }] }))
    expect([inside.lines[0]!.unitPrice, outside.lines[0]!.unitPrice]).toEqual([9000, 10500])
    expect(outside.number).toBe('Q-2027-000001')
  })

  it('converts quote → order → invoice with the same lines and links, once each, audited', async () => {
    const { admin, account, license, sweets } = await tenantWithCatalogue()
    await as(admin, (ctx) => putBillingSettings(ctx, { legalName: '大福ソフトウェア株式会社', registrationNumber: 'T7000012050002' }))
    const deal = await as(admin, (ctx) => createDeal(ctx, { name: '全社導入', accountId: account.id }))
    const quote = await as(admin, (ctx) =>
      createDocument(ctx, { kind: 'quote', accountId: account.id, dealId: deal.id, status: 'sent', lines: [{ productId: license.id, quantity: 12 }, { productId: sweets.id, quantity: 2 }] }),
    )
    const order = await as(admin, (ctx) => convertDocument(ctx, quote.id, { to: 'order' }))
    expect(order).toMatchObject({ kind: 'order', status: 'open', sourceDocumentId: quote.id, sourceNumber: quote.number, dealId: deal.id, total: quote.total })
    expect(order.number).toMatch(/^SO-\d{4}-000001$/)
    expect((await as(admin, (ctx) => getDocument(ctx, quote.id))).status).toBe('accepted')
    await expect(as(admin, (ctx) => convertDocument(ctx, quote.id, { to: 'order' }))).rejects.toMatchObject({ code: 'conflict' })
    await expect(as(admin, (ctx) => convertDocument(ctx, quote.id, { to: 'invoice' }))).rejects.toMatchObject({ code: 'invalid' })

    const invoice = await as(admin, (ctx) => convertDocument(ctx, order.id, { to: 'invoice' }))
    expect(invoice).toMatchObject({
      kind: 'invoice',
      status: 'draft',
      sourceDocumentId: order.id,
      issuerName: '大福ソフトウェア株式会社',
      issuerRegistrationNumber: 'T7000012050002',
      recipientName: '株式会社大福商事',
    })
    expect(invoice.transactionDate).toBe(invoice.issueDate)
    expect(invoice.lines.map((l) => [l.description, l.quantity, l.amount, l.reducedRate])).toEqual(quote.lines.map((l) => [l.description, l.quantity, l.amount, l.reducedRate]))
    expect(invoice.byRate).toEqual(quote.byRate)
    expect((await as(admin, (ctx) => getDocument(ctx, order.id))).derived).toEqual([{ id: invoice.id, kind: 'invoice', number: invoice.number }])
    const audit = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => tx.selectFrom('auditLog').select(['objectId', 'action']).where('objectType', '=', 'salesDocuments').execute())
    expect(audit.filter((a) => a.action === 'create').map((a) => a.objectId).sort()).toEqual([quote.id, order.id, invoice.id].sort())
    const events = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => tx.selectFrom('outboxEvents').select('type').where('type', 'like', 'invoice.%').execute())
    expect(events.map((e) => e.type)).toEqual(['invoice.created'])
  })

  it('locks the lines once a document leaves its draft status', async () => {
    const { admin, account, license } = await tenantWithCatalogue()
    const invoice = await as(admin, (ctx) => createDocument(ctx, { kind: 'invoice', accountId: account.id, lines: [{ productId: license.id, quantity: 1 }] }))
    const edited = await as(admin, (ctx) => updateDocument(ctx, invoice.id, { lines: [{ productId: license.id, quantity: 2 }] }))
    expect(edited.total).toBe(23100)
    await as(admin, (ctx) => updateDocument(ctx, invoice.id, { status: 'issued' }))
    await expect(as(admin, (ctx) => updateDocument(ctx, invoice.id, { lines: [{ productId: license.id, quantity: 5 }] }))).rejects.toMatchObject({ code: 'conflict' })
    // paid / partially_paid follow the payments; nobody sets them by hand.
    const api = client(t.http, await signIn(t.http, admin))
    expect((await api.patch(`/api/v1/sales-documents/${invoice.id}`, { status: 'paid' })).statusCode).toBe(400)
  })

  it('records payments: partially paid, then paid; overpayment and payments on drafts are refused', async () => {
    const { admin, account, license } = await tenantWithCatalogue()
    const invoice = await as(admin, (ctx) => createDocument(ctx, { kind: 'invoice', accountId: account.id, dueDate: '2026-12-31', lines: [{ productId: license.id, quantity: 2 }] }))
    expect(invoice.total).toBe(23100)
    await expect(as(admin, (ctx) => recordPayment(ctx, invoice.id, { paidOn: '2026-12-01', amount: 100 }))).rejects.toMatchObject({ code: 'conflict' })
    await as(admin, (ctx) => updateDocument(ctx, invoice.id, { status: 'issued' }))
    const part = await as(admin, (ctx) => recordPayment(ctx, invoice.id, { paidOn: '2026-12-01', amount: 10000, method: 'bank_transfer' }))
    expect(part).toMatchObject({ status: 'partially_paid', paidAmount: 10000, balance: 13100 })
    const api = client(t.http, await signIn(t.http, admin))
    const over = await api.post(`/api/v1/sales-documents/${invoice.id}/payments`, { paidOn: '2026-12-02', amount: 13101 })
    expect(over.statusCode).toBe(409)
    const paid = await as(admin, (ctx) => recordPayment(ctx, invoice.id, { paidOn: '2026-12-02', amount: 13100, note: '残額' }))
    expect(paid).toMatchObject({ status: 'paid', balance: 0 })
    expect(paid.payments.map((p) => p.amount)).toEqual([10000, 13100])
    await expect(as(admin, (ctx) => updateDocument(ctx, invoice.id, { status: 'void' }))).rejects.toMatchObject({ code: 'conflict' })
  })

  it('lists with filters by kind, status, account and issue date, newest first in keyset pages', async () => {
    const { admin, account } = await tenantWithCatalogue()
    const other = await as(admin, (ctx) => createAccount(ctx, { name: '有限会社あんこ' }))
    const line = { description: '作業', quantity: 1, unitPrice: 1000 }
    const q1 = await as(admin, (ctx) => createDocument(ctx, { kind: 'quote', accountId: account.id, issueDate: '2026-10-01', lines: [line] }))
    const q2 = await as(admin, (ctx) => createDocument(ctx, { kind: 'quote', accountId: other.id, issueDate: '2026-11-01', status: 'sent', lines: [line] }))
    const inv = await as(admin, (ctx) => createDocument(ctx, { kind: 'invoice', accountId: account.id, issueDate: '2026-11-02', lines: [line] }))
    const ids = async (query: Parameters<typeof listDocuments>[1]) => (await as(admin, (ctx) => listDocuments(ctx, query))).data.map((d) => d.id)
    expect(await ids({ limit: 50, kind: 'quote' })).toEqual([q2.id, q1.id])
    expect(await ids({ limit: 50, status: 'sent' })).toEqual([q2.id])
    expect(await ids({ limit: 50, accountId: account.id })).toEqual([inv.id, q1.id])
    expect(await ids({ limit: 50, from: '2026-11-01', to: '2026-11-01' })).toEqual([q2.id])
    const first = await as(admin, (ctx) => listDocuments(ctx, { limit: 2 }))
    expect(await ids({ limit: 2, cursor: first.nextCursor! })).toEqual([q1.id])
  })

  it('refuses references from another tenant and free-text lines without a price (400 naming the field)', async () => {
    const { admin, account } = await tenantWithCatalogue()
    const other = await tenantWithCatalogue()
    const api = client(t.http, await signIn(t.http, admin))
    const foreignProduct = await api.post('/api/v1/sales-documents', { kind: 'quote', accountId: account.id, lines: [{ productId: other.license.id, quantity: 1 }] })
    expect(foreignProduct.statusCode).toBe(400)
    expect(foreignProduct.json().error.details[0].path).toBe('lines.0.productId')
    const foreignAccount = await api.post('/api/v1/sales-documents', { kind: 'quote', accountId: other.account.id, lines: [] })
    expect(foreignAccount.statusCode).toBe(400)
    const noPrice = await api.post('/api/v1/sales-documents', { kind: 'quote', accountId: account.id, lines: [{ description: '何か', quantity: 1 }] })
    expect(noPrice.json().error.details[0].path).toBe('lines.0')
  })

  it('sales reps see their own team’s documents only; they cannot change the issuer settings', async () => {
    const { tenantId, admin, account } = await tenantWithCatalogue()
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    await as(admin, (ctx) => createDocument(ctx, { kind: 'quote', accountId: account.id, lines: [] }))
    const mine = await as(rep, (ctx) => createDocument(ctx, { kind: 'quote', accountId: account.id, lines: [] }))
    expect((await as(rep, (ctx) => listDocuments(ctx, { limit: 50 }))).data.map((d) => d.id)).toEqual([mine.id])
    await expect(as(rep, (ctx) => putBillingSettings(ctx, { roundingMode: 'ceil' }))).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('issuer settings', () => {
  it('accepts published registration numbers (also typed full-width) and refuses a wrong check digit', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = client(t.http, await signIn(t.http, admin))
    expect((await api.put('/api/v1/billing/settings', { registrationNumber: 'Ｔ２０１０００１００８８２４', roundingMode: 'ceil' })).json()).toMatchObject({
      registrationNumber: 'T2010001008824',
      roundingMode: 'ceil',
    })
    const wrong = await api.put('/api/v1/billing/settings', { registrationNumber: 'T2010001008825' })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().error.details[0].path).toBe('registrationNumber')
    expect((await api.get('/api/v1/billing/settings')).json().registrationNumber).toBe('T2010001008824')
  })
})

describe('numbering', () => {
  it('a rolled-back create gives its number back', async () => {
    const { admin, account } = await tenantWithCatalogue()
    await expect(
      as(admin, async (ctx) => {
        await createDocument(ctx, { kind: 'invoice', accountId: account.id, issueDate: '2026-05-01', lines: [] })
        throw new Error('rollback')
      }),
    ).rejects.toThrow('rollback')
    const next = await as(admin, (ctx) => createDocument(ctx, { kind: 'invoice', accountId: account.id, issueDate: '2026-05-01', lines: [] }))
    expect(next.number).toBe('INV-2026-000001')
  })

  it('24 concurrent creates over HTTP get the numbers 1..24 with no gap and no duplicate', async () => {
    const { admin, account } = await tenantWithCatalogue()
    const other = await tenantWithCatalogue()
    const api = client(t.http, await signIn(t.http, admin))
    const otherApi = client(t.http, await signIn(t.http, other.admin))
    const body = { kind: 'order', accountId: account.id, issueDate: '2026-08-08', lines: [{ description: '作業', quantity: 1, unitPrice: 100 }] }
    const responses = await Promise.all([
      ...Array.from({ length: 24 }, () => api.post('/api/v1/sales-documents', body)),
      // Another tenant numbering at the same time has its own sequence.
      ...Array.from({ length: 3 }, () => otherApi.post('/api/v1/sales-documents', { ...body, accountId: other.account.id })),
    ])
    expect(responses.map((r) => r.statusCode)).toEqual(Array(27).fill(201))
    const numbers = responses.slice(0, 24).map((r) => r.json().number as string).sort()
    expect(numbers).toEqual(Array.from({ length: 24 }, (_, i) => `SO-2026-${String(i + 1).padStart(6, '0')}`))
    expect(responses.slice(24).map((r) => r.json().number as string).sort()).toEqual(['SO-2026-000001', 'SO-2026-000002', 'SO-2026-000003'])
  })
})
