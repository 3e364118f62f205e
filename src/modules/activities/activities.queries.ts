/** The only file that touches the activities and activity_attendees tables. */
import { type Expression, type Insertable, type Selectable, type SqlBool, sql, type Updateable } from 'kysely'
import { visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { ActivitiesTable } from '../../platform/db/schema.ts'
import { newId } from '../../platform/ids.ts'

export type ActivityRow = Selectable<ActivitiesTable> & { ownerName: string | null; assigneeName: string | null; accountName: string | null; contactName: string | null }
export interface AttendeeRow {
  activityId: string
  userId: string | null
  contactId: string | null
  name: string | null
}

/**
 * What the actor may see: the role's own/team/all rule on the owner, plus tasks assigned to
 * them and meetings they attend (a colleague's meeting with you is yours to see too).
 */
export function visibleActivities(ctx: ServiceContext, alias = 'a'): Expression<SqlBool> {
  const me = ctx.actor.userId
  return sql<SqlBool>`(${visibleRecordsCondition(ctx, 'activities', alias)} or ${sql.ref(`${alias}.assignee_id`)} = ${me}
    or exists (select 1 from activity_attendees aa where aa.activity_id = ${sql.ref(`${alias}.id`)} and aa.user_id = ${me}))`
}

/** Mine: owned by me, assigned to me or attended by me. */
export function myActivities(ctx: ServiceContext, alias = 'a'): Expression<SqlBool> {
  const me = ctx.actor.userId
  return sql<SqlBool>`(${sql.ref(`${alias}.owner_id`)} = ${me} or ${sql.ref(`${alias}.assignee_id`)} = ${me}
    or exists (select 1 from activity_attendees aa where aa.activity_id = ${sql.ref(`${alias}.id`)} and aa.user_id = ${me}))`
}

/** The time an activity happens at, for date filters and the timeline. */
export const activityTime = (alias = 'a') =>
  sql<Date>`coalesce(${sql.ref(`${alias}.starts_at`)}, ${sql.ref(`${alias}.due_at`)}, ${sql.ref(`${alias}.sent_at`)}, ${sql.ref(`${alias}.created_at`)})`

export function selectActivities(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('activities as a')
    .leftJoin('users as owner', 'owner.id', 'a.ownerId')
    .leftJoin('users as assignee', 'assignee.id', 'a.assigneeId')
    .leftJoin('accounts as acc', 'acc.id', 'a.accountId')
    .leftJoin('contacts as con', 'con.id', 'a.contactId')
    .selectAll('a')
    .select(['owner.name as ownerName', 'assignee.name as assigneeName', 'acc.name as accountName', 'con.displayName as contactName'])
    .where(visibleActivities(ctx))
}

export function findVisibleActivity(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<ActivityRow | undefined> {
  let query = selectActivities(ctx).where('a.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('a')
  return query.executeTakeFirst()
}

export async function listAttendees(ctx: ServiceContext, activityIds: string[]): Promise<Map<string, AttendeeRow[]>> {
  const byActivity = new Map<string, AttendeeRow[]>()
  if (activityIds.length === 0) return byActivity
  const rows = await ctx.tx
    .selectFrom('activityAttendees as aa')
    .leftJoin('users as u', 'u.id', 'aa.userId')
    .leftJoin('contacts as c', 'c.id', 'aa.contactId')
    .select(['aa.activityId', 'aa.userId', 'aa.contactId', sql<string | null>`coalesce(u.name, c.display_name)`.as('name')])
    .where('aa.activityId', 'in', activityIds)
    .orderBy('aa.id')
    .execute()
  for (const row of rows) {
    const list = byActivity.get(row.activityId) ?? []
    list.push(row)
    byActivity.set(row.activityId, list)
  }
  return byActivity
}

export async function replaceAttendees(ctx: ServiceContext, activityId: string, userIds: string[] | undefined, contactIds: string[] | undefined): Promise<void> {
  if (userIds !== undefined) {
    await ctx.tx.deleteFrom('activityAttendees').where('activityId', '=', activityId).where('userId', 'is not', null).execute()
    const unique = [...new Set(userIds)]
    if (unique.length > 0) {
      await ctx.tx
        .insertInto('activityAttendees')
        .values(unique.map((userId) => ({ id: newId(), tenantId: ctx.actor.tenantId, activityId, userId, contactId: null })))
        .execute()
    }
  }
  if (contactIds !== undefined) {
    await ctx.tx.deleteFrom('activityAttendees').where('activityId', '=', activityId).where('contactId', 'is not', null).execute()
    const unique = [...new Set(contactIds)]
    if (unique.length > 0) {
      await ctx.tx
        .insertInto('activityAttendees')
        .values(unique.map((contactId) => ({ id: newId(), tenantId: ctx.actor.tenantId, activityId, userId: null, contactId })))
        .execute()
    }
  }
}

export async function insertActivity(ctx: ServiceContext, values: Insertable<ActivitiesTable>): Promise<void> {
  await ctx.tx.insertInto('activities').values(values).execute()
}

export async function updateActivityRow(ctx: ServiceContext, id: string, values: Updateable<ActivitiesTable>): Promise<void> {
  await ctx.tx
    .updateTable('activities')
    .set({ ...values, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute()
}

export async function deleteActivityRow(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.deleteFrom('activities').where('id', '=', id).execute()
}

/** Ids among `ids` that are members of this tenant (RLS hides other tenants' memberships). */
export async function existingMembers(ctx: ServiceContext, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await ctx.tx.selectFrom('memberships').select('userId').where('userId', 'in', ids).execute()
  return new Set(rows.map((r) => r.userId))
}

export async function accountExists(ctx: ServiceContext, id: string): Promise<boolean> {
  return (await ctx.tx.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}

export async function existingContacts(ctx: ServiceContext, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await ctx.tx.selectFrom('contacts').select('id').where('id', 'in', ids).execute()
  return new Set(rows.map((r) => r.id))
}

/**
 * A generic link (relatedType/relatedId) must name a registered object whose table holds the id.
 * The object name is checked against the access registry before it becomes a table name.
 */
export async function relatedRecordExists(ctx: ServiceContext, table: string, id: string): Promise<boolean> {
  const found = await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(ctx.tx)
  if (!found.rows[0]?.t) return false
  const rows = await sql<{ id: string }>`select id from ${sql.table(table)} where id = ${id}`.execute(ctx.tx)
  return rows.rows.length > 0
}
