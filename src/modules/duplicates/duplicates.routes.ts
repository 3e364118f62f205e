/** HTTP for 名寄せ (duplicates): parse, call the service, return. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { mergeDuplicates } from './duplicates.merge.ts'
import {
  DuplicateCandidate,
  DuplicateCheckQuery,
  DuplicateCheckResult,
  DuplicateListQuery,
  DuplicateMerge,
  DuplicateMergeResult,
  DuplicateScanQueued,
  DuplicateScanRequest,
  DuplicateScanStatus,
  DuplicateScanStatusQuery,
} from './duplicates.schema.ts'
import { checkDuplicates, dismissDuplicateCandidate, getDuplicateScanStatus, listDuplicateCandidates, requestDuplicateScan } from './duplicates.service.ts'

const tags = ['Duplicates']

export function registerDuplicateRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/duplicates',
    { schema: { tags, summary: 'Candidate duplicate pairs, best score first', querystring: DuplicateListQuery, response: { 200: listOf(DuplicateCandidate), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listDuplicateCandidates(ctx, request.query)),
  )
  http.get(
    '/api/v1/duplicates/check',
    { schema: { tags, summary: 'Existing records like the one being entered', querystring: DuplicateCheckQuery, response: { 200: DuplicateCheckResult, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => checkDuplicates(ctx, request.query)),
  )
  http.post(
    '/api/v1/duplicates/scan',
    { schema: { tags, summary: 'Queue a duplicate scan of the tenant', body: DuplicateScanRequest, response: { 202: DuplicateScanQueued, ...errorResponses } } },
    async (request, reply) => reply.status(202).send(await withServiceContext(app.db, request, (ctx) => requestDuplicateScan(ctx, request.body.type))),
  )
  http.get(
    '/api/v1/duplicates/scan',
    { schema: { tags, summary: 'The latest scan: queued, running, done or failed', querystring: DuplicateScanStatusQuery, response: { 200: DuplicateScanStatus, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getDuplicateScanStatus(ctx, request.query.type)),
  )
  http.post(
    '/api/v1/duplicates/:id/dismiss',
    { schema: { tags, summary: 'Not a duplicate: the pair never comes back', params: IdParams, body: z.object({}).optional(), response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => dismissDuplicateCandidate(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  http.post(
    '/api/v1/duplicates/merge',
    { schema: { tags, summary: 'Merge records into a survivor, re-pointing everything related', body: DuplicateMerge, response: { 200: DuplicateMergeResult, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => mergeDuplicates(ctx, request.body)),
  )
}
