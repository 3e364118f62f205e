/**
 * Server-side sessions: the cookie holds a random token, the `sessions` row only its
 * SHA-256, so a leaked database cannot be replayed as cookies. Also builds the Session view.
 */
import { forgetCachedCredentials } from '../../platform/auth/credential-cache.ts'
import type { FastifyReply } from 'fastify'
import { sql } from 'kysely'
import { normalizePermissions } from '../../platform/access/roles.ts'
import { hashSecret, randomSecret } from '../../platform/auth/credentials.ts'
import type { Config } from '../../platform/config.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { unauthenticated } from '../../platform/errors.ts'
import { SESSION_COOKIE } from '../../platform/http/server.ts'
import { listUserTenants } from '../tenancy/index.ts'
import type { Session, SessionUser } from './auth.schema.ts'

export interface NewSession {
  /** The raw cookie value; shown to the browser once, never stored. */
  token: string
  csrfToken: string
  expiresAt: Date
}

export async function createSession(
  tx: Tx,
  input: { userId: string; tenantId: string; ip: string | null; userAgent: string | null; ttlHours: number },
): Promise<NewSession> {
  const token = randomSecret(32)
  const csrfToken = randomSecret(24)
  const expiresAt = new Date(Date.now() + input.ttlHours * 3_600_000)
  await tx
    .insertInto('sessions')
    .values({
      id: hashSecret(token),
      userId: input.userId,
      tenantId: input.tenantId,
      csrfToken,
      ip: input.ip,
      userAgent: input.userAgent ? input.userAgent.slice(0, 500) : null,
      lastSeenAt: new Date(),
      expiresAt,
    })
    .execute()
  return { token, csrfToken, expiresAt }
}

export async function deleteSession(tx: Tx, sessionId: string): Promise<void> {
  forgetCachedCredentials()
  await tx.deleteFrom('sessions').where('id', '=', sessionId).execute()
}

/** Signs the user out everywhere, except (optionally) the session making the change. */
export async function revokeUserSessions(tx: Tx, userId: string, exceptSessionId?: string): Promise<number> {
  forgetCachedCredentials()
  let query = tx.deleteFrom('sessions').where('userId', '=', userId)
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

export function toSessionUser(row: { id: string; email: string; name: string; locale: string | null; timeZone: string }): SessionUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale === 'ja' || row.locale === 'en' ? row.locale : null,
    timeZone: row.timeZone,
  }
}

/**
 * The Session the web UI starts from: who, which tenant, which other tenants, what the
 * role may do. Runs in a system transaction (it reads across the user's tenants).
 */
export async function buildSessionView(tx: Tx, userId: string, tenantId: string, csrfToken: string): Promise<Session> {
  const row = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .innerJoin('tenants as t', 't.id', 'm.tenantId')
    .innerJoin('roles as r', 'r.id', 'm.roleId')
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.locale',
      'u.timeZone',
      't.name as tenantName',
      'r.id as roleId',
      'r.key as roleKey',
      'r.name as roleName',
      'r.isSystem as roleIsSystem',
      'r.permissions',
    ])
    .where('m.userId', '=', userId)
    .where('m.tenantId', '=', tenantId)
    .where('m.status', '=', 'active')
    .executeTakeFirst()
  if (!row) throw unauthenticated('You are no longer a member of this company. Sign in again.')
  const tenants = await listUserTenants(tx, userId)
  return {
    user: toSessionUser(row),
    tenant: { id: tenantId, name: row.tenantName },
    tenants: tenants.map((t) => ({ id: t.id, name: t.name, roleName: t.roleName })),
    role: {
      id: row.roleId,
      key: row.roleKey,
      name: row.roleName,
      permissions: normalizePermissions(row.permissions, row.roleKey, row.roleIsSystem),
    },
    csrfToken,
  }
}

/** The tenant a sign-in lands in: the one used last if still active, else the first by name. */
export async function pickTenant(tx: Tx, userId: string, lastTenantId: string | null): Promise<string | null> {
  const tenants = await listUserTenants(tx, userId)
  if (lastTenantId && tenants.some((t) => t.id === lastTenantId)) return lastTenantId
  return tenants[0]?.id ?? null
}

export async function markSignedIn(tx: Tx, userId: string, tenantId: string): Promise<void> {
  await tx
    .updateTable('users')
    .set({ lastLoginAt: sql<Date>`now()`, lastTenantId: tenantId, failedLoginCount: 0, lockedUntil: null })
    .where('id', '=', userId)
    .execute()
}

export function setSessionCookie(reply: FastifyReply, config: Config, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    expires: session.expiresAt,
  })
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies })
}
