/**
 * The one transaction helper. Tenant work runs as the `daifuku_app` role with
 * `app.tenant_id` set, so row-level security scopes every query to one tenant.
 */
import { sql, type Transaction } from 'kysely'
import { clearAfterCommit, credentialGeneration } from '../auth/credential-cache.ts'
import { isUuid } from '../ids.ts'
import { type Db, readSessionsOf } from './database.ts'
import { SCOPE_READ_SESSION } from './read-sessions.ts'
import type { DB } from './schema.ts'

export type Tx = Transaction<DB>

/** A transaction scoped to one tenant: other tenants' rows are invisible and unwritable. */
export async function inTenantTransaction<T>(db: Db, tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  // The tenant id goes into SQL text below, so it must be exactly a UUID.
  if (!isUuid(tenantId)) throw new Error(`inTenantTransaction: not a tenant id: ${JSON.stringify(tenantId)}`)
  return db.connection().execute(async (connection) => {
    // BEGIN and the scope in one round trip (a parameterless multi-statement query): every API
    // request runs here, and on loopback each round trip costs more than the query itself.
    await sql
      .raw(`begin; select set_config('app.tenant_id', '${tenantId}', true), set_config('role', 'daifuku_app', true)`)
      .execute(connection)
    const generation = credentialGeneration()
    let result: T
    try {
      // A connection inside our own BEGIN/COMMIT behaves as a transaction; services only query through it.
      result = await work(connection as unknown as Tx)
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => {})
      throw error
    }
    await sql`commit`.execute(connection)
    clearAfterCommit(generation)
    return result
  })
}

/**
 * Reads for one tenant, on a read session where the back end has them (read-sessions.ts): no transaction — each
 * statement sees what was committed when it started, as in a READ COMMITTED transaction — and no writes. Elsewhere a
 * tenant transaction.
 */
export async function inTenantReadScope<T>(db: Db, tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  const reader = readSessionsOf(db)
  if (!reader) return inTenantTransaction(db, tenantId, work)
  if (!isUuid(tenantId)) throw new Error(`inTenantReadScope: not a tenant id: ${JSON.stringify(tenantId)}`)
  return reader.connection().execute(async (connection) => {
    await sql`${sql.raw(SCOPE_READ_SESSION)}select ${tenantId}`.execute(connection)
    return work(connection as unknown as Tx)
  })
}

/** A transaction for platform code that must cross tenants (sign-in, jobs, migrations). */
export async function inSystemTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const generation = credentialGeneration()
  const result = await db.transaction().execute(work)
  clearAfterCommit(generation)
  return result
}
