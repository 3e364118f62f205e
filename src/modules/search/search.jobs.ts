/**
 * Which search grams are common (decision 0008, item 11): copied every six hours from the statistics ANALYZE keeps on
 * the gram indexes (autovacuum on PostgreSQL, the maintenance job on the embedded database), so the search box's
 * lookup knows when its 5,000-row sample cannot find enough matches and reads the index straight away.
 */
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { defineRecurringJob, registerJobHandler } from '../../platform/jobs/index.ts'

export const GRAM_SHARES_JOB = 'search.gram-shares'

/** Replaces the copied shares with the current statistics; returns the rows copied (0 before the first ANALYZE). */
export async function refreshSearchGramShares(db: Db | Tx): Promise<number> {
  const result = await sql<{ copied: number }>`select daifuku_refresh_search_gram_shares() as copied`.execute(db)
  return result.rows[0]?.copied ?? 0
}

registerJobHandler(GRAM_SHARES_JOB, async ({ db, logger }) => {
  logger.info({ rows: await refreshSearchGramShares(db) }, 'search gram shares copied from the statistics')
})
defineRecurringJob({ name: 'search-gram-shares', type: GRAM_SHARES_JOB, intervalSeconds: 6 * 3600 })
