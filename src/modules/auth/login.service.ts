/**
 * Sign-in: password check with per-IP throttling and per-account lockout, audit of every
 * outcome, and a new server-side session. Runs across tenants (it decides the tenant).
 */
import { sql } from 'kysely'
import { recordAuthEvent } from '../../platform/audit/audit.ts'
import { hashPassword, verifyPassword } from '../../platform/auth/credentials.ts'
import type { Config } from '../../platform/config.ts'
import type { Db } from '../../platform/db/database.ts'
import { inSystemTransaction, type Tx } from '../../platform/db/transaction.ts'
import { type AppError, rateLimited, unauthenticated } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import { normalizeEmail } from '../tenancy/index.ts'
import type { Session } from './auth.schema.ts'
import { buildSessionView, createSession, markSignedIn, type NewSession, pickTenant } from './sessions.ts'

/** One message for unknown email and wrong password, so sign-in does not reveal who has an account. */
export const BAD_CREDENTIALS_MESSAGE = 'The email address or password is incorrect.'

export interface RequestInfo {
  ip: string | null
  userAgent: string | null
  requestId: string | null
}

export interface SignedIn {
  session: Session
  cookie: NewSession
}

// Unknown emails are verified against this hash so they take as long as known ones.
let dummyHash: Promise<string> | null = null
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('daifuku-dummy-password-for-timing')
  return dummyHash
}

/** The tenant whose admins should see events about this user (last used, else first). */
export async function homeTenantOf(tx: Tx, userId: string, lastTenantId: string | null): Promise<string | null> {
  return pickTenant(tx, userId, lastTenantId)
}

async function recordAttempt(tx: Tx, email: string, ip: string | null, succeeded: boolean): Promise<void> {
  await tx.insertInto('loginAttempts').values({ id: newId(), email, ip, succeeded }).execute()
}

async function attemptsFromIpLastMinute(tx: Tx, ip: string): Promise<number> {
  const row = await tx
    .selectFrom('loginAttempts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('ip', '=', ip)
    .where('createdAt', '>', sql<Date>`now() - interval '1 minute'`)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * When the account is locked: `maxFailures` failed attempts (since the last success) within
 * `lockoutMinutes` lock it for `lockoutMinutes` after the one that tripped the limit.
 * Computed from login_attempts so unknown emails lock exactly like real accounts.
 */
async function lockedUntilFromAttempts(tx: Tx, email: string, config: Config): Promise<Date | null> {
  const { maxFailuresPerAccount: max, lockoutMinutes } = config.login
  const windowMs = lockoutMinutes * 60_000
  const failures = await tx
    .selectFrom('loginAttempts')
    .select('createdAt')
    .where(sql`lower(email)`, '=', email)
    .where('succeeded', '=', false)
    .where('createdAt', '>', new Date(Date.now() - 2 * windowMs))
    // A successful sign-in clears the slate.
    .where(
      sql<boolean>`created_at > coalesce((select max(s.created_at) from login_attempts s where lower(s.email) = ${email} and s.succeeded), '-infinity'::timestamptz)`,
    )
    .orderBy('createdAt', 'desc')
    .limit(max)
    .execute()
  if (failures.length < max) return null
  const latest = failures[0]!.createdAt.getTime()
  const oldest = failures[max - 1]!.createdAt.getTime()
  if (latest - oldest > windowMs) return null
  const until = new Date(latest + windowMs)
  return until.getTime() > Date.now() ? until : null
}

function lockedError(until: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000))
  return rateLimited(
    `Too many failed sign-in attempts. This account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}; try again later or reset your password.`,
  )
}

interface LockableUser {
  id: string
  lockedUntil: Date | null
}

/** The 429 to answer when the address is locked (known account or not), else null. */
export async function lockoutError(tx: Tx, config: Config, email: string, user: LockableUser | null): Promise<AppError | null> {
  const columnLock = user?.lockedUntil && user.lockedUntil.getTime() > Date.now() ? user.lockedUntil : null
  const lockedUntil = columnLock ?? (await lockedUntilFromAttempts(tx, email, config))
  return lockedUntil ? lockedError(lockedUntil) : null
}

/**
 * Counts a wrong password against the address and the IP, audits it, and locks the
 * account when this failure reaches the limit. Also used where an invitation is accepted
 * with an existing account's password, so that route cannot be used to guess passwords.
 */
export async function recordFailedSignIn(tx: Tx, config: Config, email: string, user: LockableUser | null, tenantId: string | null, info: RequestInfo): Promise<void> {
  await recordAttempt(tx, email, info.ip, false)
  await recordAuthEvent(tx, { tenantId, userId: user?.id ?? null, action: 'login_failed', email, requestId: info.requestId, ip: info.ip })
  const nowLocked = await lockedUntilFromAttempts(tx, email, config)
  if (user && nowLocked) {
    await tx.updateTable('users').set({ lockedUntil: nowLocked, failedLoginCount: config.login.maxFailuresPerAccount }).where('id', '=', user.id).execute()
    await recordAuthEvent(tx, { tenantId, userId: user.id, action: 'locked', email, requestId: info.requestId, ip: info.ip })
  } else if (user) {
    await tx.updateTable('users').set((eb) => ({ failedLoginCount: eb('failedLoginCount', '+', 1) })).where('id', '=', user.id).execute()
  }
}

export async function recordSuccessfulSignIn(tx: Tx, email: string, userId: string, tenantId: string, info: RequestInfo): Promise<void> {
  await recordAttempt(tx, email, info.ip, true)
  await markSignedIn(tx, userId, tenantId)
  await recordAuthEvent(tx, { tenantId, userId, action: 'login', email, requestId: info.requestId, ip: info.ip })
}

/** The IP throttle's 429, or null while the address is under its per-minute limit. */
export async function ipThrottleError(tx: Tx, config: Config, ip: string | null): Promise<AppError | null> {
  if (ip && (await attemptsFromIpLastMinute(tx, ip)) >= config.login.maxAttemptsPerIpPerMinute) {
    return rateLimited('Too many sign-in attempts from your network. Wait a minute and try again.')
  }
  return null
}

type Outcome = { ok: true; value: SignedIn } | { ok: false; error: AppError }

export async function signInWithPassword(db: Db, config: Config, input: { email: string; password: string }, info: RequestInfo): Promise<SignedIn> {
  const email = normalizeEmail(input.email)
  // Failures are recorded and committed before the error is thrown, hence the Outcome value.
  const outcome = await inSystemTransaction(db, async (tx): Promise<Outcome> => {
    const throttled = await ipThrottleError(tx, config, info.ip)
    if (throttled) return { ok: false, error: throttled }
    const user = await tx
      .selectFrom('users')
      .select(['id', 'email', 'passwordHash', 'lockedUntil', 'lastTenantId'])
      .where(sql`lower(email)`, '=', email)
      .executeTakeFirst()
    const locked = await lockoutError(tx, config, email, user ?? null)
    if (locked) return { ok: false, error: locked }

    const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password)
    const homeTenant = user ? await homeTenantOf(tx, user.id, user.lastTenantId) : null
    if (!user || !user.passwordHash || !passwordOk) {
      await recordFailedSignIn(tx, config, email, user ?? null, homeTenant, info)
      return { ok: false, error: unauthenticated(BAD_CREDENTIALS_MESSAGE) }
    }
    if (!homeTenant) {
      // Right password, but every membership is disabled: say so (only the owner of the password learns it).
      await recordAttempt(tx, email, info.ip, false)
      await recordAuthEvent(tx, { tenantId: null, userId: user.id, action: 'login_failed', email, requestId: info.requestId, ip: info.ip })
      return { ok: false, error: unauthenticated('Your account is not active in any company. Ask your administrator to re-enable it.') }
    }
    await recordSuccessfulSignIn(tx, email, user.id, homeTenant, info)
    const cookie = await createSession(tx, { userId: user.id, tenantId: homeTenant, ip: info.ip, userAgent: info.userAgent, ttlHours: config.sessionTtlHours })
    return { ok: true, value: { session: await buildSessionView(tx, user.id, homeTenant, cookie.csrfToken), cookie } }
  })
  if (!outcome.ok) throw outcome.error
  return outcome.value
}
