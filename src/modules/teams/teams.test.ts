import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, createTestTenant, createTestUser, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from './teams.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('teams', () => {
  it('builds a hierarchy, counts members and audits each change', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const sales = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '営業本部' }))
    const tokyo = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東京営業部', parentId: sales.id }))
    await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: tokyo.id })
    await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: tokyo.id })
    expect(await asUser(t.app, admin, (ctx) => getTeam(ctx, tokyo.id))).toMatchObject({ name: '東京営業部', parentId: sales.id, memberCount: 2 })
    const renamed = await asUser(t.app, admin, (ctx) => updateTeam(ctx, tokyo.id, { name: '首都圏営業部' }))
    expect(renamed.name).toBe('首都圏営業部')
    const audit = await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.selectFrom('auditLog').selectAll().where('objectType', '=', 'teams').where('objectId', '=', tokyo.id).orderBy('id').execute(),
    )
    expect(audit.map((a) => a.action)).toEqual(['create', 'update'])
    expect(audit[1]!.changes).toEqual({ name: { before: '東京営業部', after: '首都圏営業部' } })
    expect(audit[1]!.actorUserId).toBe(admin.userId)
    const list = await asUser(t.app, admin, (ctx) => listTeams(ctx, { limit: 1 }))
    expect(list.data).toHaveLength(1)
    const next = await asUser(t.app, admin, (ctx) => listTeams(ctx, { limit: 1, cursor: list.nextCursor! }))
    expect(next.data.map((x) => x.id)).toEqual([sales.id])
  })

  it('rejects a cycle: a team cannot be its own parent or be placed under its descendant', async () => {
    const { admin } = await createTestTenant(t.app)
    const top = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: 'Top' }))
    const mid = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: 'Mid', parentId: top.id }))
    const leaf = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: 'Leaf', parentId: mid.id }))
    await expect(asUser(t.app, admin, (ctx) => updateTeam(ctx, top.id, { parentId: top.id }))).rejects.toMatchObject({ code: 'invalid', details: [{ path: 'parentId' }] })
    await expect(asUser(t.app, admin, (ctx) => updateTeam(ctx, top.id, { parentId: leaf.id }))).rejects.toMatchObject({ code: 'invalid' })
    // Moving a leaf elsewhere, or to the top level, is fine.
    await expect(asUser(t.app, admin, (ctx) => updateTeam(ctx, leaf.id, { parentId: top.id }))).resolves.toMatchObject({ parentId: top.id })
    await expect(asUser(t.app, admin, (ctx) => updateTeam(ctx, leaf.id, { parentId: null }))).resolves.toMatchObject({ parentId: null })
  })

  it('refuses to delete a team with sub-teams or members, and deletes an empty one', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const parent = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: 'Parent' }))
    const child = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: 'Child', parentId: parent.id }))
    await expect(asUser(t.app, admin, (ctx) => deleteTeam(ctx, parent.id))).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/sub-team/) })
    await createTestUser(t.app, tenantId, { teamId: child.id })
    await expect(asUser(t.app, admin, (ctx) => deleteTeam(ctx, child.id))).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/1 member/) })
    const empty = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: 'Empty' }))
    await asUser(t.app, admin, (ctx) => deleteTeam(ctx, empty.id))
    await expect(asUser(t.app, admin, (ctx) => getTeam(ctx, empty.id))).rejects.toMatchObject({ code: 'not_found' })
  })

  it('rejects a duplicate name and a parent from another tenant; non-admins may only read', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    await asUser(t.app, a.admin, (ctx) => createTeam(ctx, { name: 'Support' }))
    await expect(asUser(t.app, a.admin, (ctx) => createTeam(ctx, { name: 'support' }))).rejects.toMatchObject({ code: 'conflict' })
    const foreign = await asUser(t.app, b.admin, (ctx) => createTeam(ctx, { name: 'Foreign' }))
    await expect(asUser(t.app, a.admin, (ctx) => createTeam(ctx, { name: 'X', parentId: foreign.id }))).rejects.toMatchObject({ code: 'invalid' })
    const sales = await createTestUser(t.app, a.tenantId, { roleKey: 'sales' })
    await expect(asUser(t.app, sales, (ctx) => listTeams(ctx, { limit: 10 }))).resolves.toMatchObject({ data: [{ name: 'Support' }] })
    await expect(asUser(t.app, sales, (ctx) => createTeam(ctx, { name: 'Mine' }))).rejects.toMatchObject({ code: 'forbidden' })
  })
})
