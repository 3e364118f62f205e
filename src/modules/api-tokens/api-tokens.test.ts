import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret } from '../../platform/auth/credentials.ts'
import { inSystemTransaction, inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, client, createTestTenant, createTestUser, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { listRoles } from '../roles/index.ts'
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.service.ts'

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

describe('API tokens', () => {
  it('shows the secret once, stores only its hash and prefix, and never lists or audits the secret', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const adminRoleId = await roleIdOf(admin, 'admin')
    const first = await asUser(t.app, admin, (ctx) => createApiToken(ctx, { name: 'setup', roleId: adminRoleId }))
    const http = client(t.http, { bearer: first.token })
    const readonlyRoleId = await roleIdOf(admin, 'readonly')
    const response = await http.post('/api/v1/api-tokens', { name: '会計システム連携', roleId: readonlyRoleId })
    expect(response.statusCode).toBe(201)
    const created = response.json() as { id: string; token: string; prefix: string; roleName: string; userId: string }
    expect(created.token).toMatch(new RegExp(`^dfk_${created.prefix.replace(/[-_]/g, '\\$&')}_`))
    expect(created).toMatchObject({ roleName: '閲覧のみ', userId: admin.userId })
    const stored = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('apiTokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow())
    expect(stored.tokenHash).toBe(hashSecret(created.token))
    expect(JSON.stringify(stored)).not.toContain(created.token)
    const list = await http.get('/api/v1/api-tokens')
    expect(list.body).not.toContain(created.token)
    expect(list.json().data.find((x: { id: string }) => x.id === created.id)).not.toHaveProperty('token')
    expect((await http.get(`/api/v1/api-tokens/${created.id}`)).json()).not.toHaveProperty('token')
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('auditLog').selectAll().where('objectId', '=', created.id).execute())
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit)).not.toContain(created.token)
    expect(JSON.stringify(audit)).not.toContain(stored.tokenHash)
  })

  it('works as Bearer with its own role: a read-only token reads but cannot write, even for an admin', async () => {
    const { admin } = await createTestTenant(t.app)
    const readonlyRoleId = await roleIdOf(admin, 'readonly')
    const { token } = await asUser(t.app, admin, (ctx) => createApiToken(ctx, { name: 'reader', roleId: readonlyRoleId }))
    const api = client(t.http, { bearer: token })
    expect((await api.get('/api/v1/accounts')).statusCode).toBe(200)
    const write = await api.post('/api/v1/accounts', { name: 'Nope' })
    expect(write.statusCode).toBe(403)
    expect(write.json().error.code).toBe('forbidden')
    expect((await api.get('/api/v1/roles')).statusCode).toBe(403)
  })

  it('a revoked or expired token is refused with 401; revoking twice is harmless', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const roleId = await roleIdOf(admin, 'admin')
    const revoked = await asUser(t.app, admin, (ctx) => createApiToken(ctx, { name: 'old', roleId }))
    const api = client(t.http, { bearer: revoked.token })
    expect((await api.get('/api/v1/teams')).statusCode).toBe(200)
    expect((await api.delete(`/api/v1/api-tokens/${revoked.id}`)).statusCode).toBe(204)
    const refused = await api.get('/api/v1/teams')
    expect(refused.statusCode).toBe(401)
    expect(refused.json().error.code).toBe('unauthenticated')
    await asUser(t.app, admin, (ctx) => revokeApiToken(ctx, revoked.id))
    const revokes = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('auditLog').select(['action', 'requestId']).where('objectId', '=', revoked.id).where('action', '=', 'revoke').execute(),
    )
    expect(revokes).toHaveLength(1)
    expect(revokes[0]!.requestId).toBeTruthy()

    const expiring = await asUser(t.app, admin, (ctx) => createApiToken(ctx, { name: 'short', roleId, expiresAt: new Date(Date.now() + 60_000).toISOString() }))
    expect((await client(t.http, { bearer: expiring.token }).get('/api/v1/teams')).statusCode).toBe(200)
    await inSystemTransaction(t.app.db, (tx) => tx.updateTable('apiTokens').set({ expiresAt: new Date(Date.now() - 1000) }).where('id', '=', expiring.id).execute())
    expect((await client(t.http, { bearer: expiring.token }).get('/api/v1/teams')).statusCode).toBe(401)
    expect((await client(t.http, { bearer: 'dfk_madeup_secret' }).get('/api/v1/teams')).statusCode).toBe(401)
  })

  it('rejects an expiry in the past and a role of another tenant', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const roleId = await roleIdOf(a.admin, 'readonly')
    await expect(
      asUser(t.app, a.admin, (ctx) => createApiToken(ctx, { name: 'x', roleId, expiresAt: '2001-01-01T00:00:00Z' })),
    ).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'expiresAt' }] })
    const foreign = await roleIdOf(b.admin, 'readonly')
    await expect(asUser(t.app, a.admin, (ctx) => createApiToken(ctx, { name: 'x', roleId: foreign }))).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'roleId' }] })
  })

  it('records when a token was last used, at most once a minute', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const roleId = await roleIdOf(admin, 'readonly')
    const created = await asUser(t.app, admin, (ctx) => createApiToken(ctx, { name: 'poller', roleId }))
    const lastUsed = () => inTenantTransaction(t.app.db, tenantId, (tx) => tx.selectFrom('apiTokens').select('lastUsedAt').where('id', '=', created.id).executeTakeFirstOrThrow())
    expect((await lastUsed()).lastUsedAt).toBeNull()
    const api = client(t.http, { bearer: created.token })
    await api.get('/api/v1/teams')
    const first = (await lastUsed()).lastUsedAt!
    expect(first).toBeInstanceOf(Date)
    await api.get('/api/v1/teams')
    expect((await lastUsed()).lastUsedAt!.getTime()).toBe(first.getTime())
    await inSystemTransaction(t.app.db, (tx) => tx.updateTable('apiTokens').set({ lastUsedAt: new Date(Date.now() - 120_000) }).where('id', '=', created.id).execute())
    await api.get('/api/v1/teams')
    expect((await lastUsed()).lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000)
  })

  it('only admins list or create tokens', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const roleId = await roleIdOf(admin, 'readonly')
    await expect(asUser(t.app, sales, (ctx) => createApiToken(ctx, { name: 'x', roleId }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, sales, (ctx) => listApiTokens(ctx, { limit: 10 }))).rejects.toMatchObject({ code: 'forbidden' })
  })
})
