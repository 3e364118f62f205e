import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestTenant, startTestApp, type TestApp } from '../testing/test-app.ts'
import { newId } from '../ids.ts'
import { inTenantTransaction } from './transaction.ts'

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
