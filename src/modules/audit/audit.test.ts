import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asUser, createTestTenant, createTestUser, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createApiToken } from '../api-tokens/index.ts'
import { listRoles } from '../roles/index.ts'
import { createTeam } from '../teams/index.ts'
import { listAuditEntries } from './audit.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

async function adminToken(admin: TestUser): Promise<string> {
  const roles = await asUser(t.app, admin, (ctx) => listRoles(ctx, { limit: 200 }))
  const roleId = roles.data.find((r) => r.key === 'admin')!.id
  return (await asUser(t.app, admin, (ctx) => createApiToken(ctx, { name: 'audit test', roleId }))).token
}

/** A client that tags every request with a known request id, to find its audit row. */
function tagged(token: string) {
  let n = 0
  return async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
    const requestId = `req-${Date.now()}-${n++}`
    const response = await t.http.inject({ method, url, payload, headers: { authorization: `Bearer ${token}`, 'x-request-id': requestId } })
    if (response.statusCode >= 300) throw new Error(`${method} ${url} → ${response.statusCode} ${response.body}`)
    return { requestId, body: response.body ? response.json() : null }
  }
}

describe('audit log', () => {
  it('every write in users, teams, roles and API tokens leaves one row with actor, request id and before/after', async () => {
    const { admin } = await createTestTenant(t.app)
    const send = tagged(await adminToken(admin))
    const perms = { objects: { accounts: { create: false, read: true, update: false, delete: false, visibility: 'all' } }, fields: {} }
    const writes: { requestId: string; objectType: string; objectId: string; action: string; before?: object; after?: object }[] = []
    const note = (r: { requestId: string }, objectType: string, objectId: string, action: string, before?: object, after?: object) =>
      writes.push({ requestId: r.requestId, objectType, objectId, action, before, after })

    const team = await send('POST', '/api/v1/teams', { name: '大阪支店' })
    note(team, 'teams', team.body.id, 'create', undefined, { name: '大阪支店' })
    const teamPatch = await send('PATCH', `/api/v1/teams/${team.body.id}`, { name: '関西支店' })
    note(teamPatch, 'teams', team.body.id, 'update', { name: '大阪支店' }, { name: '関西支店' })
    const role = await send('POST', '/api/v1/roles', { name: 'Viewer', permissions: perms })
    note(role, 'roles', role.body.id, 'create', undefined, { name: 'Viewer' })
    const rolePatch = await send('PATCH', `/api/v1/roles/${role.body.id}`, { name: '閲覧者' })
    note(rolePatch, 'roles', role.body.id, 'update', { name: 'Viewer' }, { name: '閲覧者' })
    const user = await send('POST', '/api/v1/users', { email: `audit-${Date.now()}@example.test`, name: '監査 太郎', password: 'long enough password', roleId: role.body.id })
    note(user, 'users', user.body.id, 'create', undefined, { name: '監査 太郎' })
    const userPatch = await send('PATCH', `/api/v1/users/${user.body.id}`, { teamId: team.body.id })
    note(userPatch, 'users', user.body.id, 'update', { teamId: null }, { teamId: team.body.id })
    const token = await send('POST', '/api/v1/api-tokens', { name: 'BI', roleId: role.body.id })
    note(token, 'apiTokens', token.body.id, 'create', undefined, { name: 'BI' })
    const tokenRevoke = await send('DELETE', `/api/v1/api-tokens/${token.body.id}`)
    note(tokenRevoke, 'apiTokens', token.body.id, 'revoke', { revokedAt: null })
    const userDelete = await send('DELETE', `/api/v1/users/${user.body.id}`)
    note(userDelete, 'users', user.body.id, 'delete', { name: '監査 太郎' }, undefined)
    const roleDelete = await send('DELETE', `/api/v1/roles/${role.body.id}`)
    note(roleDelete, 'roles', role.body.id, 'delete', { name: '閲覧者' })
    const teamDelete = await send('DELETE', `/api/v1/teams/${team.body.id}`)
    note(teamDelete, 'teams', team.body.id, 'delete', { name: '関西支店' })

    const log = await asUser(t.app, admin, (ctx) => listAuditEntries(ctx, { limit: 200 }))
    for (const write of writes) {
      const rows = log.data.filter((e) => e.requestId === write.requestId && e.objectId === write.objectId)
      expect(rows, `${write.action} ${write.objectType}`).toHaveLength(1)
      const row = rows[0]!
      expect(row).toMatchObject({ objectType: write.objectType, action: write.action, actorId: admin.userId })
      expect(row.actorName).toMatch(/^Admin /)
      expect(row.actorTokenId).toBeTruthy()
      for (const [field, value] of Object.entries(write.before ?? {})) expect(row.changes[field]?.before, `${write.action} ${field} before`).toEqual(value)
      for (const [field, value] of Object.entries(write.after ?? {})) expect(row.changes[field]?.after, `${write.action} ${field} after`).toEqual(value)
    }
  })

  it('filters by object, actor, action and time, pages newest first, and is for admins only', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const other = await createTestUser(t.app, tenantId, { roleKey: 'admin', name: '鈴木 管理者' })
    const start = new Date().toISOString()
    const t1 = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: 'A' }))
    const t2 = await asUser(t.app, other, (ctx) => createTeam(ctx, { name: 'B' }))
    const byOther = await asUser(t.app, admin, (ctx) => listAuditEntries(ctx, { limit: 50, actorId: other.userId }))
    expect(byOther.data.map((e) => e.objectId)).toEqual([t2.id])
    expect(byOther.data[0]!.actorName).toBe('鈴木 管理者')
    const ofT1 = await asUser(t.app, admin, (ctx) => listAuditEntries(ctx, { limit: 50, objectType: 'teams', objectId: t1.id }))
    expect(ofT1.data).toHaveLength(1)
    const creates = await asUser(t.app, admin, (ctx) => listAuditEntries(ctx, { limit: 50, action: 'create', objectType: 'teams', from: start }))
    expect(creates.data.map((e) => e.objectId)).toEqual([t2.id, t1.id])
    const beforeStart = await asUser(t.app, admin, (ctx) => listAuditEntries(ctx, { limit: 50, objectType: 'teams', to: start }))
    expect(beforeStart.data).toHaveLength(0)
    const first = await asUser(t.app, admin, (ctx) => listAuditEntries(ctx, { limit: 1, objectType: 'teams' }))
    const second = await asUser(t.app, admin, (ctx) => listAuditEntries(ctx, { limit: 1, objectType: 'teams', cursor: first.nextCursor! }))
    expect([...first.data, ...second.data].map((e) => e.objectId)).toEqual([t2.id, t1.id])
    expect(second.nextCursor).toBeNull()
    await expect(asUser(t.app, admin, (ctx) => listAuditEntries(ctx, { limit: 5, from: start, to: start }))).rejects.toMatchObject({ code: 'invalid' })
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    await expect(asUser(t.app, sales, (ctx) => listAuditEntries(ctx, { limit: 5 }))).rejects.toMatchObject({ code: 'forbidden' })
  })
})
