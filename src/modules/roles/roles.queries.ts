/** The only file that touches the roles table. */
import { sql, type Insertable, type Selectable } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import type { Permissions, RolesTable } from '../../platform/db/schema.ts'

export type RoleRow = Selectable<RolesTable>

export function findRoleRow(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<RoleRow | undefined> {
  let query = ctx.tx.selectFrom('roles').selectAll().where('id', '=', id)
  if (options.forUpdate) query = query.forUpdate()
  return query.executeTakeFirst()
}

/** System roles first in their built-in order is the UI's job; the API pages newest first. */
export function listRoleRows(ctx: ServiceContext, filter: { limit: number; after: string | null }): Promise<RoleRow[]> {
  let query = ctx.tx.selectFrom('roles').selectAll()
  if (filter.after) query = query.where('id', '<', filter.after)
  return query.orderBy('id', 'desc').limit(filter.limit + 1).execute()
}

export async function roleKeyTaken(ctx: ServiceContext, key: string): Promise<boolean> {
  return (await ctx.tx.selectFrom('roles').select('id').where('key', '=', key).executeTakeFirst()) !== undefined
}

export async function insertRole(ctx: ServiceContext, values: Insertable<RolesTable>): Promise<void> {
  await ctx.tx.insertInto('roles').values(values).execute()
}

export async function updateRoleRow(ctx: ServiceContext, id: string, values: { name?: string; permissions?: Permissions }): Promise<void> {
  await ctx.tx
    .updateTable('roles')
    .set({
      name: values.name,
      permissions: values.permissions === undefined ? undefined : JSON.stringify(values.permissions),
      updatedAt: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute()
}

export async function deleteRoleRow(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.deleteFrom('roles').where('id', '=', id).execute()
}

/** How many memberships, API tokens and open invitations still use the role. */
export async function countRoleUses(ctx: ServiceContext, id: string): Promise<{ members: number; tokens: number; invitations: number }> {
  const result = await sql<{ members: number; tokens: number; invitations: number }>`
    select
      (select count(*)::int from memberships where role_id = ${id}) as members,
      (select count(*)::int from api_tokens where role_id = ${id} and revoked_at is null) as tokens,
      (select count(*)::int from invitations where role_id = ${id} and accepted_at is null) as invitations`.execute(ctx.tx)
  return result.rows[0]!
}
