/**
 * Teams (チーム): a tree of groups that record visibility ("my team") follows downwards.
 * Every write checks the role, keeps the tree acyclic, audits and emits an event in one transaction.
 */
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import { conflict, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import {
  countChildTeams,
  deleteTeamRow,
  findTeam,
  insertTeam,
  isTeamInSubtree,
  listTeamRows,
  teamNameTaken,
  type TeamRow,
  updateTeamRow,
} from './teams.queries.ts'
import type { Team, TeamCreate, TeamListQuery, TeamPatch } from './teams.schema.ts'

const OBJECT = 'teams'

function presentTeam(row: TeamRow): Team {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parentId,
    memberCount: row.memberCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function auditable(row: TeamRow): Record<string, unknown> {
  return { id: row.id, name: row.name, parentId: row.parentId }
}

/** For other modules: does this team exist in the actor's tenant? */
export async function teamExists(ctx: ServiceContext, id: string): Promise<boolean> {
  return (await findTeam(ctx, id)) !== undefined
}

async function assertNameFree(ctx: ServiceContext, name: string, exceptId?: string): Promise<void> {
  if (await teamNameTaken(ctx, name, exceptId)) {
    throw conflict(`A team named "${name}" already exists.`, [{ path: 'name', message: 'Already used by another team.' }])
  }
}

export async function listTeams(ctx: ServiceContext, query: TeamListQuery): Promise<Page<Team>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, 1)
  const rows = await listTeamRows(ctx, { limit: query.limit, q: query.q, after: after ? String(after[0]) : null })
  const page = toPage(rows, query.limit, (row) => [row.id])
  return { data: page.data.map(presentTeam), nextCursor: page.nextCursor }
}

export async function getTeam(ctx: ServiceContext, id: string): Promise<Team> {
  authorize(ctx, OBJECT, 'read')
  const row = await findTeam(ctx, id)
  if (!row) throw notFound('Team')
  return presentTeam(row)
}

export async function createTeam(ctx: ServiceContext, input: TeamCreate): Promise<Team> {
  authorize(ctx, OBJECT, 'create')
  if (input.parentId && !(await findTeam(ctx, input.parentId))) {
    throw invalid('The parent team does not exist.', [{ path: 'parentId', message: 'No such team in this tenant.' }])
  }
  await assertNameFree(ctx, input.name)
  const id = newId()
  await insertTeam(ctx, { id, tenantId: ctx.actor.tenantId, name: input.name, parentId: input.parentId ?? null })
  const created = await findTeam(ctx, id)
  if (!created) throw notFound('Team')
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'team.created', { objectType: OBJECT, objectId: id, payload: { name: created.name } })
  return presentTeam(created)
}

export async function updateTeam(ctx: ServiceContext, id: string, patch: TeamPatch): Promise<Team> {
  authorize(ctx, OBJECT, 'update')
  const before = await findTeam(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Team')
  if (patch.parentId) {
    if (!(await findTeam(ctx, patch.parentId))) {
      throw invalid('The parent team does not exist.', [{ path: 'parentId', message: 'No such team in this tenant.' }])
    }
    // A team beneath itself would make "my team and below" loop forever.
    if (await isTeamInSubtree(ctx, id, patch.parentId)) {
      throw invalid('A team cannot be placed under itself or one of its own sub-teams.', [
        { path: 'parentId', message: 'Would create a cycle in the team hierarchy.' },
      ])
    }
  }
  if (patch.name !== undefined) await assertNameFree(ctx, patch.name, id)
  await updateTeamRow(ctx, id, { name: patch.name, parentId: patch.parentId })
  const after = await findTeam(ctx, id)
  if (!after) throw notFound('Team')
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) await emitEvent(ctx, 'team.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return presentTeam(after)
}

export async function deleteTeam(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await findTeam(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Team')
  const children = await countChildTeams(ctx, id)
  if (children > 0) {
    throw conflict(`This team has ${children} sub-team(s). Move or delete them first.`, [{ path: 'id', message: 'Team has sub-teams.' }])
  }
  if (before.memberCount > 0) {
    throw conflict(`This team still has ${before.memberCount} member(s). Move them to another team first.`, [
      { path: 'id', message: 'Team has members.' },
    ])
  }
  await deleteTeamRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'team.deleted', { objectType: OBJECT, objectId: id, payload: { name: before.name } })
}
