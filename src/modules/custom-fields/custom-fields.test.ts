import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount, getAccount, listAccounts, updateAccount } from '../accounts/index.ts'
import { createRole } from '../roles/roles.service.ts'
import { createCustomField, deleteCustomField, listCustomFields, updateCustomField } from './custom-fields.service.ts'
import type { CustomFieldCreate } from './custom-fields.schema.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const label = (ja: string, en: string) => ({ ja, en })
const define = (user: TestUser, input: Partial<CustomFieldCreate> & Pick<CustomFieldCreate, 'key' | 'type'>) =>
  asUser(t.app, user, (ctx) => createCustomField(ctx, { object: 'accounts', label: label(input.key, input.key), ...input }))
const account = (user: TestUser, custom: Record<string, unknown>, name = '株式会社テスト') => asUser(t.app, user, (ctx) => createAccount(ctx, { name, custom }))

const SIZES = [
  { value: 'small', label: label('小', 'Small') },
  { value: 'large', label: label('大', 'Large') },
]

describe('custom field definitions', () => {
  it('an admin defines a field, audited; keys are unique per object; a sales user may read but not define', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const field = await define(admin, { key: 'contract_no', type: 'text', label: label('契約番号', 'Contract no.') })
    expect(field).toMatchObject({ object: 'accounts', key: 'contract_no', type: 'text', required: false, unique: false, active: true, options: [] })
    await expect(define(admin, { key: 'contract_no', type: 'number' })).rejects.toMatchObject({ code: 'conflict' })
    // The same key on another object is another field.
    await expect(define(admin, { key: 'contract_no', type: 'text', object: 'contacts' })).resolves.toMatchObject({ object: 'contacts' })
    await expect(define(admin, { key: 'Bad-Key', type: 'text' })).rejects.toBeDefined()
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('auditLog').selectAll().where('objectId', '=', field.id).execute())
    expect(audit.map((a) => a.action)).toEqual(['create'])
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    expect((await asUser(t.app, sales, (ctx) => listCustomFields(ctx, { object: 'accounts' }))).map((f) => f.key)).toEqual(['contract_no'])
    await expect(define(sales, { key: 'x', type: 'text' })).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('refuses select fields without options, options on other types, and a default of the wrong type', async () => {
    const { admin } = await createTestTenant(t.app)
    await expect(define(admin, { key: 'size', type: 'single_select' })).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'options' }] })
    await expect(define(admin, { key: 'memo', type: 'text', options: SIZES })).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'options' }] })
    await expect(define(admin, { key: 'size', type: 'single_select', options: SIZES, defaultValue: 'huge' })).rejects.toMatchObject({ details: [{ path: 'defaultValue' }] })
    await expect(define(admin, { key: 'n', type: 'number', defaultValue: 'three' })).rejects.toMatchObject({ details: [{ path: 'defaultValue' }] })
  })

  it('changing the type is refused once records hold values, allowed before; deleting a field deletes its values', async () => {
    const { admin } = await createTestTenant(t.app)
    const field = await define(admin, { key: 'rank', type: 'text' })
    await expect(asUser(t.app, admin, (ctx) => updateCustomField(ctx, field.id, { type: 'number' }))).resolves.toMatchObject({ type: 'number' })
    const acme = await account(admin, { rank: 3 })
    await expect(asUser(t.app, admin, (ctx) => updateCustomField(ctx, field.id, { type: 'text' }))).rejects.toMatchObject({ code: 'conflict', details: [{ path: 'type' }] })
    await expect(asUser(t.app, admin, (ctx) => updateCustomField(ctx, field.id, { label: label('ランク', 'Rank') }))).resolves.toMatchObject({ label: { ja: 'ランク' } })
    await asUser(t.app, admin, (ctx) => deleteCustomField(ctx, field.id))
    expect((await asUser(t.app, admin, (ctx) => getAccount(ctx, acme.id))).custom).toEqual({})
  })

  it('definitions and values of one tenant are invisible to another', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const field = await define(a.admin, { key: 'secret_code', type: 'text', unique: true })
    await account(a.admin, { secret_code: 'X-1' })
    expect(await asUser(t.app, b.admin, (ctx) => listCustomFields(ctx, {}))).toEqual([])
    await expect(asUser(t.app, b.admin, (ctx) => updateCustomField(ctx, field.id, { required: true }))).rejects.toMatchObject({ code: 'not_found' })
    // B has no such field, so its records cannot take the value …
    await expect(account(b.admin, { secret_code: 'X-1' })).rejects.toMatchObject({ code: 'invalid' })
    // … and with its own unique field of the same key, A's value does not count as taken.
    await define(b.admin, { key: 'secret_code', type: 'text', unique: true })
    await expect(account(b.admin, { secret_code: 'X-1' })).resolves.toMatchObject({ custom: { secret_code: 'X-1' } })
    await expect(asUser(t.app, b.admin, (ctx) => listAccounts(ctx, { limit: 50, sort: '-createdAt', 'custom.secret_code': 'X-1' }))).resolves.toMatchObject({ data: [{ custom: { secret_code: 'X-1' } }] })
  })
})

describe('custom field values on accounts', () => {
  it('accepts a valid value of every type and refuses an invalid one, naming custom.<key>', async () => {
    const { admin } = await createTestTenant(t.app)
    const cases: [CustomFieldCreate['type'], unknown, unknown, Partial<CustomFieldCreate>?][] = [
      ['text', '東京本社', 12],
      ['long_text', '長い\n備考', false],
      ['number', 12.5, '12.5'],
      ['currency', 1_500_000, 10.5],
      ['date', '2026-11-25', '2026/11/25'],
      ['boolean', true, 'yes'],
      ['single_select', 'small', 'medium', { options: SIZES }],
      ['multi_select', ['small', 'large'], ['small', 'small'], { options: SIZES }],
      ['url', 'https://example.jp/', 'ftp://example.jp/'],
      ['email', 'tanaka@example.jp', 'tanaka@'],
      ['phone', '03-1234-5678', '03-1234-abcd'],
    ]
    for (const [type, good, bad, extra] of cases) await define(admin, { key: `f_${type}`, type, ...extra })
    for (const [type, good, bad] of cases) {
      await expect(account(admin, { [`f_${type}`]: good }), type).resolves.toMatchObject({ custom: { [`f_${type}`]: good } })
      await expect(account(admin, { [`f_${type}`]: bad }), type).rejects.toMatchObject({ code: 'invalid', details: [{ path: `custom.f_${type}` }] })
    }
    await expect(account(admin, { no_such_field: 1 })).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'custom.no_such_field' }] })
  })

  it('applies defaults on create, enforces required on create and on clearing, and keeps other values on a patch', async () => {
    const { admin } = await createTestTenant(t.app)
    await define(admin, { key: 'tier', type: 'single_select', options: SIZES, defaultValue: 'small' })
    await define(admin, { key: 'region', type: 'text', required: true })
    await expect(account(admin, {})).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'custom.region' }] })
    const created = await account(admin, { region: '関東' })
    expect(created.custom).toEqual({ tier: 'small', region: '関東' })
    const patched = await asUser(t.app, admin, (ctx) => updateAccount(ctx, created.id, { custom: { tier: 'large' } }))
    expect(patched.custom).toEqual({ tier: 'large', region: '関東' })
    await expect(asUser(t.app, admin, (ctx) => updateAccount(ctx, created.id, { custom: { region: null } }))).rejects.toMatchObject({ details: [{ path: 'custom.region' }] })
    const cleared = await asUser(t.app, admin, (ctx) => updateAccount(ctx, created.id, { custom: { tier: null } }))
    expect(cleared.custom).toEqual({ region: '関東' })
    const audit = await inTenantTransaction(t.app.db, admin.tenantId, (tx) =>
      tx.selectFrom('auditLog').selectAll().where('objectId', '=', created.id).where('action', '=', 'update').orderBy('id').execute(),
    )
    expect(audit[0]!.changes.custom).toEqual({ before: { tier: 'small', region: '関東' }, after: { tier: 'large', region: '関東' } })
  })

  it('a unique field refuses a value another record of the tenant has, but a record may keep its own', async () => {
    const { admin } = await createTestTenant(t.app)
    await define(admin, { key: 'customer_code', type: 'text', unique: true })
    const first = await account(admin, { customer_code: 'C-001' })
    await expect(account(admin, { customer_code: 'C-001' })).rejects.toMatchObject({ code: 'conflict', details: [{ path: 'custom.customer_code' }] })
    await expect(asUser(t.app, admin, (ctx) => updateAccount(ctx, first.id, { name: '改名', custom: { customer_code: 'C-001' } }))).resolves.toMatchObject({ name: '改名' })
    const second = await account(admin, { customer_code: 'C-002' })
    await expect(asUser(t.app, admin, (ctx) => updateAccount(ctx, second.id, { custom: { customer_code: 'C-001' } }))).rejects.toMatchObject({ code: 'conflict' })
  })

  it('filters with ?custom.<key>= and sorts by sort=custom.<key> across pages, through the HTTP API', async () => {
    const { admin } = await createTestTenant(t.app)
    await define(admin, { key: 'score', type: 'number' })
    await define(admin, { key: 'vip', type: 'boolean' })
    await define(admin, { key: 'tags', type: 'multi_select', options: SIZES })
    await account(admin, { score: 30, vip: true, tags: ['small'] }, 'C')
    await account(admin, { score: 5, vip: false, tags: ['small', 'large'] }, 'A')
    await account(admin, { score: 100, vip: true }, 'D')
    await account(admin, {}, 'B')
    const http = client(t.http, await signIn(t.http, admin))
    const names = async (url: string) => {
      const res = await http.get(url)
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as { data: { name: string }[] }).data.map((a) => a.name)
    }
    expect((await names('/api/v1/accounts?custom.vip=true&sort=name'))).toEqual(['C', 'D'])
    expect(await names('/api/v1/accounts?custom.tags=large')).toEqual(['A'])
    expect(await names('/api/v1/accounts?custom.score=30')).toEqual(['C'])
    expect(await names('/api/v1/accounts?sort=-custom.score')).toEqual(['D', 'C', 'A', 'B'])
    // Keyset pages of 1 in ascending order: a record without a value sorts first.
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await http.get(`/api/v1/accounts?sort=custom.score&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      const body = res.json() as { data: { name: string }[]; nextCursor: string | null }
      seen.push(...body.data.map((a) => a.name))
      cursor = body.nextCursor
    } while (cursor)
    expect(seen).toEqual(['B', 'A', 'C', 'D'])
    expect((await http.get('/api/v1/accounts?custom.nope=1')).statusCode).toBe(400)
    expect((await http.get('/api/v1/accounts?custom.score=abc')).statusCode).toBe(400)
    expect((await http.get('/api/v1/accounts?sort=custom.nope')).statusCode).toBe(400)
    expect((await http.get('/api/v1/accounts?bogus=1')).statusCode).toBe(400)
  })

  it('a custom field hidden from a role is left out of its records, filters and sorts, and cannot be written; read-only is shown but locked', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    await define(admin, { key: 'credit_limit', type: 'currency' })
    await define(admin, { key: 'segment', type: 'text' })
    const role = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, {
        name: '閲覧制限',
        permissions: {
          objects: { accounts: { create: true, read: true, update: true, delete: false, visibility: 'all' } },
          fields: { accounts: { 'custom.credit_limit': 'hidden', 'custom.segment': 'readonly' } },
        },
      }),
    )
    const clerk = await createTestUser(t.app, tenantId, { roleId: role.id })
    const acme = await account(admin, { credit_limit: 5_000_000, segment: 'A' })
    expect((await asUser(t.app, clerk, (ctx) => getAccount(ctx, acme.id))).custom).toEqual({ segment: 'A' })
    await expect(asUser(t.app, clerk, (ctx) => updateAccount(ctx, acme.id, { custom: { credit_limit: 1 } }))).rejects.toMatchObject({ code: 'forbidden', details: [{ path: 'custom.credit_limit' }] })
    await expect(asUser(t.app, clerk, (ctx) => updateAccount(ctx, acme.id, { custom: { segment: 'B' } }))).rejects.toMatchObject({ code: 'forbidden', details: [{ path: 'custom.segment' }] })
    await expect(asUser(t.app, clerk, (ctx) => listAccounts(ctx, { limit: 10, sort: 'custom.credit_limit' }))).rejects.toMatchObject({ code: 'invalid' })
    await expect(asUser(t.app, clerk, (ctx) => listAccounts(ctx, { limit: 10, sort: '-createdAt', 'custom.credit_limit': '5000000' }))).rejects.toMatchObject({ code: 'invalid' })
    // Other fields still work for the clerk, and the hidden value survives their edit.
    await asUser(t.app, clerk, (ctx) => updateAccount(ctx, acme.id, { name: '改名' }))
    expect((await asUser(t.app, admin, (ctx) => getAccount(ctx, acme.id))).custom).toEqual({ credit_limit: 5_000_000, segment: 'A' })
  })

  it('the custom object and the definitions API are in the OpenAPI document', async () => {
    const res = await t.http.inject({ method: 'GET', url: '/api/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json() as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }
    expect(doc.paths['/api/v1/custom-fields']).toBeDefined()
    expect(doc.components.schemas.Account!.properties!.custom).toBeDefined()
    expect(doc.components.schemas.CustomValues).toMatchObject({ type: 'object', additionalProperties: {} })
  })
})
