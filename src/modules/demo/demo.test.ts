import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyPassword } from '../../platform/auth/credentials.ts'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { client, signIn, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { isDatabaseEmpty, seedDemo, type DemoSeedResult } from './index.ts'

let t: TestApp
let seeded: DemoSeedResult
beforeAll(async () => {
  t = await startTestApp()
  expect(await isDatabaseEmpty(t.app.db)).toBe(true)
  seeded = await seedDemo(t.app.db)
})
afterAll(async () => {
  await t?.close()
})

describe('demo seed', () => {
  it('creates 大福商事 with its team tree, one person per built-in role and thirty accounts', async () => {
    expect(seeded.password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/)
    const tenant = await t.app.db.selectFrom('tenants').selectAll().executeTakeFirstOrThrow()
    expect(tenant).toMatchObject({ name: '大福商事株式会社', slug: 'daifuku-demo', defaultLocale: 'ja', timeZone: 'Asia/Tokyo' })
    const teams = await t.app.db.selectFrom('teams as t').leftJoin('teams as p', 'p.id', 't.parentId').select(['t.name', 'p.name as parent']).execute()
    expect(teams).toEqual(
      expect.arrayContaining([
        { name: '東京営業課', parent: '営業部' },
        { name: '大阪営業課', parent: '営業部' },
        { name: 'マーケティング部', parent: null },
        { name: 'カスタマーサポート部', parent: null },
      ]),
    )
    const roles = await t.app.db
      .selectFrom('memberships as m')
      .innerJoin('roles as r', 'r.id', 'm.roleId')
      .select('r.key')
      .execute()
    expect(new Set(roles.map((r) => r.key))).toEqual(new Set(['admin', 'manager', 'sales', 'marketing', 'support', 'readonly']))
    const accounts = await t.app.db.selectFrom('accounts').selectAll().execute()
    expect(accounts).toHaveLength(30)
    expect(accounts.every((a) => a.nameKana && /^[ァ-ヶー]+$/.test(a.nameKana) && a.phone && a.annualRevenue! > 0 && a.ownerId)).toBe(true)
  })

  it('wrote the accounts through the service: each has an audit row by its owner and an event', async () => {
    const counts = await inTenantTransaction(t.app.db, seeded.tenantId, async (tx) => ({
      audits: await tx.selectFrom('auditLog').select(['objectId', 'actorUserId']).where('objectType', '=', 'accounts').where('action', '=', 'create').execute(),
      events: await tx.selectFrom('outboxEvents').select('id').where('type', '=', 'account.created').execute(),
      accounts: await tx.selectFrom('accounts').select(['id', 'ownerId']).execute(),
    }))
    expect(counts.audits).toHaveLength(30)
    expect(counts.events).toHaveLength(30)
    const ownerOf = new Map(counts.accounts.map((a) => [a.id, a.ownerId]))
    expect(counts.audits.every((a) => ownerOf.get(a.objectId!) === a.actorUserId)).toBe(true)
  })

  it('fills the default pipeline with deals of the demo accounts, some won and some lost', async () => {
    const deals = await inTenantTransaction(t.app.db, seeded.tenantId, (tx) =>
      tx.selectFrom('deals as d').innerJoin('accounts as a', 'a.id', 'd.accountId').select(['d.status', 'd.ownerId', 'a.ownerId as accountOwner']).execute(),
    )
    expect(deals).toHaveLength(14)
    expect(new Set(deals.map((d) => d.status))).toEqual(new Set(['open', 'won', 'lost']))
    expect(deals.every((d) => d.ownerId === d.accountOwner)).toBe(true)
  })

  it('adds people at the customers, two with a former employer in their history, and two group structures', async () => {
    const data = await inTenantTransaction(t.app.db, seeded.tenantId, async (tx) => ({
      contacts: await tx.selectFrom('contacts').select(['id', 'displayName', 'familyNameKana', 'ownerId']).execute(),
      former: await tx.selectFrom('accountContacts').select('contactId').where('endedOn', 'is not', null).execute(),
      current: await tx.selectFrom('accountContacts').select('contactId').where('endedOn', 'is', null).where('isPrimary', '=', true).execute(),
      children: await tx.selectFrom('accounts').select('name').where('parentAccountId', 'is not', null).execute(),
    }))
    expect(data.contacts).toHaveLength(12)
    expect(data.contacts.every((c) => c.familyNameKana && c.ownerId)).toBe(true)
    expect(data.former).toHaveLength(2)
    expect(new Set(data.current.map((c) => c.contactId)).size).toBe(12)
    expect(data.children.map((c) => c.name).sort()).toEqual(['株式会社梅田システムズ', '株式会社神戸マリンサービス'])
  })

  it('the printed password signs the administrator in', async () => {
    const admin = await t.app.db.selectFrom('users').select('passwordHash').where('email', '=', seeded.adminEmail).executeTakeFirstOrThrow()
    expect(await verifyPassword(admin.passwordHash!, seeded.password)).toBe(true)
    const credentials = await signIn(t.http, { email: 'admin@daifuku.local', password: seeded.password })
    const list = await client(t.http, credentials).get('/api/v1/accounts?limit=5')
    expect(list.statusCode).toBe(200)
    expect(list.json().data).toHaveLength(5)
  })

  it('never seeds a database that already has data', async () => {
    expect(await isDatabaseEmpty(t.app.db)).toBe(false)
    await expect(seedDemo(t.app.db)).rejects.toMatchObject({ code: 'conflict' })
    expect(await t.app.db.selectFrom('tenants').select('id').execute()).toHaveLength(1)
  })
})
