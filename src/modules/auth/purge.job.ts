/**
 * Schedules purgeExpiredAuthRecords: every hour a worker deletes expired sessions and reset
 * links and day-old login attempts, so those tables stay small and no stale secret lingers.
 */
import { defineRecurringJob, registerJobHandler } from '../../platform/jobs/index.ts'
import { purgeExpiredAuthRecords } from './purge.ts'

export const AUTH_PURGE_JOB = 'auth.purge'
export const AUTH_PURGE_SCHEDULE = 'auth-purge'

registerJobHandler(AUTH_PURGE_JOB, async ({ db, logger }) => {
  const removed = await purgeExpiredAuthRecords(db)
  logger.info(removed, 'purged expired sign-in records')
})
defineRecurringJob({ name: AUTH_PURGE_SCHEDULE, type: AUTH_PURGE_JOB, intervalSeconds: 3600 })
