/** The only file that touches the teams table. */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { ServiceContext } from '../../platform/context.ts'
import type { TeamsTable } from '../../platform/db/schema.ts'

export type TeamRow = Selectable<TeamsTable> & { memberCount: number }

function selectTeams(ctx: ServiceContext) {
  return ctx.tx
    .selectFrom('teams as t')
    .select(['t.id', 't.tenantId', 't.name', 't.parentId', 't.createdAt', 't.updatedAt'])
    .select((eb) =>
      eb
        .selectFrom('memberships as m')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('m.teamId', '=', 't.id')
        .as('memberCount'),
    )
    .$narrowType<{ memberCount: number }>()
}

export function findTeam(ctx: ServiceContext, id: string, options: { forUpdate?: boolean } = {}): Promise<TeamRow | undefined> {
  let query = selectTeams(ctx).where('t.id', '=', id)
  if (options.forUpdate) query = query.forUpdate('t')
  return query.executeTakeFirst()
}

export function listTeamRows(ctx: ServiceContext, filter: { limit: number; q?: string; after: string | null }): Promise<TeamRow[]> {
  let query = selectTeams(ctx)
  if (filter.q) query = query.where('t.name', 'ilike', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  if (filter.after) query = query.where('t.id', '<', filter.after)
  return query.orderBy('t.id', 'desc').limit(filter.limit + 1).execute()
}

/** True when `candidateId` is `teamId` itself or lies beneath it. */
export async function isTeamInSubtree(ctx: ServiceContext, teamId: string, candidateId: string): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    with recursive subtree as (
      select id from teams where id = ${teamId}
      union
      select t.id from teams t join subtree s on t.parent_id = s.id
    )
    select exists (select 1 from subtree where id = ${candidateId}) as found`.execute(ctx.tx)
  return result.rows[0]?.found === true
}

export async function countChildTeams(ctx: ServiceContext, id: string): Promise<number> {
  const row = await ctx.tx.selectFrom('teams').select(sql<number>`count(*)::int`.as('n')).where('parentId', '=', id).executeTakeFirstOrThrow()
  return row.n
}

export async function teamNameTaken(ctx: ServiceContext, name: string, exceptId?: string): Promise<boolean> {
  let query = ctx.tx.selectFrom('teams').select('id').where(sql`lower(name)`, '=', name.toLowerCase())
  if (exceptId) query = query.where('id', '<>', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

export async function insertTeam(ctx: ServiceContext, values: Insertable<TeamsTable>): Promise<void> {
  await ctx.tx.insertInto('teams').values(values).execute()
}

export async function updateTeamRow(ctx: ServiceContext, id: string, values: Updateable<TeamsTable>): Promise<void> {
  await ctx.tx.updateTable('teams').set({ ...values, updatedAt: sql<Date>`now()` }).where('id', '=', id).execute()
}

export async function deleteTeamRow(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.tx.deleteFrom('teams').where('id', '=', id).execute()
}
