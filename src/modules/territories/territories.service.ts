/**
 * Territories (テリトリー): the rules that place accounts (most specific match wins), their members,
 * and the recomputation of accounts' territories (one account on save, all of them in a job).
 */
import { sql } from 'kysely'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Tx } from '../../platform/db/transaction.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { enqueueJob } from '../../platform/jobs/index.ts'
import { chooseTerritory, type TerritoryRules } from './prefectures.ts'
import type { Territory, TerritoryInput, TerritoryPatch } from './territories.schema.ts'

export const OBJECT = 'territories'
export const TERRITORY_REASSIGN_JOB = 'territories.reassign'

export async function loadTerritoryRules(tx: Tx): Promise<TerritoryRules[]> {
  return tx.selectFrom('territories').select(['id', 'prefectures', 'industries']).execute()
}

/** The territory an account (or a lead) with this prefecture and industry belongs in. */
export async function territoryFor(tx: Tx, facts: { prefecture: string | null; industry: string | null }): Promise<string | null> {
  return chooseTerritory(await loadTerritoryRules(tx), facts)
}

const BATCH = 1000

/**
 * Recomputes the territory of the given accounts (or of every account, in keyset batches) and
 * writes only those that changed. Returns how many moved.
 */
export async function placeAccounts(tx: Tx, ids?: readonly string[]): Promise<number> {
  const rules = await loadTerritoryRules(tx)
  // No territories: nobody can hold one (deleting a territory sets its accounts' column to null).
  if (rules.length === 0) return 0
  let moved = 0
  const place = async (rows: { id: string; prefecture: string | null; industry: string | null; territoryId: string | null }[]) => {
    const moves = new Map<string | null, string[]>()
    for (const row of rows) {
      const target = chooseTerritory(rules, row)
      if (target !== row.territoryId) moves.set(target, [...(moves.get(target) ?? []), row.id])
    }
    for (const [territoryId, accountIds] of moves) {
      await tx.updateTable('accounts').set({ territoryId }).where('id', 'in', accountIds).execute()
      moved += accountIds.length
    }
  }
  const columns = ['id', 'prefecture', 'industry', 'territoryId'] as const
  if (ids) {
    for (let i = 0; i < ids.length; i += BATCH) {
      await place(await tx.selectFrom('accounts').select(columns).where('id', 'in', ids.slice(i, i + BATCH)).execute())
    }
    return moved
  }
  let after: string | null = null
  for (;;) {
    let query = tx.selectFrom('accounts').select(columns).orderBy('id').limit(BATCH)
    if (after) query = query.where('id', '>', after)
    const rows = await query.execute()
    await place(rows)
    if (rows.length < BATCH) return moved
    after = rows[rows.length - 1]!.id
  }
}

/** Active users of a territory: its user members and the members of its teams. */
export async function territoryMemberUserIds(tx: Tx, territoryId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('memberships as m')
    .select('m.userId')
    .where('m.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('m.userId', 'in', eb.selectFrom('territoryMembers').select('userId as id').where('territoryId', '=', territoryId).where('userId', 'is not', null).$castTo<string>()),
        eb('m.teamId', 'in', eb.selectFrom('territoryMembers').select('teamId as id').where('territoryId', '=', territoryId).where('teamId', 'is not', null).$castTo<string>()),
      ]),
    )
    .distinct()
    .execute()
  return rows.map((r) => r.userId)
}

async function loadTerritories(ctx: ServiceContext, id?: string): Promise<Territory[]> {
  let query = ctx.tx
    .selectFrom('territories as t')
    .select([
      't.id',
      't.name',
      't.description',
      't.prefectures',
      't.industries',
      't.createdAt',
      't.updatedAt',
      sql<number>`(select count(*) from accounts a where a.territory_id = t.id)::int`.as('accountCount'),
    ])
    .orderBy('t.name')
    .orderBy('t.id')
  if (id) query = query.where('t.id', '=', id)
  const rows = await query.execute()
  if (rows.length === 0) return []
  const members = await ctx.tx
    .selectFrom('territoryMembers as m')
    .leftJoin('users as u', 'u.id', 'm.userId')
    .leftJoin('teams as tm', 'tm.id', 'm.teamId')
    .select(['m.territoryId', 'm.userId', 'u.name as userName', 'm.teamId', 'tm.name as teamName'])
    .where('m.territoryId', 'in', rows.map((r) => r.id))
    .orderBy('tm.name')
    .orderBy('u.name')
    .execute()
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    members: members.filter((m) => m.territoryId === r.id).map(({ territoryId: _t, ...m }) => m),
  }))
}

export async function listTerritories(ctx: ServiceContext): Promise<{ data: Territory[] }> {
  authorize(ctx, OBJECT, 'read')
  return { data: await loadTerritories(ctx) }
}

export async function getTerritory(ctx: ServiceContext, id: string): Promise<Territory> {
  authorize(ctx, OBJECT, 'read')
  const [found] = await loadTerritories(ctx, id)
  if (!found) throw notFound('Territory')
  return found
}

async function assertMembers(ctx: ServiceContext, userIds: readonly string[], teamIds: readonly string[]): Promise<void> {
  const details = []
  for (const [i, userId] of userIds.entries()) {
    const found = await ctx.tx.selectFrom('memberships').select('id').where('userId', '=', userId).executeTakeFirst()
    if (!found) details.push({ path: `memberUserIds.${i}`, message: 'No such user in this tenant.' })
  }
  for (const [i, teamId] of teamIds.entries()) {
    const found = await ctx.tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst()
    if (!found) details.push({ path: `memberTeamIds.${i}`, message: 'No such team in this tenant.' })
  }
  if (details.length > 0) throw invalid('Some members do not exist.', details)
}

async function replaceMembers(ctx: ServiceContext, territoryId: string, userIds: readonly string[], teamIds: readonly string[]): Promise<void> {
  await ctx.tx.deleteFrom('territoryMembers').where('territoryId', '=', territoryId).execute()
  const rows = [
    ...[...new Set(userIds)].map((userId) => ({ id: newId(), tenantId: ctx.actor.tenantId, territoryId, userId, teamId: null })),
    ...[...new Set(teamIds)].map((teamId) => ({ id: newId(), tenantId: ctx.actor.tenantId, territoryId, userId: null, teamId })),
  ]
  if (rows.length > 0) await ctx.tx.insertInto('territoryMembers').values(rows).execute()
}

const uniqueIndustries = (list: readonly string[]) => [...new Set(list.map((i) => i.trim()).filter((i) => i !== ''))]

/** Recomputes every account's territory in the background (territory rules changed). */
export async function queueTerritoryReassignment(ctx: ServiceContext): Promise<{ jobId: string | null }> {
  authorize(ctx, OBJECT, 'update')
  return { jobId: await enqueueReassignment(ctx) }
}

function enqueueReassignment(ctx: ServiceContext): Promise<string | null> {
  return enqueueJob(ctx.tx, { type: TERRITORY_REASSIGN_JOB, payload: { tenantId: ctx.actor.tenantId }, uniqueKey: `territories:${ctx.actor.tenantId}` })
}

function auditable(t: Territory) {
  return {
    name: t.name,
    description: t.description,
    prefectures: t.prefectures,
    industries: t.industries,
    members: t.members.map((m) => m.userId ?? `team:${m.teamId}`),
  }
}

export async function createTerritory(ctx: ServiceContext, input: TerritoryInput): Promise<Territory> {
  authorize(ctx, OBJECT, 'create')
  await assertMembers(ctx, input.memberUserIds, input.memberTeamIds)
  const id = newId()
  await ctx.tx
    .insertInto('territories')
    .values({
      id,
      tenantId: ctx.actor.tenantId,
      name: input.name,
      description: input.description ?? null,
      prefectures: [...new Set(input.prefectures)],
      industries: uniqueIndustries(input.industries),
      createdBy: ctx.actor.userId,
    })
    .execute()
  await replaceMembers(ctx, id, input.memberUserIds, input.memberTeamIds)
  const created = await getTerritory(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'territory.created', { objectType: OBJECT, objectId: id, payload: { name: created.name } })
  await enqueueReassignment(ctx)
  return created
}

export async function updateTerritory(ctx: ServiceContext, id: string, patch: TerritoryPatch): Promise<Territory> {
  authorize(ctx, OBJECT, 'update')
  const locked = await ctx.tx.selectFrom('territories').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
  if (!locked) throw notFound('Territory')
  const before = await getTerritory(ctx, id)
  const userIds = patch.memberUserIds ?? before.members.flatMap((m) => (m.userId ? [m.userId] : []))
  const teamIds = patch.memberTeamIds ?? before.members.flatMap((m) => (m.teamId ? [m.teamId] : []))
  await assertMembers(ctx, patch.memberUserIds ?? [], patch.memberTeamIds ?? [])
  await ctx.tx
    .updateTable('territories')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.prefectures !== undefined ? { prefectures: [...new Set(patch.prefectures)] } : {}),
      ...(patch.industries !== undefined ? { industries: uniqueIndustries(patch.industries) } : {}),
      updatedAt: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute()
  if (patch.memberUserIds !== undefined || patch.memberTeamIds !== undefined) await replaceMembers(ctx, id, userIds, teamIds)
  const after = await getTerritory(ctx, id)
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) await emitEvent(ctx, 'territory.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  // Only the rules move accounts; a renamed territory or new members leave placement as it is.
  const rulesChanged = JSON.stringify([before.prefectures, before.industries]) !== JSON.stringify([after.prefectures, after.industries])
  if (rulesChanged) await enqueueReassignment(ctx)
  return after
}

export async function deleteTerritory(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await getTerritory(ctx, id)
  await ctx.tx.deleteFrom('territories').where('id', '=', id).execute()
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'territory.deleted', { objectType: OBJECT, objectId: id, payload: { name: before.name } })
  // Its accounts fell to null (on delete set null): the next most specific territory may take them.
  await enqueueReassignment(ctx)
}
