/** HTTP for custom field definitions: parse, call the service, return. No rules here. */
import { z } from 'zod'
import type { App } from '../../app.ts'
import { withServiceContext } from '../../platform/http/request-context.ts'
import { errorResponses, IdParams, NoContent } from '../../platform/http/schemas.ts'
import type { HttpServer } from '../../platform/http/types.ts'
import { CustomFieldCreate, CustomFieldDefinition, CustomFieldListQuery, CustomFieldPatch } from './custom-fields.schema.ts'
import { createCustomField, deleteCustomField, getCustomField, listCustomFields, updateCustomField } from './custom-fields.service.ts'

const tags = ['Custom fields']

export function registerCustomFieldRoutes(http: HttpServer, app: App): void {
  http.get(
    '/api/v1/custom-fields',
    { schema: { tags, summary: 'List custom field definitions', querystring: CustomFieldListQuery, response: { 200: z.object({ data: z.array(CustomFieldDefinition) }), ...errorResponses } } },
    async (request) => ({ data: await withServiceContext(app.db, request, (ctx) => listCustomFields(ctx, request.query)) }),
  )
  http.post(
    '/api/v1/custom-fields',
    { schema: { tags, summary: 'Define a custom field (admin)', body: CustomFieldCreate, response: { 201: CustomFieldDefinition, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await withServiceContext(app.db, request, (ctx) => createCustomField(ctx, request.body))),
  )
  http.get(
    '/api/v1/custom-fields/:id',
    { schema: { tags, summary: 'Get a custom field definition', params: IdParams, response: { 200: CustomFieldDefinition, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => getCustomField(ctx, request.params.id)),
  )
  http.patch(
    '/api/v1/custom-fields/:id',
    { schema: { tags, summary: 'Change a custom field definition (admin); the type cannot change while records hold values', params: IdParams, body: CustomFieldPatch, response: { 200: CustomFieldDefinition, ...errorResponses } } },
    (request) => withServiceContext(app.db, request, (ctx) => updateCustomField(ctx, request.params.id, request.body)),
  )
  http.delete(
    '/api/v1/custom-fields/:id',
    { schema: { tags, summary: 'Delete a custom field and its values (admin)', params: IdParams, response: { 204: NoContent, ...errorResponses } } },
    async (request, reply) => {
      await withServiceContext(app.db, request, (ctx) => deleteCustomField(ctx, request.params.id))
      return reply.status(204).send(null)
    },
  )
}
