import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inSystemTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createDocument, getDocument, updateDocument, convertDocument } from '../billing/index.ts'
import { createCustomerGroup, setAccountCustomerGroup } from './customer-groups.service.ts'
import { createPriceList, createProduct } from './products.service.ts'
import { putConfigurator } from './configurator.service.ts'
import { findApplicablePriceListId } from './customer-groups.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const as = <T>(user: TestUser, work: Parameters<typeof asUser<T>>[2]) => asUser(t.app, user, work)

/** A server (with option groups and rules) sold at 100,000 yen, 10% tax. */
async function configuredServer(admin: TestUser, code = 'SRV') {
  const product = await as(admin, (ctx) => createProduct(ctx, { code, name: 'サーバー', unitPrice: 100000, unit: '台' }))
  await as(admin, (ctx) =>
    putConfigurator(ctx, product.id, {
      optionGroups: [
        { key: 'cpu', name: 'CPU', selection: 'single', required: true, options: [{ key: 'std', name: '標準CPU', priceDelta: 0 }, { key: 'fast', name: '高速CPU', nameEn: 'Fast CPU', priceDelta: 50000 }] },
        { key: 'extra', name: '追加', selection: 'multi', required: false, options: [{ key: 'ups', name: 'UPS', priceDelta: 20000 }, { key: 'fan', name: '静音ファン', nameEn: 'Quiet fan', priceDelta: 5000 }] },
      ],
      rules: [
        { key: 'fast-ups', name: '高速CPUにはUPS', match: 'all', conditions: [{ option: 'fast', is: 'selected' }], then: [{ type: 'require', option: 'ups' }], else: [] },
        { key: 'no-fan', name: 'UPSと静音ファン', match: 'all', conditions: [{ option: 'ups', is: 'selected' }], then: [{ type: 'exclude', option: 'fan' }], else: [] },
        { key: 'bundle', name: 'セット割引', match: 'all', conditions: [{ option: 'fast', is: 'selected' }, { option: 'ups', is: 'selected' }], then: [{ type: 'adjust', mode: 'percent', value: -10 }], else: [] },
      ],
    }),
  )
  return product
}

describe('price list choice', () => {
  it('picks the most specific list valid on the date: group before general, dated before open, by currency', async () => {
    const { admin } = await createTestTenant(t.app)
    const product = await as(admin, (ctx) => createProduct(ctx, { code: 'L', name: 'ライセンス', unitPrice: 10000 }))
    const dealers = await as(admin, (ctx) => createCustomerGroup(ctx, { name: '代理店' }))
    const big = await as(admin, (ctx) => createCustomerGroup(ctx, { name: '大口' }))
    const dealer = await as(admin, (ctx) => createAccount(ctx, { name: '代理店商事' }))
    const plain = await as(admin, (ctx) => createAccount(ctx, { name: '一般商事' }))
    const bigOne = await as(admin, (ctx) => createAccount(ctx, { name: '大口工業' }))
    await as(admin, (ctx) => setAccountCustomerGroup(ctx, dealer.id, { customerGroupId: dealers.id }))
    await as(admin, (ctx) => setAccountCustomerGroup(ctx, bigOne.id, { customerGroupId: big.id }))
    const general = await as(admin, (ctx) => createPriceList(ctx, { name: '標準', prices: [{ productId: product.id, unitPrice: 9500 }] }))
    const general2026 = await as(admin, (ctx) => createPriceList(ctx, { name: '2026年度', validFrom: '2026-04-01', validTo: '2027-03-31', prices: [] }))
    const dealerOpen = await as(admin, (ctx) => createPriceList(ctx, { name: '代理店', customerGroupId: dealers.id, prices: [] }))
    const dealer2026 = await as(admin, (ctx) =>
      createPriceList(ctx, { name: '代理店 2026', customerGroupId: dealers.id, validFrom: '2026-04-01', validTo: '2027-03-31', prices: [{ productId: product.id, unitPrice: 8000 }] }),
    )
    const dealerUsd = await as(admin, (ctx) => createPriceList(ctx, { name: 'Dealer USD', currency: 'USD', customerGroupId: dealers.id, prices: [] }))
    const pick = (accountId: string | null, date: string, currency = 'JPY') => as(admin, (ctx) => findApplicablePriceListId(ctx, { accountId, currency, date }))
    expect(await pick(dealer.id, '2026-10-01')).toEqual({ id: dealer2026.id, customerGroupId: dealers.id, match: 'group' })
    expect((await pick(dealer.id, '2027-04-01')).id).toBe(dealerOpen.id)
    expect((await pick(dealer.id, '2026-10-01', 'USD')).id).toBe(dealerUsd.id)
    expect(await pick(plain.id, '2026-10-01')).toEqual({ id: general2026.id, customerGroupId: null, match: 'general' })
    expect((await pick(plain.id, '2027-04-01')).id).toBe(general.id)
    // A group without its own list falls back to the general lists; no list in a currency → none.
    expect((await pick(bigOne.id, '2027-04-01')).id).toBe(general.id)
    expect(await pick(plain.id, '2026-10-01', 'EUR')).toEqual({ id: null, customerGroupId: null, match: 'none' })

    const api = client(t.http, await signIn(t.http, admin))
    const response = await api.get(`/api/v1/price-lists/applicable?accountId=${dealer.id}&currency=JPY&date=2026-10-01`)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ match: 'group', customerGroupId: dealers.id, priceList: { id: dealer2026.id, customerGroupId: dealers.id, customerGroupName: '代理店' } })

    // A quote for the dealer without a named list uses the dealer list of its issue date.
    const quote = await as(admin, (ctx) => createDocument(ctx, { kind: 'quote', accountId: dealer.id, issueDate: '2026-10-01', lines: [{ productId: product.id, quantity: 2 }] }))
    expect(quote.priceListId).toBe(dealer2026.id)
    expect(quote.lines[0]).toMatchObject({ unitPrice: 8000, amount: 16000 })
    const plainQuote = await as(admin, (ctx) => createDocument(ctx, { kind: 'quote', accountId: plain.id, issueDate: '2027-06-01', lines: [{ productId: product.id, quantity: 1 }] }))
    expect(plainQuote).toMatchObject({ priceListId: general.id, subtotal: 9500 })
  })

  it('a list named only by a group label (the older API) is for that group, not for every customer', async () => {
    const { admin } = await createTestTenant(t.app)
    const product = await as(admin, (ctx) => createProduct(ctx, { code: 'M', name: '保守', unitPrice: 50000 }))
    const list = await as(admin, (ctx) => createPriceList(ctx, { name: '特約店価格', customerGroup: '特約店', prices: [{ productId: product.id, unitPrice: 42000 }] }))
    expect(list).toMatchObject({ customerGroup: '特約店', customerGroupName: '特約店' })
    const member = await as(admin, (ctx) => createAccount(ctx, { name: '特約商事' }))
    const stranger = await as(admin, (ctx) => createAccount(ctx, { name: '一般商店' }))
    await as(admin, (ctx) => setAccountCustomerGroup(ctx, member.id, { customerGroupId: list.customerGroupId }))
    const date = '2026-10-01'
    expect((await as(admin, (ctx) => findApplicablePriceListId(ctx, { accountId: member.id, currency: 'JPY', date }))).id).toBe(list.id)
    expect((await as(admin, (ctx) => findApplicablePriceListId(ctx, { accountId: stranger.id, currency: 'JPY', date }))).id).toBeNull()
    // The same label again reuses the group.
    const second = await as(admin, (ctx) => createPriceList(ctx, { name: '特約店価格 2', customerGroup: '特約店' }))
    expect(second.customerGroupId).toBe(list.customerGroupId)
  })

  it('refuses a group of another tenant on a price list and an account', async () => {
    const { admin } = await createTestTenant(t.app)
    const other = await createTestTenant(t.app)
    const foreign = await as(other.admin, (ctx) => createCustomerGroup(ctx, { name: '他社グループ' }))
    const account = await as(admin, (ctx) => createAccount(ctx, { name: '自社取引先' }))
    const api = client(t.http, await signIn(t.http, admin))
    expect((await api.post('/api/v1/price-lists', { name: 'x', customerGroupId: foreign.id })).statusCode).toBe(400)
    const put = await api.put(`/api/v1/accounts/${account.id}/customer-group`, { customerGroupId: foreign.id })
    expect(put.statusCode).toBe(400)
    expect(put.json().error.details[0].path).toBe('customerGroupId')
  })
})

describe('configurator', () => {
  it('stores rules, refuses rules naming missing options, and configures over HTTP with ja/en messages', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const product = await configuredServer(admin)
    const api = client(t.http, await signIn(t.http, admin))
    const stored = (await api.get(`/api/v1/products/${product.id}/configurator`)).json()
    expect(stored.rules.map((r: { key: string }) => r.key)).toEqual(['fast-ups', 'no-fan', 'bundle'])
    const bad = await api.put(`/api/v1/products/${product.id}/configurator`, { optionGroups: stored.optionGroups, rules: [{ key: 'r', conditions: [{ option: 'ghost' }], then: [{ type: 'exclude', option: 'ups' }] }] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details[0].path).toBe('rules.0.conditions.0.option')

    const forbidden = (await api.post(`/api/v1/products/${product.id}/configure`, { selections: ['std', 'ups', 'fan'] })).json()
    expect(forbidden.valid).toBe(false)
    expect(forbidden.errors[0].message).toEqual({ ja: '「UPS」と「静音ファン」は同時に選択できません。', en: '“UPS” cannot be combined with “Quiet fan”.' })
    const missing = (await api.post(`/api/v1/products/${product.id}/configure`, { selections: ['fast'] })).json()
    expect(missing.errors.map((e: { code: string }) => e.code)).toEqual(['requires'])
    const ok = (await api.post(`/api/v1/products/${product.id}/configure`, { selections: ['fast', 'ups'] })).json()
    // 100000 + 50000 + 20000 = 170000, −10% = 153000.
    expect(ok).toMatchObject({ valid: true, errors: [], unitPrice: 153000, currency: 'JPY', priceListId: null })
    expect(ok.breakdown.map((c: { kind: string; amount: number }) => [c.kind, c.amount])).toEqual([
      ['base', 100000],
      ['option', 50000],
      ['option', 20000],
      ['adjustment', -17000],
    ])

    // Sales reps read and configure but may not write rules.
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const repApi = client(t.http, await signIn(t.http, rep))
    expect((await repApi.post(`/api/v1/products/${product.id}/configure`, { selections: ['std'] })).json().valid).toBe(true)
    expect((await repApi.put(`/api/v1/products/${product.id}/configurator`, { optionGroups: [], rules: [] })).statusCode).toBe(403)
  })

  it('a configured line on a quote is validated, priced by its rules, stored with its configuration and totals with tax', async () => {
    const { admin } = await createTestTenant(t.app)
    const product = await configuredServer(admin)
    const food = await as(admin, (ctx) => createProduct(ctx, { code: 'F', name: '菓子折り', unitPrice: 1000, taxCategory: 'reduced' }))
    const account = await as(admin, (ctx) => createAccount(ctx, { name: '構成商事' }))
    const api = client(t.http, await signIn(t.http, admin))
    const refused = await api.post('/api/v1/sales-documents', { kind: 'quote', accountId: account.id, lines: [{ productId: product.id, quantity: 1, configuration: { selections: ['std', 'ups', 'fan'] } }] })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.details[0]).toMatchObject({ path: 'lines.0.configuration', message: '“UPS” cannot be combined with “Quiet fan”.' })

    const created = await api.post('/api/v1/sales-documents', {
      kind: 'quote',
      accountId: account.id,
      lines: [
        { productId: product.id, quantity: 2, configuration: { selections: ['fast', 'ups'] } },
        { productId: food.id, quantity: 3 },
      ],
    })
    expect(created.statusCode).toBe(201)
    const quote = created.json()
    expect(quote.lines[0]).toMatchObject({ description: 'サーバー（高速CPU、UPS）', unitPrice: 153000, amount: 306000, taxCategory: 'standard' })
    expect(quote.lines[0].configuration).toMatchObject({ selections: ['fast', 'ups'], options: [{ key: 'fast', name: '高速CPU' }, { key: 'ups', name: 'UPS' }], unitPrice: 153000 })
    expect(quote.lines[1].configuration).toBeNull()
    // 10%: 306000 → 30600; 8%: 3000 → 240.
    expect(quote.byRate).toEqual([
      { taxCategory: 'standard', rate: 10, subtotal: 306000, tax: 30600, total: 336600 },
      { taxCategory: 'reduced', rate: 8, subtotal: 3000, tax: 240, total: 3240 },
    ])
    expect(quote).toMatchObject({ subtotal: 309000, taxTotal: 30840, total: 339840 })

    // A currency change re-resolves the stored lines and keeps the configuration; conversion copies it.
    const again = await as(admin, (ctx) => updateDocument(ctx, quote.id, { notes: '再計算' }))
    expect(again.lines[0]!.configuration?.selections).toEqual(['fast', 'ups'])
    const order = await as(admin, (ctx) => convertDocument(ctx, quote.id, { to: 'order' }))
    expect(order.lines[0]).toMatchObject({ unitPrice: 153000, configuration: { selections: ['fast', 'ups'] } })
    expect((await as(admin, (ctx) => getDocument(ctx, order.id))).total).toBe(339840)
  })
})

describe('catalogue share links', () => {
  it('anyone with the link reads the catalogue without signing in; prices can be hidden; expired and revoked links are 404', async () => {
    const { admin, tenantId } = await createTestTenant(t.app, '大福製作所')
    const server = await configuredServer(admin)
    await as(admin, (ctx) => createProduct(ctx, { code: 'A-1', name: '羊羹', unitPrice: 1200, taxCategory: 'reduced', description: '老舗の味', specs: [{ label: '内容量', value: '300g' }] }))
    await as(admin, (ctx) => createProduct(ctx, { code: 'Z-OLD', name: '廃番品', unitPrice: 1, isActive: false }))
    const api = client(t.http, await signIn(t.http, admin))
    const all = (await api.post('/api/v1/catalog-share-links', { name: '2026年 総合カタログ' })).json()
    expect(all).toMatchObject({ status: 'active', path: `/catalog/${all.token}`, showPrices: true })
    expect(all.token.length).toBeGreaterThanOrEqual(32)

    const anonymous = client(t.http)
    const page = await anonymous.get(`/api/v1/public/catalog/${all.token}`)
    expect(page.statusCode).toBe(200)
    const catalog = page.json()
    expect(catalog).toMatchObject({ title: '2026年 総合カタログ', companyName: '大福製作所', showPrices: true })
    expect(catalog.products.map((p: { code: string }) => p.code)).toEqual(['A-1', 'SRV'])
    expect(catalog.products[0]).toMatchObject({ name: '羊羹', description: '老舗の味', specs: [{ label: '内容量', value: '300g' }], unitPrice: 1200, unitPriceWithTax: 1296 })
    expect(catalog.products[1].optionGroups[0].options[1]).toMatchObject({ key: 'fast', priceDelta: 50000 })
    expect(JSON.stringify(catalog)).not.toContain('fast-ups') // rules stay private

    const some = (await api.post('/api/v1/catalog-share-links', { name: 'サーバーのみ', productIds: [server.id], showPrices: false })).json()
    const hidden = (await anonymous.get(`/api/v1/public/catalog/${some.token}`)).json()
    expect(hidden.products).toHaveLength(1)
    expect(hidden.products[0]).toMatchObject({ code: 'SRV', unitPrice: null, unitPriceWithTax: null })
    expect(hidden.products[0].optionGroups[1].options.every((o: { priceDelta: number }) => o.priceDelta === 0)).toBe(true)

    const revoked = await api.post(`/api/v1/catalog-share-links/${some.id}/revoke`, {})
    expect(revoked.json().status).toBe('revoked')
    expect((await anonymous.get(`/api/v1/public/catalog/${some.token}`)).statusCode).toBe(404)
    await inSystemTransaction(t.app.db, (tx) => tx.updateTable('catalogShareLinks').set({ expiresAt: new Date(Date.now() - 1000) }).where('id', '=', all.id).execute())
    expect((await anonymous.get(`/api/v1/public/catalog/${all.token}`)).statusCode).toBe(404)
    expect((await anonymous.get('/api/v1/public/catalog/no-such-token')).statusCode).toBe(404)
    const listed = (await api.get('/api/v1/catalog-share-links')).json().data
    expect(listed.map((l: { status: string; viewCount: number }) => [l.status, l.viewCount])).toEqual([
      ['revoked', 1],
      ['expired', 1],
    ])

    // Only admins share the catalogue; a past expiry is refused.
    const manager = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    expect((await client(t.http, await signIn(t.http, manager)).post('/api/v1/catalog-share-links', { name: 'x' })).statusCode).toBe(403)
    expect((await api.post('/api/v1/catalog-share-links', { name: 'x', expiresAt: '2020-01-01T00:00:00Z' })).statusCode).toBe(400)
  })
})
