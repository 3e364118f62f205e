/**
 * Turns a session cookie or an API token into the Actor that services act for.
 * Runs outside tenant scope (it is what decides the tenant).
 */
import { sql } from 'kysely'
import { normalizePermissions } from '../access/roles.ts'
import type { Actor } from '../context.ts'
import type { Db } from '../db/database.ts'
import type { Permissions } from '../db/schema.ts'
import { API_TOKEN_PREFIX, hashSecret } from './credentials.ts'

export interface SessionAuth {
  via: 'session'
  actor: Actor
  sessionId: string
  csrfToken: string
}
export interface TokenAuth {
  via: 'token'
  actor: Actor
}
export type RequestAuth = SessionAuth | TokenAuth

interface RoleColumns {
  roleId: string
  roleKey: string
  roleName: string
  roleIsSystem: boolean
  permissions: Permissions
}

function actorFrom(row: RoleColumns & { tenantId: string; userId: string; teamId: string | null }, tokenId: string | null): Actor {
  return {
    tenantId: row.tenantId,
    userId: row.userId,
    tokenId,
    teamId: row.teamId,
    role: {
      id: row.roleId,
      key: row.roleKey,
      name: row.roleName,
      permissions: normalizePermissions(row.permissions, row.roleKey, row.roleIsSystem),
    },
  }
}

const SESSION_TOUCH_INTERVAL_MS = 60_000

export async function resolveSession(db: Db, rawSessionToken: string): Promise<SessionAuth | null> {
  const sessionId = hashSecret(rawSessionToken)
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('memberships as m', (j) => j.onRef('m.userId', '=', 's.userId').onRef('m.tenantId', '=', 's.tenantId'))
    .innerJoin('roles as r', 'r.id', 'm.roleId')
    .select([
      's.id',
      's.userId',
      's.tenantId',
      's.csrfToken',
      's.lastSeenAt',
      'm.teamId',
      'r.id as roleId',
      'r.key as roleKey',
      'r.name as roleName',
      'r.isSystem as roleIsSystem',
      'r.permissions',
    ])
    .where('s.id', '=', sessionId)
    .where('s.expiresAt', '>', sql<Date>`now()`)
    .where('m.status', '=', 'active')
    .executeTakeFirst()
  if (!row) return null
  if (Date.now() - row.lastSeenAt.getTime() > SESSION_TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ lastSeenAt: sql<Date>`now()` }).where('id', '=', sessionId).execute()
  }
  return { via: 'session', actor: actorFrom(row, null), sessionId, csrfToken: row.csrfToken }
}

export async function resolveApiToken(db: Db, rawToken: string): Promise<TokenAuth | null> {
  if (!rawToken.startsWith(API_TOKEN_PREFIX)) return null
  const row = await db
    .selectFrom('apiTokens as t')
    .innerJoin('memberships as m', (j) => j.onRef('m.userId', '=', 't.userId').onRef('m.tenantId', '=', 't.tenantId'))
    .innerJoin('roles as r', 'r.id', 't.roleId')
    .select([
      't.id as tokenId',
      't.userId',
      't.tenantId',
      't.lastUsedAt',
      'm.teamId',
      'r.id as roleId',
      'r.key as roleKey',
      'r.name as roleName',
      'r.isSystem as roleIsSystem',
      'r.permissions',
    ])
    .where('t.tokenHash', '=', hashSecret(rawToken))
    .where('t.revokedAt', 'is', null)
    .where((eb) => eb.or([eb('t.expiresAt', 'is', null), eb('t.expiresAt', '>', sql<Date>`now()`)]))
    .where('m.status', '=', 'active')
    .executeTakeFirst()
  if (!row) return null
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > SESSION_TOUCH_INTERVAL_MS) {
    await db.updateTable('apiTokens').set({ lastUsedAt: sql<Date>`now()` }).where('id', '=', row.tokenId).execute()
  }
  return { via: 'token', actor: actorFrom(row, row.tokenId) }
}

/** The actor for a member acting directly (CLI, tests, background jobs on a user's behalf). */
export async function resolveMembershipActor(db: Db, userId: string, tenantId: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('roles as r', 'r.id', 'm.roleId')
    .select([
      'm.userId',
      'm.tenantId',
      'm.teamId',
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
  return row ? actorFrom(row, null) : null
}
