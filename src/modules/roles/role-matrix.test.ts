/**
 * The built-in and custom roles, end to end on a real business object (accounts):
 * object rights, own/team/all visibility through the team tree, hidden and read-only fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Permissions } from '../../platform/db/schema.ts'
import { asUser, client, createTestTenant, createTestUser, startTestApp, type TestApp, type TestUser } from '../../platform/testing/test-app.ts'
import { createAccount, deleteAccount, getAccount, listAccounts, updateAccount } from '../accounts/index.ts'
import { createApiToken } from '../api-tokens/index.ts'
import { createTeam } from '../teams/index.ts'
import { createRole } from './roles.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

const visibleIds = async (user: TestUser) => (await asUser(t.app, user, (ctx) => listAccounts(ctx, { limit: 200, sort: '-createdAt' }))).data.map((a) => a.id)
const accountsRole = (visibility: 'own' | 'team' | 'all', fields: Permissions['fields'] = {}): Permissions => ({
  objects: { accounts: { create: true, read: true, update: true, delete: true, visibility } },
  fields,
})

describe('role matrix on accounts', () => {
  it('sales creates, reads and updates their own accounts, may not delete, and sees no one else’s without a shared team', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const sales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const otherSales = await createTestUser(t.app, tenantId, { roleKey: 'sales' })
    const mine = await asUser(t.app, sales, (ctx) => createAccount(ctx, { name: '自社案件' }))
    expect(mine.ownerId).toBe(sales.userId)
    await expect(asUser(t.app, sales, (ctx) => updateAccount(ctx, mine.id, { phone: '03-0000-0000' }))).resolves.toMatchObject({ phone: '03-0000-0000' })
    await expect(asUser(t.app, sales, (ctx) => deleteAccount(ctx, mine.id))).rejects.toMatchObject({ code: 'forbidden' })
    const theirs = await asUser(t.app, otherSales, (ctx) => createAccount(ctx, { name: '他人の案件' }))
    const adminOwned = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '管理者の案件' }))
    expect(await visibleIds(sales)).toEqual([mine.id])
    await expect(asUser(t.app, sales, (ctx) => getAccount(ctx, theirs.id))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, sales, (ctx) => updateAccount(ctx, theirs.id, { name: 'x' }))).rejects.toMatchObject({ code: 'not_found' })
    // Admin (visibility all) sees everything.
    expect(new Set(await visibleIds(admin))).toEqual(new Set([mine.id, theirs.id, adminOwned.id]))
  })

  it('team visibility follows the team tree downwards: a parent team sees its sub-teams, not the reverse', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const head = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '営業本部' }))
    const east = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東日本', parentId: head.id }))
    const tokyo = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '東京', parentId: east.id }))
    const west = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: '西日本', parentId: head.id }))
    const chief = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: head.id })
    const eastLead = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: east.id })
    const tokyoRep = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: tokyo.id })
    const tokyoRep2 = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: tokyo.id })
    const westRep = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: west.id })
    const a = {
      chief: await asUser(t.app, chief, (ctx) => createAccount(ctx, { name: 'chief' })),
      east: await asUser(t.app, eastLead, (ctx) => createAccount(ctx, { name: 'east' })),
      tokyo: await asUser(t.app, tokyoRep, (ctx) => createAccount(ctx, { name: 'tokyo' })),
      tokyo2: await asUser(t.app, tokyoRep2, (ctx) => createAccount(ctx, { name: 'tokyo2' })),
      west: await asUser(t.app, westRep, (ctx) => createAccount(ctx, { name: 'west' })),
    }
    const ids = (...names: (keyof typeof a)[]) => new Set(names.map((n) => a[n].id))
    expect(new Set(await visibleIds(chief))).toEqual(ids('chief', 'east', 'tokyo', 'tokyo2', 'west'))
    expect(new Set(await visibleIds(eastLead))).toEqual(ids('east', 'tokyo', 'tokyo2'))
    expect(new Set(await visibleIds(tokyoRep))).toEqual(ids('tokyo', 'tokyo2'))
    expect(new Set(await visibleIds(westRep))).toEqual(ids('west'))
    // Team-mates may update each other's accounts (sales: update, team visibility).
    await expect(asUser(t.app, tokyoRep, (ctx) => updateAccount(ctx, a.tokyo2.id, { notes: 'フォロー済み' }))).resolves.toMatchObject({ notes: 'フォロー済み' })
    await expect(asUser(t.app, tokyoRep, (ctx) => updateAccount(ctx, a.east.id, { notes: 'x' }))).rejects.toMatchObject({ code: 'not_found' })
  })

  it('a custom role with own visibility sees only its own records even inside a team; with all it sees every one', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const team = await asUser(t.app, admin, (ctx) => createTeam(ctx, { name: 'Team' }))
    const ownRole = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'Own only', permissions: accountsRole('own') }))
    const allRole = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'All', permissions: accountsRole('all') }))
    const loner = await createTestUser(t.app, tenantId, { roleId: ownRole.id, teamId: team.id })
    const mate = await createTestUser(t.app, tenantId, { roleKey: 'sales', teamId: team.id })
    const seer = await createTestUser(t.app, tenantId, { roleId: allRole.id })
    const mine = await asUser(t.app, loner, (ctx) => createAccount(ctx, { name: 'mine' }))
    const mates = await asUser(t.app, mate, (ctx) => createAccount(ctx, { name: 'mate' }))
    expect(await visibleIds(loner)).toEqual([mine.id])
    expect(new Set(await visibleIds(mate))).toEqual(new Set([mine.id, mates.id]))
    expect(new Set(await visibleIds(seer))).toEqual(new Set([mine.id, mates.id]))
    await expect(asUser(t.app, seer, (ctx) => deleteAccount(ctx, mates.id))).resolves.toBeUndefined()
  })

  it('marketing reads and edits every account but cannot delete; support edits but cannot create; read-only cannot write', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Shared' }))
    const marketing = await createTestUser(t.app, tenantId, { roleKey: 'marketing' })
    const support = await createTestUser(t.app, tenantId, { roleKey: 'support' })
    const reader = await createTestUser(t.app, tenantId, { roleKey: 'readonly' })
    for (const user of [marketing, support, reader]) expect(await visibleIds(user)).toContain(account.id)
    await expect(asUser(t.app, marketing, (ctx) => createAccount(ctx, { name: 'Campaign list' }))).resolves.toMatchObject({ ownerId: marketing.userId })
    await expect(asUser(t.app, marketing, (ctx) => updateAccount(ctx, account.id, { industry: '製造業' }))).resolves.toMatchObject({ industry: '製造業' })
    await expect(asUser(t.app, marketing, (ctx) => deleteAccount(ctx, account.id))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, support, (ctx) => updateAccount(ctx, account.id, { phone: '0120-000-000' }))).resolves.toMatchObject({ phone: '0120-000-000' })
    await expect(asUser(t.app, support, (ctx) => createAccount(ctx, { name: 'No' }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, support, (ctx) => deleteAccount(ctx, account.id))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, reader, (ctx) => createAccount(ctx, { name: 'No' }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, reader, (ctx) => updateAccount(ctx, account.id, { name: 'No' }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, reader, (ctx) => deleteAccount(ctx, account.id))).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('a hidden field never appears in list or get (service or HTTP), and cannot be written', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const role = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'No revenue', permissions: accountsRole('all', { accounts: { annualRevenue: 'hidden' } }) }))
    const user = await createTestUser(t.app, tenantId, { roleId: role.id })
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Rich KK', annualRevenue: 9_876_543_210 }))
    const got = await asUser(t.app, user, (ctx) => getAccount(ctx, account.id))
    expect(got.name).toBe('Rich KK')
    expect(got).not.toHaveProperty('annualRevenue')
    const listed = await asUser(t.app, user, (ctx) => listAccounts(ctx, { limit: 50, sort: 'name' }))
    expect(listed.data[0]).not.toHaveProperty('annualRevenue')
    await expect(asUser(t.app, user, (ctx) => updateAccount(ctx, account.id, { annualRevenue: 1 }))).rejects.toMatchObject({
      code: 'forbidden',
      details: [{ path: 'annualRevenue' }],
    })
    // Over HTTP, with a token carrying the same role: neither the field nor its value leaks.
    const { token } = await asUser(t.app, admin, (ctx) => createApiToken(ctx, { name: 'no revenue', roleId: role.id }))
    const api = client(t.http, { bearer: token })
    for (const url of [`/api/v1/accounts/${account.id}`, '/api/v1/accounts']) {
      const response = await api.get(url)
      expect(response.statusCode).toBe(200)
      expect(response.body).not.toContain('annualRevenue')
      expect(response.body).not.toContain('9876543210')
    }
    const write = await api.patch(`/api/v1/accounts/${account.id}`, { annualRevenue: 5 })
    expect(write.statusCode).toBe(403)
    const stored = await asUser(t.app, admin, (ctx) => getAccount(ctx, account.id))
    expect(stored.annualRevenue).toBe(9_876_543_210)
  })

  it('a read-only field is shown but cannot be changed or set on create; other fields still can', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const role = await asUser(t.app, admin, (ctx) => createRole(ctx, { name: 'Revenue locked', permissions: accountsRole('all', { accounts: { annualRevenue: 'readonly' } }) }))
    const user = await createTestUser(t.app, tenantId, { roleId: role.id })
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Locked KK', annualRevenue: 500_000_000 }))
    await expect(asUser(t.app, user, (ctx) => getAccount(ctx, account.id))).resolves.toMatchObject({ annualRevenue: 500_000_000 })
    await expect(asUser(t.app, user, (ctx) => updateAccount(ctx, account.id, { annualRevenue: 1 }))).rejects.toMatchObject({ code: 'forbidden', details: [{ path: 'annualRevenue' }] })
    await expect(asUser(t.app, user, (ctx) => createAccount(ctx, { name: 'New', annualRevenue: 1 }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, user, (ctx) => updateAccount(ctx, account.id, { notes: '決算期は3月' }))).resolves.toMatchObject({ notes: '決算期は3月', annualRevenue: 500_000_000 })
  })
})
