/** Housekeeping for sign-in records; the job runner calls it on a schedule. */
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

/** Login attempts older than this no longer matter for lockout or throttling. */
const ATTEMPT_RETENTION_HOURS = 24

export interface PurgeResult {
  sessions: number
  passwordResets: number
  loginAttempts: number
}

/** Deletes expired sessions and reset links, and login attempts older than a day. */
export async function purgeExpiredAuthRecords(db: Db): Promise<PurgeResult> {
  const sessions = await db.deleteFrom('sessions').where('expiresAt', '<=', sql<Date>`now()`).executeTakeFirst()
  const resets = await db.deleteFrom('passwordResets').where('expiresAt', '<=', sql<Date>`now()`).executeTakeFirst()
  const attempts = await db
    .deleteFrom('loginAttempts')
    .where('createdAt', '<', new Date(Date.now() - ATTEMPT_RETENTION_HOURS * 3_600_000))
    .executeTakeFirst()
  return {
    sessions: Number(sessions.numDeletedRows),
    passwordResets: Number(resets.numDeletedRows),
    loginAttempts: Number(attempts.numDeletedRows),
  }
}
