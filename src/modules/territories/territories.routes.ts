/** HTTP for territories: parse, call the service, return. No rules here. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { PREFECTURE_LIST, REGION_LIST } from './prefectures.ts'
import { PrefectureCatalog, ReassignResult, Territory, TerritoryInput, TerritoryList, TerritoryPatch } from './territories.schema.ts'
import { createTerritory, deleteTerritory, getTerritory, listTerritories, queueTerritoryReassignment, updateTerritory } from './territories.service.ts'

const tags = ['Territories']

export function registerTerritoryRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/territories',
    { schema: { tags, summary: 'List territories with their rules, members and account counts', response: { 200: TerritoryList, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listTerritories(ctx)),
  )
  http.get(
    '/api/v1/territories/prefectures',
    { schema: { tags, summary: 'The 47 prefectures (JIS X 0401 codes) and their regions', response: { 200: PrefectureCatalog, ...errorResponses } } },
    async () => ({ prefectures: PREFECTURE_LIST, regions: REGION_LIST }),
  )
  http.post(
    '/api/v1/territories',
    { schema: { tags, summary: 'Create a territory (accounts are re-placed in the background)', body: TerritoryInput, response: { 201: Territory, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createTerritory(ctx, request.body))),
  )
  http.post(
    '/api/v1/territories/reassign',
    { schema: { tags, summary: 'Recompute every account’s territory in the background', response: { 202: ReassignResult, ...errorResponses } } },
    async (request, reply) => reply.status(202).send(await withServiceContext(app.db, request, (ctx) => queueTerritoryReassignment(ctx))),
  )
  http.get(
    '/api/v1/territories/:id',
    { schema: { tags, summary: 'Get a territory', params: IdParams, response: { 200: Territory, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getTerritory(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/territories/:id',
    { schema: { tags, summary: 'Update a territory', params: IdParams, body: TerritoryPatch, response: { 200: Territory, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateTerritory(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/territories/:id',
    { schema: { tags, summary: 'Delete a territory', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteTerritory(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
}
