/** The only file that touches the api_tokens table. */
import { sql, type Insertable } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import type { ApiTokensTable } from '../../platform/db/schema.ts'

export interface ApiTokenRow {
  id: string
  name: string
  prefix: string
  roleId: string
  roleName: string
  userId: string
  lastUsedAt: Date | null
  expiresAt: Date | null
  revokedAt: Date | null
  createdAt: Date
}

function selectTokens(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('apiTokens as k')
    .innerJoin('roles as r', 'r.id', 'k.roleId')
    .select(['k.id', 'k.name', 'k.prefix', 'k.roleId', 'r.name as roleName', 'k.userId', 'k.lastUsedAt', 'k.expiresAt', 'k.revokedAt', 'k.createdAt'])
}

export function findTokenRow(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<ApiTokenRow | undefined> {
  let query = selectTokens(ctx).where('k.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('k')
  return query.executeTakeFirst()
}

export function listTokenRows(ctx: ServiceContext, filter: { limit: number; after: string | null }): Promise<ApiTokenRow[]> {
  let query = selectTokens(ctx)
  if (filter.after) query = query.where('k.id', '<', filter.after)
  return query.orderBy('k.id', 'desc').limit(filter.limit + 1).execute()
}

export async function insertToken(ctx: ServiceContext, values: Insertable<ApiTokensTable>): Promise<void> {
  await ctx.tx.insertInto('apiTokens').values(values).execute()
}

export async function markTokenRevoked(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.updateTable('apiTokens').set({ revokedAt: sql<Date>`now()` }).where('id', '=', id).where('revokedAt', 'is', null).execute()
}

export async function markTokensOfUserRevoked(ctx: ServiceContext, userId: string): Promise<string[]> {
  const rows = await ctx.tx
    .updateTable('apiTokens')
    .set({ revokedAt: sql<Date>`now()` })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}
