import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createContact, type ContactInput } from '../contacts/index.ts'
import { createCustomField } from '../custom-fields/index.ts'
import { createRole } from '../roles/roles.service.ts'
import { linkContactToAccount } from '../contacts/index.ts'
import type { FilterGroup } from './list-filter.schema.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const contact = (user: TestUser, input: ContactInput) => asUser(t.app, user, (ctx) => createContact(ctx, input))
const and = (...conditions: FilterGroup['conditions']): FilterGroup => ({ combinator: 'and', conditions })
const or = (...conditions: FilterGroup['conditions']): FilterGroup => ({ combinator: 'or', conditions })
const where = (field: string, operator: string, value?: unknown) => ({ field, operator, value }) as FilterGroup['conditions'][number]

async function signedIn(user: TestUser) {
  return client(t.http, await signIn(t.http, user))
}

/** Names of every contact the query returns, following the cursor to the end. */
async function queryAll(api: Awaited<ReturnType<typeof signedIn>>, object: 'contacts' | 'accounts', body: Record<string, unknown>): Promise<string[]> {
  const names: string[] = []
  let cursor: string | null = null
  do {
    const response = await api.post(`/api/v1/${object}/query`, { ...body, ...(cursor ? { cursor } : {}) })
    expect(response.statusCode, response.body).toBe(200)
    const page = response.json() as { data: { displayName?: string; name?: string }[]; nextCursor: string | null }
    names.push(...page.data.map((r) => r.displayName ?? r.name ?? '?'))
    cursor = page.nextCursor
  } while (cursor)
  return names
}

describe('list filters', () => {
  it('nests AND and OR groups over contact fields', async () => {
    const { admin } = await createTestTenant(t.app)
    await contact(admin, { familyName: '佐藤', givenName: '一郎', department: '営業部', tags: ['VIP'] })
    await contact(admin, { familyName: '鈴木', givenName: '花子', department: '営業部', title: '営業部長' })
    await contact(admin, { familyName: '高橋', givenName: '次郎', department: '営業部', title: '主任' })
    await contact(admin, { familyName: '田中', givenName: '三郎', department: '総務部', tags: ['VIP'] })
    const api = await signedIn(admin)
    const filter = and(where('department', 'eq', '営業部'), or(where('tags', 'hasTag', 'VIP'), where('title', 'contains', '部長')))
    expect((await queryAll(api, 'contacts', { filter, sort: 'name' })).sort()).toEqual(['佐藤 一郎', '鈴木 花子'])
    // OR at the top: either group may match.
    const either = or(and(where('department', 'eq', '総務部')), where('title', 'eq', '主任'))
    expect((await queryAll(api, 'contacts', { filter: either })).sort()).toEqual(['田中 三郎', '高橋 次郎'].sort())
  })

  it('applies each operator by field type', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const colleague = await createTestUser(t.app, tenantId, { roleKey: 'sales', name: '同僚' })
    const acme = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'アクメ株式会社', employeeCount: 120 }))
    await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福商事', employeeCount: 15, industry: '小売' }))
    const a = await contact(admin, { familyName: '青木', birthday: '1980-04-01', preferredChannel: 'email', doNotCall: true, emails: [{ type: 'work', address: 'Aoki@Example.jp', primary: true }], tags: ['展示会', 'VIP'] })
    await contact(admin, { familyName: '井上', birthday: '1990-12-24', preferredChannel: 'phone', phones: [{ type: 'work', number: '03-1234-5678', primary: true }], notes: '100%確実' })
    await contact(admin, { familyName: '上田', ownerId: colleague.userId })
    await asUser(t.app, admin, (ctx) => linkContactToAccount(ctx, a.id, { accountId: acme.id }))
    const api = await signedIn(admin)
    const names = async (filter: FilterGroup, object: 'contacts' | 'accounts' = 'contacts') => (await queryAll(api, object, { filter, sort: 'name' })).sort()
    expect(await names(and(where('familyName', 'neq', '青木')))).toEqual(['上田', '井上'])
    expect(await names(and(where('familyName', 'startsWith', '井')))).toEqual(['井上'])
    expect(await names(and(where('familyName', 'in', ['青木', '上田'])))).toEqual(['上田', '青木'])
    expect(await names(and(where('birthday', 'isEmpty')))).toEqual(['上田'])
    expect(await names(and(where('birthday', 'isNotEmpty')))).toEqual(['井上', '青木'])
    expect(await names(and(where('birthday', 'lt', '1985-01-01')))).toEqual(['青木'])
    expect(await names(and(where('birthday', 'gte', '1985-01-01')))).toEqual(['井上'])
    expect(await names(and(where('birthday', 'between', ['1990-01-01', '1990-12-31'])))).toEqual(['井上'])
    expect(await names(and(where('createdAt', 'between', ['2000-01-01', '2099-12-31'])))).toHaveLength(3)
    expect(await names(and(where('createdAt', 'lt', '2000-01-01')))).toEqual([])
    expect(await names(and(where('doNotCall', 'eq', true)))).toEqual(['青木'])
    expect(await names(and(where('preferredChannel', 'in', ['phone', 'mail'])))).toEqual(['井上'])
    expect(await names(and(where('ownerId', 'eq', '$me')))).toEqual(['井上', '青木'])
    expect(await names(and(where('ownerId', 'eq', colleague.userId)))).toEqual(['上田'])
    expect(await names(and(where('tags', 'hasTag', '展示会')))).toEqual(['青木'])
    expect(await names(and(where('tags', 'isEmpty')))).toEqual(['上田', '井上'])
    expect(await names(and(where('accountId', 'eq', acme.id)))).toEqual(['青木'])
    expect(await names(and(where('accountId', 'isEmpty')))).toEqual(['上田', '井上'])
    // Stored forms: email lower-cased, phone as digits; LIKE wildcards in the user's text are literal.
    expect(await names(and(where('email', 'eq', 'AOKI@example.jp')))).toEqual(['青木'])
    expect(await names(and(where('phone', 'contains', '1234-5678')))).toEqual(['井上'])
    expect(await names(and(where('notes', 'contains', '0%確')))).toEqual(['井上'])
    expect(await names(and(where('notes', 'contains', '_')))).toEqual([])
    expect(await names(and(where('employeeCount', 'gt', 100)), 'accounts')).toEqual(['アクメ株式会社'])
    expect(await names(and(where('employeeCount', 'between', [10, 20])), 'accounts')).toEqual(['大福商事'])
    expect(await names(and(where('industry', 'isEmpty')), 'accounts')).toEqual(['アクメ株式会社'])
  })

  it('filters and sorts on custom fields, by containment where it can', async () => {
    const { admin } = await createTestTenant(t.app)
    const define = (input: Parameters<typeof createCustomField>[1]) => asUser(t.app, admin, (ctx) => createCustomField(ctx, input))
    const l = (s: string) => ({ ja: s, en: s })
    await define({ object: 'accounts', key: 'credit_limit', type: 'currency', label: l('与信限度額') })
    await define({ object: 'accounts', key: 'rank', type: 'single_select', label: l('ランク'), options: [{ value: 'A', label: l('A') }, { value: 'B', label: l('B') }, { value: 'C', label: l('C') }] })
    await define({ object: 'accounts', key: 'channels', type: 'multi_select', label: l('チャネル'), options: [{ value: 'web', label: l('Web') }, { value: 'shop', label: l('店舗') }] })
    const make = (name: string, custom: Record<string, unknown>) => asUser(t.app, admin, (ctx) => createAccount(ctx, { name, custom }))
    await make('甲社', { credit_limit: 5_000_000, rank: 'A', channels: ['web'] })
    await make('乙社', { credit_limit: 1_000_000, rank: 'B', channels: ['web', 'shop'] })
    await make('丙社', { rank: 'C' })
    const api = await signedIn(admin)
    const names = async (filter: FilterGroup) => (await queryAll(api, 'accounts', { filter })).sort()
    expect(await names(and(where('custom.credit_limit', 'gte', 2_000_000)))).toEqual(['甲社'])
    expect(await names(and(where('custom.credit_limit', 'isEmpty')))).toEqual(['丙社'])
    expect(await names(and(where('custom.rank', 'eq', 'B')))).toEqual(['乙社'])
    expect(await names(and(where('custom.rank', 'in', ['A', 'C'])))).toEqual(['丙社', '甲社'].sort())
    expect(await names(and(where('custom.channels', 'hasTag', 'shop')))).toEqual(['乙社'])
    expect(await names(or(where('custom.rank', 'eq', 'C'), where('custom.channels', 'hasTag', ['shop'])))).toEqual(['丙社', '乙社'].sort())
    const bad = await api.post('/api/v1/accounts/query', { filter: and(where('custom.rank', 'eq', 'Z')) })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details).toEqual([{ path: 'filter.conditions.0.value', message: 'Must be one of: A, B, C' }])
    // Sort by a custom number, descending, across pages; records without a value come last.
    expect(await queryAll(api, 'accounts', { sort: '-custom.credit_limit', limit: 1 })).toEqual(['甲社', '乙社', '丙社'])
  })

  it('sorts by kana (五十音順) across keyset pages, katakana and hiragana readings alike', async () => {
    const { admin } = await createTestTenant(t.app)
    const people: [string, string][] = [
      ['渡辺', 'ワタナベ'],
      ['阿部', 'あべ'],
      ['加藤', 'カトウ'],
      ['小林', 'こばやし'],
      ['伊藤', 'イトウ'],
      ['佐々木', 'ササキ'],
    ]
    for (const [familyName, familyNameKana] of people) await contact(admin, { familyName, familyNameKana })
    const api = await signedIn(admin)
    const expected = ['阿部', '伊藤', '加藤', '小林', '佐々木', '渡辺']
    expect(await queryAll(api, 'contacts', { sort: 'kana', limit: 4 })).toEqual(expected)
    expect(await queryAll(api, 'contacts', { sort: '-kana', limit: 4 })).toEqual([...expected].reverse())
    // Accounts: the reading may be katakana or hiragana; an account without one sorts after all readings.
    for (const [name, nameKana] of [['東京商事', 'トウキョウショウジ'], ['朝日物産', 'あさひぶっさん'], ['ナシ株式会社', null], ['井田工業', 'イダコウギョウ']] as const) {
      await asUser(t.app, admin, (ctx) => createAccount(ctx, { name, nameKana }))
    }
    expect(await queryAll(api, 'accounts', { sort: 'kana', limit: 2 })).toEqual(['朝日物産', '井田工業', '東京商事', 'ナシ株式会社'])
  })

  it('refuses unknown fields, operators, values and sorts with 400 and the path of each problem', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = await signedIn(admin)
    const response = await api.post('/api/v1/contacts/query', {
      filter: and(where('shoeSize', 'eq', 42), or(where('birthday', 'contains', 'x'), where('doNotCall', 'eq', 'yes')), where('tags', 'isEmpty', 'x')),
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().error).toMatchObject({ code: 'invalid', message: 'The filter is not valid.' })
    expect(response.json().error.details).toEqual([
      { path: 'filter.conditions.0.field', message: 'No such field: shoeSize.' },
      { path: 'filter.conditions.1.conditions.0.operator', message: 'contains does not apply to birthday; use one of: eq, gt, gte, lt, lte, between, isEmpty, isNotEmpty.' },
      { path: 'filter.conditions.1.conditions.1.value', message: 'Must be true or false.' },
      { path: 'filter.conditions.2.value', message: 'This operator takes no value.' },
    ])
    const badOperator = await api.post('/api/v1/contacts/query', { filter: and(where('familyName', 'like', '%')) })
    expect(badOperator.statusCode).toBe(400)
    expect(badOperator.json().error.details).toEqual([
      { path: 'filter.conditions.0.operator', message: 'Unknown operator like; use one of: eq, neq, contains, startsWith, in, isEmpty, isNotEmpty.' },
    ])
    const badShape = await api.post('/api/v1/contacts/query', { filter: { combinator: 'xor', conditions: [] } })
    expect(badShape.statusCode).toBe(400)
    const badSort = await api.post('/api/v1/contacts/query', { sort: 'shoeSize' })
    expect(badSort.statusCode).toBe(400)
    expect(badSort.json().error.details[0]).toMatchObject({ path: 'sort' })
    const badCursor = await api.post('/api/v1/contacts/query', { sort: 'kana', cursor: 'garbage' })
    expect(badCursor.statusCode).toBe(400)
  })

  it('a field hidden from the role cannot be filtered or sorted on, and answers like an unknown field', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    await asUser(t.app, admin, (ctx) => createCustomField(ctx, { object: 'accounts', key: 'credit_limit', type: 'currency', label: { ja: '与信', en: 'Credit' } }))
    const role = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, {
        name: '制限付き',
        permissions: {
          objects: {
            contacts: { create: true, read: true, update: true, delete: false, visibility: 'all' },
            accounts: { create: false, read: true, update: false, delete: false, visibility: 'all' },
          },
          fields: { contacts: { birthday: 'hidden', familyNameKana: 'hidden' }, accounts: { 'custom.credit_limit': 'hidden' } },
        },
      }),
    )
    await contact(admin, { familyName: '秘密', birthday: '1970-01-01' })
    await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '与信社', custom: { credit_limit: 9_000_000 } }))
    const clerk = await signedIn(await createTestUser(t.app, tenantId, { roleId: role.id }))
    const probe = await clerk.post('/api/v1/contacts/query', { filter: and(where('birthday', 'lt', '1980-01-01')) })
    expect(probe.statusCode).toBe(400)
    expect(probe.json().error.details).toEqual([{ path: 'filter.conditions.0.field', message: 'No such field: birthday.' }])
    const customProbe = await clerk.post('/api/v1/accounts/query', { filter: and(where('custom.credit_limit', 'gt', 0)) })
    expect(customProbe.json().error.details).toEqual([{ path: 'filter.conditions.0.field', message: 'No such field: custom.credit_limit.' }])
    expect((await clerk.post('/api/v1/accounts/query', { sort: 'custom.credit_limit' })).statusCode).toBe(400)
    expect((await clerk.post('/api/v1/contacts/query', { sort: 'kana' })).statusCode).toBe(400)
    const catalogue = (await clerk.get('/api/v1/list-fields/contacts')).json() as { fields: { key: string }[]; sorts: { key: string }[] }
    expect(catalogue.fields.map((f) => f.key)).not.toContain('birthday')
    expect(catalogue.fields.map((f) => f.key)).toContain('familyName')
    expect(catalogue.sorts.map((s) => s.key)).not.toContain('kana')
    const accountFields = (await clerk.get('/api/v1/list-fields/accounts')).json() as { fields: { key: string }[] }
    expect(accountFields.fields.map((f) => f.key)).not.toContain('custom.credit_limit')
  })
})
