/**
 * The one transaction helper. Tenant work runs as the `daifuku_app` role with
 * `app.tenant_id` set, so row-level security scopes every query to one tenant.
 */
import { sql, type Transaction } from 'kysely'
import type { Db } from './database.ts'
import type { DB } from './schema.ts'

export type Tx = Transaction<DB>

/** A transaction scoped to one tenant: other tenants' rows are invisible and unwritable. */
export function inTenantTransaction<T>(db: Db, tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', 'daifuku_app', true)`.execute(tx)
    return work(tx)
  })
}

/** A transaction for platform code that must cross tenants (sign-in, jobs, migrations). */
export function inSystemTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work)
}
