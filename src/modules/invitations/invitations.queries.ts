/** The only file that touches the invitations table. */
import { sql } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import type { InvitationsTable } from '../../platform/db/schema.ts'
import type { Insertable, Selectable } from 'kysely'

export type InvitationRow = Omit<Selectable<InvitationsTable>, 'tokenHash'> & { roleName: string }

function selectInvitations(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('invitations as i')
    .innerJoin('roles as r', 'r.id', 'i.roleId')
    .select(['i.id', 'i.tenantId', 'i.email', 'i.roleId', 'i.teamId', 'i.invitedBy', 'i.expiresAt', 'i.acceptedAt', 'i.createdAt', 'r.name as roleName'])
}

export function findInvitation(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<InvitationRow | undefined> {
  let query = selectInvitations(ctx).where('i.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('i')
  return query.executeTakeFirst()
}

export function listInvitationRows(ctx: ServiceContext, filter: { limit: number; beforeId: string | null }): Promise<InvitationRow[]> {
  let query = selectInvitations(ctx)
  // UUIDv7 ids sort by creation time: newest first, keyset on id.
  if (filter.beforeId) query = query.where('i.id', '<', filter.beforeId)
  return query.orderBy('i.id', 'desc').limit(filter.limit + 1).execute()
}

export function pendingInvitationsFor(ctx: ServiceContext, email: string): Promise<InvitationRow[]> {
  return selectInvitations(ctx).where('i.email', '=', email).where('i.acceptedAt', 'is', null).forUpdate('i').execute()
}

export async function insertInvitation(ctx: ServiceContext, values: Insertable<InvitationsTable>): Promise<void> {
  await ctx.tx.insertInto('invitations').values(values).execute()
}

export async function deleteInvitationRow(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.deleteFrom('invitations').where('id', '=', id).execute()
}

/** Whether someone with this email already belongs to the current tenant (any status). */
export async function isMemberByEmail(ctx: ServiceContext, email: string): Promise<boolean> {
  const row = await ctx.tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select('m.id')
    .where(sql`lower(u.email)`, '=', email)
    .executeTakeFirst()
  return row !== undefined
}

export async function roleName(ctx: ServiceContext, roleId: string): Promise<string | null> {
  const row = await ctx.tx.selectFrom('roles').select('name').where('id', '=', roleId).executeTakeFirst()
  return row?.name ?? null
}

export async function teamExists(ctx: ServiceContext, teamId: string): Promise<boolean> {
  const row = await ctx.tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()
  return row !== undefined
}

/** Tenant name and time zone, and the inviter's name, for the email. */
export async function mailContext(ctx: ServiceContext): Promise<{ tenantName: string; timeZone: string; inviterName: string }> {
  const tenant = await ctx.tx.selectFrom('tenants').select(['name', 'timeZone']).where('id', '=', ctx.actor.tenantId).executeTakeFirstOrThrow()
  const inviter = await ctx.tx.selectFrom('users').select('name').where('id', '=', ctx.actor.userId).executeTakeFirst()
  return { tenantName: tenant.name, timeZone: tenant.timeZone, inviterName: inviter?.name ?? tenant.name }
}

/** Public side (system transaction): the invitation behind a link, with its tenant and role. */
export function findInvitationByTokenHash(tx: Tx, tokenHash: string) {
  return tx
    .selectFrom('invitations as i')
    .innerJoin('tenants as t', 't.id', 'i.tenantId')
    .innerJoin('roles as r', 'r.id', 'i.roleId')
    .select([
      'i.id',
      'i.tenantId',
      'i.email',
      'i.roleId',
      'i.teamId',
      'i.expiresAt',
      'i.acceptedAt',
      't.name as tenantName',
      'r.key as roleKey',
      'r.name as roleName',
      'r.permissions',
    ])
    .where('i.tokenHash', '=', tokenHash)
    .forUpdate('i')
    .executeTakeFirst()
}

export async function markInvitationAccepted(tx: Tx, id: string): Promise<void> {
  await tx.updateTable('invitations').set({ acceptedAt: sql<Date>`now()` }).where('id', '=', id).execute()
}
