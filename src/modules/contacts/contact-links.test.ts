import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount, updateAccount } from '../accounts/index.ts'
import { getAccountHierarchy, setAccountParent } from '../accounts/accounts.hierarchy.ts'
import {
  deleteContactAccount,
  linkContactToAccount,
  listAccountContacts,
  listContactAccounts,
  moveContact,
  updateContactAccount,
} from './contact-links.service.ts'
import { createContact, getContact, listContacts } from './contacts.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('contacts ↔ accounts', () => {
  it('moving a contact ends the old link as history and starts a primary one at the new company, atomically', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const oldCo = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '旧株式会社' }))
    const newCo = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '新株式会社' }))
    const c = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '転職', title: '課長', accountId: oldCo.id }))
    const links = await asUser(t.app, admin, (ctx) =>
      moveContact(ctx, c.id, { accountId: newCo.id, title: '部長', department: '営業部', startedOn: '2026-11-01' }),
    )
    expect(links.map((l) => [l.accountName, l.current, l.isPrimary, l.title, l.startedOn, l.endedOn])).toEqual([
      ['新株式会社', true, true, '部長', '2026-11-01', null],
      ['旧株式会社', false, false, '課長', null, '2026-11-01'],
    ])
    const moved = await asUser(t.app, admin, (ctx) => getContact(ctx, c.id))
    expect(moved).toMatchObject({ title: '部長', department: '営業部', primaryAccount: { id: newCo.id } })
    // The old company lists them only with history; search finds them by the new company, not the old one.
    expect(await asUser(t.app, admin, (ctx) => listAccountContacts(ctx, oldCo.id, { includeFormer: false }))).toEqual([])
    expect((await asUser(t.app, admin, (ctx) => listAccountContacts(ctx, oldCo.id, { includeFormer: true }))).map((l) => l.contactId)).toEqual([c.id])
    const byCompany = async (q: string) => (await asUser(t.app, admin, (ctx) => listContacts(ctx, { limit: 10, sort: 'name', q }))).data.map((x) => x.id)
    expect(await byCompany('新株式会社')).toEqual([c.id])
    expect(await byCompany('旧株式会社')).toEqual([])
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('auditLog').select(['changes']).where('objectId', '=', c.id).where('action', '=', 'update').execute(),
    )
    expect(audit.flatMap((a) => Object.keys(a.changes)).sort()).toEqual(['companies', 'department', 'title'])
    const events = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('outboxEvents').select('type').where('objectId', '=', c.id).execute())
    expect(events.map((e) => e.type)).toContain('contact.companies_changed')
  })

  it('renaming a company keeps its people findable by the new name, not the old', async () => {
    const { admin } = await createTestTenant(t.app)
    const co = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '旧社名工業' }))
    const c = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '改名', accountId: co.id }))
    await asUser(t.app, admin, (ctx) => updateAccount(ctx, co.id, { name: '新社名ホールディングス' }))
    const find = async (q: string) => (await asUser(t.app, admin, (ctx) => listContacts(ctx, { limit: 10, sort: 'name', q }))).data.map((x) => x.id)
    expect(await find('新社名')).toEqual([c.id])
    expect(await find('旧社名')).toEqual([])
  })

  it('a failed move changes nothing (no half-ended link)', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const other = await createTestTenant(t.app)
    const co = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Stay KK' }))
    const foreign = await asUser(t.app, other.admin, (ctx) => createAccount(ctx, { name: 'Foreign KK' }))
    const c = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '残留', accountId: co.id }))
    await expect(asUser(t.app, admin, (ctx) => moveContact(ctx, c.id, { accountId: foreign.id }))).rejects.toMatchObject({ code: 'invalid' })
    await expect(asUser(t.app, admin, (ctx) => moveContact(ctx, c.id, { accountId: co.id }))).rejects.toMatchObject({ code: 'invalid' })
    // A move dated before the current job began would end it before it started.
    const other2 = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Next KK' }))
    const link = (await asUser(t.app, admin, (ctx) => listContactAccounts(ctx, c.id)))[0]!
    await asUser(t.app, admin, (ctx) => updateContactAccount(ctx, c.id, link.id, { startedOn: '2026-06-01' }))
    await expect(asUser(t.app, admin, (ctx) => moveContact(ctx, c.id, { accountId: other2.id, startedOn: '2026-05-31' }))).rejects.toMatchObject({
      code: 'invalid',
      details: [expect.objectContaining({ path: 'startedOn' })],
    })
    const rows = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('accountContacts').selectAll().where('contactId', '=', c.id).execute())
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ accountId: co.id, endedOn: null, isPrimary: true })
  })

  it('keeps one current link per company and one primary company, and ending a link clears primary', async () => {
    const { admin } = await createTestTenant(t.app)
    const a = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'A社' }))
    const b = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'B社' }))
    const c = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '兼務' }))
    const first = await asUser(t.app, admin, (ctx) => linkContactToAccount(ctx, c.id, { accountId: a.id, title: '顧問' }))
    expect(first.isPrimary).toBe(true)
    await expect(asUser(t.app, admin, (ctx) => linkContactToAccount(ctx, c.id, { accountId: a.id }))).rejects.toMatchObject({ code: 'conflict' })
    const second = await asUser(t.app, admin, (ctx) => linkContactToAccount(ctx, c.id, { accountId: b.id, isPrimary: true, role: '決裁者' }))
    expect(second.isPrimary).toBe(true)
    let links = await asUser(t.app, admin, (ctx) => listContactAccounts(ctx, c.id))
    expect(links.filter((l) => l.isPrimary).map((l) => l.accountId)).toEqual([b.id])
    const ended = await asUser(t.app, admin, (ctx) => updateContactAccount(ctx, c.id, second.id, { endedOn: '2026-10-31' }))
    expect(ended).toMatchObject({ current: false, isPrimary: false, endedOn: '2026-10-31' })
    await expect(asUser(t.app, admin, (ctx) => updateContactAccount(ctx, c.id, second.id, { startedOn: '2027-01-01' }))).rejects.toMatchObject({
      code: 'invalid',
      details: [expect.objectContaining({ path: 'endedOn' })],
    })
    // Past employment can be recorded directly, and a link entered by mistake can be removed.
    const past = await asUser(t.app, admin, (ctx) => linkContactToAccount(ctx, c.id, { accountId: b.id, startedOn: '2010-04-01', endedOn: '2015-03-31' }))
    expect(past.isPrimary).toBe(false)
    await asUser(t.app, admin, (ctx) => deleteContactAccount(ctx, c.id, past.id))
    links = await asUser(t.app, admin, (ctx) => listContactAccounts(ctx, c.id))
    expect(links.map((l) => [l.accountName, l.current])).toEqual([
      ['A社', true],
      ['B社', false],
    ])
  })

  it('the read-only role may list links but not change them', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const reader = await createTestUser(t.app, tenantId, { roleKey: 'readonly' })
    const a = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Read KK' }))
    const c = await asUser(t.app, admin, (ctx) => createContact(ctx, { familyName: '閲覧', accountId: a.id }))
    expect(await asUser(t.app, reader, (ctx) => listContactAccounts(ctx, c.id))).toHaveLength(1)
    await expect(asUser(t.app, reader, (ctx) => linkContactToAccount(ctx, c.id, { accountId: a.id }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, reader, (ctx) => moveContact(ctx, c.id, { accountId: a.id }))).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('account hierarchy', () => {
  it('sets a parent, lists subsidiaries and ancestors, and refuses loops', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const hd = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福ホールディングス' }))
    const sub = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福商事' }))
    const subsub = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福物流' }))
    await asUser(t.app, admin, (ctx) => setAccountParent(ctx, sub.id, { parentAccountId: hd.id }))
    const tree = await asUser(t.app, admin, (ctx) => setAccountParent(ctx, subsub.id, { parentAccountId: sub.id }))
    expect(tree.parent).toEqual({ id: sub.id, name: '大福商事' })
    expect(tree.ancestors.map((a) => a.name)).toEqual(['大福ホールディングス', '大福商事'])
    expect((await asUser(t.app, admin, (ctx) => getAccountHierarchy(ctx, hd.id))).children.map((c) => c.id)).toEqual([sub.id])
    for (const [id, parent] of [
      [hd.id, subsub.id],
      [hd.id, hd.id],
      [sub.id, subsub.id],
    ] as const) {
      await expect(asUser(t.app, admin, (ctx) => setAccountParent(ctx, id, { parentAccountId: parent }))).rejects.toMatchObject({
        code: 'invalid',
        details: [expect.objectContaining({ path: 'parentAccountId' })],
      })
    }
    await asUser(t.app, admin, (ctx) => setAccountParent(ctx, subsub.id, { parentAccountId: null }))
    expect((await asUser(t.app, admin, (ctx) => getAccountHierarchy(ctx, sub.id))).children).toEqual([])
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('auditLog').select('changes').where('objectId', '=', subsub.id).where('action', '=', 'update').orderBy('id').execute(),
    )
    expect(audit.map((a) => a.changes.parentAccountId)).toEqual([
      { before: null, after: sub.id },
      { before: sub.id, after: null },
    ])
  })

  it('shows a parent and ancestors only when the viewer may see them', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const group = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福グループ' }))
    const hd = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福ホールディングス' }))
    const mine = await asUser(t.app, sales, (ctx) => createAccount(ctx, { name: '大福販売' }))
    await asUser(t.app, admin, (ctx) => setAccountParent(ctx, hd.id, { parentAccountId: group.id }))
    await asUser(t.app, admin, (ctx) => setAccountParent(ctx, mine.id, { parentAccountId: hd.id }))
    // A sales rep sees their own accounts only: the group above theirs is not shown.
    expect(await asUser(t.app, sales, (ctx) => getAccountHierarchy(ctx, mine.id))).toEqual({ id: mine.id, parent: null, ancestors: [], children: [] })
    await asUser(t.app, admin, (ctx) => updateAccount(ctx, group.id, { ownerId: sales.userId }))
    expect(await asUser(t.app, sales, (ctx) => getAccountHierarchy(ctx, mine.id))).toEqual({
      id: mine.id,
      parent: null,
      ancestors: [{ id: group.id, name: '大福グループ' }],
      children: [],
    })
    await asUser(t.app, admin, (ctx) => updateAccount(ctx, hd.id, { ownerId: sales.userId }))
    const seen = await asUser(t.app, sales, (ctx) => getAccountHierarchy(ctx, mine.id))
    expect(seen.parent).toEqual({ id: hd.id, name: '大福ホールディングス' })
    expect(seen.ancestors.map((a) => a.name)).toEqual(['大福グループ', '大福ホールディングス'])
    expect((await asUser(t.app, sales, (ctx) => getAccountHierarchy(ctx, group.id))).children).toEqual([{ id: hd.id, name: '大福ホールディングス' }])
  })

  it('cannot attach an account of another tenant', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const mine = await asUser(t.app, a.admin, (ctx) => createAccount(ctx, { name: 'Mine' }))
    const theirs = await asUser(t.app, b.admin, (ctx) => createAccount(ctx, { name: 'Theirs' }))
    await expect(asUser(t.app, a.admin, (ctx) => setAccountParent(ctx, mine.id, { parentAccountId: theirs.id }))).rejects.toMatchObject({ code: 'invalid' })
    await expect(asUser(t.app, a.admin, (ctx) => getAccountHierarchy(ctx, theirs.id))).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('contacts over HTTP', () => {
  it('creates, lists by kana, moves and reads history through the API with a session', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = client(t.http, await signIn(t.http, admin))
    const co = (await api.post('/api/v1/accounts', { name: '株式会社HTTP' })).json() as { id: string }
    const co2 = (await api.post('/api/v1/accounts', { name: '株式会社次' })).json() as { id: string }
    const created = await api.post('/api/v1/contacts', {
      familyName: '山田',
      givenName: '花子',
      familyNameKana: 'ヤマダ',
      givenNameKana: 'ハナコ',
      emails: [{ address: 'hanako@example.test' }],
      addresses: [{ postalCode: '530-0001', prefecture: '大阪府', city: '大阪市北区', street: '梅田1-1-1' }],
      accountId: co.id,
    })
    expect(created.statusCode).toBe(201)
    const contact = created.json() as { id: string; emails: unknown[]; addresses: { country: string }[] }
    expect(contact.emails).toEqual([{ type: 'work', address: 'hanako@example.test', primary: true }])
    expect(contact.addresses[0]!.country).toBe('JP')
    expect((await api.post('/api/v1/contacts', { familyName: 'x', unknownField: 1 })).statusCode).toBe(400)
    const list = (await api.get('/api/v1/contacts?sort=kana&q=やまだ')).json() as { data: { id: string }[] }
    expect(list.data.map((c) => c.id)).toEqual([contact.id])
    const moved = await api.post(`/api/v1/contacts/${contact.id}/move`, { accountId: co2.id, title: '課長' })
    expect(moved.statusCode).toBe(200)
    const history = (await api.get(`/api/v1/contacts/${contact.id}/accounts`)).json() as { data: { accountId: string; current: boolean }[] }
    expect(history.data.map((l) => [l.accountId, l.current])).toEqual([
      [co2.id, true],
      [co.id, false],
    ])
    const people = (await api.get(`/api/v1/accounts/${co.id}/contacts?includeFormer=true`)).json() as { data: { contactId: string }[] }
    expect(people.data.map((l) => l.contactId)).toEqual([contact.id])
    const parent = await api.put(`/api/v1/accounts/${co2.id}/parent`, { parentAccountId: co.id })
    expect(parent.statusCode).toBe(200)
    expect(((await api.get(`/api/v1/accounts/${co.id}/children`)).json() as { data: { id: string }[] }).data.map((a) => a.id)).toEqual([co2.id])
    expect(((await api.get(`/api/v1/accounts/${co2.id}`)).json() as { parentAccountId: string }).parentAccountId).toBe(co.id)
    expect((await api.delete(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(204)
  })

  it('reads an address stored with parts left out (older imports, SQL) with those parts as null instead of failing', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const api = client(t.http, await signIn(t.http, admin))
    const contact = (await api.post('/api/v1/contacts', { familyName: '古川' })).json() as { id: string }
    await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx
        .updateTable('contacts')
        .set({ addresses: JSON.stringify([{ type: 'home', prefecture: '京都府', city: '京都市' }]) as never })
        .where('id', '=', contact.id)
        .execute(),
    )
    const read = await api.get(`/api/v1/contacts/${contact.id}`)
    expect(read.statusCode).toBe(200)
    expect((read.json() as { addresses: unknown[] }).addresses).toEqual([
      { type: 'home', country: 'JP', postalCode: null, prefecture: '京都府', city: '京都市', street: null, building: null, region: null, line1: null, line2: null, primary: false },
    ])
  })
})
