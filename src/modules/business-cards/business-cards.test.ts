import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount, listAccounts } from '../accounts/index.ts'
import { createContact, listContactAccounts, listContacts } from '../contacts/index.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const card = {
  person: {
    familyName: '髙橋',
    givenName: '一郎',
    familyNameKana: 'たかはし',
    givenNameKana: 'ｲﾁﾛｳ',
    department: '営業本部 第一営業部',
    title: '部長',
    emails: [{ type: 'work', address: 'ichiro@daifuku.example', primary: true }],
    phones: [
      { type: 'work', number: '03-1234-5678', primary: true },
      { type: 'mobile', number: '090-1111-2222', primary: false },
      { type: 'fax', number: '03-1234-5679', primary: false },
    ],
    addresses: [{ type: 'work', country: 'JP', postalCode: '1000005', prefecture: '東京都', city: '千代田区', street: '丸の内1-2-3', building: '大福ビル5F', primary: true }],
  },
  company: { name: '株式会社大福商事', nameKana: 'ダイフクショウジ', website: 'https://daifuku.example' },
}

describe('business card entry (名刺)', () => {
  it('creates the company and the person, linked, in one request; readings become katakana', async () => {
    const { admin } = await createTestTenant(t.app)
    const http = client(t.http, await signIn(t.http, admin))
    const response = await http.post('/api/v1/business-cards', card)
    expect(response.statusCode, response.body).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({ contactCreated: true, accountCreated: true, account: { name: '株式会社大福商事', website: 'https://daifuku.example' } })
    expect(body.contact).toMatchObject({
      familyNameKana: 'タカハシ',
      givenNameKana: 'イチロウ',
      title: '部長',
      department: '営業本部 第一営業部',
      primaryAccount: { id: body.account.id, name: '株式会社大福商事' },
      addresses: [{ postalCode: '100-0005', city: '千代田区' }],
    })
    expect(body.contact.phones.map((p: { type: string }) => p.type)).toEqual(['work', 'mobile', 'fax'])
    const found = await asUser(t.app, admin, (ctx) => listContacts(ctx, { q: 'たかはし', limit: 10, sort: 'kana' }))
    expect(found.data.map((c) => c.id)).toEqual([body.contact.id])
    const audit = await inTenantTransaction(t.app.db, admin.tenantId, async (tx) => (await sql<{ objectType: string }>`select object_type from audit_log where action = 'create' order by object_type`.execute(tx)).rows)
    expect(audit.map((r) => r.objectType)).toEqual(['accounts', 'contacts'])
  })

  it('links to an existing company and brings an existing person up to date without losing what is on file', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事' }))
    const person = await asUser(t.app, admin, (ctx) =>
      createContact(ctx, { familyName: '高橋', givenName: '一郎', title: '課長', emails: [{ type: 'work', address: 'Ichiro@Daifuku.example', primary: true }], phones: [{ type: 'home', number: '045-000-0000', primary: true }] }),
    )
    const http = client(t.http, await signIn(t.http, admin))
    const response = await http.post('/api/v1/business-cards', { ...card, contactId: person.id, company: { accountId: account.id } })
    expect(response.statusCode, response.body).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({ contactCreated: false, accountCreated: false, account: { id: account.id } })
    expect(body.contact).toMatchObject({ id: person.id, familyName: '髙橋', title: '部長', primaryAccount: { id: account.id } })
    // The same address in another case is not added twice; the home phone stays primary.
    expect(body.contact.emails).toHaveLength(1)
    expect(body.contact.phones.map((p: { number: string; primary: boolean }) => [p.number, p.primary])).toEqual([
      ['045-000-0000', true],
      ['03-1234-5678', false],
      ['090-1111-2222', false],
      ['03-1234-5679', false],
    ])
    const links = await asUser(t.app, admin, (ctx) => listContactAccounts(ctx, person.id))
    expect(links).toMatchObject([{ accountId: account.id, title: '部長', isPrimary: true, current: true }])
    // Saving the same card again changes nothing and adds no second link.
    expect((await http.post('/api/v1/business-cards', { ...card, contactId: person.id, company: { accountId: account.id } })).statusCode).toBe(201)
    expect(await asUser(t.app, admin, (ctx) => listContactAccounts(ctx, person.id))).toHaveLength(1)
  })

  it('answers 400 for a card without a name or company, and writes nothing when a later step fails', async () => {
    const { admin } = await createTestTenant(t.app)
    const http = client(t.http, await signIn(t.http, admin))
    const noName = await http.post('/api/v1/business-cards', { person: { title: '部長' }, company: { name: '大福' } })
    expect(noName.statusCode).toBe(400)
    expect(noName.json().error.details).toEqual([{ path: 'person.familyName', message: 'Required.' }])
    expect((await http.post('/api/v1/business-cards', { person: { familyName: '田中' }, company: {} })).statusCode).toBe(400)
    expect((await http.post('/api/v1/business-cards', { person: { familyName: '田中' }, extra: 1 })).statusCode).toBe(400)
    // The company is created first; a prefecture the contacts service refuses rolls the company back too.
    const bad = await http.post('/api/v1/business-cards', { person: { familyName: '田中', addresses: [{ prefecture: '東京' }] }, company: { name: '田中工業' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details[0].path).toMatch(/^person\.addresses\.0\.prefecture/)
    const accounts = await asUser(t.app, admin, (ctx) => listAccounts(ctx, { limit: 10, sort: 'name' }))
    expect(accounts.data).toEqual([])
  })

  it('needs the rights of each step and never reaches another tenant', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const theirs = await asUser(t.app, b.admin, (ctx) => createAccount(ctx, { name: '他社' }))
    const http = client(t.http, await signIn(t.http, a.admin))
    expect((await http.post('/api/v1/business-cards', { person: { familyName: '田中' }, company: { accountId: theirs.id } })).statusCode).toBe(404)
    const reader = await createTestUser(t.app, a.tenantId, { roleKey: 'readonly' })
    const readonly = client(t.http, await signIn(t.http, reader))
    expect((await readonly.post('/api/v1/business-cards', { person: { familyName: '田中' } })).statusCode).toBe(403)
  })

  it('is described in the OpenAPI document with the duplicates scan status', async () => {
    const response = await t.http.inject({ url: '/api/openapi.json' })
    expect(response.statusCode).toBe(200)
    const doc = response.json() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }
    expect(Object.keys(doc.paths['/api/v1/business-cards'] ?? {})).toContain('post')
    expect(Object.keys(doc.paths['/api/v1/duplicates/scan'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']))
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['BusinessCardResult', 'DuplicateScanStatus']))
  })
})
