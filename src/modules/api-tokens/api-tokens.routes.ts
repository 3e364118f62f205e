/** HTTP for API tokens: parse, call the service, return. No rules here. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { ApiToken, ApiTokenCreate, ApiTokenListQuery, CreatedApiToken } from './api-tokens.schema.ts'
import { createApiToken, getApiToken, listApiTokens, revokeApiToken } from './api-tokens.service.ts'

const tags = ['API tokens']

export function registerApiTokenRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/api-tokens',
    { schema: { tags, summary: 'List API tokens', querystring: ApiTokenListQuery, response: { 200: listOf(ApiToken), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listApiTokens(ctx, request.query)),
  )
  http.post(
    '/api/v1/api-tokens',
    { schema: { tags, summary: 'Create an API token (the secret is returned once)', body: ApiTokenCreate, response: { 201: CreatedApiToken, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createApiToken(ctx, request.body))),
  )
  http.get(
    '/api/v1/api-tokens/:id',
    { schema: { tags, summary: 'Get an API token (never its secret)', params: IdParams, response: { 200: ApiToken, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getApiToken(ctx, request.params.id)),
  )
  http.delete(
    '/api/v1/api-tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => revokeApiToken(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
}
