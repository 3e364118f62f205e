/** The tenant's calendar day (its time zone), as SQL and as a string: recency and scoring count days from it. */
import { sql } from 'kysely'
import type { Tx } from '../../platform/db/transaction.ts'

export const TENANT_TODAY = sql<string>`(now() at time zone (select time_zone from tenants where id = daifuku_current_tenant()))::date`

export async function tenantToday(tx: Tx): Promise<string> {
  const row = await sql<{ today: string }>`select to_char(${TENANT_TODAY}, 'YYYY-MM-DD') as today`.execute(tx)
  return row.rows[0]!.today
}
