/**
 * The pipeline summary: open deals of one pipeline by stage × owner (count, amount and
 * weighted amount), for the sales manager's table and the dashboards. One grouped query over
 * the deals the actor may see.
 */
import { sql } from 'kysely'
import { z } from 'zod'
import { authorize, visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { getPipeline } from './pipelines.service.ts'

export const PipelineSummaryQuery = z.strictObject({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('JPY'),
})
export type PipelineSummaryQuery = z.infer<typeof PipelineSummaryQuery>

const SummaryCell = z
  .object({
    stageId: z.string(),
    ownerId: z.string().nullable(),
    ownerName: z.string().nullable(),
    count: z.number(),
    amount: z.number(),
    weightedAmount: z.number(),
  })
  .meta({ id: 'PipelineSummaryCell' })

export const PipelineSummary = z
  .object({
    pipelineId: z.string(),
    currency: z.string(),
    stages: z.array(z.object({ id: z.string(), name: z.string(), probability: z.number(), count: z.number(), amount: z.number(), weightedAmount: z.number() })),
    cells: z.array(SummaryCell),
    totals: z.object({ count: z.number(), amount: z.number(), weightedAmount: z.number() }),
  })
  .meta({ id: 'PipelineSummary' })
export type PipelineSummary = z.infer<typeof PipelineSummary>

const money = (value: string | number | null) => Math.round(Number(value ?? 0) * 100) / 100

export async function getPipelineSummary(ctx: ServiceContext, pipelineId: string, query: PipelineSummaryQuery): Promise<PipelineSummary> {
  authorize(ctx, 'deals', 'read')
  const pipeline = await getPipeline(ctx, pipelineId)
  const rows = await ctx.tx
    .selectFrom('deals as d')
    .innerJoin('pipelineStages as s', 's.id', 'd.stageId')
    .leftJoin('users as u', 'u.id', 'd.ownerId')
    .select([
      'd.stageId',
      'd.ownerId',
      'u.name as ownerName',
      sql<number>`count(*)::int`.as('count'),
      sql<string>`sum(d.amount)`.as('amount'),
      sql<string>`sum(d.amount * s.probability / 100.0)`.as('weighted'),
    ])
    .where('d.pipelineId', '=', pipelineId)
    .where('d.status', '=', 'open')
    .where('d.currency', '=', query.currency)
    .where(visibleRecordsCondition(ctx, 'deals', 'd'))
    .groupBy(['d.stageId', 'd.ownerId', 'u.name'])
    .execute()
  const cells = rows
    .map((r) => ({ stageId: r.stageId, ownerId: r.ownerId, ownerName: r.ownerName, count: r.count, amount: money(r.amount), weightedAmount: money(r.weighted) }))
    .sort((a, b) => b.amount - a.amount)
  const stages = pipeline.stages
    .filter((stage) => stage.kind === 'open')
    .map((stage) => {
      const mine = cells.filter((c) => c.stageId === stage.id)
      return {
        id: stage.id,
        name: stage.name,
        probability: stage.probability,
        count: mine.reduce((n, c) => n + c.count, 0),
        amount: money(mine.reduce((n, c) => n + c.amount, 0)),
        weightedAmount: money(mine.reduce((n, c) => n + c.weightedAmount, 0)),
      }
    })
  return {
    pipelineId,
    currency: query.currency,
    stages,
    cells,
    totals: {
      count: cells.reduce((n, c) => n + c.count, 0),
      amount: money(cells.reduce((n, c) => n + c.amount, 0)),
      weightedAmount: money(cells.reduce((n, c) => n + c.weightedAmount, 0)),
    },
  }
}
