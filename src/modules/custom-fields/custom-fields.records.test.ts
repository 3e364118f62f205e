import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createContact, getContact, updateContact } from '../contacts/index.ts'
import { createDeal, getDeal, listDeals, updateDeal } from '../deals/index.ts'
import { createRole } from '../roles/roles.service.ts'
import type { CustomFieldCreate } from './custom-fields.schema.ts'
import { createCustomField } from './custom-fields.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const label = (ja: string, en: string) => ({ ja, en })
const define = (user: TestUser, input: Partial<CustomFieldCreate> & Pick<CustomFieldCreate, 'key' | 'type' | 'object'>) =>
  asUser(t.app, user, (ctx) => createCustomField(ctx, { label: label(input.key, input.key), ...input }))

const INTERESTS = [
  { value: 'crm', label: label('顧客管理', 'CRM') },
  { value: 'sfa', label: label('営業支援', 'SFA') },
]

describe('custom field values on contacts (担当者)', () => {
  it('stores snake_case keys untouched, applies defaults, validates per type and shows errors on custom.<key>', async () => {
    const { admin } = await createTestTenant(t.app)
    await define(admin, { object: 'contacts', key: 'lead_source', type: 'single_select', options: INTERESTS, required: true })
    await define(admin, { object: 'contacts', key: 'newsletter_opt_in', type: 'boolean', defaultValue: false })
    const created = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '山田', givenName: '花子', custom: { lead_source: 'crm' } }))
    expect(created.custom).toEqual({ lead_source: 'crm', newsletter_opt_in: false })
    expect((await asUser(t.app, admin, (ctx) => getContact(ctx, created.id))).custom).toEqual({ lead_source: 'crm', newsletter_opt_in: false })

    await expect(asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '佐藤' }))).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'custom.lead_source' }] })
    await expect(asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '佐藤', custom: { lead_source: 'erp' } }))).rejects.toMatchObject({
      code: 'invalid',
      details: [{ path: 'custom.lead_source' }],
    })
    await expect(asUser(t.app, admin, (ctx) => updateContact(ctx, created.id, { custom: { unknown_key: 1 } }))).rejects.toMatchObject({ code: 'invalid' })

    // An update of other fields leaves the values alone; a custom patch merges key by key.
    await asUser(t.app, admin, (ctx) => updateContact(ctx, created.id, { title: '部長' }))
    const updated = await asUser(t.app, admin, (ctx) => updateContact(ctx, created.id, { custom: { newsletter_opt_in: true } }))
    expect(updated.custom).toEqual({ lead_source: 'crm', newsletter_opt_in: true })
  })

  it('over HTTP: the contact carries `custom`, and a hidden field is left out for that role', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    await define(admin, { object: 'contacts', key: 'annual_budget', type: 'currency' })
    const api = client(t.http, await signIn(t.http, admin))
    const res = await api.post('/api/v1/contacts', { familyName: '鈴木', custom: { annual_budget: 3_000_000 } })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().custom).toEqual({ annual_budget: 3_000_000 })
    const bad = await api.patch(`/api/v1/contacts/${res.json().id}`, { custom: { annual_budget: 'たくさん' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details[0].path).toBe('custom.annual_budget')

    const role = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, {
        name: '予算非表示',
        permissions: { objects: { contacts: { create: true, read: true, update: true, delete: false, visibility: 'all' } }, fields: { contacts: { 'custom.annual_budget': 'hidden' } } },
      }),
    )
    const clerk = await createTestUser(t.app, tenantId, { roleId: role.id })
    const clerkApi = client(t.http, await signIn(t.http, clerk))
    expect((await clerkApi.get(`/api/v1/contacts/${res.json().id}`)).json().custom).toEqual({})
  })
})

describe('custom field values on deals (商談)', () => {
  it('are validated, stored and returned by get, list and the board', async () => {
    const { admin } = await createTestTenant(t.app)
    await define(admin, { object: 'deals', key: 'product_lines', type: 'multi_select', options: INTERESTS })
    await define(admin, { object: 'deals', key: 'contract_url', type: 'url' })
    const deal = await asUser(t.app, admin, (ctx) => createDeal(ctx, { name: '全社導入', custom: { product_lines: ['crm', 'sfa'] } }))
    expect(deal.custom).toEqual({ product_lines: ['crm', 'sfa'] })
    await expect(asUser(t.app, admin, (ctx) => updateDeal(ctx, deal.id, { custom: { contract_url: 'not a url' } }))).rejects.toMatchObject({
      code: 'invalid',
      details: [{ path: 'custom.contract_url' }],
    })
    await asUser(t.app, admin, (ctx) => updateDeal(ctx, deal.id, { custom: { contract_url: 'https://example.jp/c/1' } }))
    expect((await asUser(t.app, admin, (ctx) => getDeal(ctx, deal.id))).custom).toEqual({ product_lines: ['crm', 'sfa'], contract_url: 'https://example.jp/c/1' })
    const list = await asUser(t.app, admin, (ctx) => listDeals(ctx, { limit: 10, sort: '-createdAt' }))
    expect(list.data[0]!.custom).toEqual({ product_lines: ['crm', 'sfa'], contract_url: 'https://example.jp/c/1' })
  })
})
