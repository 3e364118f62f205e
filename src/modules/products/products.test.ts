import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createPriceList, createProduct, getProductPrice, listProducts, updateProduct } from './products.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('products', () => {
  it('creates a product with a unit, a tax-exclusive price and a tax category, audited', async () => {
    const { admin } = await createTestTenant(t.app)
    const product = await asUser(t.app, admin, (ctx) =>
      createProduct(ctx, { code: 'FOOD-01', name: '大福（こしあん）', nameKana: 'ダイフク', unit: '個', unitPrice: 180, taxCategory: 'reduced' }),
    )
    expect(product).toMatchObject({ code: 'FOOD-01', unit: '個', unitPrice: 180, taxCategory: 'reduced', isActive: true })
    const audit = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => tx.selectFrom('auditLog').select('action').where('objectId', '=', product.id).execute())
    expect(audit.map((a) => a.action)).toEqual(['create'])
  })

  it('refuses a second product with the same code in a tenant (409), but another tenant may use it', async () => {
    const { admin } = await createTestTenant(t.app)
    const other = await createTestTenant(t.app)
    const api = client(t.http, await signIn(t.http, admin))
    expect((await api.post('/api/v1/products', { code: 'SVC', name: '保守', unitPrice: 50000, unit: '月' })).statusCode).toBe(201)
    const again = await api.post('/api/v1/products', { code: 'SVC', name: '別の保守', unitPrice: 1 })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.details[0].path).toBe('code')
    await expect(asUser(t.app, other.admin, (ctx) => createProduct(ctx, { code: 'SVC', name: '保守', unitPrice: 1 }))).resolves.toMatchObject({ code: 'SVC' })
  })

  it('managers edit products; sales reps only read them', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const manager = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    const product = await asUser(t.app, admin, (ctx) => createProduct(ctx, { code: 'A', name: 'A', unitPrice: 100 }))
    await expect(asUser(t.app, rep, (ctx) => createProduct(ctx, { code: 'B', name: 'B', unitPrice: 1 }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, rep, (ctx) => updateProduct(ctx, product.id, { unitPrice: 1 }))).rejects.toMatchObject({ code: 'forbidden' })
    expect((await asUser(t.app, rep, (ctx) => listProducts(ctx, { limit: 50 }))).data.map((p) => p.code)).toEqual(['A'])
    expect(await asUser(t.app, manager, (ctx) => updateProduct(ctx, product.id, { unitPrice: 120 }))).toMatchObject({ unitPrice: 120 })
  })

  it('lists by code with keyset pages and finds by kana', async () => {
    const { admin } = await createTestTenant(t.app)
    for (const code of ['C-3', 'C-1', 'C-2']) await asUser(t.app, admin, (ctx) => createProduct(ctx, { code, name: `商品${code}`, nameKana: code === 'C-2' ? 'ヨウカン' : null, unitPrice: 1 }))
    const first = await asUser(t.app, admin, (ctx) => listProducts(ctx, { limit: 2 }))
    expect(first.data.map((p) => p.code)).toEqual(['C-1', 'C-2'])
    const second = await asUser(t.app, admin, (ctx) => listProducts(ctx, { limit: 2, cursor: first.nextCursor! }))
    expect(second.data.map((p) => p.code)).toEqual(['C-3'])
    expect((await asUser(t.app, admin, (ctx) => listProducts(ctx, { limit: 50, q: 'ヨウ' }))).data.map((p) => p.code)).toEqual(['C-2'])
  })
})

describe('price lists', () => {
  it('a product costs its price-list price within the list’s dates and its own unit price otherwise', async () => {
    const { admin } = await createTestTenant(t.app)
    const product = await asUser(t.app, admin, (ctx) => createProduct(ctx, { code: 'P', name: 'ライセンス', unitPrice: 10000 }))
    const other = await asUser(t.app, admin, (ctx) => createProduct(ctx, { code: 'Q', name: '導入支援', unitPrice: 300000, unit: '式' }))
    const list = await asUser(t.app, admin, (ctx) =>
      createPriceList(ctx, { name: '代理店価格 2026', customerGroup: '代理店', validFrom: '2026-04-01', validTo: '2027-03-31', prices: [{ productId: product.id, unitPrice: 8000 }] }),
    )
    expect(list.prices).toEqual([{ productId: product.id, productCode: 'P', productName: 'ライセンス', unitPrice: 8000 }])
    const price = (productId: string, date: string) => asUser(t.app, admin, (ctx) => getProductPrice(ctx, productId, { priceListId: list.id, date }))
    expect(await price(product.id, '2026-10-01')).toMatchObject({ unitPrice: 8000, priceListId: list.id })
    expect(await price(product.id, '2027-04-01')).toMatchObject({ unitPrice: 10000, priceListId: null })
    expect(await price(other.id, '2026-10-01')).toMatchObject({ unitPrice: 300000, priceListId: null })
  })

  it('refuses a list that ends before it starts, and a price for a product of another tenant', async () => {
    const { admin } = await createTestTenant(t.app)
    const other = await createTestTenant(t.app)
    const foreign = await asUser(t.app, other.admin, (ctx) => createProduct(ctx, { code: 'X', name: 'X', unitPrice: 1 }))
    const api = client(t.http, await signIn(t.http, admin))
    expect((await api.post('/api/v1/price-lists', { name: 'bad', validFrom: '2026-04-01', validTo: '2026-03-31' })).statusCode).toBe(400)
    const response = await api.post('/api/v1/price-lists', { name: 'foreign', prices: [{ productId: foreign.id, unitPrice: 1 }] })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.details[0].path).toBe('prices.0.productId')
  })
})
