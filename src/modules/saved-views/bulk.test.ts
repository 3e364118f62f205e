import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount, getAccount } from '../accounts/index.ts'
import { createContact, getContact, type ContactInput } from '../contacts/index.ts'
import { createCustomField } from '../custom-fields/index.ts'
import { createRole } from '../roles/roles.service.ts'
import { createTeam } from '../teams/index.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const contact = (user: TestUser, input: ContactInput) => asUser(t.app, user, (ctx) => createContact(ctx, input))
const api = async (user: TestUser) => client(t.http, await signIn(t.http, user))

describe('bulk actions', () => {
  it('assigns the selected contacts to another owner in one go, audited per record; records out of reach are reported', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const east = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東' }))
    const west = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '西' }))
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: east.id })
    const colleague = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: east.id })
    const a = await contact(sales, { familyName: '石井' })
    const b = await contact(sales, { familyName: '木村' })
    const foreign = await contact(admin, { familyName: '西川', teamId: west.id })
    const response = await (await api(sales)).post('/api/v1/contacts/bulk', { ids: [a.id, b.id, foreign.id], action: { type: 'assignOwner', ownerId: colleague.userId } })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toEqual({ matched: 3, succeeded: [a.id, b.id], failed: [{ id: foreign.id, code: 'not_found', message: 'Contact not found.' }] })
    for (const id of [a.id, b.id]) expect((await asUser(t.app, admin, (ctx) => getContact(ctx, id))).ownerId).toBe(colleague.userId)
    expect((await asUser(t.app, admin, (ctx) => getContact(ctx, foreign.id))).ownerId).toBe(admin.userId)
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('auditLog').select(['objectId']).where('action', '=', 'update').where('objectType', '=', 'contacts').execute(),
    )
    expect(audit.map((r) => r.objectId).sort()).toEqual([a.id, b.id].sort())
  })

  it('acts on every record matching a filter: tag, untag, edit a field', async () => {
    const { admin } = await createTestTenant(t.app)
    const x = await contact(admin, { familyName: '展示会A', department: '営業部', tags: ['展示会'] })
    const y = await contact(admin, { familyName: '展示会B', department: '営業部' })
    const z = await contact(admin, { familyName: '総務C', department: '総務部', tags: ['展示会'] })
    const http = await api(admin)
    const sales = { filter: { combinator: 'and', conditions: [{ field: 'department', operator: 'eq', value: '営業部' }] } }
    const tagged = await http.post('/api/v1/contacts/bulk', { matching: sales, action: { type: 'addTag', tag: '2026秋' } })
    expect(tagged.json()).toMatchObject({ matched: 2, failed: [] })
    const tagsOf = async (id: string) => (await asUser(t.app, admin, (ctx) => getContact(ctx, id))).tags
    expect(await tagsOf(x.id)).toEqual(['展示会', '2026秋'])
    expect(await tagsOf(y.id)).toEqual(['2026秋'])
    expect(await tagsOf(z.id)).toEqual(['展示会'])
    await http.post('/api/v1/contacts/bulk', { matching: { filter: { combinator: 'and', conditions: [{ field: 'tags', operator: 'hasTag', value: '展示会' }] } }, action: { type: 'removeTag', tag: '展示会' } })
    expect(await tagsOf(x.id)).toEqual(['2026秋'])
    expect(await tagsOf(z.id)).toEqual([])
    const edited = await http.post('/api/v1/contacts/bulk', { matching: sales, action: { type: 'update', field: 'department', value: '第一営業部' } })
    expect(edited.json()).toMatchObject({ matched: 2, failed: [] })
    expect((await asUser(t.app, admin, (ctx) => getContact(ctx, y.id))).department).toBe('第一営業部')
  })

  it('refuses bad edits as a whole with 400: unknown or non-editable field, wrong value, both or neither selection', async () => {
    const { admin } = await createTestTenant(t.app)
    const c = await contact(admin, { familyName: '検証' })
    const http = await api(admin)
    const bad = async (body: unknown) => {
      const response = await http.post('/api/v1/contacts/bulk', body)
      expect(response.statusCode, response.body).toBe(400)
      return response.json().error.details as { path: string }[]
    }
    expect(await bad({ ids: [c.id], action: { type: 'update', field: 'displayName', value: 'x' } })).toEqual([{ path: 'action.field', message: 'Not a bulk-editable field: displayName.' }])
    expect((await bad({ ids: [c.id], action: { type: 'update', field: 'preferredChannel', value: 'fax' } }))[0]).toMatchObject({ path: 'action.value' })
    expect((await bad({ action: { type: 'delete' } }))[0]).toMatchObject({ path: 'ids' })
    expect((await bad({ ids: [c.id], matching: {}, action: { type: 'delete' } }))[0]).toMatchObject({ path: 'ids' })
    expect((await bad({ matching: { filter: { combinator: 'and', conditions: [{ field: 'nope', operator: 'eq', value: 1 }] } }, action: { type: 'delete' } }))[0]).toMatchObject({
      path: 'matching.filter.conditions.0.field',
    })
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '大福' }))
    const accountTag = await http.post('/api/v1/accounts/bulk', { ids: [account.id], action: { type: 'addTag', tag: 'x' } })
    expect(accountTag.statusCode).toBe(400)
  })

  it('edits a custom field of the accounts matching a custom-field filter, validated like a single edit', async () => {
    const { admin } = await createTestTenant(t.app)
    const l = (s: string) => ({ ja: s, en: s })
    await asUser(t.app, admin, (ctx) =>
      createCustomField(ctx, { object: 'accounts', key: 'rank', type: 'single_select', label: l('ランク'), options: [{ value: 'A', label: l('A') }, { value: 'B', label: l('B') }] }),
    )
    const b1 = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '乙一', custom: { rank: 'B' } }))
    const b2 = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '乙二', custom: { rank: 'B' } }))
    const a1 = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '甲一', custom: { rank: 'A' } }))
    const http = await api(admin)
    const matching = { filter: { combinator: 'and', conditions: [{ field: 'custom.rank', operator: 'eq', value: 'B' }] } }
    const bad = await http.post('/api/v1/accounts/bulk', { matching, action: { type: 'update', field: 'custom.rank', value: 'Z' } })
    expect(bad.json()).toMatchObject({ matched: 2, succeeded: [], failed: [{ code: 'invalid' }, { code: 'invalid' }] })
    const done = await http.post('/api/v1/accounts/bulk', { matching, action: { type: 'update', field: 'custom.rank', value: 'A' } })
    expect(done.json()).toMatchObject({ matched: 2, failed: [] })
    for (const id of [b1.id, b2.id, a1.id]) expect((await asUser(t.app, admin, (ctx) => getAccount(ctx, id))).custom).toEqual({ rank: 'A' })
  })

  it('refuses more than 1000 records with a clear error and changes nothing', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    await inTenantTransaction(t.app.db, tenantId, (tx) =>
      sql`insert into contacts (id, tenant_id, display_name, owner_id, department)
          select gen_random_uuid(), ${tenantId}::uuid, '大量' || n, ${admin.userId}::uuid, '一括' from generate_series(1, 1001) n`.execute(tx),
    )
    const http = await api(admin)
    const response = await http.post('/api/v1/contacts/bulk', { matching: { filter: { combinator: 'and', conditions: [{ field: 'department', operator: 'eq', value: '一括' }] } }, action: { type: 'delete' } })
    expect(response.statusCode).toBe(400)
    expect(response.json().error.message).toBe('More than 1000 records match; narrow the filter and run the action in parts.')
    const left = await inTenantTransaction(t.app.db, tenantId, (tx) => sql<{ n: number }>`select count(*)::int as n from contacts`.execute(tx))
    expect(left.rows[0]!.n).toBe(1001)
  })

  it('checks rights: no delete right is a 403 for the whole request; a read-only field is reported per record', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const c = await contact(sales, { familyName: '削除不可' })
    expect((await (await api(sales)).post('/api/v1/contacts/bulk', { ids: [c.id], action: { type: 'delete' } })).statusCode).toBe(403)
    const role = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, {
        name: '部署固定',
        permissions: { objects: { contacts: { create: true, read: true, update: true, delete: true, visibility: 'all' } }, fields: { contacts: { department: 'readonly' } } },
      }),
    )
    const clerk = await createTestUser(t.app, tenantId, { roleId: role.id })
    const result = (await (await api(clerk)).post('/api/v1/contacts/bulk', { ids: [c.id], action: { type: 'update', field: 'department', value: '経理' } })).json()
    expect(result).toMatchObject({ matched: 1, succeeded: [], failed: [{ id: c.id, code: 'forbidden' }] })
    // "All matching a search" cannot be checked against fields the role hides, so it is refused for such a role.
    const hidingRole = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, {
        name: 'メール非表示',
        permissions: { objects: { contacts: { create: true, read: true, update: true, delete: false, visibility: 'all' } }, fields: { contacts: { emails: 'hidden' } } },
      }),
    )
    const hider = await createTestUser(t.app, tenantId, { roleId: hidingRole.id })
    const searched = await (await api(hider)).post('/api/v1/contacts/bulk', { matching: { q: 'example.jp' }, action: { type: 'addTag', tag: 'x' } })
    expect(searched.statusCode).toBe(400)
    expect(searched.json().error.details).toEqual([{ path: 'matching.q', message: 'Not available for your role.' }])
    // Deleting accounts in bulk: each one through deleteAccount (audited), all in one transaction.
    const acc = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '削除される社' }))
    const deleted = (await (await api(admin)).post('/api/v1/accounts/bulk', { ids: [acc.id], action: { type: 'delete' } })).json()
    expect(deleted).toMatchObject({ succeeded: [acc.id], failed: [] })
    await expect(asUser(t.app, admin, (ctx) => getAccount(ctx, acc.id))).rejects.toMatchObject({ code: 'not_found' })
  })
})
