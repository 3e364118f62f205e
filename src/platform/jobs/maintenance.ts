/**
 * Housekeeping jobs every installation runs: pruning finished jobs and, on the embedded
 * database, a periodic VACUUM ANALYZE (PGlite has no autovacuum daemon).
 */
import { sql } from 'kysely'
import { registerJobHandler } from './queue.ts'
import { defineRecurringJob } from './recurring.ts'

export const VACUUM_JOB = 'maintenance.vacuum'
export const PRUNE_JOB = 'maintenance.prune'

registerJobHandler(VACUUM_JOB, async ({ db, logger }) => {
  const started = Date.now()
  // Outside any transaction (VACUUM refuses to run in one); the pool runs it in autocommit.
  await sql`vacuum analyze`.execute(db)
  logger.info({ ms: Date.now() - started }, 'vacuum analyze finished')
})
defineRecurringJob({ name: 'vacuum-analyze', type: VACUUM_JOB, intervalSeconds: 6 * 3600, onlyOn: 'pglite' })

registerJobHandler(PRUNE_JOB, async ({ db, logger }) => {
  // Done jobs are only history; dead ones stay until an admin retries or they age out.
  const jobs = await sql`delete from jobs where status = 'done' and finished_at < now() - interval '14 days'`.execute(db)
  const dead = await sql`delete from jobs where status = 'dead' and finished_at < now() - interval '90 days'`.execute(db)
  logger.info({ done: Number(jobs.numAffectedRows ?? 0), dead: Number(dead.numAffectedRows ?? 0) }, 'pruned old jobs')
})
defineRecurringJob({ name: 'prune-jobs', type: PRUNE_JOB, intervalSeconds: 24 * 3600 })
