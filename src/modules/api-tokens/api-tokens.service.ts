/**
 * API tokens (APIトークン): secrets for scripts and integrations. A token acts as the member
 * who created it, with its own role; only its hash is stored and the secret is shown once.
 */
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import { newApiToken } from '../../platform/auth/credentials.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import { forbidden, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { findRole } from '../roles/index.ts'
import { type ApiTokenRow, findTokenRow, insertToken, listTokenRows, markTokenRevoked, markTokensOfUserRevoked } from './api-tokens.queries.ts'
import type { ApiToken, ApiTokenCreate, ApiTokenListQuery, CreatedApiToken } from './api-tokens.schema.ts'

const OBJECT = 'apiTokens'

function presentToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    roleId: row.roleId,
    roleName: row.roleName,
    userId: row.userId,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}

function auditable(row: ApiTokenRow): Record<string, unknown> {
  return { name: row.name, prefix: row.prefix, roleId: row.roleId, userId: row.userId, expiresAt: row.expiresAt, revokedAt: row.revokedAt }
}

export async function listApiTokens(ctx: ServiceContext, query: ApiTokenListQuery): Promise<Page<ApiToken>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, 1)
  const rows = await listTokenRows(ctx, { limit: query.limit, after: after ? String(after[0]) : null })
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: page.data.map(presentToken), nextCursor: page.nextCursor }
}

export async function getApiToken(ctx: ServiceContext, id: string): Promise<ApiToken> {
  authorize(ctx, OBJECT, 'read')
  const row = await findTokenRow(ctx, id)
  if (!row) throw notFound('API token')
  return presentToken(row)
}

export async function createApiToken(ctx: ServiceContext, input: ApiTokenCreate): Promise<CreatedApiToken> {
  authorize(ctx, OBJECT, 'create')
  const role = await findRole(ctx, input.roleId)
  if (!role) throw invalid('Some references do not exist.', [{ path: 'roleId', message: 'No such role in this tenant.' }])
  // A token must not be a way around one's own role.
  if (role.isSystem && role.key === 'admin' && ctx.actor.role.key !== 'admin') {
    throw forbidden('Only an administrator may create a token with the administrator role.')
  }
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw invalid('The expiry date must be in the future.', [{ path: 'expiresAt', message: 'Must be in the future.' }])
  }
  const secret = newApiToken()
  const id = newId()
  await insertToken(ctx, {
    id,
    tenantId: ctx.actor.tenantId,
    userId: ctx.actor.userId,
    roleId: role.id,
    name: input.name,
    prefix: secret.prefix,
    tokenHash: secret.hash,
    expiresAt,
  })
  const created = await findTokenRow(ctx, id)
  if (!created) throw notFound('API token')
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'apiToken.created', { objectType: OBJECT, objectId: id, payload: { name: created.name, roleId: role.id } })
  return { ...presentToken(created), token: secret.token }
}

/** Revoking is permanent and idempotent: revoking a revoked token changes nothing. */
export async function revokeApiToken(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await findTokenRow(ctx, id, { forUpdate: true })
  if (!before) throw notFound('API token')
  if (before.revokedAt) return
  await markTokenRevoked(ctx, id)
  const after = await findTokenRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'revoke', before: auditable(before), after: after ? auditable(after) : null })
  await emitEvent(ctx, 'apiToken.revoked', { objectType: OBJECT, objectId: id, payload: { name: before.name } })
}

/** For the users module: a member who leaves takes their tokens' power with them. */
export async function revokeTokensOfUser(ctx: ServiceContext, userId: string): Promise<void> {
  const ids = await markTokensOfUserRevoked(ctx, userId)
  for (const id of ids) {
    await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'revoke', changes: { revokedAt: { before: null, after: 'member removed' } } })
    await emitEvent(ctx, 'apiToken.revoked', { objectType: OBJECT, objectId: id, payload: { reason: 'member removed' } })
  }
}
