/** HTTP for the members of a tenant: parse, call the service, return. No rules here. */
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { User, UserCreate, UserListQuery, UserPatch } from './users.schema.ts'
import { createUser, deleteUser, getUser, listUsers, updateUser } from './users.service.ts'

const tags = ['Users']

export function registerUserRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/users',
    { schema: { tags, summary: 'List members of this tenant', querystring: UserListQuery, response: { 200: listOf(User), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listUsers(ctx, request.query)),
  )
  http.post(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Add a member (creates the account, or adds an existing one)',
        body: UserCreate,
        response: { 201: User, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createUser(ctx, request.body))),
  )
  http.get(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'Get a member', params: IdParams, response: { 200: User, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getUser(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'Change name, role, team or status', params: IdParams, body: UserPatch, response: { 200: User, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateUser(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'Remove a member from this tenant', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteUser(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
}
