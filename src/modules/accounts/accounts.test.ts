import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { inTenantTransaction } from '../../platform/db/transaction.ts'
import { asUser, createTestTenant, createTestUser, startTestApp, type TestApp } from '../../platform/testing/test-app.ts'
import { createAccount, deleteAccount, getAccount, listAccounts, updateAccount } from './accounts.service.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('accounts', () => {
  it('creates an account owned by its creator, audited and announced in the same transaction', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: '株式会社大福商事', nameKana: 'ダイフクショウジ', annualRevenue: 120_000_000 }))
    expect(account.ownerId).toBe(admin.userId)
    expect(account.annualRevenue).toBe(120_000_000)
    const audit = await inTenantTransaction(t.app.db, admin.tenantId, (tx) =>
      tx.selectFrom('auditLog').selectAll().where('objectId', '=', account.id).execute(),
    )
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'create', actorUserId: admin.userId, objectType: 'accounts' })
    expect(audit[0]!.changes.name).toEqual({ before: null, after: '株式会社大福商事' })
    const events = await inTenantTransaction(t.app.db, admin.tenantId, (tx) =>
      tx.selectFrom('outboxEvents').select(['type']).where('objectId', '=', account.id).execute(),
    )
    expect(events.map((e) => e.type)).toEqual(['account.created'])
  })

  it('records before and after of an update, and nothing for an update that changes nothing', async () => {
    const { admin } = await createTestTenant(t.app)
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Acme' }))
    await asUser(t.app, admin, (ctx) => updateAccount(ctx, account.id, { name: 'Acme Japan', phone: '03-1234-5678' }))
    await asUser(t.app, admin, (ctx) => updateAccount(ctx, account.id, { name: 'Acme Japan' }))
    const audit = await inTenantTransaction(t.app.db, admin.tenantId, (tx) =>
      tx.selectFrom('auditLog').selectAll().where('objectId', '=', account.id).where('action', '=', 'update').execute(),
    )
    expect(audit).toHaveLength(1)
    expect(audit[0]!.changes).toEqual({ name: { before: 'Acme', after: 'Acme Japan' }, phone: { before: null, after: '03-1234-5678' } })
  })

  it('a user of another tenant can neither see nor change the account, even with raw SQL', async () => {
    const a = await createTestTenant(t.app)
    const b = await createTestTenant(t.app)
    const account = await asUser(t.app, a.admin, (ctx) => createAccount(ctx, { name: 'Secret KK' }))
    await expect(asUser(t.app, b.admin, (ctx) => getAccount(ctx, account.id))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, b.admin, (ctx) => updateAccount(ctx, account.id, { name: 'x' }))).rejects.toMatchObject({ code: 'not_found' })
    await expect(asUser(t.app, b.admin, (ctx) => deleteAccount(ctx, account.id))).rejects.toMatchObject({ code: 'not_found' })
    const list = await asUser(t.app, b.admin, (ctx) => listAccounts(ctx, { limit: 200, sort: '-createdAt' }))
    expect(list.data.map((x) => x.id)).not.toContain(account.id)
    // Row-level security holds even for a hand-written query inside tenant B's transaction.
    const raw = await inTenantTransaction(t.app.db, b.tenantId, async (tx) => {
      const seen = await sql<{ n: number }>`select count(*)::int as n from accounts where id = ${account.id}`.execute(tx)
      const changed = await sql`update accounts set name = 'pwned' where id = ${account.id}`.execute(tx)
      return { seen: seen.rows[0]!.n, changed: Number(changed.numAffectedRows ?? 0) }
    })
    expect(raw).toEqual({ seen: 0, changed: 0 })
    await expect(
      inTenantTransaction(t.app.db, b.tenantId, (tx) => sql`insert into accounts (id, tenant_id, name) values (gen_random_uuid(), ${a.tenantId}, 'planted')`.execute(tx)),
    ).rejects.toThrow(/row-level security/)
  })

  it('the read-only role may read but not create, update or delete', async () => {
    const { tenantId, admin } = await createTestTenant(t.app)
    const reader = await createTestUser(t.app, tenantId, { roleKey: 'readonly' })
    const account = await asUser(t.app, admin, (ctx) => createAccount(ctx, { name: 'Readable' }))
    await expect(asUser(t.app, reader, (ctx) => getAccount(ctx, account.id))).resolves.toMatchObject({ name: 'Readable' })
    await expect(asUser(t.app, reader, (ctx) => createAccount(ctx, { name: 'No' }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, reader, (ctx) => updateAccount(ctx, account.id, { name: 'No' }))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(asUser(t.app, reader, (ctx) => deleteAccount(ctx, account.id))).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('pages through accounts by name with a keyset cursor, no row twice and none skipped', async () => {
    const { admin } = await createTestTenant(t.app)
    const names = ['あおい商店', 'Beta', 'Alpha', '大福', 'Gamma', 'Delta', 'Epsilon']
    for (const name of names) await asUser(t.app, admin, (ctx) => createAccount(ctx, { name }))
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await asUser(t.app, admin, (ctx) => listAccounts(ctx, { limit: 3, sort: 'name', cursor }))
      seen.push(...page.data.map((a) => a.name!))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual([...names].sort((x, y) => (Buffer.from(x) < Buffer.from(y) ? -1 : 1)))
    await expect(asUser(t.app, admin, (ctx) => listAccounts(ctx, { limit: 3, sort: 'name', cursor: 'garbage' }))).rejects.toMatchObject({ code: 'invalid' })
  })
})
