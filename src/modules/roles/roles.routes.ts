/** HTTP for roles and the access-object catalogue: parse, call the service, return. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { requireActor, withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, listOf, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { AccessObjectInfo, Role, RoleCreate, RoleListQuery, RolePatch } from './roles.schema.ts'
import { createRole, deleteRole, getRole, listAccessObjectInfo, listRoles, updateRole } from './roles.service.ts'

const tags = ['Roles']

export function registerRoleRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/roles',
    { schema: { tags, summary: 'List roles', querystring: RoleListQuery, response: { 200: listOf(Role), ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => listRoles(ctx, request.query)),
  )
  http.post(
    '/api/v1/roles',
    { schema: { tags, summary: 'Create a custom role', body: RoleCreate, response: { 201: Role, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createRole(ctx, request.body))),
  )
  http.get(
    '/api/v1/roles/:id',
    { schema: { tags, summary: 'Get a role', params: IdParams, response: { 200: Role, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getRole(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/roles/:id',
    { schema: { tags, summary: 'Rename a role or change its permissions', params: IdParams, body: RolePatch, response: { 200: Role, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateRole(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/roles/:id',
    { schema: { tags, summary: 'Delete an unused custom role', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteRole(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
  http.get(
    '/api/v1/access-objects',
    { schema: { tags, summary: 'Objects and fields that roles grant rights on', response: { 200: z.array(AccessObjectInfo), ...errorResponses } } },
    async (request) => {
      requireActor(request)
      return listAccessObjectInfo()
    },
  )
}
