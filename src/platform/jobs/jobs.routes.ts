/** HTTP for job administration (admins): list by status, retry. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../http/request-context.ts'
import { errorResponses, IdParams, listOf } from '../http/schemas.ts'
import type { HttpServer } from '../http/types.ts'
import { Job, JobListQuery } from './jobs.schema.ts'
import { listJobs, retryJob } from './jobs.service.ts'

const tags = ['Jobs']

export function registerJobRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/jobs',
    { schema: { tags, summary: 'List background jobs', querystring: JobListQuery, response: { 200: listOf(Job), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listJobs(ctx, request.query)),
  )
  http.post(
    '/api/v1/jobs/:id/retry',
    { schema: { tags, summary: 'Queue a failed or dead job again', params: IdParams, response: { 200: Job, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => retryJob(ctx, request.params.id)),
  )
}
