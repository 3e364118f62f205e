import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret } from '../../platform/auth/credentials.ts'
import { inSystemTransaction, inTenantTransaction } from '../../platform/db/transaction.ts'
import { newId } from '../../platform/ids.ts'
import { asUser, client, createTestTenant, createTestUser, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createApiToken } from '../api-tokens/index.ts'
import { listRoles } from '../roles/index.ts'
import { createTeam } from '../teams/index.ts'
import { createUser, deleteUser, getUser, listUsers, updateUser } from './users.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

async function roleIdOf(admin: { userId: string; tenantId: string }, key: string): Promise<string> {
  const roles = await asUser(t.app, admin, (ctx) => listRoles(ctx, { limit: 200 }))
  return roles.data.find((r) => r.key === key)!.id
}

async function openSession(user: { userId: string }, tenantId: string): Promise<string> {
  const id = hashSecret(newId())
  await inSystemTransaction(t.app.db, (tx) =>
    tx.insertInto('sessions').values({ id, userId: user.userId, tenantId, csrfToken: 'x', lastSeenAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) }).execute(),
  )
  return id
}

async function sessionExists(id: string): Promise<boolean> {
  const row = await inSystemTransaction(t.app.db, (tx) => tx.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst())
  return row !== undefined
}

describe('users', () => {
  it('adds a new person as a member with an account, audited and announced', async () => {
    const { admin } = await createTestTenant(t.app)
    const salesRoleId = await roleIdOf(admin, 'sales')
    const team = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東京営業部' }))
    const user = await asUser(t.app, admin, (ctx) =>
      createUser(ctx, { email: 'Hanako.Sato@Example.test', name: '佐藤 花子', password: 'long enough password', roleId: salesRoleId, teamId: team.id }),
    )
    expect(user).toMatchObject({ email: 'hanako.sato@example.test', name: '佐藤 花子', roleId: salesRoleId, roleName: '営業', status: 'active', teamId: team.id, teamName: '東京営業部' })
    const audit = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => tx.selectFrom('auditLog').selectAll().where('objectId', '=', user.id).execute())
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'create', actorUserId: admin.userId, objectType: 'users' })
    expect(audit[0]!.changes.email).toEqual({ before: null, after: 'hanako.sato@example.test' })
    expect(JSON.stringify(audit[0]!.changes)).not.toContain('long enough password')
    const events = await inTenantTransaction(t.app.db, admin.tenantId, (tx) => tx.selectFrom('outboxEvents').select('type').where('objectId', '=', user.id).execute())
    expect(events.map((e) => e.type)).toEqual(['user.added'])
  })

  it('adds a person who already has an account elsewhere, keeping their password, and refuses a second membership', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const roleId = await roleIdOf(b.admin, 'readonly')
    const added = await asUser(t.app, b.admin, (ctx) => createUser(ctx, { email: a.admin.email.toUpperCase(), name: 'Someone', password: 'another password 123', roleId }))
    expect(added.id).toBe(a.admin.userId)
    const hashes = await inSystemTransaction(t.app.db, (tx) => tx.selectFrom('users').select(['passwordHash', 'name']).where('id', '=', a.admin.userId).executeTakeFirstOrThrow())
    const { verifyPassword } = await import('../../platform/auth/credentials.ts')
    expect(await verifyPassword(hashes.passwordHash!, a.admin.password)).toBe(true)
    await expect(
      asUser(t.app, b.admin, (ctx) => createUser(ctx, { email: a.admin.email, name: 'Again', password: 'another password 123', roleId })),
    ).rejects.toMatchObject({ code: 'conflict' })
  })

  it('rejects a role or team of another tenant and a weak password for a new account', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const foreignRole = await roleIdOf(b.admin, 'sales')
    const foreignTeam = await asUser(t.app, b.admin, (ctx) => createTeam(ctx, { name: 'Foreign' }))
    const ownRole = await roleIdOf(a.admin, 'sales')
    await expect(
      asUser(t.app, a.admin, (ctx) => createUser(ctx, { email: 'x1@example.test', name: 'X', password: 'long enough password', roleId: foreignRole })),
    ).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'roleId' }] })
    await expect(
      asUser(t.app, a.admin, (ctx) => createUser(ctx, { email: 'x2@example.test', name: 'X', password: 'long enough password', roleId: ownRole, teamId: foreignTeam.id })),
    ).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'teamId' }] })
    await expect(
      asUser(t.app, a.admin, (ctx) => createUser(ctx, { email: 'x3@example.test', name: 'X', password: 'short', roleId: ownRole })),
    ).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'password' }] })
  })

  it('lists members with a search on name or email and a keyset cursor', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    for (const name of ['山田 太郎', '山田 次郎', '鈴木 一郎', 'Yamada Saburo']) await createTestUser(t.app, tenantId, { name })
    const yamada = await asUser(t.app, admin, (ctx) => listUsers(ctx, { limit: 50, q: '山田' }))
    expect(new Set(yamada.data.map((u) => u.name))).toEqual(new Set(['山田 太郎', '山田 次郎']))
    const byEmail = await asUser(t.app, admin, (ctx) => listUsers(ctx, { limit: 50, q: admin.email }))
    expect(byEmail.data.map((u) => u.id)).toEqual([admin.userId])
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await asUser(t.app, admin, (ctx) => listUsers(ctx, { limit: 2, cursor }))
      seen.push(...page.data.map((u) => u.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)
    expect(seen.at(-1)).toBe(admin.userId) // newest member first; the founding admin joined first
  })

  it('disabling a member signs them out of this tenant only and stops their tokens; enabling lets them back', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const member = await createTestUser(t.app, a.tenantId, { roleKey: 'admin' })
    await inSystemTransaction(t.app.db, async (tx) => {
      const role = await tx.selectFrom('roles').select('id').where('tenantId', '=', b.tenantId).where('key', '=', 'sales').executeTakeFirstOrThrow()
      await tx.insertInto('memberships').values({ id: newId(), tenantId: b.tenantId, userId: member.userId, roleId: role.id }).execute()
    })
    const hereSession = await openSession(member, a.tenantId)
    const elsewhereSession = await openSession(member, b.tenantId)
    const token = await tokenFor(member, 'readonly')
    expect((await client(t.http, { bearer: token }).get('/api/v1/teams')).statusCode).toBe(200)
    const disabled = await asUser(t.app, a.admin, (ctx) => updateUser(ctx, member.userId, { status: 'disabled' }))
    expect(disabled.status).toBe('disabled')
    expect(await sessionExists(hereSession)).toBe(false)
    expect(await sessionExists(elsewhereSession)).toBe(true)
    await expect(asUser(t.app, member, async () => 'in')).rejects.toThrow(/not an active member/)
    expect((await client(t.http, { bearer: token }).get('/api/v1/teams')).statusCode).toBe(401)
    const enabled = await asUser(t.app, a.admin, (ctx) => updateUser(ctx, member.userId, { status: 'active' }))
    expect(enabled.status).toBe('active')
    await expect(asUser(t.app, member, async () => 'in')).resolves.toBe('in')
    expect((await client(t.http, { bearer: token }).get('/api/v1/teams')).statusCode).toBe(200)
    const events = await inTenantTransaction(t.app.db, a.tenantId, (tx) =>
      tx.selectFrom('outboxEvents').select('type').where('objectId', '=', member.userId).orderBy('id').execute(),
    )
    expect(events.map((e) => e.type)).toEqual(['user.disabled', 'user.enabled'])
  })

  it('changes name, role and team with the before and after audited', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const member = await createTestUser(t.app, tenantId, { roleKey: 'sales', name: 'Before' })
    const managerRoleId = await roleIdOf(admin, 'manager')
    const team = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: 'Osaka' }))
    const updated = await asUser(t.app, admin, (ctx) => updateUser(ctx, member.userId, { name: 'After', roleId: managerRoleId, teamId: team.id }))
    expect(updated).toMatchObject({ name: 'After', roleId: managerRoleId, roleName: 'マネージャー', teamId: team.id, teamName: 'Osaka' })
    const [entry] = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('auditLog').selectAll().where('objectId', '=', member.userId).where('action', '=', 'update').execute(),
    )
    expect(entry!.changes).toMatchObject({ name: { before: 'Before', after: 'After' }, roleId: { after: managerRoleId }, teamId: { before: null, after: team.id } })
    await expect(asUser(t.app, admin, (ctx) => updateUser(ctx, member.userId, { teamId: newId() }))).rejects.toMatchObject({ code: 'invalid' })
  })

  it('the last active admin cannot disable, demote or remove themselves; with a second admin they can', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const salesRoleId = await roleIdOf(admin, 'sales')
    await expect(asUser(t.app, admin, (ctx) => updateUser(ctx, admin.userId, { status: 'disabled' }))).rejects.toMatchObject({ code: 'conflict' })
    await expect(asUser(t.app, admin, (ctx) => updateUser(ctx, admin.userId, { roleId: salesRoleId }))).rejects.toMatchObject({ code: 'conflict' })
    await expect(asUser(t.app, admin, (ctx) => deleteUser(ctx, admin.userId))).rejects.toMatchObject({ code: 'conflict' })
    // A disabled second admin does not count.
    const second = await createTestUser(t.app, tenantId, { roleKey: 'admin' })
    await asUser(t.app, admin, (ctx) => updateUser(ctx, second.userId, { status: 'disabled' }))
    await expect(asUser(t.app, admin, (ctx) => updateUser(ctx, admin.userId, { roleId: salesRoleId }))).rejects.toMatchObject({ code: 'conflict' })
    await asUser(t.app, admin, (ctx) => updateUser(ctx, second.userId, { status: 'active' }))
    const demoted = await asUser(t.app, admin, (ctx) => updateUser(ctx, admin.userId, { roleId: salesRoleId }))
    expect(demoted.roleId).toBe(salesRoleId)
    await expect(asUser(t.app, second, (ctx) => deleteUser(ctx, second.userId))).rejects.toMatchObject({ code: 'conflict' })
  })

  it('removing a member deletes the membership only, signs them out and revokes their tokens', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const other = await createTestUser(t.app, tenantId, { roleKey: 'admin' })
    const readonlyRoleId = await roleIdOf(admin, 'readonly')
    const token = await asUser(t.app, other, (ctx) => createApiToken(ctx, { name: 'nightly sync', roleId: readonlyRoleId }))
    const session = await openSession(other, tenantId)
    expect((await client(t.http, { bearer: token.token }).get('/api/v1/users')).statusCode).toBe(200)
    await asUser(t.app, admin, (ctx) => deleteUser(ctx, other.userId))
    await expect(asUser(t.app, admin, (ctx) => getUser(ctx, other.userId))).rejects.toMatchObject({ code: 'not_found' })
    expect(await sessionExists(session)).toBe(false)
    expect((await client(t.http, { bearer: token.token }).get('/api/v1/users')).statusCode).toBe(401)
    const account = await inSystemTransaction(t.app.db, (tx) => tx.selectFrom('users').select('id').where('id', '=', other.userId).executeTakeFirst())
    expect(account).toBeDefined()
    const revoked = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('apiTokens').select('revokedAt').where('id', '=', token.id).executeTakeFirstOrThrow())
    expect(revoked.revokedAt).not.toBeNull()
  })

  it('only an admin may create, change or remove members, and only an admin may grant the admin role', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const manager = await createTestUser(t.app, tenantId, { roleKey: 'manager' })
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const adminRoleId = await roleIdOf(admin, 'admin')
    await expect(asUser(t.app, sales, (ctx) => listUsers(ctx, { limit: 10 }))).resolves.toMatchObject({ data: expect.any(Array) })
    await expect(asUser(t.app, sales, (ctx) => updateUser(ctx, sales.userId, { name: 'Me' }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, manager, (ctx) => deleteUser(ctx, sales.userId))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(
      asUser(t.app, manager, (ctx) => createUser(ctx, { email: 'n@example.test', name: 'N', password: 'long enough password', roleId: adminRoleId })),
    ).rejects.toMatchObject({ code: 'forbidden' })
    // A custom role allowed to manage users still cannot promote anyone to admin.
    const { createRole } = await import('../roles/index.ts')
    const hr = await asUser(t.app, admin, (ctx) =>
      createRole(ctx, { name: '人事', permissions: { objects: { users: { create: true, read: true, update: true, delete: false, visibility: 'all' } }, fields: {} } }),
    )
    const hrUser = await createTestUser(t.app, tenantId, { roleId: hr.id })
    await expect(asUser(t.app, hrUser, (ctx) => updateUser(ctx, sales.userId, { roleId: adminRoleId }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, hrUser, (ctx) => updateUser(ctx, sales.userId, { name: '営業 花子' }))).resolves.toMatchObject({ name: '営業 花子' })
  })

  it('serves the contract over HTTP: list, create 201, get, patch, delete 204, validation 400', async () => {
    const { admin } = await createTestTenant(t.app)
    const token = await tokenFor(admin, 'admin')
    const api = client(t.http, { bearer: token })
    const salesRoleId = await roleIdOf(admin, 'sales')
    const created = await api.post('/api/v1/users', { email: 'http@example.test', name: 'HTTP', password: 'long enough password', roleId: salesRoleId })
    expect(created.statusCode).toBe(201)
    const id = created.json().id as string
    expect(Object.keys(created.json()).sort()).toEqual(['createdAt', 'email', 'id', 'lastLoginAt', 'name', 'roleId', 'roleName', 'status', 'teamId', 'teamName'])
    expect((await api.get(`/api/v1/users/${id}`)).json()).toMatchObject({ email: 'http@example.test' })
    expect((await api.get('/api/v1/users?q=http')).json().data).toHaveLength(1)
    expect((await api.patch(`/api/v1/users/${id}`, { status: 'disabled' })).json()).toMatchObject({ status: 'disabled' })
    const bad = await api.patch(`/api/v1/users/${id}`, { status: 'gone', email: 'x@example.test' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'status'])
    expect((await api.delete(`/api/v1/users/${id}`)).statusCode).toBe(204)
    expect((await api.get(`/api/v1/users/${id}`)).statusCode).toBe(404)
  })
})

async function tokenFor(user: TestUser, roleKey: string): Promise<string> {
  const roleId = await roleIdOf(user, roleKey)
  return (await asUser(t.app, user, (ctx) => createApiToken(ctx, { name: `test ${roleKey}`, roleId }))).token
}
