/**
 * Read sessions on a PostgreSQL server (decision 0035). A tenant-scoped transaction costs three round trips
 * (`begin` with the scope, the query, `commit`), and on these machines each round trip costs the server more CPU
 * (socket writes and wake-ups) than a list page's query costs PostgreSQL. Reads that opt in run on connections of their
 * own instead: every such session is read-only and runs as `daifuku_app` from its start (startup options), and keeps
 * the tenant it was last scoped to, so a read of the same tenant is one round trip per statement.
 *
 * Safety: these connections are never lent to other code (their own pool); every checkout scopes the session before
 * any statement; a session whose scoping failed is scoped again on its next use; without a scope, row-level security
 * shows nothing. Writes fail (`default_transaction_read_only`), so a read that writes is found, not half-done.
 */
import type pg from 'pg'

/** Marks the statement that scopes a read session to a tenant (values: [tenantId]); see scopeReadSession. */
export const SCOPE_READ_SESSION = '/* scope read session */ '

export const READ_SESSION_OPTIONS = '-c role=daifuku_app -c default_transaction_read_only=on'

const scopedTo = new WeakMap<pg.PoolClient, string>()

/** Scopes the session to the tenant unless it already is: a resolved empty result, or the set_config's. */
export async function scopeReadSession(client: pg.PoolClient, tenantId: string): Promise<pg.QueryResult> {
  if (scopedTo.get(client) === tenantId) return { rows: [], rowCount: 0, command: 'SELECT', oid: 0, fields: [] }
  scopedTo.delete(client)
  const result = await client.query(`select set_config('app.tenant_id', $1, false)`, [tenantId])
  scopedTo.set(client, tenantId)
  return result
}
