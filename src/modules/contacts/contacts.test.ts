import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { readSessionsOf } from '../../platform/db/database.ts'
import { createAccount } from '../accounts/index.ts'
import { createRole } from '../roles/index.ts'
import { createContact, deleteContact, getContact, listContacts, updateContact } from './contacts.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('contacts', () => {
  it('creates a contact with readings, several emails/phones/addresses and a company, audited and announced', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事' }))
    const contact = await asUser(t.app, admin, (ctx) =>
      createContact(ctx, {
        familyName: '田中',
        givenName: '太郎',
        familyNameKana: 'たなか',
        givenNameKana: 'ﾀﾛｳ',
        emails: [
          { type: 'work', address: 'taro@daifuku.example', primary: false },
          { type: 'personal', address: 'taro@home.example', primary: true },
        ],
        phones: [{ type: 'mobile', number: '０９０－１２３４－５６７８', primary: false }],
        addresses: [
          { type: 'work', country: 'jp', postalCode: '〒1000001', prefecture: '東京都', city: '千代田区', street: '千代田1-1', building: '大福ビル3F', primary: false },
          { type: 'home', country: 'US', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', primary: false },
        ],
        title: '部長',
        birthday: '1980-04-01',
        tags: ['VIP', 'ＶＩＰ', '展示会2026'],
        accountId: account.id,
      }),
    )
    expect(contact).toMatchObject({
      displayName: '田中 太郎',
      familyNameKana: 'タナカ',
      givenNameKana: 'タロウ',
      birthday: '1980-04-01',
      tags: ['VIP', '展示会2026'],
      ownerId: admin.userId,
      primaryAccount: { id: account.id, name: '株式会社大福商事' },
    })
    expect(contact.emails!.map((e) => e.primary)).toEqual([false, true])
    expect(contact.phones).toEqual([{ type: 'mobile', number: '090-1234-5678', primary: true }])
    expect(contact.addresses![0]).toMatchObject({ country: 'JP', postalCode: '100-0001', primary: true })
    expect(contact.addresses![1]).toMatchObject({ country: 'US', line1: '1 Main St', primary: false })
    const stored = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('contacts').select(['searchText', 'sortKana', 'primaryEmail', 'primaryPhoneDigits']).where('id', '=', contact.id).executeTakeFirstOrThrow(),
    )
    expect(stored.sortKana).toBe('たなか たろう')
    expect(stored.primaryEmail).toBe('taro@home.example')
    expect(stored.primaryPhoneDigits).toBe('09012345678')
    expect(stored.searchText).toContain('たなかたろう')
    expect(stored.searchText).toContain('大福商事')
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('auditLog').selectAll().where('objectId', '=', contact.id).execute())
    expect(audit.map((a) => a.action)).toEqual(['create'])
    expect(audit[0]!.changes.displayName).toEqual({ before: null, after: '田中 太郎' })
    const events = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('outboxEvents').select('type').where('objectId', '=', contact.id).execute())
    expect(events.map((e) => e.type)).toEqual(['contact.created'])
  })

  it('refuses bad profiles and names every bad field', async () => {
    const { admin } = await createTestTenant(t.app)
    await expect(
      asUser(t.app, admin, (ctx) =>
        createContact(ctx, {
          familyNameKana: '田中',
          emails: [
            { type: 'work', address: 'a@example.test', primary: true },
            { type: 'work', address: 'A@example.test', primary: true },
          ],
          addresses: [{ type: 'work', country: 'JP', postalCode: '12-34', prefecture: '東京', primary: false }],
        }),
      ),
    ).rejects.toMatchObject({
      code: 'invalid',
      details: expect.arrayContaining([
        expect.objectContaining({ path: 'familyNameKana' }),
        expect.objectContaining({ path: 'familyName' }),
        expect.objectContaining({ path: 'emails.1.address' }),
        expect.objectContaining({ path: 'emails' }),
        expect.objectContaining({ path: 'addresses.0.postalCode' }),
        expect.objectContaining({ path: 'addresses.0.prefecture' }),
      ]),
    })
  })

  it('keeps a Latin display name in Western order and follows name edits unless a display name was set', async () => {
    const { admin } = await createTestTenant(t.app)
    const john = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: 'Smith', givenName: 'John' }))
    expect(john.displayName).toBe('John Smith')
    const renamed = await asUser(t.app, admin, (ctx) => updateContact(ctx, john.id, { familyName: 'Smythe' }))
    expect(renamed.displayName).toBe('John Smythe')
    const nick = await asUser(t.app, admin, (ctx) => updateContact(ctx, john.id, { displayName: 'Johnny' }))
    expect(nick.displayName).toBe('Johnny')
    const again = await asUser(t.app, admin, (ctx) => updateContact(ctx, john.id, { givenName: 'Jon' }))
    expect(again.displayName).toBe('Johnny')
  })

  it('audits exactly the changed fields, and nothing for an update that changes nothing', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const c = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '佐藤', phones: [{ type: 'work', number: '03-1111-2222', primary: true }] }))
    await asUser(t.app, admin, (ctx) => updateContact(ctx, c.id, { title: '課長', phones: [{ type: 'work', number: '03-1111-3333', primary: true }] }))
    await asUser(t.app, admin, (ctx) => updateContact(ctx, c.id, { title: '課長' }))
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('auditLog').selectAll().where('objectId', '=', c.id).where('action', '=', 'update').execute(),
    )
    expect(audit).toHaveLength(1)
    expect(Object.keys(audit[0]!.changes).sort()).toEqual(['phones', 'title'])
  })

  it('finds people by name, reading in any kana width, phone in any format, email, company and tag', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社山田製作所' }))
    const tanaka = await asUser(t.app, admin, (ctx) =>
      createContact(ctx, {
        familyName: '田中',
        givenName: '太郎',
        familyNameKana: 'タナカ',
        givenNameKana: 'タロウ',
        emails: [{ type: 'work', address: 'Tanaka@Yamada.example', primary: true }],
        phones: [{ type: 'work', number: '03-1234-5678', primary: true }],
        tags: ['展示会'],
        accountId: account.id,
      }),
    )
    await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '鈴木', givenName: '花子', familyNameKana: 'スズキ' }))
    const find = async (q: string) => (await asUser(t.app, admin, (ctx) => listContacts(ctx, { limit: 50, sort: '-createdAt', q }))).data.map((c) => c.id)
    for (const q of ['田中', 'たなか', 'タナカ', 'ﾀﾅｶ', '田中 太郎', '0312345678', '03-1234-5678', 'tanaka@yamada', '山田製作所', '(株)山田製作所', '展示会']) {
      expect(await find(q), q).toEqual([tanaka.id])
    }
    expect(await find('存在しない')).toEqual([])
  })

  it('sorts by reading in 五十音順 and pages with a keyset cursor, no row twice and none skipped', async () => {
    const { admin } = await createTestTenant(t.app)
    const people: [string, string][] = [
      ['渡辺', 'ワタナベ'],
      ['阿部', 'アベ'],
      ['伊藤', 'イトウ'],
      ['加藤', 'カトウ'],
      ['佐藤', 'サトウ'],
      ['上田', 'ウエダ'],
      ['中村', 'ナカムラ'],
    ]
    for (const [familyName, familyNameKana] of people) await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName, familyNameKana }))
    await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '読み無し' }))
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await asUser(t.app, admin, (ctx) => listContacts(ctx, { limit: 3, sort: 'kana', cursor }))
      seen.push(...page.data.map((c) => c.familyName!))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual(['阿部', '伊藤', '上田', '加藤', '佐藤', '中村', '渡辺', '読み無し'])
  })

  it('filters by owner, tag and current company', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Acme' }))
    const a = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: 'A', tags: ['x'], accountId: account.id }))
    const b = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: 'B', tags: ['y'], ownerId: sales.userId }))
    const ids = async (q: Record<string, string>) =>
      (await asUser(t.app, admin, (ctx) => listContacts(ctx, { limit: 50, sort: 'name', ...q }))).data.map((c) => c.id)
    expect(await ids({ tag: 'x' })).toEqual([a.id])
    expect(await ids({ ownerId: sales.userId })).toEqual([b.id])
    expect(await ids({ accountId: account.id })).toEqual([a.id])
  })

  it('serves the list page from a read session with one kept plan on a PostgreSQL server (decision 0035)', async () => {
    const reader = readSessionsOf(t.app.db)
    if (!reader) return
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事' }))
    await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '鈴木', familyNameKana: 'すずき', accountId: account.id }))
    await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '青木', familyNameKana: 'あおき' }))
    const api = client(t.http, await signIn(t.http, admin))
    for (let i = 0; i < 8; i++) {
      const page = await api.get(`/api/v1/contacts?limit=50&sort=kana&ownerId=${admin.userId}`)
      expect(page.statusCode).toBe(200)
      expect((page.json() as { data: { familyName: string; primaryAccount: { name: string } | null }[] }).data).toEqual([
        expect.objectContaining({ familyName: '青木', primaryAccount: null }),
        expect.objectContaining({ familyName: '鈴木', primaryAccount: expect.objectContaining({ name: '株式会社大福商事' }) }),
      ])
    }
    // The pool lends its most recently returned session first: the one the pages were read on.
    const plans = await sql<{ statement: string; parameters: string; genericPlans: number }>`
      select statement, parameter_types::text as parameters, generic_plans from pg_prepared_statements`.execute(reader)
    const list = plans.rows.find((p) => p.statement.includes('from "contacts" as "c"') && p.statement.includes('"c"."owner_id" ='))
    expect(list?.genericPlans).toBeGreaterThan(0)
    // Only the owner is a parameter: with the page size as one, PostgreSQL priced the generic plan as reading every
    // row and planned again on every call at a million contacts.
    expect(list?.parameters).toBe('{uuid}')
  })

  it('hides fields a role hides, refuses writes to them, and limits sales to their own team’s contacts', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const role = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, {
        name: 'No birthdays',
        permissions: {
          objects: { contacts: { create: true, read: true, update: true, delete: false, visibility: 'all' } },
          fields: { contacts: { birthday: 'hidden', title: 'readonly' } },
        },
      }),
    )
    const limited = await createTestUser(t.app, tenantId, { roleId: role.id })
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const c = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '秘密', birthday: '1990-01-01', title: '社長' }))
    const seen = await asUser(t.app, limited, (ctx) => getContact(ctx, c.id))
    expect(seen).not.toHaveProperty('birthday')
    expect(seen.title).toBe('社長')
    await expect(asUser(t.app, limited, (ctx) => updateContact(ctx, c.id, { title: '会長' }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, limited, (ctx) => updateContact(ctx, c.id, { birthday: '2000-01-01' }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, limited, (ctx) => deleteContact(ctx, c.id))).rejects.toMatchObject({ code: 'forbidden' })
    // A hidden field cannot be searched either: the birthday is not in search_text, but hide the emails and try.
    const noEmails = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, {
        name: 'No emails',
        permissions: { objects: { contacts: { create: false, read: true, update: false, delete: false, visibility: 'all' } }, fields: { contacts: { emails: 'hidden' } } },
      }),
    )
    const blind = await createTestUser(t.app, tenantId, { roleId: noEmails.id })
    await asUser(t.app, admin, (ctx) => updateContact(ctx, c.id, { emails: [{ type: 'work', address: 'secret.boss@hidden.example', primary: true }] }))
    const byEmail = async (user: typeof blind) => (await asUser(t.app, user, (ctx) => listContacts(ctx, { limit: 50, sort: 'name', q: 'secret.boss' }))).data.map((x) => x.id)
    expect(await byEmail(admin)).toEqual([c.id])
    expect(await byEmail(blind)).toEqual([])
    expect((await asUser(t.app, blind, (ctx) => listContacts(ctx, { limit: 50, sort: 'name', q: '秘密' }))).data.map((x) => x.id)).toEqual([c.id])
    // Sales sees only their (team's) records: the admin's contact is invisible, their own is not.
    await expect(asUser(t.app, sales, (ctx) => getContact(ctx, c.id))).rejects.toMatchObject({ code: 'not_found' })
    const mine = await asUser(t.app, sales, (ctx) => createContact(ctx, { familyName: '自分' }))
    const list = await asUser(t.app, sales, (ctx) => listContacts(ctx, { limit: 50, sort: 'name' }))
    expect(list.data.map((x) => x.id)).toEqual([mine.id])
  })

  it('a user of another tenant can neither see nor change the contact, even with raw SQL', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const c = await asUser(t.app, a.admin, (ctx) => createContact(ctx, { familyName: '機密' }))
    await expect(asUser(t.app, b.admin, (ctx) => getContact(ctx, c.id))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, b.admin, (ctx) => updateContact(ctx, c.id, { familyName: 'x' }))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, b.admin, (ctx) => deleteContact(ctx, c.id))).rejects.toMatchObject({ code: 'not_found' })
    const account = await asUser(t.app, a.admin, (ctx) => createAccount(ctx, { name: 'A社' }))
    await expect(asUser(t.app, b.admin, (ctx) => createContact(ctx, { familyName: 'x', accountId: account.id }))).rejects.toMatchObject({
      code: 'invalid',
      details: [expect.objectContaining({ path: 'accountId' })],
    })
    const raw = await inTenantTransaction(t.app.db, b.tenantId, async (tx) => {
      const seen = await sql<{ n: number }>`select count(*)::int as n from contacts where id = ${c.id}`.execute(tx)
      return seen.rows[0]!.n
    })
    expect(raw).toBe(0)
  })

  it('deleting a contact removes its links and is audited', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Gone KK' }))
    const c = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '削除', accountId: account.id }))
    await asUser(t.app, admin, (ctx) => deleteContact(ctx, c.id))
    await expect(asUser(t.app, admin, (ctx) => getContact(ctx, c.id))).rejects.toMatchObject({ code: 'not_found' })
    const left = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('accountContacts').select('id').where('contactId', '=', c.id).execute())
    expect(left).toEqual([])
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('auditLog').select('action').where('objectId', '=', c.id).execute())
    expect(audit.map((x) => x.action).sort()).toEqual(['create', 'delete'])
  })
})
