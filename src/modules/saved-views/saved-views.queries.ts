/** The only file that touches saved_views. */
import { sql, type Insertable, type Updateable } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import type { SavedViewsTable } from '../../platform/db/schema.ts'
import type { ListObjectName } from './list-filter.schema.ts'

function selectViews(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('savedViews as v')
    .leftJoin('users as owner', 'owner.id', 'v.ownerId')
    .select([
      'v.id',
      'v.object',
      'v.name',
      'v.sharing',
      'v.teamId',
      'v.ownerId',
      'owner.name as ownerName',
      // As text: the CamelCasePlugin would otherwise rewrite keys inside the stored JSON.
      sql<string | null>`v.filter::text`.as('filterJson'),
      'v.sort',
      sql<string>`v.columns::text`.as('columnsJson'),
      'v.createdAt',
      'v.updatedAt',
    ])
}

export type SavedViewRow = Awaited<ReturnType<ReturnType<typeof selectViews>['executeTakeFirstOrThrow']>>

/** Views the actor may see: their own private ones, the tenant's shared ones, and their team's (all teams for managers of shared views). */
export function listViewRows(ctx: ServiceContext, object: ListObjectName, seesAllTeams: boolean): Promise<SavedViewRow[]> {
  return selectViews(ctx)
    .where('v.object', '=', object)
    .where((eb) =>
      eb.or([
        eb.and([eb('v.sharing', '=', 'private'), eb('v.ownerId', '=', ctx.actor.userId)]),
        eb('v.sharing', '=', 'tenant'),
        seesAllTeams ? eb('v.sharing', '=', 'team') : eb.and([eb('v.sharing', '=', 'team'), eb('v.teamId', '=', ctx.actor.teamId ?? '00000000-0000-0000-0000-000000000000')]),
      ]),
    )
    .orderBy('v.name')
    .orderBy('v.id')
    .limit(500)
    .execute()
}

export function findViewRow(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<SavedViewRow | undefined> {
  let query = selectViews(ctx).where('v.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('v')
  return query.executeTakeFirst()
}

export async function insertView(ctx: ServiceContext, values: Insertable<SavedViewsTable>): Promise<void> {
  await ctx.tx.insertInto('savedViews').values(values).execute()
}

export async function updateViewRow(ctx: ServiceContext, id: string, values: Updateable<SavedViewsTable>): Promise<void> {
  await ctx.tx.updateTable('savedViews').set({ ...values, updatedAt: sql<Date>`now()` }).where('id', '=', id).execute()
}

export async function deleteViewRow(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.deleteFrom('savedViews').where('id', '=', id).execute()
}

export async function teamExists(ctx: ServiceContext, teamId: string): Promise<boolean> {
  return (await ctx.tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()) !== undefined
}
