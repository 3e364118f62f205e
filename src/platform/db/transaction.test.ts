import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestTenant, startTestApp, type TestApp } from '../testing/test-app.ts'
import { newId } from '../ids.ts'
import { readSessionsOf } from './database.ts'
import { READ_SESSION_OPTIONS, SCOPE_READ_SESSION } from './read-sessions.ts'
import { inTenantReadScope, inTenantTransaction } from './transaction.ts'

describe('inTenantTransaction', () => {
  let t: TestApp
  let tenantA: string
  let tenantB: string

  beforeAll(async () => {
    t = await startTestApp()
    tenantA = (await createTestTenant(t.app)).tenantId
    tenantB = (await createTestTenant(t.app)).tenantId
  })
  afterAll(() => t.close())

  async function insertAccount(tenantId: string, name: string) {
    const id = newId()
    await inTenantTransaction(t.app.db, tenantId, (tx) =>
      tx.insertInto('accounts').values({ id, tenantId, name }).execute(),
    )
    return id
  }

  it('commits the work and scopes every query to the tenant', async () => {
    const id = await insertAccount(tenantA, '大福商事')
    const seenByA = await inTenantTransaction(t.app.db, tenantA, (tx) =>
      tx.selectFrom('accounts').select('name').where('id', '=', id).executeTakeFirst(),
    )
    const seenByB = await inTenantTransaction(t.app.db, tenantB, (tx) =>
      tx.selectFrom('accounts').select('name').where('id', '=', id).executeTakeFirst(),
    )
    expect(seenByA?.name).toBe('大福商事')
    expect(seenByB).toBeUndefined()
  })

  it('refuses to write a row into another tenant', async () => {
    await expect(
      inTenantTransaction(t.app.db, tenantA, (tx) =>
        tx.insertInto('accounts').values({ id: newId(), tenantId: tenantB, name: 'intruder' }).execute(),
      ),
    ).rejects.toThrow()
  })

  it('rolls back everything when the work fails, and the connection is usable afterwards', async () => {
    const id = newId()
    await expect(
      inTenantTransaction(t.app.db, tenantA, async (tx) => {
        await tx.insertInto('accounts').values({ id, tenantId: tenantA, name: 'half-written' }).execute()
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    const row = await inTenantTransaction(t.app.db, tenantA, (tx) =>
      tx.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst(),
    )
    expect(row).toBeUndefined()
    // The scope ends with the transaction: a plain query afterwards runs as the owner again.
    const role = await sql<{ role: string }>`select current_user as role`.execute(t.app.db)
    expect(role.rows[0]?.role).not.toBe('daifuku_app')
  })

  it('rejects a tenant id that is not a UUID before touching SQL', async () => {
    await expect(inTenantTransaction(t.app.db, "x'; drop table accounts; --", async () => 1)).rejects.toThrow(/not a tenant id/)
  })
})

describe('inTenantReadScope', () => {
  let t: TestApp
  let tenantA: string
  let tenantB: string
  let accountOfA: string
  let accountOfB: string

  beforeAll(async () => {
    t = await startTestApp()
    tenantA = (await createTestTenant(t.app)).tenantId
    tenantB = (await createTestTenant(t.app)).tenantId
    accountOfA = newId()
    accountOfB = newId()
    await inTenantTransaction(t.app.db, tenantA, (tx) => tx.insertInto('accounts').values({ id: accountOfA, tenantId: tenantA, name: 'A社' }).execute())
    await inTenantTransaction(t.app.db, tenantB, (tx) => tx.insertInto('accounts').values({ id: accountOfB, tenantId: tenantB, name: 'B社' }).execute())
  })
  afterAll(() => t.close())

  const namesSeenBy = (tenantId: string) =>
    inTenantReadScope(t.app.db, tenantId, async (tx) => (await tx.selectFrom('accounts').select('name').where('id', 'in', [accountOfA, accountOfB]).execute()).map((r) => r.name))

  it('scopes every read to its tenant, however the tenants alternate on the same sessions', async () => {
    // More rounds than the read pool has connections, so sessions are reused by the other tenant.
    for (let round = 0; round < 25; round++) {
      const [seenByA, seenByB] = await Promise.all([namesSeenBy(tenantA), namesSeenBy(tenantB)])
      expect(seenByA).toEqual(['A社'])
      expect(seenByB).toEqual(['B社'])
    }
  })

  it('runs a read as the app role, and refuses to write', async () => {
    const role = await inTenantReadScope(t.app.db, tenantA, async (tx) => (await sql<{ role: string }>`select current_user as role`.execute(tx)).rows[0]!.role)
    expect(role).toBe('daifuku_app')
    const id = newId()
    const attempt = inTenantReadScope(t.app.db, tenantA, (tx) => tx.insertInto('accounts').values({ id, tenantId: tenantA, name: 'not here' }).execute())
    if (readSessionsOf(t.app.db)) {
      await expect(attempt).rejects.toThrow(/read-only/)
      const written = await inTenantTransaction(t.app.db, tenantA, (tx) => tx.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst())
      expect(written).toBeUndefined()
    } else {
      // The embedded database has no read sessions: a read scope is a tenant transaction there.
      await attempt
    }
  })

  it('starts a read session read-only, as the app role, seeing no tenant (PostgreSQL server)', async () => {
    if (!t.app.config.databaseUrl) return
    const session = new pg.Client({ connectionString: t.app.config.databaseUrl, options: READ_SESSION_OPTIONS })
    await session.connect()
    try {
      const seen = await session.query<{ role: string; readOnly: string; accounts: string }>(
        `select current_user as role, current_setting('transaction_read_only') as "readOnly", (select count(*) from accounts)::text as accounts`,
      )
      expect(seen.rows[0]).toEqual({ role: 'daifuku_app', readOnly: 'on', accounts: '0' })
    } finally {
      await session.end()
    }
  })

  it('refuses to scope a session of the main pool for good', async () => {
    await expect(sql`${sql.raw(SCOPE_READ_SESSION)}select ${tenantA}`.execute(t.app.db)).rejects.toThrow(/not the read pool/)
    const scope = await sql<{ tenant: string | null }>`select nullif(current_setting('app.tenant_id', true), '') as tenant`.execute(t.app.db)
    expect(scope.rows[0]!.tenant).toBeNull()
  })

  it('rejects a tenant id that is not a UUID before touching SQL', async () => {
    await expect(inTenantReadScope(t.app.db, "x'; select 1; --", async () => 1)).rejects.toThrow(/not a tenant id/)
  })
})
