/**
 * HTTP for the 360° customer page: overview, timeline, stages and comments. No rules here. The pages only read, so
 * they run on read sessions where the back end has them (decision 0035).
 */
import type { App } from '../../app.ts'
import { withReadServiceContext, withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { createComment, deleteComment, listComments, updateComment } from './comments.service.ts'
import { Comment, CommentCreate, CommentListQuery, CommentPatch, type CustomerRecordType, CustomerOverview, CustomerStages, StagesPatch, TimelinePage, TimelineQuery } from './customer-360.schema.ts'
import { getAccountOverview, getContactOverview } from './overview.service.ts'
import { getStages, setStages } from './stages.service.ts'
import { getTimeline } from './timeline.service.ts'

const tags = ['Customer 360']

function registerCustomerRoutes(http: HttpServer, app: App, type: CustomerRecordType): void {
  const base = `/api/v1/${type}/:id`
  const noun = type === 'accounts' ? 'an account' : 'a contact'
  http.get(
    `${base}/overview`,
    { schema: { tags, summary: `The 360° page of ${noun} in one request`, params: IdParams, response: { 200: CustomerOverview, ...errorResponses } } },
    (request) => withReadServiceContext(app.db, request, (ctx) => (type === 'accounts' ? getAccountOverview(ctx, request.params.id) : getContactOverview(ctx, request.params.id))),
  )
  http.get(
    `${base}/timeline`,
    { schema: { tags, summary: `Everything that happened with ${noun}, newest first`, params: IdParams, querystring: TimelineQuery, response: { 200: TimelinePage, ...errorResponses } } },
    (request) => withReadServiceContext(app.db, request, (ctx) => getTimeline(ctx, type, request.params.id, request.query)),
  )
  http.get(
    `${base}/stages`,
    { schema: { tags, summary: `Lifecycle and relationship stage, customer type and their history of ${noun}`, params: IdParams, response: { 200: CustomerStages, ...errorResponses } } },
    (request) => withReadServiceContext(app.db, request, (ctx) => getStages(ctx, type, request.params.id)),
  )
  http.put(
    `${base}/stages`,
    { schema: { tags, summary: `Set stages or customer type of ${noun} (needs update rights)`, params: IdParams, body: StagesPatch, response: { 200: CustomerStages, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => setStages(ctx, type, request.params.id, request.body)),
  )
}

export function registerCustomer360Routes(http: HttpServer, app: App): void {
  registerCustomerRoutes(http, app, 'accounts')
  registerCustomerRoutes(http, app, 'contacts')
  http.get(
    '/api/v1/comments',
    { schema: { tags, summary: 'Comments on an account, contact or deal, newest first', querystring: CommentListQuery, response: { 200: listOf(Comment), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listComments(ctx, request.query)),
  )
  http.post(
    '/api/v1/comments',
    { schema: { tags, summary: 'Comment on a record; @mentioned users who can see it are notified', body: CommentCreate, response: { 201: Comment, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createComment(ctx, request.body))),
  )
  http.patch(
    '/api/v1/comments/:id',
    { schema: { tags, summary: 'Edit my comment', params: IdParams, body: CommentPatch, response: { 200: Comment, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateComment(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/comments/:id',
    { schema: { tags, summary: 'Delete my comment', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteComment(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
}

