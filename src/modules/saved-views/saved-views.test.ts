import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createTeam } from '../teams/index.ts'
import { createSavedView, deleteSavedView, getSavedView, listSavedViews, updateSavedView } from './saved-views.service.ts'
import type { SavedViewCreate } from './saved-views.schema.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const vipFilter = { combinator: 'or' as const, conditions: [{ field: 'tags', operator: 'hasTag', value: 'VIP' }, { field: 'ownerId', operator: 'eq', value: '$me' }] }
const save = (user: TestUser, input: Partial<SavedViewCreate> = {}) =>
  asUser(t.app, user, (ctx) => createSavedView(ctx, { object: 'contacts', name: 'VIPと自分の担当', sharing: 'private', filter: vipFilter, sort: 'kana', columns: ['displayName', 'tags'], ...input }))
const visibleNames = async (user: TestUser) => (await asUser(t.app, user, (ctx) => listSavedViews(ctx, { object: 'contacts' }))).data.map((v) => v.name).sort()

describe('saved views', () => {
  it('a private view is its owner’s alone: others (admins too) neither see nor change it; writes are audited', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const view = await save(sales)
    expect(view).toMatchObject({ sharing: 'private', ownerId: sales.userId, filter: vipFilter, sort: 'kana', columns: ['displayName', 'tags'], canEdit: true })
    expect(await visibleNames(sales)).toEqual(['VIPと自分の担当'])
    expect(await visibleNames(admin)).toEqual([])
    await expect(asUser(t.app, admin, (ctx) => getSavedView(ctx, view.id))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, admin, (ctx) => updateSavedView(ctx, view.id, { name: 'x' }))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, admin, (ctx) => deleteSavedView(ctx, view.id))).rejects.toMatchObject({ code: 'not_found' })
    const renamed = await asUser(t.app, sales, (ctx) => updateSavedView(ctx, view.id, { name: '重要顧客' }))
    expect(renamed.name).toBe('重要顧客')
    await asUser(t.app, sales, (ctx) => deleteSavedView(ctx, view.id))
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('auditLog').select(['action', 'actorUserId']).where('objectId', '=', view.id).orderBy('id').execute())
    expect(audit).toEqual([
      { action: 'create', actorUserId: sales.userId },
      { action: 'update', actorUserId: sales.userId },
      { action: 'delete', actorUserId: sales.userId },
    ])
  })

  it('only roles that manage shared views share, change or delete them; everyone in the tenant uses them', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const manager = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    await expect(save(sales, { sharing: 'tenant' })).rejects.toMatchObject({ code: 'forbidden' })
    const mine = await save(sales)
    await expect(asUser(t.app, sales, (ctx) => updateSavedView(ctx, mine.id, { sharing: 'tenant' }))).rejects.toMatchObject({ code: 'forbidden' })
    const shared = await save(manager, { name: '全社: VIP', sharing: 'tenant' })
    expect(await visibleNames(sales)).toEqual(['VIPと自分の担当', '全社: VIP'])
    const seenBySales = await asUser(t.app, sales, (ctx) => getSavedView(ctx, shared.id))
    expect(seenBySales.canEdit).toBe(false)
    await expect(asUser(t.app, sales, (ctx) => updateSavedView(ctx, shared.id, { name: 'x' }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, sales, (ctx) => deleteSavedView(ctx, shared.id))).rejects.toMatchObject({ code: 'forbidden' })
    // Another manager or an admin manages it too, not only its author.
    await expect(asUser(t.app, admin, (ctx) => updateSavedView(ctx, shared.id, { name: '全社: 重要顧客' }))).resolves.toMatchObject({ name: '全社: 重要顧客' })
    await asUser(t.app, admin, (ctx) => deleteSavedView(ctx, shared.id))
    expect(await visibleNames(sales)).toEqual(['VIPと自分の担当'])
  })

  it('a view shared with a team is seen by that team’s members only', async () => {
    const { admin, tenantId } = await createTestTenant(t.app)
    const east = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東日本' }))
    const west = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '西日本' }))
    const eastSales = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: east.id })
    const westSales = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: west.id })
    await expect(save(admin, { sharing: 'team' })).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'teamId' }] })
    await save(admin, { name: '東日本の重点先', sharing: 'team', teamId: east.id })
    expect(await visibleNames(eastSales)).toEqual(['東日本の重点先'])
    expect(await visibleNames(westSales)).toEqual([])
  })

  it('refuses a filter, sort or column the saving user could not use, naming each', async () => {
    const { admin } = await createTestTenant(t.app)
    await expect(save(admin, { filter: { combinator: 'and', conditions: [{ field: 'shoeSize', operator: 'eq', value: 1 }] } })).rejects.toMatchObject({
      code: 'invalid',
      details: [{ path: 'filter.conditions.0.field' }],
    })
    await expect(save(admin, { sort: 'shoeSize' })).rejects.toMatchObject({ details: [{ path: 'sort' }] })
    await expect(save(admin, { columns: ['displayName', 'shoeSize'] })).rejects.toMatchObject({ details: [{ path: 'columns.1' }] })
  })

  it('works over HTTP: create, list by object, patch, delete', async () => {
    const { admin } = await createTestTenant(t.app)
    const api = client(t.http, await signIn(t.http, admin))
    const created = await api.post('/api/v1/saved-views', { object: 'accounts', name: '大口', sharing: 'tenant', filter: { combinator: 'and', conditions: [{ field: 'employeeCount', operator: 'gte', value: 100 }] }, sort: '-createdAt' })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id as string
    expect((await api.get('/api/v1/saved-views?object=accounts')).json().data.map((v: { id: string }) => v.id)).toEqual([id])
    expect((await api.get('/api/v1/saved-views?object=contacts')).json().data).toEqual([])
    expect((await api.patch(`/api/v1/saved-views/${id}`, { columns: ['name', 'employeeCount'] })).json().columns).toEqual(['name', 'employeeCount'])
    expect((await api.post('/api/v1/saved-views', { object: 'accounts', name: 'x', sharing: 'private', extra: 1 })).statusCode).toBe(400)
    expect((await api.delete(`/api/v1/saved-views/${id}`)).statusCode).toBe(204)
    expect((await api.get(`/api/v1/saved-views/${id}`)).statusCode).toBe(404)
  })
})
