/** The signed-in user's own profile and password. */
import { sql } from 'kysely'
import { recordAudit } from '../../platform/audit/audit.ts'
import { hashPassword, verifyPassword } from '../../platform/auth/credentials.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Db } from '../../platform/db/database.ts'
import { inSystemTransaction } from '../../platform/db/transaction.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { assertPasswordStrength } from '../tenancy/index.ts'
import type { MePatchBody, PasswordChangeBody, SessionUser } from './auth.schema.ts'
import { revokeUserSessions, toSessionUser } from './sessions.ts'

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

function selectMe(ctx: ServiceContext) {
  return ctx.tx.selectFrom('users').select(['id', 'email', 'name', 'locale', 'timeZone']).where('id', '=', ctx.actor.userId)
}

export async function updateMe(ctx: ServiceContext, patch: MePatchBody): Promise<SessionUser> {
  if (patch.timeZone !== undefined && !isValidTimeZone(patch.timeZone)) {
    throw invalid('Unknown time zone.', [{ path: 'timeZone', message: 'Use an IANA time zone such as Asia/Tokyo.' }])
  }
  const before = await selectMe(ctx).executeTakeFirst()
  if (!before) throw notFound('User')
  const values = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
    ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
  }
  if (Object.keys(values).length === 0) return toSessionUser(before)
  await ctx.tx
    .updateTable('users')
    .set({ ...values, updatedAt: sql<Date>`now()` })
    .where('id', '=', ctx.actor.userId)
    .execute()
  const after = await selectMe(ctx).executeTakeFirstOrThrow()
  const changed = await recordAudit(ctx, { objectType: 'users', objectId: after.id, action: 'update', before, after })
  if (changed) await emitEvent(ctx, 'user.updated', { objectType: 'users', objectId: after.id, payload: { fields: Object.keys(values) } })
  return toSessionUser(after)
}

/**
 * Changes the password after checking the current one, and signs out every other session
 * of the user (the one making the change stays signed in). Password hashes are outside the
 * tenant role's reach, hence the system transaction.
 */
export async function changeMyPassword(
  db: Db,
  ctx: Omit<ServiceContext, 'tx'>,
  input: PasswordChangeBody,
  currentSessionId: string | null,
): Promise<void> {
  assertPasswordStrength(input.newPassword, 'newPassword')
  await inSystemTransaction(db, async (tx) => {
    const user = await tx.selectFrom('users').select(['id', 'passwordHash']).where('id', '=', ctx.actor.userId).forUpdate().executeTakeFirst()
    if (!user) throw notFound('User')
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw invalid('The current password is incorrect.', [{ path: 'currentPassword', message: 'Incorrect password.' }])
    }
    if (input.currentPassword === input.newPassword) {
      throw invalid('Choose a password different from the current one.', [{ path: 'newPassword', message: 'Same as the current password.' }])
    }
    await tx
      .updateTable('users')
      .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: sql<Date>`now()` })
      .where('id', '=', user.id)
      .execute()
    const revoked = await revokeUserSessions(tx, user.id, currentSessionId ?? undefined)
    const full: ServiceContext = { ...ctx, tx }
    await recordAudit(full, { objectType: 'users', objectId: user.id, action: 'password_change', changes: { otherSessionsRevoked: { before: null, after: revoked } } })
  })
}
