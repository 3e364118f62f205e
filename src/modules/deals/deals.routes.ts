/** HTTP for pipelines and deals: parse, call the service, return. No rules here. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { Board, BoardQuery, Deal, DealInput, DealListQuery, DealMove, DealPatch, StageChange } from './deals.schema.ts'
import { createDeal, deleteDeal, getBoard, getDeal, listDealStageHistory, listDeals, moveDeal, updateDeal } from './deals.service.ts'
import { Forecast, ForecastQuery, Quota, QuotaInput, QuotaListQuery } from './forecast.schema.ts'
import { deleteQuota, getForecast, listQuotas, setQuota } from './forecast.service.ts'
import { Pipeline, PipelineInput, PipelinePatch } from './pipelines.schema.ts'
import { createPipeline, deletePipeline, getPipeline, listPipelines, updatePipeline } from './pipelines.service.ts'
import { getPipelineSummary, PipelineSummary, PipelineSummaryQuery } from './pipeline-summary.ts'

export function registerDealRoutes(http: HttpServer, app: App): void {
  const pipelineTags = ['Pipelines']
  http.get(
    '/api/v1/pipelines',
    { schema: { tags: pipelineTags, summary: 'List pipelines with their stages', response: { 200: z.object({ data: z.array(Pipeline) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listPipelines(ctx)),
  )
  http.post(
    '/api/v1/pipelines',
    { schema: { tags: pipelineTags, summary: 'Create a pipeline', body: PipelineInput, response: { 201: Pipeline, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createPipeline(ctx, request.body))),
  )
  http.get(
    '/api/v1/pipelines/:id',
    { schema: { tags: pipelineTags, summary: 'Get a pipeline', params: IdParams, response: { 200: Pipeline, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getPipeline(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/pipelines/:id',
    {
      schema: { tags: pipelineTags, summary: 'Rename, make default or reshape the stages', params: IdParams, body: PipelinePatch, response: { 200: Pipeline, ...errorResponses } },
    },
    (request) => withServiceContext(app.db, request, (ctx) => updatePipeline(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/pipelines/:id',
    { schema: { tags: pipelineTags, summary: 'Delete an empty pipeline', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deletePipeline(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  http.get(
    '/api/v1/pipelines/:id/board',
    { schema: { tags: pipelineTags, summary: 'The kanban board of a pipeline', params: IdParams, querystring: BoardQuery, response: { 200: Board, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getBoard(ctx, request.params.id, request.query)),
  )
  http.get(
    '/api/v1/pipelines/:id/summary',
    {
      schema: {
        tags: pipelineTags,
        summary: 'Open deals of a pipeline by stage and owner (count, amount, weighted)',
        params: IdParams,
        querystring: PipelineSummaryQuery,
        response: { 200: PipelineSummary, ...errorResponses },
      },
    },
    (request) => withServiceContext(app.db, request, (ctx) => getPipelineSummary(ctx, request.params.id, request.query)),
  )

  const tags = ['Deals']
  http.get(
    '/api/v1/deals',
    { schema: { tags, summary: 'List deals', querystring: DealListQuery, response: { 200: listOf(Deal), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listDeals(ctx, request.query)),
  )
  http.post(
    '/api/v1/deals',
    { schema: { tags, summary: 'Create a deal', body: DealInput, response: { 201: Deal, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createDeal(ctx, request.body))),
  )
  http.get(
    '/api/v1/deals/:id',
    { schema: { tags, summary: 'Get a deal', params: IdParams, response: { 200: Deal, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getDeal(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/deals/:id',
    { schema: { tags, summary: 'Update a deal', params: IdParams, body: DealPatch, response: { 200: Deal, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateDeal(ctx, request.params.id, request.body)),
  )
  http.post(
    '/api/v1/deals/:id/move',
    { schema: { tags, summary: 'Move a deal to a stage and/or a place in its column', params: IdParams, body: DealMove, response: { 200: Deal, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => moveDeal(ctx, request.params.id, request.body)),
  )
  http.get(
    '/api/v1/deals/:id/stage-history',
    { schema: { tags, summary: 'Every stage change of a deal, with time in stage', params: IdParams, response: { 200: z.object({ data: z.array(StageChange) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listDealStageHistory(ctx, request.params.id)),
  )
  http.delete(
    '/api/v1/deals/:id',
    { schema: { tags, summary: 'Delete a deal', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteDeal(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )

  const forecastTags = ['Forecasts']
  http.get(
    '/api/v1/forecast',
    { schema: { tags: forecastTags, summary: 'Won, committed, best-case and weighted pipeline per person or team, against quotas', querystring: ForecastQuery, response: { 200: Forecast, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getForecast(ctx, request.query)),
  )
  http.get(
    '/api/v1/quotas',
    { schema: { tags: forecastTags, summary: 'Quotas overlapping a period', querystring: QuotaListQuery, response: { 200: z.object({ data: z.array(Quota) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listQuotas(ctx, request.query)),
  )
  http.put(
    '/api/v1/quotas',
    { schema: { tags: forecastTags, summary: 'Set the quota of a person or team for a period', body: QuotaInput, response: { 200: Quota, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => setQuota(ctx, request.body)),
  )
  http.delete(
    '/api/v1/quotas/:id',
    { schema: { tags: forecastTags, summary: 'Delete a quota', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteQuota(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
}
