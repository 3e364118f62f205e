import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import type { Permissions } from '../../platform/db/schema.ts'
import { asUser, client, createTestTenant, createTestUser, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createApiToken } from '../api-tokens/index.ts'
import { createRole, deleteRole, getRole, listRoles, updateRole } from './roles.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const accountsReader: Permissions = {
  objects: { accounts: { create: false, read: true, update: false, delete: false, visibility: 'all' } },
  fields: { accounts: { annualRevenue: 'hidden' } },
}

async function systemRole(admin: { userId: string; tenantId: string }, key: string) {
  const roles = await asUser(t.app, admin, (ctx) => listRoles(ctx, { limit: 200 }))
  return roles.data.find((r) => r.key === key)!
}

describe('roles', () => {
  it('creates a custom role with a key from its name, completes its matrix and audits it', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const role = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'Analyst', permissions: accountsReader }))
    expect(role).toMatchObject({ key: 'analyst', name: 'Analyst', isSystem: false })
    expect(role.permissions.objects.accounts).toEqual({ create: false, read: true, update: false, delete: false, visibility: 'all' })
    // Objects the role does not name get no access.
    expect(role.permissions.objects.users).toEqual({ create: false, read: false, update: false, delete: false, visibility: 'own' })
    expect(role.permissions.fields).toEqual({ accounts: { annualRevenue: 'hidden' } })
    const ja = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: '分析担当', permissions: accountsReader }))
    expect(ja.key).toMatch(/^custom/)
    await expect(asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'Dup', key: 'analyst', permissions: accountsReader }))).rejects.toMatchObject({ code: 'conflict' })
    await expect(asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'Sneaky', key: 'admin', permissions: accountsReader }))).rejects.toMatchObject({ code: 'conflict' })
    const [entry] = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('auditLog').selectAll().where('objectId', '=', role.id).execute())
    expect(entry).toMatchObject({ action: 'create', actorUserId: admin.userId })
    expect(entry!.changes.permissions!.after).toEqual(accountsReader)
  })

  it('rejects permissions naming unknown objects or fields, naming each', async () => {
    const { admin } = await createTestTenant(t.app)
    const bad = {
      objects: { acounts: { create: true, read: true, update: true, delete: true, visibility: 'all' as const } },
      fields: { accounts: { revenue: 'hidden' as const }, no_such_object: { amount: 'readonly' as const } },
    }
    await expect(asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'Typo', permissions: bad }))).rejects.toMatchObject({
      code: 'invalid',
      details: [{ path: 'permissions.objects.acounts' }, { path: 'permissions.fields.accounts.revenue' }, { path: 'permissions.fields.no_such_object' }],
    })
  })

  it('admin is not editable; other built-in roles are editable but not deletable', async () => {
    const { admin } = await createTestTenant(t.app)
    const adminRole = await systemRole(admin, 'admin')
    const sales = await systemRole(admin, 'sales')
    await expect(asUser(t.app, admin, (ctx) => updateRole(ctx, adminRole.id, { name: 'Boss' }))).rejects.toMatchObject({ code: 'forbidden' })
    const renamed = await asUser(t.app, admin, (ctx) =>
      updateRole(ctx, sales.id, { name: '営業担当', permissions: { objects: { ...sales.permissions.objects, accounts: { create: true, read: true, update: true, delete: true, visibility: 'all' } }, fields: {} } as Permissions }),
    )
    expect(renamed).toMatchObject({ name: '営業担当', isSystem: true })
    expect(renamed.permissions.objects.accounts!.delete).toBe(true)
    await expect(asUser(t.app, admin, (ctx) => deleteRole(ctx, sales.id))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, admin, (ctx) => deleteRole(ctx, adminRole.id))).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('a role in use by a member or a live token cannot be deleted; an unused one can', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const used = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'Used', permissions: accountsReader }))
    const member = await createTestUser(t.app, tenantId, { roleId: used.id })
    await expect(asUser(t.app, admin, (ctx) => deleteRole(ctx, used.id))).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/1 member/) })
    const byToken = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'Token only', permissions: accountsReader }))
    await asUser(t.app, admin, (ctx) => createApiToken(ctx, { name: 'bi', roleId: byToken.id }))
    await expect(asUser(t.app, admin, (ctx) => deleteRole(ctx, byToken.id))).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/API token/) })
    const unused = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'Unused', permissions: accountsReader }))
    await asUser(t.app, admin, (ctx) => deleteRole(ctx, unused.id))
    await expect(asUser(t.app, admin, (ctx) => getRole(ctx, unused.id))).rejects.toMatchObject({ code: 'not_found' })
    expect(member.userId).toBeTruthy()
  })

  it('non-admins cannot read or change roles', async () => {
    const { tenantId } = await createTestTenant(t.app)
    const manager = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    await expect(asUser(t.app, manager, (ctx) => listRoles(ctx, { limit: 10 }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, manager, (ctx) => createRole(ctx, { name: 'Mine', permissions: accountsReader }))).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('GET /api/v1/access-objects describes every object and its fields with ja/en labels', async () => {
    const { admin } = await createTestTenant(t.app)
    const adminRole = await systemRole(admin, 'admin')
    const { token } = await asUser(t.app, admin, (ctx) => createApiToken(ctx, { name: 'ui', roleId: adminRole.id }))
    const response = await client(t.http, { bearer: token }).get('/api/v1/access-objects')
    expect(response.statusCode).toBe(200)
    const objects = response.json() as { key: string; label: { ja: string; en: string }; administrative: boolean; fields: { key: string; label: { ja: string; en: string } }[] }[]
    const keys = objects.map((o) => o.key)
    for (const key of ['accounts', 'users', 'teams', 'roles', 'apiTokens', 'audit', 'invitations', 'jobs']) expect(keys).toContain(key)
    expect(objects.find((o) => o.key === 'users')).toMatchObject({ label: { ja: 'ユーザー', en: 'Users' }, administrative: true })
    const accounts = objects.find((o) => o.key === 'accounts')!
    expect(accounts.administrative).toBe(false)
    expect(accounts.label).toEqual({ ja: '取引先', en: 'Accounts' })
    expect(accounts.fields.find((f) => f.key === 'annualRevenue')!.label).toEqual({ ja: '年商', en: 'Annual revenue' })
    // Every field has a label in both languages, named or made from its key.
    for (const object of objects) for (const field of object.fields) expect(field.label.ja && field.label.en, `${object.key}.${field.key}`).toBeTruthy()
    expect((await client(t.http).get('/api/v1/access-objects')).statusCode).toBe(401)
  })
})
