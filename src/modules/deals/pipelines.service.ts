/**
 * Pipelines and their stages: admins shape them, everyone reads them. Removing a stage or
 * a pipeline that still holds deals is refused, so no deal is ever left without a stage.
 */
import { sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import { authorize } from '../../platform/access/policy.ts'
import { recordAudit } from '../../platform/audit/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { conflict, invalid, notFound } from '../../platform/errors.ts'
import { emitEvent } from '../../platform/events/outbox.ts'
import { newId } from '../../platform/ids.ts'
import type { Pipeline, PipelineInput, PipelinePatch } from './pipelines.schema.ts'

const OBJECT = 'pipelines'

/** Pipelines with their stages in one statement: the board reads its pipeline on every request. */
async function loadPipelines(ctx: ServiceContext, id?: string): Promise<Pipeline[]> {
  let pipelines = ctx.tx
    .selectFrom('pipelines as p')
    .select((eb) => [
      'p.id',
      'p.name',
      'p.isDefault',
      'p.createdAt',
      'p.updatedAt',
      jsonArrayFrom(
        eb.selectFrom('pipelineStages as s').select(['s.id', 's.name', 's.probability', 's.kind', 's.position']).whereRef('s.pipelineId', '=', 'p.id').orderBy('s.position'),
      ).as('stages'),
    ])
    .orderBy('p.isDefault', 'desc')
    .orderBy('p.position')
    .orderBy('p.id')
  if (id) pipelines = pipelines.where('p.id', '=', id)
  const rows = await pipelines.execute()
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    isDefault: row.isDefault,
    stages: row.stages.map((s) => ({ id: s.id, name: s.name, probability: s.probability, kind: s.kind, position: s.position })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }))
}

export async function listPipelines(ctx: ServiceContext): Promise<{ data: Pipeline[] }> {
  authorize(ctx, OBJECT, 'read')
  return { data: await loadPipelines(ctx) }
}

export async function getPipeline(ctx: ServiceContext, id: string): Promise<Pipeline> {
  authorize(ctx, OBJECT, 'read')
  const [pipeline] = await loadPipelines(ctx, id)
  if (!pipeline) throw notFound('Pipeline')
  return pipeline
}

/** The pipeline a deal goes to when none is named. */
export async function defaultPipelineId(ctx: ServiceContext): Promise<string> {
  const row = await ctx.tx.selectFrom('pipelines').select('id').orderBy('isDefault', 'desc').orderBy('position').orderBy('id').executeTakeFirst()
  if (!row) throw conflict('This company has no sales pipeline yet; an administrator must create one.')
  return row.id
}

async function clearDefault(ctx: ServiceContext, exceptId: string): Promise<void> {
  await ctx.tx.updateTable('pipelines').set({ isDefault: false }).where('isDefault', '=', true).where('id', '!=', exceptId).execute()
}

export async function createPipeline(ctx: ServiceContext, input: PipelineInput): Promise<Pipeline> {
  authorize(ctx, OBJECT, 'create')
  const id = newId()
  const hasAny = await ctx.tx.selectFrom('pipelines').select('id').executeTakeFirst()
  const isDefault = input.isDefault === true || !hasAny
  if (isDefault) await clearDefault(ctx, id)
  const last = await ctx.tx.selectFrom('pipelines').select(sql<number>`coalesce(max(position), -1)`.as('max')).executeTakeFirstOrThrow()
  await ctx.tx
    .insertInto('pipelines')
    .values({ id, tenantId: ctx.actor.tenantId, name: input.name, isDefault, position: Number(last.max) + 1 })
    .execute()
  await ctx.tx
    .insertInto('pipelineStages')
    .values(
      input.stages.map((stage, position) => ({
        id: newId(),
        tenantId: ctx.actor.tenantId,
        pipelineId: id,
        name: stage.name,
        probability: stage.probability,
        kind: stage.kind,
        position,
      })),
    )
    .execute()
  const created = await getPipeline(ctx, id)
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'create', after: { ...created, stages: created.stages } })
  await emitEvent(ctx, 'pipeline.created', { objectType: OBJECT, objectId: id, payload: { name: created.name } })
  return created
}

export async function updatePipeline(ctx: ServiceContext, id: string, patch: PipelinePatch): Promise<Pipeline> {
  authorize(ctx, OBJECT, 'update')
  const row = await ctx.tx.selectFrom('pipelines').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw notFound('Pipeline')
  const before = await getPipeline(ctx, id)
  if (patch.name !== undefined || patch.isDefault) {
    if (patch.isDefault) await clearDefault(ctx, id)
    await ctx.tx
      .updateTable('pipelines')
      .set({ ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.isDefault ? { isDefault: true } : {}), updatedAt: sql<Date>`now()` })
      .where('id', '=', id)
      .execute()
  }
  if (patch.stages) await replaceStages(ctx, before, patch.stages)
  const after = await getPipeline(ctx, id)
  const changed = await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'update', before, after })
  if (changed) await emitEvent(ctx, 'pipeline.updated', { objectType: OBJECT, objectId: id, payload: { fields: Object.keys(patch) } })
  return after
}

async function replaceStages(ctx: ServiceContext, before: Pipeline, stages: NonNullable<PipelinePatch['stages']>): Promise<void> {
  const existing = new Map(before.stages.map((s) => [s.id, s]))
  const unknown = stages.map((s, index) => ({ s, index })).filter(({ s }) => s.id !== undefined && !existing.has(s.id))
  if (unknown.length > 0) {
    throw invalid(
      'Some stages do not belong to this pipeline.',
      unknown.map(({ index }) => ({ path: `stages.${index}.id`, message: 'Not a stage of this pipeline.' })),
    )
  }
  const kept = new Set(stages.flatMap((s) => (s.id ? [s.id] : [])))
  const removed = before.stages.filter((s) => !kept.has(s.id))
  if (removed.length > 0) {
    const inUse = await ctx.tx
      .selectFrom('deals')
      .select(['stageId', sql<number>`count(*)`.as('deals')])
      .where(
        'stageId',
        'in',
        removed.map((s) => s.id),
      )
      .groupBy('stageId')
      .execute()
    if (inUse.length > 0) {
      throw conflict(
        'Stages that still hold deals cannot be removed; move their deals first.',
        inUse.map((u) => ({ path: 'stages', message: `${existing.get(u.stageId)?.name ?? u.stageId}: ${u.deals} deals` })),
      )
    }
    await ctx.tx
      .deleteFrom('pipelineStages')
      .where(
        'id',
        'in',
        removed.map((s) => s.id),
      )
      .execute()
  }
  for (const [position, stage] of stages.entries()) {
    if (stage.id) {
      const old = existing.get(stage.id)!
      await ctx.tx
        .updateTable('pipelineStages')
        .set({ name: stage.name, probability: stage.probability, kind: stage.kind, position })
        .where('id', '=', stage.id)
        .execute()
      // Deals follow their stage's kind: a stage turned into "won" closes its deals as won.
      if (old.kind !== stage.kind) {
        await ctx.tx
          .updateTable('deals')
          .set({ status: stage.kind, closedAt: stage.kind === 'open' ? null : sql<Date>`coalesce(closed_at, now())` })
          .where('stageId', '=', stage.id)
          .execute()
      }
    } else {
      await ctx.tx
        .insertInto('pipelineStages')
        .values({ id: newId(), tenantId: ctx.actor.tenantId, pipelineId: before.id, name: stage.name, probability: stage.probability, kind: stage.kind, position })
        .execute()
    }
  }
}

export async function deletePipeline(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx, OBJECT, 'delete')
  const before = await getPipeline(ctx, id)
  const deals = await ctx.tx.selectFrom('deals').select(sql<number>`count(*)`.as('n')).where('pipelineId', '=', id).executeTakeFirstOrThrow()
  if (Number(deals.n) > 0) throw conflict(`This pipeline still holds ${deals.n} deals; move or delete them first.`)
  const other = await ctx.tx.selectFrom('pipelines').select('id').where('id', '!=', id).orderBy('position').orderBy('id').executeTakeFirst()
  if (!other) throw conflict('The only pipeline cannot be deleted.')
  await ctx.tx.deleteFrom('pipelines').where('id', '=', id).execute()
  // Only one default may exist at a time (unique index), so promote another after the delete.
  if (before.isDefault) await ctx.tx.updateTable('pipelines').set({ isDefault: true }).where('id', '=', other.id).execute()
  await recordAudit(ctx, { objectType: OBJECT, objectId: id, action: 'delete', before })
  await emitEvent(ctx, 'pipeline.deleted', { objectType: OBJECT, objectId: id, payload: { name: before.name } })
}
