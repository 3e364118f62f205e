import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inSystemTransaction } from '../db/transaction.ts'
import { client, createTestTenant, createTestUser, signIn, startTestApp, type TestApp } from '../testing/test-app.ts'

// A long TTL, so every passing assertion below proves invalidation, not expiry.
let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ config: { authCacheMs: 60_000 } })
})
afterAll(async () => {
  await t?.close()
})

async function tokenFor(admin: Parameters<typeof signIn>[1], roleKey = 'admin') {
  const api = client(t.http, await signIn(t.http, admin))
  const roles = (await api.get('/api/v1/roles?limit=100')).json().data as { id: string; key: string }[]
  const created = await api.post('/api/v1/api-tokens', { name: 'cache test', roleId: roles.find((r) => r.key === roleKey)!.id })
  expect(created.statusCode).toBe(201)
  return { api, id: created.json().id as string, token: created.json().token as string }
}

describe('credential cache', () => {
  it('reuses a resolved token without asking the database again (within the TTL)', async () => {
    const { admin } = await createTestTenant(t.app)
    const { id, token } = await tokenFor(admin)
    expect((await client(t.http, { bearer: token }).get('/api/v1/accounts')).statusCode).toBe(200)
    // Removed behind the services' back (no invalidation): the cached identity still answers.
    await inSystemTransaction(t.app.db, (tx) => tx.deleteFrom('apiTokens').where('id', '=', id).execute())
    expect((await client(t.http, { bearer: token }).get('/api/v1/accounts')).statusCode).toBe(200)
  })

  it('a token revoked through the API stops working at once', async () => {
    const { admin } = await createTestTenant(t.app)
    const { api, id, token } = await tokenFor(admin)
    expect((await client(t.http, { bearer: token }).get('/api/v1/accounts')).statusCode).toBe(200)
    expect((await api.delete(`/api/v1/api-tokens/${id}`)).statusCode).toBe(204)
    expect((await client(t.http, { bearer: token }).get('/api/v1/accounts')).statusCode).toBe(401)
  })

  it('a signed-out session stops working at once', async () => {
    const { admin } = await createTestTenant(t.app)
    const session = await signIn(t.http, admin)
    expect((await client(t.http, session).get('/api/v1/accounts')).statusCode).toBe(200)
    expect((await client(t.http, session).post('/api/v1/auth/logout')).statusCode).toBe(204)
    expect((await client(t.http, session).get('/api/v1/accounts')).statusCode).toBe(401)
  })

  it('a disabled member and a narrowed role take effect on the very next request', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const adminApi = client(t.http, await signIn(t.http, admin))
    const role = await adminApi.post('/api/v1/roles', {
      name: 'Readers',
      permissions: { objects: { accounts: { create: false, read: true, update: false, delete: false, visibility: 'all' } }, fields: {} },
    })
    expect(role.statusCode).toBe(201)
    const member = await createTestUser(t.app, tenantId, { roleId: role.json().id })
    const memberApi = client(t.http, await signIn(t.http, member))
    expect((await memberApi.get('/api/v1/accounts')).statusCode).toBe(200)
    const narrowed = await adminApi.patch(`/api/v1/roles/${role.json().id}`, {
      permissions: { objects: { accounts: { create: false, read: false, update: false, delete: false, visibility: 'all' } }, fields: {} },
    })
    expect(narrowed.statusCode).toBe(200)
    expect((await memberApi.get('/api/v1/accounts')).statusCode).toBe(403)
    expect((await adminApi.patch(`/api/v1/users/${member.userId}`, { status: 'disabled' })).statusCode).toBe(200)
    expect((await memberApi.get('/api/v1/accounts')).statusCode).toBe(401)
  })
})
