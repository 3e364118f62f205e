/**
 * Deals (商談): the rules for reading, changing and moving deals through pipeline stages.
 * Every stage change is kept (stage history, time in stage); won/lost stages close a deal.
 */
import { assertWritableFields, authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { decodeCursor, encodeCursor, type Page, toPage } from '../../platform/db/pagination.ts'
import { invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import { resolveCustomValues } from '../custom-fields/custom-fields.values.ts'
import { presentDeal, presentDealCard } from './deals.presenter.ts'
import {
  boardColumns,
  boardTotals,
  bottomPosition,
  type DealRow,
  deleteDealRow,
  findStage,
  findVisibleDeal,
  firstOpenStage,
  insertDeal,
  insertStageChange,
  listStageChanges,
  listVisibleDeals,
  positionAfter,
  updateDealRow,
} from './deals.queries.ts'
import type { Board, BoardQuery, Deal, DealInput, DealListQuery, DealMove, DealPatch, StageChange } from './deals.schema.ts'
import { defaultPipelineId, getPipeline } from './pipelines.service.ts'

const OBJECT = 'deals'

function auditable(row: DealRow): Record<string, unknown> {
  const { stageName: _s, probability: _p, accountName: _a, ownerName: _o, tenantId: _t, boardPosition: _b, ...fields } = row
  return fields
}

async function assertReferences(ctx: ServiceContext, input: DealPatch): Promise<void> {
  const details = []
  if (input.accountId && !(await ctx.tx.selectFrom('accounts').select('id').where('id', '=', input.accountId).executeTakeFirst())) {
    details.push({ path: 'accountId', message: 'No such account in this tenant.' })
  }
  if (input.ownerId && !(await ctx.tx.selectFrom('memberships').select('id').where('userId', '=', input.ownerId).executeTakeFirst())) {
    details.push({ path: 'ownerId', message: 'No such user in this tenant.' })
  }
  if (input.teamId && !(await ctx.tx.selectFrom('teams').select('id').where('id', '=', input.teamId).executeTakeFirst())) {
    details.push({ path: 'teamId', message: 'No such team in this tenant.' })
  }
  if (details.length > 0) throw invalid('Some references do not exist.', details)
}

export async function listDeals(ctx: ServiceContext, query: DealListQuery): Promise<Page<Deal>> {
  authorize(ctx, OBJECT, 'read')
  const after = decodeCursor(query.cursor, query.sort === '-createdAt' ? 1 : 2)
  const rows = await listVisibleDeals(ctx, { ...query, after })
  const keyOf = (row: DealRow) =>
    query.sort === 'name'
      ? [row.name, row.id]
      : query.sort === 'board'
        ? [row.boardPosition, row.id]
        : query.sort === '-closedAt'
          ? [row.closedAt?.toISOString() ?? null, row.id]
          : [row.id]
  const page = toPage(rows, query.limit, keyOf)
  return { data: page.data.map((row) => presentDeal(ctx, row)), nextCursor: page.nextCursor }
}

export async function getDeal(ctx: ServiceContext, id: string): Promise<Deal> {
  authorize(ctx, OBJECT, 'read')
  const row = await findVisibleDeal(ctx, id)
  if (!row) throw notFound('Deal')
  return presentDeal(ctx, row)
}

export async function createDeal(ctx: ServiceContext, input: DealInput): Promise<Deal> {
  authorize(ctx, OBJECT, 'create')
  assertWritableFields(ctx, OBJECT, { ...input, name: undefined, pipelineId: undefined })
  await assertReferences(ctx, input)
  const pipelineId = input.pipelineId ?? (await defaultPipelineId(ctx))
  const stage = input.stageId ? await findStage(ctx, input.stageId) : await firstOpenStage(ctx, pipelineId)
  if (!stage || stage.pipelineId !== pipelineId) {
    throw invalid('The stage is not part of the pipeline.', [{ path: input.stageId ? 'stageId' : 'pipelineId', message: 'No such stage in this pipeline.' }])
  }
  const id = newId()
  const customValues = await resolveCustomValues(ctx, OBJECT, id, input.custom, null)
  await insertDeal(ctx, {
    id,
    tenantId: ctx.actor.tenantId,
    name: input.name,
    pipelineId,
    stageId: stage.id,
    status: stage.kind,
    amount: input.amount ?? null,
    currency: input.currency ?? 'JPY',
    expectedCloseDate: input.expectedCloseDate ?? null,
    accountId: input.accountId ?? null,
    competitors: input.competitors ?? [],
    closeReason: input.closeReason ?? null,
    closedAt: stage.kind === 'open' ? null : new Date(),
    boardPosition: await bottomPosition(ctx, stage.id),
    notes: input.notes ?? null,
    ownerId: input.ownerId === undefined ? ctx.actor.userId : input.ownerId,
    teamId: input.teamId === undefined ? ctx.actor.teamId : input.teamId,
    createdBy: ctx.actor.userId,
    custom: JSON.stringify(customValues),
  })
  await insertStageChange(ctx, { id: newId(), dealId: id, fromStageId: null, toStageId: stage.id, secondsInFromStage: null })
  const created = await findVisibleDeal(ctx, id)
  if (!created) throw notFound('Deal')
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: auditable(created) })
  await emitEvent(ctx, 'deal.created', { objectType: OBJECT, objectId: id, payload: { name: created.name, stageId: stage.id, amount: input.amount ?? null } })
  return presentDeal(ctx, created)
}

export async function updateDeal(ctx: ServiceContext, id: string, patch: DealPatch): Promise<Deal> {
  authorize(ctx, OBJECT, 'update')
  assertWritableFields(ctx, OBJECT, patch)
  const before = await findVisibleDeal(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Deal')
  await assertReferences(ctx, patch)
  const { custom: customPatch, ...fields } = patch
  const customValues = await resolveCustomValues(ctx, OBJECT, id, customPatch, before.custom)
  await updateDealRow(ctx, id, { ...fields, ...(customPatch !== undefined ? { custom: JSON.stringify(customValues) } : {}) })
  const after = await findVisibleDeal(ctx, id)
  if (!after) throw notFound('Deal')
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  if (changed) await emitEvent(ctx, 'deal.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return presentDeal(ctx, after)
}

/**
 * Moves a deal on the board: to another stage (recording the change and the time spent in
 * the old stage; won/lost stages close it, open stages reopen it) and/or within a column.
 */
export async function moveDeal(ctx: ServiceContext, id: string, move: DealMove): Promise<Deal> {
  authorize(ctx, OBJECT, 'update')
  assertWritableFields(ctx, OBJECT, { stageId: move.stageId, closeReason: move.closeReason })
  const before = await findVisibleDeal(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Deal')
  const stage = await findStage(ctx, move.stageId)
  if (!stage || stage.pipelineId !== before.pipelineId) {
    throw invalid('The stage is not part of this deal’s pipeline.', [{ path: 'stageId', message: 'No such stage in this pipeline.' }])
  }
  if (move.afterId === id) throw invalid('A deal cannot be placed after itself.', [{ path: 'afterId', message: 'Same deal.' }])
  const boardPosition = await positionAfter(ctx, stage.id, move.afterId ?? null, id)
  const stageChanged = stage.id !== before.stageId
  await updateDealRow(ctx, id, {
    boardPosition,
    ...(stageChanged
      ? {
          stageId: stage.id,
          status: stage.kind,
          stageEnteredAt: new Date(),
          closedAt: stage.kind === 'open' ? null : new Date(),
        }
      : {}),
    ...(move.closeReason !== undefined ? { closeReason: move.closeReason } : {}),
  })
  if (stageChanged) {
    const seconds = Math.max(0, Math.round((Date.now() - before.stageEnteredAt.getTime()) / 1000))
    await insertStageChange(ctx, { id: newId(), dealId: id, fromStageId: before.stageId, toStageId: stage.id, secondsInFromStage: seconds })
  }
  const after = await findVisibleDeal(ctx, id)
  if (!after) throw notFound('Deal')
  if (stageChanged || move.closeReason !== undefined) {
    await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before: auditable(before), after: auditable(after) })
  }
  if (stageChanged) {
    const type = stage.kind === 'won' ? 'deal.won' : stage.kind === 'lost' ? 'deal.lost' : 'deal.stage_changed'
    await emitEvent(ctx, type, { objectType: OBJECT, objectId: id, payload: { fromStageId: before.stageId, toStageId: stage.id } })
  }
  return presentDeal(ctx, after)
}

export async function deleteDeal(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await findVisibleDeal(ctx, id, { forUpdate: true })
  if (!before) throw notFound('Deal')
  await deleteDealRow(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before: auditable(before) })
  await emitEvent(ctx, 'deal.deleted', { objectType: OBJECT, objectId: id, payload: { name: before.name } })
}

/** The kanban board: every stage with its first cards, count and totals per currency. */
export async function getBoard(ctx: ServiceContext, pipelineId: string, query: BoardQuery): Promise<Board> {
  authorize(ctx, OBJECT, 'read')
  const pipeline = await getPipeline(ctx, pipelineId)
  const closedSince = new Date(Date.now() - query.closedWithinDays * 86_400_000)
  const filter = { perStage: query.perStage, ownerId: query.ownerId, q: query.q, closedSince }
  const rows = await boardColumns(ctx, pipelineId, filter)
  const totals = await boardTotals(ctx, pipelineId, filter)
  const columns = pipeline.stages.map((stage) => {
    const cards = rows.filter((row) => row.stageId === stage.id)
    const page = cards.slice(0, query.perStage)
    const last = page[page.length - 1]
    const stageTotals = totals.filter((t) => t.stageId === stage.id)
    return {
      stage,
      count: stageTotals.reduce((sum, t) => sum + Number(t.count), 0),
      totals: stageTotals
        .filter((t) => t.amount !== null)
        .map((t) => ({
          currency: t.currency,
          amount: Number(t.amount),
          weightedAmount: Math.round(Number(t.amount) * stage.probability) / 100,
        })),
      deals: page.map((row) => presentDealCard(ctx, row)),
      nextCursor:
        cards.length > query.perStage && last
          ? encodeCursor(stage.kind === 'open' ? [last.boardPosition, last.id] : [last.closedAt?.toISOString() ?? null, last.id])
          : null,
    }
  })
  return { pipeline, closedSince: closedSince.toISOString(), columns }
}

export async function listDealStageHistory(ctx: ServiceContext, id: string): Promise<{ data: StageChange[] }> {
  authorize(ctx, OBJECT, 'read')
  if (!(await findVisibleDeal(ctx, id))) throw notFound('Deal')
  const rows = await listStageChanges(ctx, id)
  return {
    data: rows.map((row) => ({ ...row, secondsInFromStage: row.secondsInFromStage === null ? null : Number(row.secondsInFromStage), changedAt: row.changedAt.toISOString() })),
  }
}
