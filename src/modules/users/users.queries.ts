/** The only file that touches memberships and (tenant-visible) user rows for administration. */
import { sql } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'

export interface MemberRow {
  id: string
  membershipId: string
  email: string
  name: string
  roleId: string
  roleKey: string
  roleIsSystem: boolean
  roleName: string
  teamId: string | null
  teamName: string | null
  status: 'active' | 'disabled'
  lastLoginAt: Date | null
  createdAt: Date
}

function selectMembers(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .innerJoin('roles as r', 'r.id', 'm.roleId')
    .leftJoin('teams as t', 't.id', 'm.teamId')
    .select([
      'u.id',
      'm.id as membershipId',
      'u.email',
      'u.name',
      'm.roleId',
      'r.key as roleKey',
      'r.isSystem as roleIsSystem',
      'r.name as roleName',
      'm.teamId',
      't.name as teamName',
      'm.status',
      'u.lastLoginAt',
      'm.createdAt',
    ])
}

export function findMember(ctx: ServiceContext, userId: string, options: { forUpdate?: boolean } = {}): Promise<MemberRow | undefined> {
  let query = selectMembers(ctx).where('m.userId', '=', userId)
  if (options.forUpdate) query = query.forUpdate('m')
  return query.executeTakeFirst()
}

export function listMemberRows(ctx: ServiceContext, filter: { limit: number; q?: string; after: string | null }): Promise<MemberRow[]> {
  let query = selectMembers(ctx)
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) => eb.or([eb('u.name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]))
  }
  // Newest member first: membership ids are UUIDv7, so they sort by when the person joined.
  if (filter.after) query = query.where('m.id', '<', filter.after)
  return query.orderBy('m.id', 'desc').limit(filter.limit + 1).execute()
}

/** Active members holding the built-in admin role, other than `exceptUserId`. */
export async function countOtherActiveAdmins(ctx: ServiceContext, exceptUserId: string): Promise<number> {
  const row = await ctx.tx
    .selectFrom('memberships as m')
    .innerJoin('roles as r', 'r.id', 'm.roleId')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('r.key', '=', 'admin')
    .where('r.isSystem', '=', true)
    .where('m.status', '=', 'active')
    .where('m.userId', '<>', exceptUserId)
    .executeTakeFirstOrThrow()
  return row.n
}

/** The id of the person with this email in any tenant (see migration 0400), or null. */
export async function findUserIdByEmail(ctx: ServiceContext, email: string): Promise<string | null> {
  const result = await sql<{ id: string | null }>`select daifuku_user_id_by_email(${email}) as id`.execute(ctx.tx)
  return result.rows[0]?.id ?? null
}

export async function updateMembershipRow(
  ctx: ServiceContext,
  userId: string,
  values: { roleId?: string; teamId?: string | null; status?: 'active' | 'disabled' },
): Promise<void> {
  await ctx.tx
    .updateTable('memberships')
    .set({ ...values, updatedAt: sql<Date>`now()` })
    .where('userId', '=', userId)
    .execute()
}

export async function updateUserName(ctx: ServiceContext, userId: string, name: string): Promise<void> {
  await ctx.tx.updateTable('users').set({ name, updatedAt: sql<Date>`now()` }).where('id', '=', userId).execute()
}

export async function deleteMembershipRow(ctx: ServiceContext, userId: string): Promise<void> {
  await ctx.tx.deleteFrom('memberships').where('userId', '=', userId).execute()
}

/** Signs the person out of this tenant (row-level security keeps other tenants' sessions). */
export async function deleteTenantSessions(ctx: ServiceContext, userId: string): Promise<number> {
  const result = await ctx.tx.deleteFrom('sessions').where('userId', '=', userId).where('tenantId', '=', ctx.actor.tenantId).executeTakeFirst()
  return Number(result.numDeletedRows)
}
