/** HTTP for saved views and list catalogues: parse, call the service, return. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { ListCatalogue } from './list-filter.schema.ts'
import { ListObjectParams, SavedView, SavedViewCreate, SavedViewListQuery, SavedViewPatch } from './saved-views.schema.ts'
import { createSavedView, deleteSavedView, getListCatalogue, getSavedView, listSavedViews, updateSavedView } from './saved-views.service.ts'

const tags = ['Saved views']

export function registerSavedViewRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/list-fields/:object',
    { schema: { tags, summary: 'Fields, filter operators and sorts of a list (fields hidden from your role are left out)', params: ListObjectParams, response: { 200: ListCatalogue, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getListCatalogue(ctx, request.params.object)),
  )
  http.get(
    '/api/v1/saved-views',
    { schema: { tags, summary: 'Saved views of a list you may use (yours, and those shared with you)', querystring: SavedViewListQuery, response: { 200: z.object({ data: z.array(SavedView) }), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listSavedViews(ctx, request.query)),
  )
  http.post(
    '/api/v1/saved-views',
    { schema: { tags, summary: 'Save a view', body: SavedViewCreate, response: { 201: SavedView, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createSavedView(ctx, request.body))),
  )
  http.get(
    '/api/v1/saved-views/:id',
    { schema: { tags, summary: 'Get a saved view', params: IdParams, response: { 200: SavedView, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getSavedView(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/saved-views/:id',
    { schema: { tags, summary: 'Change a saved view (rename, share, new filter …)', params: IdParams, body: SavedViewPatch, response: { 200: SavedView, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateSavedView(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/saved-views/:id',
    { schema: { tags, summary: 'Delete a saved view', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteSavedView(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
}
