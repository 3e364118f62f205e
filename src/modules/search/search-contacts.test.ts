import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Permissions } from '../../platform/db/schema.ts'
import { asUser, createTestTenant, createTestUser, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount } from '../accounts/index.ts'
import { createContact } from '../contacts/index.ts'
import { createRole } from '../roles/roles.service.ts'
import { queryGrams } from './search.match.ts'
import { search } from './search.service.ts'

let t: TestApp
let tenantId: string
let admin: TestUser
let accountId: string
let tanakaId: string
let takahashiId: string

beforeAll(async () => {
  t = await startTestApp()
  ;({ tenantId, admin } = await createTestTenant(t.app))
  accountId = (await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事', nameKana: 'ダイフクショウジ' }))).id
  tanakaId = (
    await asUser(t.app, admin, (ctx) =>
      createContact(ctx, {
        familyName: '田中',
        givenName: '太郎',
        familyNameKana: 'タナカ',
        givenNameKana: 'タロウ',
        emails: [{ type: 'work', address: 'Taro@Daifuku.example', primary: true }],
        phones: [{ type: 'mobile', number: '090-1234-5678', primary: true }],
        title: '部長',
        tags: ['展示会2026'],
        accountId,
      }),
    )
  ).id
  takahashiId = (await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '髙橋', givenName: '一郎', familyNameKana: 'タカハシ', givenNameKana: 'イチロウ' }))).id
})
afterAll(async () => {
  await t?.close()
})

const find = (user: TestUser, q: string, types?: ('accounts' | 'contacts')[]) => asUser(t.app, user, (ctx) => search(ctx, { q, limit: 20, types }))
const contactIds = async (user: TestUser, q: string) => (await find(user, q, ['contacts'])).data.map((h) => h.id)
/** The contact ids the search box's candidate lookup returns for an already folded query, sorted. */
const candidateIds = async (user: TestUser, needle: string, visibility: 'all' | 'own') =>
  asUser(t.app, user, async (ctx) =>
    (
      await sql<{ id: string }>`select daifuku_search_ids('contacts'::regclass, ${queryGrams(needle)}::text[], ${needle}, 200, ${visibility}, ${user.userId}::uuid, null)
                                 as id`.execute(ctx.tx)
    ).rows.map((r) => r.id).sort(),
  )

describe('global search on contacts', () => {
  it.each(['田中', '田中太郎', '田中 太郎', 'たなか', 'タナカ', 'ﾀﾅｶ', 'ﾀﾅｶﾀﾛｳ', '09012345678', '０９０（１２３４）５６７８', 'taro@daifuku', '展示会'])(
    '「%s」 finds 田中太郎',
    async (q) => {
      expect(await contactIds(admin, q)).toEqual([tanakaId])
    },
  )

  it('finds a contact by the company they work at, with any legal form', async () => {
    expect(await contactIds(admin, '(株)大福商事')).toEqual([tanakaId])
  })

  it('高橋 finds 髙橋 and the reverse', async () => {
    expect(await contactIds(admin, '高橋')).toEqual([takahashiId])
    expect(await contactIds(admin, '髙橋一郎')).toEqual([takahashiId])
  })

  it('shows the reading, company and title under the name, and mixes types by score', async () => {
    const { data } = await find(admin, '大福')
    const contact = data.find((h) => h.type === 'contacts')
    expect(contact).toMatchObject({ id: tanakaId, title: '田中 太郎', subtitle: 'タナカ タロウ · 株式会社大福商事 · 部長' })
    // The account named 大福商事 (an exact part) outranks a contact who merely works there.
    expect(data[0]).toMatchObject({ type: 'accounts', id: accountId })
    expect(data.map((h) => h.score)).toEqual([...data.map((h) => h.score)].sort((a, b) => b - a))
  })

  it('types limits the search to the named types', async () => {
    const { data } = await find(admin, '大福', ['accounts'])
    expect(data.every((h) => h.type === 'accounts')).toBe(true)
  })

  it('respects tenant isolation, record visibility and hidden fields', async () => {
    const other = await createTestTenant(t.app)
    expect(await contactIds(other.admin, '田中')).toEqual([])
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    expect(await contactIds(sales, '田中')).toEqual([])
    const permissions: Permissions = {
      objects: { contacts: { create: false, read: true, update: false, delete: false, visibility: 'all' } },
      fields: { contacts: { phones: 'hidden', emails: 'hidden' } },
    }
    const role = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'No phones', permissions }))
    const user = await createTestUser(t.app, tenantId, { roleId: role.id })
    expect(await contactIds(user, '09012345678')).toEqual([])
    expect(await contactIds(user, 'taro@daifuku')).toEqual([])
    const byName = await find(user, 'たなか', ['contacts'])
    expect(byName.data.map((h) => h.id)).toEqual([tanakaId])
    expect(JSON.stringify(byName.data)).not.toMatch(/5678|daifuku\.example/)
    // This role may not read accounts: no account hits and no company name under the contact.
    expect(byName.data[0]!.subtitle).not.toContain('大福商事')
    expect((await find(user, '大福商事', ['accounts'])).data).toEqual([])
  })
})

describe('typed phone numbers', () => {
  it('a digit query with many phones starting with it is answered from the phone index: exactly the matches the viewer may see', async () => {
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const make = (user: TestUser, i: number, number: string) =>
      asUser(t.app, user, (ctx) => createContact(ctx, { familyName: '電話', givenName: `${i}号`, phones: [{ type: 'work', number, primary: true }], ownerId: user.userId }))
    const repOwn: string[] = []
    const adminOwn: string[] = []
    for (let i = 0; i < 22; i++) repOwn.push((await make(rep, i, `06-6199-${String(1000 + i)}`)).id)
    for (let i = 0; i < 22; i++) adminOwn.push((await make(admin, i, `06-6199-${String(2000 + i)}`)).id)
    // Right after the range: must not be taken for a match of 066199.
    await make(admin, 99, '06-6200-0000')
    // Holds 066199 in the middle of its number: with 20 or more phones starting with the digits, those are the
    // candidates (decision 0008 item 8), so a number typed from its start is not crowded out by such rows.
    const middle = (await make(admin, 98, '03-0661-9900')).id
    expect(await candidateIds(admin, '066199', 'all')).toEqual([...repOwn, ...adminOwn].sort())
    // Typed from its middle, with fewer than 20 phones starting so, the same number is still found.
    expect(await candidateIds(admin, '30661990', 'all')).toEqual([middle])
    expect(await candidateIds(rep, '066199', 'own')).toEqual([...repOwn].sort())
    // Through the search box, typed with hyphens.
    const hits = await asUser(t.app, rep, (ctx) => search(ctx, { q: '06-6199-10', limit: 50, types: ['contacts'] }))
    expect(hits.data.map((h) => h.id).sort()).toEqual(repOwn.filter((_, i) => i < 22).sort())
    // Fewer than 20 starting with the digits: the gram index still finds a number by its middle.
    expect(await candidateIds(admin, '61992021', 'all')).toEqual([adminOwn[21]!])
  })
})

describe('typed e-mail addresses', () => {
  it('an address-like query with many e-mails starting with it is answered from the e-mail index: exactly the matches the viewer may see', async () => {
    const rep = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const make = (user: TestUser, given: string, address: string) =>
      asUser(t.app, user, (ctx) => createContact(ctx, { familyName: 'メール', givenName: given, emails: [{ type: 'work', address, primary: true }], ownerId: user.userId }))
    const repOwn: string[] = []
    const adminOwn: string[] = []
    for (let i = 0; i < 22; i++) repOwn.push((await make(rep, `r${i}`, `Kd7.Sales${100 + i}@Example.jp`)).id)
    for (let i = 0; i < 22; i++) adminOwn.push((await make(admin, `a${i}`, `kd7.sales${200 + i}@example.jp`)).id)
    // Holds kd7.sales in the middle of its address: with 20 or more addresses starting with the query, those are
    // the candidates (decision 0008 item 9), so an address typed from its start is not crowded out by such rows.
    const middle = (await make(admin, 'm', 'old-kd7.sales@example.jp')).id
    // Sorts right after the range of kd7.sales… (the bound is the needle followed by the last code point).
    await make(admin, 'after', 'kd7.salet@example.jp')
    expect(await candidateIds(admin, 'kd7.sales', 'all')).toEqual([...repOwn, ...adminOwn].sort())
    expect(await candidateIds(rep, 'kd7.sales', 'own')).toEqual([...repOwn].sort())
    // Typed from its middle, with fewer than 20 addresses starting so, the same address is still found.
    expect(await candidateIds(admin, 'old-kd7', 'all')).toEqual([middle])
    // Fewer than 20 starting with the query: the gram index finds an address by its middle as before.
    expect(await candidateIds(admin, 'sales221@', 'all')).toEqual([adminOwn[21]!])
    // Through the search box, typed in capitals and full width.
    const hits = await asUser(t.app, rep, (ctx) => search(ctx, { q: 'ＫＤ７.Sales1', limit: 50, types: ['contacts'] }))
    expect(hits.data.map((h) => h.id).sort()).toEqual([...repOwn].sort())
  })
})
